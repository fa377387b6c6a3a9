"""Precision, recall and the unrelated false rate of the repeated-claims matcher on a pair file, per backend,
at the shipped settings (and across thresholds with --sweep). The last line is the backend in use:
`said-before precision at setting: P recall: R`."""

from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.similarity.backends import EMBEDDINGS, LEXICAL, OFF, active_backend, embeddings_installed
from apps.similarity.evaluation import PAIRS, metrics_at, pair_scores, pairs_load, sweep

HEADER = "threshold precision recall     f1  unrelated"


class Command(BaseCommand):
    help = "Measure the repeated-claims matcher on a pair file (default tests/similarity/pairs.json)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pairs", default=str(PAIRS), help="A pair file (JSON: {pairs: [{a, b, same}]})."
        )
        parser.add_argument(
            "--split", default="", help="Only the pairs of this half (tune or held); default: each half."
        )
        parser.add_argument("--sweep", action="store_true", help="Also print every threshold from 0.30.")
        parser.add_argument(
            "--no-frames", action="store_true", help="The word-list guard alone, without the claim frames."
        )

    def handle(self, *args, **options):
        path = Path(options["pairs"])
        if not path.is_file():
            raise CommandError(f"No pair file at {path}.")
        pairs = pairs_load(path)
        halves = sorted({p.get("split", "") for p in pairs} - {""})
        model = settings.CLAIMTRACK_EMBEDDING_MODEL
        chosen = {
            EMBEDDINGS: settings.CLAIMTRACK_SIMILARITY_THRESHOLD,
            LEXICAL: settings.CLAIMTRACK_SIMILARITY_LEXICAL_THRESHOLD,
        }
        n_same = sum(p["same"] for p in pairs)
        self.stdout.write(
            f"{path.name}: {len(pairs)} pairs, {n_same} reworded, {len(pairs) - n_same} related but "
            f"different; unrelated pairs: every base claim against the other bases' rewordings"
        )
        parts = [("all", "")] + [(h, h) for h in halves]
        if options["split"]:
            parts = [(options["split"], options["split"])]
        check = "guard" if options["no_frames"] else "frames + guard"
        at_setting = {}
        for method in (LEXICAL, EMBEDDINGS):
            if method == EMBEDDINGS and not embeddings_installed(model):
                self.stdout.write(f"\n{method}: not installed, skipped")
                continue
            name = "word overlap" if method == LEXICAL else f"embeddings ({model})"
            self.stdout.write(f"\n{name} + {check}, at the setting {chosen[method]}")
            self.stdout.write(f"{'pairs':>6} {'n':>4} precision recall     f1  unrelated false rate")
            for label, split in parts:
                subset = [p for p in pairs if not split or p.get("split") == split]
                if not subset:
                    continue
                scores, labels, unrelated = pair_scores(
                    subset, method=method, model=model, use_guard=True, use_frames=not options["no_frames"]
                )
                m = metrics_at(scores, labels, unrelated, chosen[method])
                self.stdout.write(
                    f"{label:>6} {len(subset):>4} {m.precision:>9.3f} {m.recall:>6.3f} {m.f1:>6.3f} "
                    f"{100 * m.unrelated_false_rate:>9.2f} %"
                )
                if label == parts[0][0]:
                    at_setting[method] = m
                if options["sweep"]:
                    self.stdout.write(HEADER)
                    for row in sweep(scores, labels, unrelated, np.arange(0.30, 0.96, 0.05)):
                        self.stdout.write(row.row())
        in_use = active_backend().name
        if in_use == OFF:
            in_use = LEXICAL
        m = at_setting.get(in_use) or at_setting[LEXICAL]
        self.stdout.write(f"said-before precision at setting: {m.precision:.3f} recall: {m.recall:.3f}")

"""Precision, recall and F1 of the repeated-claims matcher on the pair set, across thresholds, per backend."""

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand

from apps.similarity.backends import EMBEDDINGS, LEXICAL, embeddings_installed
from apps.similarity.evaluation import metrics_at, pair_scores, pairs_load, sweep


class Command(BaseCommand):
    help = "Measure the repeated-claims matcher on tests/similarity/pairs.json."

    def add_arguments(self, parser):
        parser.add_argument("--no-guard", action="store_true", help="Scores alone, without the guard.")

    def handle(self, *args, **options):
        pairs = pairs_load()
        model = settings.CLAIMTRACK_EMBEDDING_MODEL
        chosen = {
            EMBEDDINGS: settings.CLAIMTRACK_SIMILARITY_THRESHOLD,
            LEXICAL: settings.CLAIMTRACK_SIMILARITY_LEXICAL_THRESHOLD,
        }
        n_same = sum(p["same"] for p in pairs)
        self.stdout.write(
            f"{len(pairs)} pairs: {n_same} reworded, {len(pairs) - n_same} related but different"
        )
        for method in (EMBEDDINGS, LEXICAL):
            if method == EMBEDDINGS and not embeddings_installed(model):
                self.stdout.write(f"\n{method}: not installed, skipped")
                continue
            for use_guard in [False] if options["no_guard"] else [False, True]:
                scores, labels, unrelated = pair_scores(
                    pairs, method=method, model=model, use_guard=use_guard
                )
                self.stdout.write(f"\n{method}{' + guard' if use_guard else ''}")
                self.stdout.write("threshold precision recall     f1  unrelated")
                for m in sweep(scores, labels, unrelated, np.arange(0.30, 0.96, 0.05)):
                    self.stdout.write(m.row())
                best = max(sweep(scores, labels, unrelated, np.unique(scores)), key=lambda m: m.f1)
                self.stdout.write(f"best F1 at {best.threshold:.3f}: {best.row().strip()}")
                at = metrics_at(scores, labels, unrelated, chosen[method])
                self.stdout.write(f"at the setting ({chosen[method]}): {at.row().strip()}")

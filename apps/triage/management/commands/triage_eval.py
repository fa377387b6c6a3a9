"""Measure the worth-checking score.

manage.py triage_eval              the desk's decisions, time split: a model trained on the older ones,
                                   the model in use, the prior and newest first, on the newest ones
manage.py triage_eval --corpus [DIR ...]
                                   the prior on annotated claims (gold JSON files; default: the seed and,
                                   when beside the clone, ../shared/eval/claimtrack-dev and -dev2): the top
                                   quarter's share of no-evidence claims and of claims with figures against
                                   the bottom quarter's
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.claims.selectors import claims_decided
from apps.triage.corpus import corpus_facts, corpus_quarters
from apps.triage.services import decisions_split, scorer_in_use, triage_measure

FIGURES = ("p_at_10", "p_at_20", "p_at_50", "auc")


def _default_corpora() -> list[Path]:
    here = Path(settings.BASE_DIR)
    dirs = [here / "seeds"]
    for name in ("claimtrack-dev", "claimtrack-dev2"):
        path = here.parent / "shared" / "eval" / name
        if path.is_dir():
            dirs.append(path)
    return dirs


class Command(BaseCommand):
    help = "Measure the triage score on the desk's decisions (time split) or, with --corpus, the prior."

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus", nargs="*", metavar="DIR", help="gold JSON folders (see the module doc)"
        )

    def handle(self, *args, corpus=None, **options):
        if corpus is not None:
            return self._corpus([Path(p) for p in corpus] or _default_corpora())
        decisions = claims_decided()
        if len(decisions) < 40:
            raise CommandError(f"{len(decisions)} editor decisions: at least 40 are needed for a time split.")
        split = decisions_split(decisions)
        current = scorer_in_use()
        model, metrics = triage_measure(split, current)
        self.stdout.write(
            f"decisions: {len(decisions)} (trained on the older {len(split.train)}, measured on the newest "
            f"{len(split.test)}, from {split.test[0].reviewed_at:%Y-%m-%d %H:%M})"
        )
        self.stdout.write(f"{'scorer':<24}" + "".join(f"{f:>9}" for f in FIGURES))
        rows = [("newest first", metrics["newest_first"]), (f"prior ({'prior-1'})", metrics["prior"])]
        if current.model is not None:
            rows.append((f"in use ({current.label})", metrics["current"]))
        if model is not None:
            rows.append(("trained now", metrics["model"]))
        for label, figures in rows:
            cells = "".join(f"{'-' if figures[f] is None else format(figures[f], '.3f'):>9}" for f in FIGURES)
            self.stdout.write(f"{label:<24}{cells}")
        if model is None:
            self.stdout.write(f"no model trained: {metrics.get('error')}")
            return
        newest = metrics["newest_first"]["p_at_20"] or 0.0
        ratio = metrics["model"]["p_at_20"] / newest if newest else float("inf")
        self.stdout.write(f"triage precision at 20 vs newest first: {ratio:.2f}x")

    def _corpus(self, dirs: list[Path]) -> None:
        files = sorted(f for d in dirs for f in d.glob("*.json") if _is_gold(f))
        if not files:
            raise CommandError("no gold JSON files in " + ", ".join(map(str, dirs)))
        facts = corpus_facts(files)
        q = corpus_quarters(facts)
        self.stdout.write(f"corpus: {len(files)} files, {len(facts)} claims, quarters of {q['size']}")
        ratios = {}
        for name in ("not_provided", "figure"):
            top, bottom = q["top"][name], q["bottom"][name]
            ratios[name] = f"{top / bottom:.2f}x" if bottom else "∞ (none in the bottom quarter)"
            ok = "ok" if (top and not bottom) or (bottom and top / bottom >= 2) else "BELOW 2x"
            self.stdout.write(
                f"{name:<14} top quarter {top:.3f}  bottom quarter {bottom:.3f}  ratio {ratios[name]}  {ok}"
            )
        self.stdout.write(
            f"triage prior top/bottom quarter: not_provided {ratios['not_provided']}, figures {ratios['figure']}"
        )


def _is_gold(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("claims"), list)

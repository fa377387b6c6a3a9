"""python manage.py export_gold [--out DIR] [--since DATE] [--source NAME] [--partial]"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.accuracy.services import gold_export
from apps.sources.models import Source


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--since wants a date like 2025-01-31, not {value!r}.") from exc


class Command(BaseCommand):
    help = (
        "Write the articles editors have reviewed as gold files in the evaluation schema (NAME.txt and "
        "NAME.json), the editors' current version of each claim, so `evaluate_extraction DIR` measures an "
        "extractor on the newsroom's own corrected data. By default only articles whose machine claims "
        "have all been reviewed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", default="gold", help="folder to write to (default: ./gold)")
        parser.add_argument(
            "--since", help="only articles with a claim reviewed on or after DATE (YYYY-MM-DD)"
        )
        parser.add_argument("--source", default="", help="only articles from this source (its name)")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="also articles still partly unreviewed (their unreviewed machine claims are left out)",
        )

    def handle(self, *args, **options):
        since = _date(options["since"]) if options["since"] else None
        source = options["source"].strip()
        if source and not Source.objects.filter(name__iexact=source).exists():
            raise CommandError(f"No source called {source!r}.")
        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} is not a folder.")
        result = gold_export(out=out, since=since, source_name=source, partial=options["partial"])
        self.stdout.write(
            f"Wrote {result.articles} article{'s' if result.articles != 1 else ''} "
            f"({result.claims} claim{'s' if result.claims != 1 else ''}) to {result.out}/"
        )

"""python manage.py evaluate_extraction GOLD... [--json] [--min-overlap 0.5]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from apps.extraction.apps import config_from_settings
from apps.extraction.evaluation import evaluate, format_table


class Command(BaseCommand):
    help = (
        "Run the extractor over the texts of gold files (or folders of them; the text NAME.txt named by "
        'each file\'s "article" key lies beside it) and print precision/recall/F1 for claim spans, '
        "speakers, cues and evidence labels, overall and per kind."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="+", help="gold .json files or folders")
        parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
        parser.add_argument(
            "--min-overlap",
            type=float,
            default=0.5,
            help="minimum overlap as a fraction of the longer span (default 0.5)",
        )
        parser.add_argument("--errors", action="store_true", help="also list missed/spurious/wrong claims")

    def handle(self, *args, **options):
        if not 0 < options["min_overlap"] <= 1:
            raise CommandError("--min-overlap must be in (0, 1].")
        try:
            metrics, errors = evaluate(
                options["gold"], min_overlap=options["min_overlap"], config=config_from_settings()
            )
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            payload = metrics | ({"errors": errors} if options["errors"] else {})
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(format_table(metrics))
        if options["errors"]:
            for error in errors:
                self.stdout.write(json.dumps(error, ensure_ascii=False))

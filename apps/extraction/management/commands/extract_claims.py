"""python manage.py extract_claims PATH... [--json] [--out DIR]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.extraction.apps import config_from_settings
from apps.extraction.command_io import collect_texts, format_result_table, result_document, write_documents
from apps.extraction.pipeline import extract_many


class Command(BaseCommand):
    help = (
        "Extract claims from .txt files (or every .txt in a folder). --json prints the eval schema: one "
        "object for a single file, a list for several. --out DIR writes DIR/NAME.json per text instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help=".txt files or folders")
        parser.add_argument("--json", action="store_true", help="print JSON in the eval schema")
        parser.add_argument("--out", type=Path, help="write one NAME.json per text into this folder")

    def handle(self, *args, **options):
        try:
            files = collect_texts(options["paths"])
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        if not files:
            raise CommandError("No .txt files found.")
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
        results = extract_many(texts, config=config_from_settings())
        documents = [result_document(f.name, r) for f, r in zip(files, results, strict=True)]
        if options["out"]:
            for target in write_documents(options["out"], documents):
                self.stdout.write(str(target))
        elif options["json"]:
            payload = documents[0] if len(documents) == 1 else documents
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for f, r in zip(files, results, strict=True):
                self.stdout.write(format_result_table(f.name, r))

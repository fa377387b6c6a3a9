"""Submit articles from the command line: URLs, paths of .txt/.html files, or "-" for text on stdin."""

import sys
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from apps.articles.services import (
    SubmissionError,
    article_submit_file,
    article_submit_text,
    article_submit_url,
)
from apps.sources.models import Source


class Command(BaseCommand):
    help = (
        'Queue articles for ingestion: each argument is a URL, a .txt/.html file, or "-" (text from stdin).'
    )

    def add_arguments(self, parser):
        parser.add_argument("items", nargs="+", metavar="URL_OR_FILE")
        parser.add_argument("--source", help="Name of the source these articles belong to.")
        parser.add_argument("--title", default="", help='Title for text read from stdin ("-").')

    def handle(self, *args, items: list[str], source: str | None = None, title: str = "", **options):
        source_obj = None
        if source:
            source_obj = Source.objects.filter(name=source).first()
            if source_obj is None:
                raise CommandError(f"No source named {source!r}.")
        failures = 0
        for item in items:
            try:
                if item == "-":
                    submission = article_submit_text(text=sys.stdin.read(), title=title, source=source_obj)
                elif item.startswith(("http://", "https://")):
                    submission = article_submit_url(url=item, source=source_obj)
                else:
                    path = Path(item)
                    if not path.is_file():
                        raise SubmissionError(f"{item} is neither a URL nor a file.")
                    upload = SimpleUploadedFile(path.name, path.read_bytes())
                    submission = article_submit_file(upload=upload)
            except SubmissionError as exc:
                failures += 1
                self.stderr.write(f"{item}: {exc}")
                continue
            state = "queued" if submission.created else "already stored"
            self.stdout.write(f"{item}: article {submission.article.pk} {state}")
        if failures:
            raise CommandError(f"{failures} item(s) could not be submitted.")

"""Re-run stored articles through the current extractor, in Celery, keeping every editor's work.

manage.py reextract [--source NAME] [--since YYYY-MM-DD] [--all] [--dry-run]
manage.py reextract --status [--run ID]
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from apps.articles.models import Article, ReextractionItem, ReextractionRun
from apps.articles.services import (
    REEXTRACT_BATCH_SIZE,
    articles_for_reextraction,
    reextraction_resume,
    reextraction_start,
)
from apps.extraction import EXTRACTOR_VERSION
from apps.sources.models import Source

RUNS_SHOWN = 5
PROBLEMS_SHOWN = 20


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since wants a day as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        f"Re-extract stored articles (done or skipped) with the current extractor ({EXTRACTOR_VERSION}) in "
        "Celery: by default those last extracted by another version. Claims editors touched are kept; a "
        "claim found again keeps its id. --status shows the progress of recent runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", help="Only this source's articles (its name, any case).")
        parser.add_argument(
            "--since", type=_day, help="Only articles stored on or after this day (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="every",
            help=f"Also articles already extracted by {EXTRACTOR_VERSION}.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be queued; queue nothing.")
        parser.add_argument("--status", action="store_true", help="Show the progress of recent runs.")
        parser.add_argument("--run", type=int, help="With --status: this run only, with its problems.")
        parser.add_argument(
            "--resume",
            type=int,
            metavar="ID",
            help="Send run ID's waiting articles to the workers again (their tasks were lost).",
        )

    def handle(self, *args, source=None, since=None, every=False, dry_run=False, status=False, run=None, **o):
        if status:
            self._status(run)
            return
        if o.get("resume") is not None:
            resumed = ReextractionRun.objects.filter(pk=o["resume"]).first()
            if resumed is None:
                raise CommandError(f"No re-extraction run {o['resume']}.")
            self.stdout.write(
                f"Run {resumed.pk}: {reextraction_resume(run=resumed)} waiting article(s) sent again."
            )
            return
        articles = Article.objects.all()
        scope = ["every stored article" if every else f"articles not yet extracted by {EXTRACTOR_VERSION}"]
        if source:
            source_obj = Source.objects.filter(name__iexact=source.strip()).first()
            if source_obj is None:
                raise CommandError(f"No source named {source!r}.")
            articles = articles.filter(source=source_obj)
            scope.append(f"of {source_obj.name}")
        if since:
            scope.append(f"stored since {since:%Y-%m-%d}")
        articles = articles_for_reextraction(articles=articles, since=since, every=every)
        by_version = {
            row["extractor_version"]: row["n"]
            for row in articles.order_by().values("extractor_version").annotate(n=Count("pk"))
        }
        total = sum(by_version.values())
        if not total:
            self.stdout.write(f"Nothing to re-extract: no stored {' '.join(scope)}.")
            return
        versions = ", ".join(
            f"{n} last extracted by {version or 'no known version'}"
            for version, n in sorted(by_version.items())
        )
        if dry_run:
            self.stdout.write(
                f"Dry run: would re-extract {total} article(s) with {EXTRACTOR_VERSION} ({versions}). "
                "Nothing was queued."
            )
            return
        started = reextraction_start(articles=articles, scope=f"{' '.join(scope)} (manage.py reextract)")
        if started is None:
            self.stdout.write("Nothing to re-extract: another run took these articles meanwhile.")
            return
        queued = started.items.count()
        self.stdout.write(
            f"Re-extraction run {started.pk}: {queued} article(s) queued for {EXTRACTOR_VERSION} ({versions}), "
            f"in batches of {REEXTRACT_BATCH_SIZE}. Follow it with: manage.py reextract --status"
        )

    def _status(self, run_id: int | None) -> None:
        runs = ReextractionRun.objects.with_progress().select_related("requested_by")
        if run_id is not None:
            runs = runs.filter(pk=run_id)
            if not runs:
                raise CommandError(f"No re-extraction run {run_id}.")
        runs = list(runs[:RUNS_SHOWN])
        if not runs:
            self.stdout.write("No re-extraction has been run.")
            return
        for item in runs:
            started = timezone.localtime(item.created_at)
            who = f" by {item.requested_by}" if item.requested_by else ""
            state = (
                f"finished {timezone.localtime(item.finished_at):%Y-%m-%d %H:%M}"
                if item.finished_at
                else f"running, {item.waiting} waiting"
            )
            self.stdout.write(
                f"Run {item.pk} · {item.extractor_version} · {state} · {item.queued} queued: {item.done} done, "
                f"{item.skipped} skipped, {item.failed} failed · started {started:%Y-%m-%d %H:%M}{who} · "
                f"{item.scope}"
            )
        if run_id is not None:
            problems = (
                ReextractionItem.objects.filter(run_id=run_id)
                .exclude(status__in=[ReextractionItem.Status.DONE, ReextractionItem.Status.PENDING])
                .order_by("article_id")
            )
            for problem in problems[:PROBLEMS_SHOWN]:
                self.stdout.write(f"  article {problem.article_id}: {problem.status}: {problem.detail}")

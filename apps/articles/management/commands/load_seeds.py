"""Load seeds/: sources, the seed article (extracted inline), and, where allowed, the demo logins.
Idempotent: running it twice changes nothing."""

import json
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from apps.articles.models import Article
from apps.articles.services import article_process, article_submit_text
from apps.sources.models import Source

SEEDS = Path(settings.BASE_DIR) / "seeds"
DEMO_LOGINS = [
    # username, password, superuser/staff, editor
    ("admin", "admin", True, True),
    ("editor", "editor", False, True),
    ("reader", "reader", False, False),
]


class Command(BaseCommand):
    help = "Load the seed sources and article (and the demo logins when CLAIMTRACK_DEMO_LOGINS is on)."

    def add_arguments(self, parser):
        parser.add_argument("--no-extract", action="store_true", help="Leave extraction to the worker.")

    def handle(self, *args, no_extract: bool = False, **options):
        sources = {}
        for row in json.loads((SEEDS / "sources.json").read_text()):
            source, created = Source.objects.get_or_create(
                name=row["name"],
                defaults={
                    "homepage": row.get("homepage", ""),
                    "feed_url": row.get("feed_url", ""),
                    "active": row.get("active", True),
                    "poll_interval": timedelta(minutes=row.get("poll_interval_minutes", 15)),
                },
            )
            sources[source.name] = source
            self.stdout.write(f"Source {source.name}: {'created' if created else 'already there'}")
        for row in json.loads((SEEDS / "articles.json").read_text()):
            text = (SEEDS / row["file"]).read_text(encoding="utf-8")
            submission = article_submit_text(
                text=text,
                title=row.get("title", ""),
                source=sources.get(row.get("source")),
                origin=Article.Origin.PASTE,
            )
            article = submission.article
            if row.get("published") and not article.published_at:
                article.published_at = datetime.fromisoformat(row["published"])
                article.save(update_fields=["published_at", "updated_at"])
            if not no_extract and not article.is_finished:
                article_process(article=article)
                article.refresh_from_db()
            self.stdout.write(
                f"Article {article.pk} “{article.title}”: {article.get_status_display()}, "
                f"{article.claims.count()} claims"
            )
        if settings.CLAIMTRACK_DEMO_LOGINS:
            self._demo_logins()
        else:
            self.stdout.write("Demo logins not created (CLAIMTRACK_DEMO_LOGINS is off).")

    def _demo_logins(self) -> None:
        User = get_user_model()
        editors, _ = Group.objects.get_or_create(name=settings.EDITORS_GROUP)
        for username, password, is_admin, is_editor in DEMO_LOGINS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.is_staff = user.is_superuser = is_admin
                user.save()
            if is_editor:
                user.groups.add(editors)
            self.stdout.write(
                f"Demo login {username}/{password}: {'created' if created else 'already there'}"
            )

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.publishing.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (once: only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="API client", help="What the token is for.")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}.")
        token, raw = api_token_create(user=user, name=name)
        self.stderr.write(
            f"Token {token.prefix}… for {username} ({name}). Send it as: Authorization: Bearer <token>"
        )
        self.stdout.write(raw)

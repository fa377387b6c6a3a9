"""Index and link the claims the matcher has not seen (claims stored before it was installed, or while it
was off), or all of them again with --all (after changing the model or the threshold)."""

from django.core.management.base import BaseCommand

from apps.claims.models import Claim
from apps.similarity.backends import OFF, active_backend
from apps.similarity.services import claims_link


class Command(BaseCommand):
    help = "Index and link claims for the repeated-claims matcher."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Every claim, not only unindexed ones.")
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, **options):
        backend = active_backend()
        if backend.name == OFF:
            self.stdout.write("Repeated-claims matching is off (CLAIMTRACK_SIMILARITY_BACKEND=off).")
            return
        claims = Claim.objects.order_by("pk")
        if not options["all"]:
            claims = claims.filter(similarity_entry__isnull=True)
        ids = list(claims.values_list("pk", flat=True))
        links = 0
        for i in range(0, len(ids), options["batch"]):
            links += claims_link(claim_ids=ids[i : i + options["batch"]], backend=backend)
        self.stdout.write(f"{backend.label}: {len(ids)} claims indexed, {links} repeated pairs found.")

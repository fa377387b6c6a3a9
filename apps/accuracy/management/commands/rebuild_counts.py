"""Recount every count table from the claims table: after a bulk load that bypassed the services (a
restore, bench/review.py), after the upgrade that adds the tables, or as a repair (docs/accuracy.md)."""

import time

from django.core.management.base import BaseCommand

from apps.accuracy.counts import counts_rebuild_all


class Command(BaseCommand):
    help = "Recount the dashboard's, speaker pages' and accuracy page's count tables from the claims table."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        figures = counts_rebuild_all()
        summary = ", ".join(f"{n:,} {name}" for name, n in figures.items())
        self.stdout.write(f"Recounted {summary} in {time.perf_counter() - started:.1f}s.")

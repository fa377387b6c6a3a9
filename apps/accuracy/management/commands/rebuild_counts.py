"""Recount every count table from the claims table: after a bulk load that bypassed the services (a
restore, bench/review.py), or as a repair. One transaction; on PostgreSQL the tables of what each claim
counted for are locked first, so a review made meanwhile waits and is then counted once."""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from apps.accuracy.counts import accuracy_counts_rebuild
from apps.accuracy.models import AccuracyFact
from apps.claims.counts import counts_rebuild
from apps.claims.models import ClaimTally


class Command(BaseCommand):
    help = "Recount the dashboard's, speaker pages' and accuracy page's count tables from the claims table."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    for model in (ClaimTally, AccuracyFact):
                        cursor.execute(f"LOCK TABLE {model._meta.db_table} IN EXCLUSIVE MODE")
            figures = {**counts_rebuild(), **accuracy_counts_rebuild()}
        summary = ", ".join(f"{n:,} {name}" for name, n in figures.items())
        self.stdout.write(f"Recounted {summary} in {time.perf_counter() - started:.1f}s.")

"""Count Claim.said_before from the links stored before the count existed (claims 0010 adds it)."""

from django.db import migrations
from django.db.models import Count, F


def backfill(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    ClaimLink = apps.get_model("similarity", "ClaimLink")
    counts = (
        ClaimLink.objects.exclude(status="rejected")
        .filter(claim__speaker__isnull=False, earlier_claim__speaker=F("claim__speaker"))
        .values("claim_id")
        .annotate(n=Count("pk"))
        .values_list("claim_id", "n")
    )
    by_count: dict[int, list[int]] = {}
    for claim_id, n in counts:
        by_count.setdefault(n, []).append(claim_id)
    for n, ids in by_count.items():
        for i in range(0, len(ids), 1000):
            Claim.objects.filter(pk__in=ids[i : i + 1000]).update(said_before=n)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_claim_said_before"),
        ("similarity", "0002_claim_frames_and_near_misses"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]

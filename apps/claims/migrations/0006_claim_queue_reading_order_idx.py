from django.db import migrations, models

from apps.claims.dbops import AddIndexOnline


class Migration(migrations.Migration):
    """The queue in reading order (articles newest first, each article's claims in text order): keyset pages
    and previous/next walk these indexes, all claims and per review status."""

    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("claims", "0005_review_rating_rationale_preference"),
    ]

    operations = [
        AddIndexOnline(
            model_name="claim",
            index=models.Index(fields=["-article", "start", "id"], name="claim_queue_reading_idx"),
        ),
        AddIndexOnline(
            model_name="claim",
            index=models.Index(
                fields=["review_status", "-article", "start", "id"], name="claim_queue_status_reading_idx"
            ),
        ),
    ]

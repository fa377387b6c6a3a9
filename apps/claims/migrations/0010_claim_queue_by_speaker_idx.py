from django.db import migrations, models

from apps.claims.dbops import AddIndexOnline


class Migration(migrations.Migration):
    """The queue filtered by speaker, status and evidence (bench/review.py at 1,000,000 claims: the filter
    walked a bitmap of every new claim without evidence, ~140,000 entries, to AND it with the speaker's)."""

    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("claims", "0009_claim_worth_indexes"),
    ]

    operations = [
        AddIndexOnline(
            model_name="claim",
            index=models.Index(
                fields=["speaker", "review_status", "evidence"], name="claim_queue_by_speaker_idx"
            ),
        ),
    ]

from django.db import migrations, models

from apps.claims.dbops import AddIndexOnline


class Migration(migrations.Migration):
    """The queue sorted "Worth checking first" (keyset on score, id; all and per status), and the few claims
    not scored yet (beat's catch-up reads them)."""

    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("claims", "0008_claim_worth_score"),
    ]

    operations = [
        AddIndexOnline(
            model_name="claim",
            index=models.Index(fields=["-worth_score", "-id"], name="claim_queue_worth_idx"),
        ),
        AddIndexOnline(
            model_name="claim",
            index=models.Index(
                fields=["review_status", "-worth_score", "-id"], name="claim_queue_status_worth_idx"
            ),
        ),
        AddIndexOnline(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("worth_model", "")), fields=["-id"], name="claim_unscored_idx"
            ),
        ),
    ]

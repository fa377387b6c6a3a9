from django.db import migrations, models

from apps.claims.dbops import AddIndexOnline


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("claims", "0003_claim_search_vector"),
    ]

    operations = [
        AddIndexOnline(
            model_name="claim",
            index=models.Index(fields=["review_status", "evidence", "kind"], name="claim_status_evidence_kind_idx"),
        ),
    ]

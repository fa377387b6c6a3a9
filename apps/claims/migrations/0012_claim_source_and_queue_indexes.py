import django.db.models.deletion
from django.db import migrations, models

from apps.claims.dbops import AddIndexOnline, PostgresOnlyRunSQL

# Claim.source is its article's source, copied for the queue's source filter and its tab counts (at
# 1,000,000 claims, filtering through the article probed one article row per candidate claim: 180 ms for a
# source's tab counts). Triggers keep the copy on every insert, on a claim moved to another article, and when
# an article's source changes; a bulk insert included. The embedded SQLite default leaves it empty and
# filters through the article (apps/claims/selectors.py).
FORWARD = """
CREATE FUNCTION claim_source_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.source_id := (SELECT source_id FROM articles_article WHERE id = NEW.article_id);
  RETURN NEW;
END $$;
CREATE TRIGGER claim_source_copy BEFORE INSERT OR UPDATE OF article_id, source_id ON claims_claim
  FOR EACH ROW EXECUTE FUNCTION claim_source_copy();
CREATE FUNCTION article_source_to_claims() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claims_claim SET source_id = NEW.source_id
   WHERE article_id = NEW.id AND source_id IS DISTINCT FROM NEW.source_id;
  RETURN NULL;
END $$;
CREATE TRIGGER article_source_to_claims AFTER UPDATE OF source_id ON articles_article
  FOR EACH ROW WHEN (OLD.source_id IS DISTINCT FROM NEW.source_id)
  EXECUTE FUNCTION article_source_to_claims();
UPDATE claims_claim AS c SET source_id = a.source_id
  FROM articles_article AS a WHERE a.id = c.article_id AND a.source_id IS NOT NULL;
"""
BACKWARD = """
DROP TRIGGER IF EXISTS article_source_to_claims ON articles_article;
DROP FUNCTION IF EXISTS article_source_to_claims();
DROP TRIGGER IF EXISTS claim_source_copy ON claims_claim;
DROP FUNCTION IF EXISTS claim_source_copy();
"""


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("articles", "0003_reextraction_run"),
        ("sources", "0001_initial"),
        ("claims", "0011_count_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="sources.source",
            ),
        ),
        PostgresOnlyRunSQL(sql=FORWARD, reverse_sql=BACKWARD),
        # the queue filtered by speaker (+ status, + evidence, + source): at 1,000,000 claims the speaker's
        # filter ANDed its bitmap with ~140,000 entries of claim_status_evidence_kind_idx (40 of 83 ms)
        AddIndexOnline(
            model_name="claim",
            index=models.Index(
                fields=["speaker", "review_status", "evidence", "source"], name="claim_queue_by_speaker_idx"
            ),
        ),
        AddIndexOnline(
            model_name="claim",
            index=models.Index(
                fields=["source", "review_status", "evidence"], name="claim_queue_by_source_idx"
            ),
        ),
    ]

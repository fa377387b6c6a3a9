"""A GIN index for the queue's full-text search. PostgreSQL only: on SQLite the search falls back to icontains
and this migration does nothing. The expression matches what SearchVector("content", config="english")
compiles to, so the planner uses it."""

from django.db import migrations

from apps.claims.dbops import PostgresOnlyRunSQL

INDEX = "claim_content_search_idx"
EXPRESSION = "to_tsvector('english'::regconfig, COALESCE((content)::text, ''::text))"


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [
        PostgresOnlyRunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {INDEX} ON claims_claim USING gin ({EXPRESSION})",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]

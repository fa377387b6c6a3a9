"""Accuracy: recording the extractor's original claims, and exporting reviewed articles as gold files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify

from apps.articles.models import Article
from apps.claims.models import Claim

from .models import ClaimOutcome

# what claims_persist_extraction writes when a run finds an unreviewed claim again and updates it in place
FOUND_AGAIN_REASON = "Found again by extractor %"


def claim_outcomes_record(*, claim_ids: list[int] | None = None) -> int:
    """Copy what the extractor last said about each machine claim (speaker, span, evidence flag) into its
    ClaimOutcome. One statement, idempotent, safe to run concurrently; returns the rows added or updated.

    What the extractor last said is the claim's latest machine record: its creation record, or a later
    "Found again by extractor …" record, written when a re-extraction (a new version) found the claim
    again before any editor had decided on it and updated it in place. So a re-extracted claim is measured
    against what the new version said, and counts for it (its `extractor_version` is the new one). Only
    claims without an outcome, or changed since theirs was recorded, are looked at.

    Claims without a creation record (made outside the ORM) get no outcome; the figures leave them out of
    the speaker, span and evidence measures (see docs/accuracy.md).

    Portable SQL (PostgreSQL and the embedded SQLite): the record is picked with ROW_NUMBER() rather than
    PostgreSQL's DISTINCT ON: the latest "found again" record, else the first creation record (a claim
    with two, an id reused after a restore say, takes the earlier)."""
    outcome = ClaimOutcome._meta.db_table
    claim = Claim._meta.db_table
    history = Claim.history.model._meta.db_table
    sql = """
        INSERT INTO {outcome} (claim_id, speaker_id, start, "end", evidence, recorded_at)
        SELECT said.id, said.speaker_id, said.start, said."end", said.evidence, %s
        FROM (
            SELECT h.id, h.speaker_id, h.start, h."end", h.evidence,
                   ROW_NUMBER() OVER (
                       PARTITION BY h.id
                       ORDER BY CASE WHEN h.history_type = '~' THEN h.history_id ELSE -h.history_id END DESC
                   ) AS n
            FROM {claim} c
            LEFT JOIN {outcome} o ON o.claim_id = c.id
            JOIN {history} h ON h.id = c.id AND (
                h.history_type = '+'
                OR (h.history_type = '~' AND h.history_user_id IS NULL AND h.history_change_reason LIKE %s)
            )
            WHERE c.origin = %s AND (o.claim_id IS NULL OR c.updated_at > o.recorded_at) {only}
        ) said
        WHERE said.n = 1
        ON CONFLICT (claim_id) DO UPDATE SET
            speaker_id = EXCLUDED.speaker_id, start = EXCLUDED.start, "end" = EXCLUDED."end",
            evidence = EXCLUDED.evidence, recorded_at = EXCLUDED.recorded_at
    """
    params = [timezone.now(), FOUND_AGAIN_REASON, Claim.Origin.MACHINE]
    only = ""
    if claim_ids is not None:
        if not claim_ids:
            return 0
        only = "AND c.id IN (" + ", ".join(["%s"] * len(claim_ids)) + ")"
        params += list(claim_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(outcome=outcome, claim=claim, history=history, only=only), params)
        return max(cursor.rowcount, 0)


# --- Gold export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldExport:
    out: Path
    articles: int
    claims: int
    names: list[str]


def gold_articles(
    *, since: date | None = None, source_name: str = "", partial: bool = False
) -> list[Article]:
    """Articles an editor has reviewed, with the claims that go into their gold file prefetched as
    `gold_claims` (in text order).

    An article qualifies when it has a reviewed claim (a judged machine claim or one added by an editor)
    and, unless `partial`, no machine claim still waiting for review. `since`: a claim in it was reviewed
    on or after that day. The gold claims are the editors' current version: dismissed claims left out,
    edited ones as edited, editor-added ones in, and (with `partial`) unreviewed machine claims left out."""
    reviewed = Claim.objects.filter(article=OuterRef("pk")).filter(
        ~Q(review_status=Claim.ReviewStatus.NEW) | Q(origin=Claim.Origin.EDITOR)
    )
    if since:
        start = datetime.combine(since, time.min, tzinfo=timezone.get_current_timezone())
        reviewed = reviewed.filter(reviewed_at__gte=start)
    qs = Article.objects.filter(Exists(reviewed))
    if not partial:
        qs = qs.exclude(
            Exists(
                Claim.objects.filter(
                    article=OuterRef("pk"),
                    origin=Claim.Origin.MACHINE,
                    review_status=Claim.ReviewStatus.NEW,
                )
            )
        )
    if source_name:
        qs = qs.filter(source__name__iexact=source_name)
    gold_claims = (
        Claim.objects.exclude(review_status=Claim.ReviewStatus.DISMISSED)
        .filter(~Q(review_status=Claim.ReviewStatus.NEW) | Q(origin=Claim.Origin.EDITOR))
        .select_related("speaker")
        .order_by("start", "end")
    )
    return list(
        qs.select_related("source")
        .prefetch_related(Prefetch("claims", queryset=gold_claims, to_attr="gold_claims"))
        .order_by("pk")
    )


def gold_name(article: Article) -> str:
    """The file stem: the id first (unique, stable across exports), then the title for people."""
    slug = slugify(article.title)[:50].strip("-")
    return f"{article.pk:06d}-{slug}" if slug else f"{article.pk:06d}"


def gold_document(article: Article, claims: list[Claim], name: str) -> dict:
    """One article in the evaluation schema (/work/shared/eval/README.md), with where it came from."""
    text = article.text
    rows = []
    for claim in claims:
        row: dict = {
            "speaker": claim.speaker.name if claim.speaker else "",
            "content": text[claim.start : claim.end],
            "content_span": [claim.start, claim.end],
            "kind": claim.kind,
            "cue": claim.cue or None,
            "cue_span": [claim.cue_start, claim.cue_end] if claim.cue_start is not None else None,
            "evidence": claim.evidence,
        }
        if claim.evidence != Claim.Evidence.NOT_STATED:
            if claim.evidence_cue:
                row["evidence_cue"] = claim.evidence_cue
            if claim.evidence_start is not None:
                row["evidence_span"] = [claim.evidence_start, claim.evidence_end]
        rows.append(row)
    return {
        "article": f"{name}.txt",
        "claimtrack": {
            "article_id": article.pk,
            "title": article.title,
            "url": article.url,
            "source": article.source.name if article.source else "",
            "extractor_version": article.extractor_version,
        },
        "claims": rows,
    }


def gold_export(
    *, out: Path, since: date | None = None, source_name: str = "", partial: bool = False
) -> GoldExport:
    """Write NAME.txt (the article text, exactly) and NAME.json (its gold claims) for every reviewed
    article into `out`, which `python manage.py evaluate_extraction out` then scores a new extractor on.
    Files of the same name are overwritten; other files in `out` are left alone."""
    out.mkdir(parents=True, exist_ok=True)
    names, n_claims = [], 0
    for article in gold_articles(since=since, source_name=source_name, partial=partial):
        name = gold_name(article)
        claims = [c for c in article.gold_claims if 0 <= c.start < c.end <= len(article.text)]
        # newline="": the text goes out byte for byte; spans are offsets into exactly this string
        (out / f"{name}.txt").write_text(article.text, encoding="utf-8", newline="")
        document = gold_document(article, claims, name)
        (out / f"{name}.json").write_text(
            json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        names.append(name)
        n_claims += len(claims)
    return GoldExport(out=out, articles=len(names), claims=n_claims, names=names)

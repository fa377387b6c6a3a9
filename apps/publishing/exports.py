"""The queue as CSV: one row a claim, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone

from apps.claims.models import Claim

HEADER = [
    "id",
    "claim",
    "kind",
    "evidence",
    "evidence_cue",
    "review_status",
    "reviewed_by",
    "reviewed_at",
    "speaker_id",
    "speaker",
    "speaker_kind",
    "cue",
    "article_id",
    "article_title",
    "article_url",
    "article_published_at",
    "source",
    "added_at",
    "claim_page",
]
# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP: CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _when(value) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def claim_row(claim: Claim, claim_page: str) -> list:
    article, speaker, source = claim.article, claim.speaker, claim.article.source
    row = [
        claim.pk,
        claim.content,
        claim.kind,
        claim.evidence,
        claim.evidence_cue,
        claim.review_status,
        claim.reviewed_by.get_username() if claim.reviewed_by else "",
        _when(claim.reviewed_at),
        claim.speaker_id,
        speaker.name if speaker else claim.speaker_mention,
        speaker.kind if speaker else "",
        claim.cue,
        article.pk,
        article.title,
        article.canonical_url or article.url,
        _when(article.published_at),
        source.name if source else "",
        _when(claim.created_at),
        claim_page,
    ]
    return [safe_cell(v) for v in row]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(claims: Iterable[Claim], claim_page_url: str) -> Iterator[str]:
    """The CSV text, a line at a time. `claim_page_url` has a "{}" where the claim's id goes."""
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for claim in claims:
        yield writer.writerow(claim_row(claim, claim_page_url.format(claim.pk)))

"""The check behind the invented-sentence tables (test_claim_detection_unseen.py, test_round2_unseen.py):
each row is (id, text, expected claims as (content, speaker suffix, cue or None, kind)), and the text must
give exactly those claims."""

from __future__ import annotations

from apps.extraction import extract_claims


def row_ids(rows) -> list[str]:
    return [r[0] for r in rows]


def assert_exact_claims(row) -> None:
    _, text, wants = row[:3]
    result = extract_claims(text)
    assert result.status == "ok", result.reason
    got = {c.content: c for c in result.claims}
    for content, speaker, cue, kind in wants:
        assert content in got, f"missing {content!r}; got {list(got)}"
        claim = got[content]
        assert claim.speaker.casefold().endswith(speaker.casefold()), f"speaker {claim.speaker!r}"
        assert claim.cue == cue, f"cue {claim.cue!r}"
        assert claim.kind == kind
        s, e = claim.content_span
        assert text[s:e] == content
    extra = [c for c in got if c not in {w[0] for w in wants}]
    assert not extra, f"unexpected claims: {extra}"

from types import SimpleNamespace

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from apps.review.highlight import (
    Segment,
    Span,
    article_paragraphs,
    claim_context,
    paragraph_bounds,
    paragraphs,
    segments,
)

TEXT = "Intro line.\nPutin said Kazakhstan was attacked. He provided no evidence.\n\nLast paragraph here."


def _claim(**kw):
    claim_start = TEXT.index("Kazakhstan")
    cue_start = TEXT.index("said")
    evidence_start = TEXT.index("provided no evidence")
    base = dict(
        pk=7,
        start=claim_start,
        end=TEXT.index(" He"),
        cue_start=cue_start,
        cue_end=cue_start + 4,
        evidence_start=evidence_start,
        evidence_end=evidence_start + 20,
        review_status="new",
    )
    base.update(kw)
    return SimpleNamespace(**base)


def test_segments_cover_every_character_once_with_offsets():
    spans = [Span(5, 10, "claim", 1, "new")]
    result = segments(TEXT, spans)
    assert "".join(s.text for s in result) == TEXT
    for seg in result:
        assert TEXT[seg.start : seg.end] == seg.text
    assert [s.kind for s in result] == ["text", "claim", "text"]
    assert result[1] == Segment(TEXT[5:10], 5, "claim", 1, "new")


def test_overlapping_spans_take_the_higher_priority_kind():
    spans = [Span(0, 20, "other", 2, "confirmed"), Span(5, 10, "claim", 1, "new"), Span(8, 15, "evidence", 1)]
    result = segments(TEXT, spans, 0, 20)
    assert [(s.start, s.end, s.kind) for s in result] == [
        (0, 5, "other"),
        (5, 10, "claim"),
        (10, 15, "evidence"),
        (15, 20, "other"),
    ]


def test_spans_are_clipped_to_the_window_and_empty_or_outside_spans_ignored():
    spans = [Span(2, 30, "claim", 1), Span(40, 40, "cue"), Span(90, 200, "other", 3)]
    result = segments(TEXT, spans, 10, 20)
    assert [(s.start, s.end, s.kind) for s in result] == [(10, 20, "claim")]
    assert segments(TEXT, spans, 20, 10) == []


def test_adjacent_segments_of_different_claims_stay_apart():
    result = segments("abcdef", [Span(0, 3, "other", 1, "new"), Span(3, 6, "other", 2, "new")])
    assert [(s.text, s.claim_id) for s in result] == [("abc", 1), ("def", 2)]


def test_paragraphs_split_at_line_breaks_keep_absolute_offsets_and_skip_blank_lines():
    result = paragraphs(TEXT, [])
    assert len(result) == 3
    starts = [p[0].start for p in result]
    assert starts == [0, 12, TEXT.index("Last")]
    for para in result:
        for seg in para:
            assert "\n" not in seg.text and TEXT[seg.start : seg.end] == seg.text


def test_a_span_across_a_line_break_is_highlighted_in_both_paragraphs():
    result = paragraphs("one two\nthree four", [Span(4, 13, "claim", 1)])
    assert [[(s.text, s.kind) for s in p] for p in result] == [
        [("one ", "text"), ("two", "claim")],
        [("three", "claim"), (" four", "text")],
    ]


def test_claim_context_is_the_paragraph_with_claim_cue_and_evidence_marked():
    claim = _claim()
    assert TEXT[claim.start : claim.end] == "Kazakhstan was attacked."
    (para,) = claim_context(claim, TEXT)
    kinds = {s.kind: s.text for s in para}
    assert kinds["claim"] == "Kazakhstan was attacked."
    assert kinds["cue"] == "said"
    assert kinds["evidence"] == "provided no evidence"
    assert para[0].start == 12 and para[-1].end == TEXT.index("\n\n")


def test_paragraph_bounds():
    assert paragraph_bounds(TEXT, 23, 47) == (12, TEXT.index("\n\n"))
    assert paragraph_bounds(TEXT, 0, 3) == (0, 11)
    assert paragraph_bounds("no breaks", 2, 4) == (0, 9)


def test_article_paragraphs_mark_each_claim_with_its_status():
    said = TEXT.index("said")
    claims = [
        _claim(pk=1, start=said, end=said + 4, review_status="unsupported"),
        _claim(pk=2, start=0, end=5),
    ]
    flat = [s for p in article_paragraphs(TEXT, claims) for s in p]
    marked = {s.claim_id: (s.text, s.status) for s in flat if s.kind == "other"}
    assert marked == {1: ("said", "unsupported"), 2: ("Intro", "new")}


def test_text_is_never_marked_up_in_python():
    text = "<script>alert(1)</script> said x"
    result = segments(text, [Span(0, 8, "claim", 1)])
    assert result[0].text == "<script>"  # plain text; the template escapes it


# --- property: any text, any spans -------------------------------------------------------------------


@st.composite
def _text_and_spans(draw):
    text = draw(st.text(max_size=300))
    n = len(text)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        a = draw(st.integers(-5, n + 5))
        b = draw(st.integers(-5, n + 5))
        kind = draw(st.sampled_from(["claim", "cue", "evidence", "other"]))
        spans.append(Span(min(a, b), max(a, b), kind, draw(st.integers(1, 3))))
    return text, spans


@hsettings(max_examples=200, deadline=None)
@given(_text_and_spans())
def test_segments_cover_the_text_exactly_and_stay_inside(case):
    text, spans = case
    result = segments(text, spans)
    assert "".join(s.text for s in result) == text
    position = 0
    for seg in result:
        assert seg.start == position and 0 <= seg.start <= seg.end <= len(text)
        assert text[seg.start : seg.end] == seg.text
        position = seg.end
    for para in paragraphs(text, spans):
        for seg in para:
            assert text[seg.start : seg.end] == seg.text and "\n" not in seg.text

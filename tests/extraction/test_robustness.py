"""extract_claims never raises on a str, skips what it cannot read with a reason, keeps spans honest."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.extraction import ExtractionConfig, ExtractionResult, detect_language, extract_claims, extract_many

SAMPLE = "“The dam will hold,” engineer Lena Ortiz said. Officials say the river is falling."


def _assert_spans_honest(text: str, result: ExtractionResult) -> None:
    for claim in result.claims:
        s, e = claim.content_span
        assert 0 <= s < e <= len(text)
        assert text[s:e] == claim.content
        for span in (claim.cue_span, claim.evidence_span, claim.speaker_mention_span):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= len(text)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t "])
def test_empty_text_is_skipped(text: str) -> None:
    result = extract_claims(text)
    assert result.status == "skipped"
    assert result.reason == "Text is empty."
    assert result.claims == ()


def test_text_over_the_cap_is_skipped_with_reason() -> None:
    text = SAMPLE * 40
    result = extract_claims(text, config=ExtractionConfig(max_chars=1000))
    assert result.status == "skipped"
    assert "1,000-character limit" in result.reason


def test_default_cap_applies_to_huge_text() -> None:
    result = extract_claims("word " * 50_000)
    assert result.status == "skipped" and "limit" in result.reason


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Die Regierung hat am Montag erklärt, dass die Steuern im nächsten Jahr nicht steigen werden. "
            "Der Minister sagte, die Wirtschaft sei stabil und die Arbeitslosigkeit gehe zurück.",
            "de",
        ),
        (
            "Le gouvernement a déclaré lundi que les impôts n'augmenteraient pas l'année prochaine. Le ministre "
            "a affirmé que l'économie était stable et que le chômage reculait.",
            "fr",
        ),
    ],
)
def test_non_english_is_skipped(text: str, code: str) -> None:
    result = extract_claims(text)
    assert result.status == "skipped"
    assert result.reason == f"Text is not English (detected: {code})."
    assert result.language == code


def test_short_text_counts_as_english() -> None:
    assert detect_language("Ja, sagte er.") == "en"
    assert extract_claims("Ja, sagte er.").status == "ok"


def test_language_detection_is_deterministic() -> None:
    text = "Questo è un testo italiano abbastanza lungo per essere riconosciuto senza alcun dubbio, credo."
    assert len({detect_language(text) for _ in range(5)}) == 1


@pytest.mark.parametrize(
    "noise",
    ["\u200b", "\u200d", "\u202e", "\u2066", "\x00", "\x07", "\x1b", "\ufeff", "\ud800", "\U0001f600"],
)
def test_odd_characters_do_not_break_extraction(noise: str) -> None:
    text = SAMPLE.replace(" ", f" {noise}", 3)
    result = extract_claims(text)
    assert result.status == "ok"
    _assert_spans_honest(text, result)
    assert result.claims, "the quote should still be found"


def test_right_to_left_text_mixed_in() -> None:
    text = "Officials say the border crossing at ‏مدينة‏ will reopen on Monday, a spokesman said."
    result = extract_claims(text)
    assert result.status == "ok", result.reason
    _assert_spans_honest(text, result)


def test_extract_many_keeps_order_and_mixes_skips() -> None:
    texts = [SAMPLE, "", "x" * 10, SAMPLE]
    results = extract_many(texts)
    assert [r.status for r in results] == ["ok", "skipped", "ok", "ok"]
    assert results[0] == results[3]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    result = extract_claims(text)
    assert result.status in ("ok", "skipped"), result.reason  # "error": a rule raised
    _assert_spans_honest(text, result)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "“We will win,” she said.",
                "Officials say",
                " the plan failed",
                ", without giving evidence.",
                "\n\n",
                "“",
                "”",
                '"',
                "‘",
                "’",
                "Mr Pike said that",
                " he did not say how.",
                " according to the council,",
            ]
        ),
        max_size=12,
    )
)
def test_quote_and_attribution_fragments_never_raise(parts: list[str]) -> None:
    text = "".join(parts)
    result = extract_claims(text)
    assert result.status in ("ok", "skipped"), result.reason  # "error": a rule raised
    _assert_spans_honest(text, result)


def test_a_rule_that_raises_is_an_error_not_zero_claims(monkeypatch, caplog) -> None:
    """Fault injection: a bug in the rules must never read as "this article makes no claims"."""
    import apps.extraction.pipeline as pipeline

    def broken(text, doc):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(pipeline, "build_claims", broken)
    result = extract_claims(SAMPLE)
    assert result.status == "error"
    assert result.reason == "The claim rules failed: RuntimeError: rule bug"
    assert not result.ok and result.claims == ()
    assert "claim rules failed" in caplog.text and "RuntimeError: rule bug" in caplog.text  # the traceback

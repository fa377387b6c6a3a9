"""export_gold writes the editors' corrected claims in the evaluation schema; evaluate_extraction reads them."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.accuracy.services import gold_export
from apps.articles.services import article_extract_claims
from apps.claims.models import Claim
from apps.claims.services import claim_confirm, claim_create_manual, claim_dismiss, speaker_resolve
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

from .conftest import TEXT, span

pytestmark = pytest.mark.django_db


def _files(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


def _gold(out: Path, article) -> dict:
    (path,) = out.glob(f"{article.pk:06d}-*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_reviewed_articles_as_the_editors_left_them(desk, tmp_path):
    result = gold_export(out=tmp_path)
    # a2 still has an unreviewed machine claim: left out unless --partial
    assert (result.articles, result.claims) == (1, 4)
    name = f"{desk.a1.pk:06d}-bridge-to-reopen"
    assert _files(tmp_path) == [f"{name}.json", f"{name}.txt"]
    assert (tmp_path / f"{name}.txt").read_text(encoding="utf-8") == desk.a1.text
    gold = _gold(tmp_path, desk.a1)
    assert gold["article"] == f"{name}.txt"
    assert gold["claimtrack"]["source"] == "North Gazette"
    claims = gold["claims"]
    text = desk.a1.text
    assert [c["content"] for c in claims] == [
        "the bridge would reopen in May",  # confirmed
        "repairs could take a year",  # speaker corrected
        "the budget was balanced",  # evidence corrected
        "the plan was rushed",  # added by hand
    ]  # the dismissed claim is not there; text order
    for c in claims:
        assert text[c["content_span"][0] : c["content_span"][1]] == c["content"]
        assert set(c) >= {"speaker", "content", "content_span", "kind", "cue", "cue_span", "evidence"}
    assert claims[1]["speaker"] == "Engineers"
    assert claims[2]["evidence"] == "not_provided"
    assert claims[3]["speaker"] == "Critics"


def test_partial_takes_the_reviewed_claims_of_unfinished_articles(desk, tmp_path):
    result = gold_export(out=tmp_path, partial=True)
    assert (result.articles, result.claims) == (2, 6)
    contents = [c["content"] for c in _gold(tmp_path, desk.a2)["claims"]]
    # the unreviewed "bridge" claim is left out; the span-edited one is as edited; unsupported ones stay
    assert contents == ["Engineers say repairs could take a year", "the fares would not rise"]


def test_filters_by_source_and_date(desk, tmp_path):
    assert gold_export(out=tmp_path / "s", source_name="south herald", partial=True).articles == 1
    assert gold_export(out=tmp_path / "n", source_name="Nowhere").articles == 0
    from datetime import date, timedelta

    assert gold_export(out=tmp_path / "future", since=date.today() + timedelta(days=2)).articles == 0
    assert gold_export(out=tmp_path / "past", since=date.today() - timedelta(days=2)).articles == 1


def test_unreviewed_and_untouched_articles_are_not_gold(tmp_path):
    ClaimFactory()  # a machine claim nobody reviewed
    ArticleFactory()  # an article with no claims
    assert gold_export(out=tmp_path).articles == 0
    assert list(tmp_path.iterdir()) == []


def test_the_command(desk, tmp_path):
    out = StringIO()
    call_command("export_gold", "--out", str(tmp_path / "gold"), "--partial", stdout=out)
    assert "Wrote 2 articles (6 claims)" in out.getvalue()
    with pytest.raises(CommandError, match="No source called"):
        call_command("export_gold", "--out", str(tmp_path), "--source", "Nowhere")
    with pytest.raises(CommandError, match="--since wants a date"):
        call_command("export_gold", "--out", str(tmp_path), "--since", "yesterday")


def test_round_trip_through_evaluate_extraction(tmp_path):
    """Real extraction, an editor's review, the export, then the evaluator scores the extractor on it: its
    recall and precision are the accuracy page's estimates for this article."""
    editor = _editor()
    article = ArticleFactory(source=SourceFactory(name="Round Trip"), text=TEXT, title="Round trip")
    assert article_extract_claims(article=article, force=True) >= 2
    claims = {c.content: c for c in article.claims.all()}
    bridge = claims["the bridge would reopen in May"]
    claim_confirm(claim=bridge, user=editor)
    for claim in claims.values():
        if claim != bridge:
            claim_dismiss(claim=claim, user=editor)
    # a sentence the extractor does not take for a claim, added by hand
    start, end = span(TEXT, "She provided no evidence for this claim")
    claim_create_manual(
        article=article, user=editor, start=start, end=end, speaker=speaker_resolve(name="Jane Doe")
    )

    out = tmp_path / "gold"
    call_command("export_gold", "--out", str(out), stdout=StringIO())
    stdout = StringIO()
    call_command("evaluate_extraction", str(out), "--json", stdout=stdout)
    metrics = json.loads(stdout.getvalue())
    n_pred = len(claims)
    assert metrics["documents"] == 1
    span_metrics = metrics["slices"]["overall"]["span"]
    assert span_metrics["n_gold"] == 2  # the confirmed claim and the missed one
    assert span_metrics["n_pred"] == n_pred  # the extractor is deterministic: the same claims again
    assert span_metrics["recall"] == pytest.approx(1 / 2)  # it finds the bridge, misses the added one
    assert span_metrics["precision"] == pytest.approx(1 / n_pred)
    assert metrics["slices"]["overall"]["speaker"]["accuracy_on_matched"] == 1.0

    from apps.accuracy.selectors import accuracy_overview
    from apps.accuracy.services import claim_outcomes_record

    claim_outcomes_record()
    overall = accuracy_overview().overall
    assert overall.recall.value == span_metrics["recall"]
    assert overall.precision.value == pytest.approx(span_metrics["precision"])
    assert Claim.objects.filter(origin=Claim.Origin.MACHINE).count() == n_pred


def _editor():
    from tests.factories import EditorFactory

    return EditorFactory(username="round-trip")

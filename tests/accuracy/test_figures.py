"""The figures, exactly, from editors' decisions made through the claims app's services."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.accuracy.models import ClaimOutcome
from apps.accuracy.selectors import Ratio, Slice, accuracy_cases, accuracy_overview
from apps.accuracy.services import claim_outcomes_record
from apps.claims.models import Claim
from apps.claims.services import claim_set_review_status, speaker_merge
from tests.factories import ClaimFactory, SpeakerFactory

from .conftest import edit


def _overview():
    claim_outcomes_record()
    return accuracy_overview()


def test_outcomes_copy_what_the_extractor_said_once(desk):
    machine = Claim.objects.filter(origin=Claim.Origin.MACHINE).count()
    # recorded as the claims were written (the count tables read them), and again from scratch
    assert ClaimOutcome.objects.count() == machine == 7
    ClaimOutcome.objects.all().delete()
    assert claim_outcomes_record() == machine == 7
    assert claim_outcomes_record() == 0  # idempotent
    outcome = ClaimOutcome.objects.get(claim=desk.claims["speaker"])
    assert outcome.speaker.name == "Jane Doe"  # the extractor's speaker, not the editor's
    assert desk.claims["speaker"].speaker.name == "Engineers"
    span = ClaimOutcome.objects.get(claim=desk.claims["span"])
    assert (span.start, span.end) != (desk.claims["span"].start, desk.claims["span"].end)
    assert ClaimOutcome.objects.get(claim=desk.claims["evidence"]).evidence == Claim.Evidence.NOT_STATED
    assert not ClaimOutcome.objects.filter(claim=desk.claims["missed"]).exists()  # editor-added


def test_overall_figures(desk):
    o = _overview().overall
    assert (o.machine, o.judged, o.unjudged, o.dismissed, o.kept, o.compared) == (7, 6, 1, 1, 5, 5)
    assert (o.speaker_changed, o.span_changed, o.evidence_changed, o.missed, o.articles) == (1, 1, 1, 1, 2)
    assert o.precision == Ratio(5, 6)
    assert o.speaker == o.span == o.evidence == Ratio(4, 5)
    assert o.recall == Ratio(5, 6)
    assert o.missed_per_article == 0.5


def test_per_source_and_per_version(desk):
    overview = _overview()
    by_source = {row.label: row for row in overview.by_source}
    north, south = by_source["North Gazette"], by_source["South Herald"]
    assert north.precision == Ratio(3, 4)
    assert north.speaker == Ratio(2, 3) and north.evidence == Ratio(2, 3) and north.span == Ratio(3, 3)
    assert (north.missed, north.articles, north.recall) == (1, 1, Ratio(3, 4))
    assert south.precision == Ratio(2, 2) and south.unjudged == 1
    assert south.speaker == Ratio(2, 2) and south.span == Ratio(1, 2) and south.evidence == Ratio(2, 2)
    assert (south.missed, south.recall) == (0, Ratio(2, 2))
    assert north.slice == Slice(source=str(desk.north.pk))

    by_version = {row.label: row for row in overview.by_version}
    assert list(by_version) == ["v2", "v1"]  # newest first
    # the hand-added claim has no extractor version: it counts against the article's (v1), which missed it
    assert by_version["v1"].missed == 1 and by_version["v1"].precision == Ratio(3, 4)
    assert by_version["v2"].span == Ratio(1, 2)
    assert by_version["v1"].slice == Slice(version="v1")


def test_per_week_and_month(desk):
    old = desk.claims["dismissed"]
    last_month = timezone.now() - timedelta(days=40)
    Claim.objects.filter(pk=old.pk).update(created_at=last_month)
    call_command("rebuild_counts", stdout=StringIO())  # a write outside the services: recounted
    overview = _overview()
    assert len(overview.by_week) == 2 and len(overview.by_month) == 2
    this_week, earlier = overview.by_week
    assert this_week.precision == Ratio(5, 5) and earlier.precision == Ratio(0, 1)
    assert earlier.slice.date_to - earlier.slice.date_from == timedelta(days=6)
    assert earlier.slice.date_from.weekday() == 0
    this_month, previous = overview.by_month
    assert previous.dismissed == 1 and previous.slice.date_from.day == 1
    assert this_month.slice.date_to >= timezone.localdate()
    # rolled up, the periods add up to the whole
    assert sum(r.judged for r in overview.by_week) == overview.overall.judged


def test_claims_older_than_the_window_are_left_out_of_periods(desk):
    Claim.objects.update(created_at=timezone.now() - timedelta(days=800))
    call_command("rebuild_counts", stdout=StringIO())  # a write outside the services: recounted
    overview = _overview()
    assert overview.by_week == [] and overview.by_month == []
    assert overview.overall.judged == 6


def test_a_speaker_merge_is_no_speaker_error(desk):
    putin, vladimir = SpeakerFactory(name="Putin"), SpeakerFactory(name="Vladimir Putin")
    claim = ClaimFactory(article=desk.a2, start=0, end=9, speaker=putin, extractor_version="v2")
    claim_set_review_status(claim=claim, user=desk.editor, status=Claim.ReviewStatus.CONFIRMED)
    claim_outcomes_record()
    speaker_merge(source=putin, target=vladimir, user=desk.editor)
    third = SpeakerFactory(name="V. V. Putin")
    speaker_merge(source=vladimir, target=third, user=desk.editor)  # twice merged: still the same person
    claim.refresh_from_db()
    assert claim.speaker == third
    assert _overview().overall.speaker == Ratio(5, 6)


def test_an_edit_put_back_is_no_change(desk):
    claim = desk.claims["speaker"]
    edit(claim, desk.editor, speaker=SpeakerFactory(name="Jane Doe Again"))
    claim.refresh_from_db()
    claim_outcomes_record()
    original = ClaimOutcome.objects.get(claim=claim).speaker
    edit(claim, desk.editor, speaker=original)
    assert _overview().overall.speaker_changed == 0


def test_claims_without_a_creation_record_count_for_precision_only(desk):
    claim = ClaimFactory(article=desk.a2, start=0, end=9, extractor_version="v2")
    claim.history.all().delete()
    ClaimOutcome.objects.filter(claim=claim).delete()  # as if made outside the ORM: never recorded
    claim_set_review_status(claim=claim, user=desk.editor, status=Claim.ReviewStatus.CONFIRMED)
    claim.history.all().delete()
    o = _overview().overall
    assert (o.judged, o.kept, o.compared) == (7, 6, 5)


def test_no_claims_at_all(db):
    o = _overview().overall
    assert o.precision == Ratio(0, 0) and o.precision.value is None and o.precision.percent is None
    assert o.missed_per_article is None


def test_ratio_levels():
    assert Ratio(9, 10).level == "good"
    assert Ratio(8, 10).level == "fair"
    assert Ratio(1, 10).level == "poor"
    assert Ratio(0, 0).level == "none"
    assert Ratio(2, 3).percent == 67


@pytest.mark.parametrize(
    ("kind", "slice_", "expected"),
    [
        ("dismissed", Slice(), ["dismissed"]),
        ("speaker_changed", Slice(), ["speaker"]),
        ("evidence_changed", Slice(), ["evidence"]),
        ("span_changed", Slice(), ["span"]),
        ("missed", Slice(), ["missed"]),
        ("missed", Slice(version="v1"), ["missed"]),
        ("missed", Slice(version="v2"), []),
        ("span_changed", Slice(source="north"), []),
        ("span_changed", Slice(source="south"), ["span"]),
        ("dismissed", Slice(source="none"), []),
        ("dismissed", Slice(date_from=date(2000, 1, 1), date_to=date(2000, 1, 7)), []),
    ],
)
def test_cases(desk, kind, slice_, expected):
    if slice_.source in ("north", "south"):
        slice_ = Slice(source=str(getattr(desk, slice_.source).pk))
    claim_outcomes_record()
    cases = accuracy_cases(kind=kind, slice=slice_)
    assert [row.claim.pk for row in cases.rows] == [desk.claims[name].pk for name in expected]
    assert cases.total == len(expected)


def test_cases_say_what_changed(desk):
    claim_outcomes_record()
    (row,) = accuracy_cases(kind="speaker_changed", slice=Slice()).rows
    assert (row.before, row.after) == ("Jane Doe", "Engineers")
    (row,) = accuracy_cases(kind="span_changed", slice=Slice()).rows
    assert (row.before, row.after) == ("repairs could take a year", "Engineers say repairs could take a year")
    (row,) = accuracy_cases(kind="evidence_changed", slice=Slice()).rows
    assert (row.before, row.after) == ("Not stated", "No evidence given")


def test_outcome_comes_from_the_first_creation_record(desk):
    """A claim with two creation records (an id reused after a restore, say) takes the earlier one, on
    PostgreSQL and SQLite alike (the embedded pass runs this module too: tests/embedded)."""
    claim = desk.claims["new"]
    first = claim.history.get(history_type="+")
    later = Claim.history.model.objects.get(pk=first.pk)
    later.pk, later.history_id, later.start, later.end = None, None, first.start + 1, first.end + 1
    later.save()  # a second "+" record with a later history_id
    assert claim.history.filter(history_type="+").count() == 2
    ClaimOutcome.objects.all().delete()  # recorded as the claims were written: from scratch here
    assert claim_outcomes_record() == 7
    outcome = ClaimOutcome.objects.get(claim=claim)
    assert (outcome.start, outcome.end) == (first.start, first.end)

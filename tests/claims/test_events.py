"""The domain events of apps/claims/signals.py: each service that changes a claim announces what changed,
once, from where the change is made; a row saved any other way announces nothing."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from apps.claims.models import Claim
from apps.claims.services import (
    ClaimEdit,
    claim_confirm,
    claim_create_manual,
    claim_dismiss,
    claim_edit,
    claim_flag_unsupported,
    claim_undo_review,
    claims_bulk_set_review_status,
    speaker_merge,
)
from apps.claims.signals import claim_created, claim_reviewed, claims_extracted
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Every event sent during the test, as (event name, its arguments)."""
    events = []
    signals = {
        "claim_created": claim_created,
        "claim_reviewed": claim_reviewed,
        "claims_extracted": claims_extracted,
    }
    receivers = {}
    for name, signal in signals.items():
        receivers[name] = lambda sender, _name=name, **kwargs: events.append((_name, kwargs))
        signal.connect(receivers[name], weak=False)
    yield events
    for name, signal in signals.items():
        signal.disconnect(receivers[name])


def test_a_row_saved_without_a_service_announces_nothing(heard):
    claim = ClaimFactory()
    claim.review_status = Claim.ReviewStatus.UNSUPPORTED
    claim.save()
    assert heard == []


def test_flagging_announces_the_status_change_with_who_made_it(heard):
    editor = EditorFactory()
    claim = ClaimFactory()
    claim_flag_unsupported(claim=claim, user=editor, rationale="No source.")
    [(name, args)] = heard
    assert name == "claim_reviewed" and args["claim"].pk == claim.pk and args["user"] == editor
    changes = args["changes"]
    assert changes["review_status"] == ("new", "unsupported")
    assert changes["reviewed_by"] == (None, editor.pk)
    assert changes["review_rationale"] == ("", "No source.")
    assert "content" not in changes


def test_every_review_action_announces_its_change_once(heard):
    editor = EditorFactory()
    a, b = ClaimFactory(), ClaimFactory()
    claim_confirm(claim=a, user=editor)
    claim_dismiss(claim=a, user=editor)
    left = claims_bulk_set_review_status(claim_ids=[a.pk, b.pk], user=editor, status="unsupported")
    undone = claim_undo_review(claim=a, user=editor, expected_version=left[0].version)
    statuses = [(args["claim"].pk, args["changes"]["review_status"]) for _, args in heard]
    assert statuses == [
        (a.pk, ("new", "confirmed")),
        (a.pk, ("confirmed", "dismissed")),
        (a.pk, ("dismissed", "unsupported")),
        (b.pk, ("new", "unsupported")),
        (a.pk, ("unsupported", "dismissed")),
    ]
    assert undone.review_status == "dismissed"


def test_an_edit_announces_the_new_words(heard):
    claim = ClaimFactory()
    text = claim.article.text
    claim_edit(
        claim=claim,
        user=EditorFactory(),
        edit=ClaimEdit(0, claim.end, claim.speaker, claim.kind, claim.evidence),
    )
    [(name, args)] = heard
    assert name == "claim_reviewed"
    assert args["changes"]["content"] == (text[21:56], text[0:56])
    assert args["changes"]["start"] == (21, 0)
    assert "review_status" not in args["changes"]


def test_a_speaker_merge_announces_each_claim_moved(heard):
    old, new = SpeakerFactory(), SpeakerFactory()
    claim = ClaimFactory(speaker=old)
    speaker_merge(source=old, target=new, user=EditorFactory())
    assert [(n, a["claim"].pk, a["changes"]) for n, a in heard] == [
        ("claim_reviewed", claim.pk, {"speaker": (old.pk, new.pk)})
    ]


def test_a_claim_added_by_an_editor_is_announced_as_created(heard):
    editor = EditorFactory()
    article = ArticleFactory()
    claim = claim_create_manual(article=article, user=editor, start=21, end=56, speaker=SpeakerFactory())
    assert [(n, a["claim"].pk, a["user"]) for n, a in heard] == [("claim_created", claim.pk, editor)]


class _FormValues(HTMLParser):
    """The values a browser would post from the admin's change form."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data[name] = a.get("value") or ("on" if a.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data


def test_a_status_change_in_the_django_admin_is_announced(heard, client, admin_user_):
    claim = ClaimFactory()
    client.force_login(admin_user_)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    form = _FormValues()
    form.feed(client.get(url).content.decode())
    data = {k: v for k, v in form.data.items() if k != "csrfmiddlewaretoken"}
    data["review_status"] = "unsupported"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert claim.review_status == "unsupported"
    assert [(n, a["claim"].pk, a["changes"], a["user"]) for n, a in heard] == [
        ("claim_reviewed", claim.pk, {"review_status": ("new", "unsupported")}, admin_user_)
    ]

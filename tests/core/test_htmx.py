import json

from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from apps.core.htmx import announce, wants_partial


def _request(**headers):
    request = RequestFactory().get("/claims/", headers=headers)
    request.htmx = HtmxDetails(request)
    return request


def test_an_htmx_request_wants_the_partial_a_boosted_or_plain_one_the_page():
    assert wants_partial(_request(HX_Request="true"))
    assert not wants_partial(_request(HX_Request="true", HX_Boosted="true"))
    assert not wants_partial(_request())


def test_announce_triggers_the_toast_with_an_optional_undo():
    plain = announce(HttpResponse(), "Claim confirmed.")
    assert json.loads(plain["HX-Trigger"]) == {"claimtrack:announce": {"message": "Claim confirmed."}}
    undo = {"url": "/claims/1/undo/", "values": {"version": 2}, "target": "#claim-card"}
    with_undo = announce(HttpResponse(), "Claim confirmed.", undo)
    assert json.loads(with_undo["HX-Trigger"]) == {
        "claimtrack:announce": {"message": "Claim confirmed.", "undo": undo}
    }

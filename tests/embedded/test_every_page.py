"""Every page and every action on the embedded default (SQLite + the filesystem broker), as anonymous, reader,
editor and admin: no answer may be a 5xx. Each failure is reported with its traceback, all together.

Four passes over the seeded desk (conftest.py):
- every row of the permission table (tests/security/test_permissions.py) for every role, on claims, articles
  and speakers in each state;
- the desk's actions with real data (confirm, flag, dismiss, reopen, edit, notes, evidence links, bulk, add
  claim, re-run, merge, submit by paste, follow / unfollow, notifications, said-before decisions), each from
  the form the page itself renders, so the test follows the forms as they change;
- a crawl: every link and every form (and htmx attribute) on every page a role can reach, submitted with the
  values the page gives it, each POST in a savepoint rolled back afterwards;
- the admin: every registered model's changelist, search, add and change forms, history, and every action.
"""

from __future__ import annotations

import contextlib
import json
import traceback
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from lxml import html as lxml_html

from apps.claims.models import Claim, Speaker
from tests.security.test_permissions import TABLE

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "editor", "admin")
SKIP_PATHS = ("/static/", "/accounts/logout/", "/media/")
PAGES_PER_ROLE = 400
URLS_PER_ROUTE = 6


class Visitor:
    """One role's browser (the Django test client, exceptions not re-raised: a 5xx is recorded with its
    traceback in `failures`, shared by every visitor of a test)."""

    def __init__(self, role: str, failures: list[str]):
        from django.contrib.auth import get_user_model

        self.role = role
        self.failures = failures
        self.client = Client(raise_request_exception=False)
        if role != "anonymous":
            self.client.force_login(get_user_model().objects.get(username=role))
        self._error = ""
        got_request_exception.connect(self._record, weak=False, dispatch_uid=f"embedded-{role}-{id(self)}")

    def _record(self, sender, request=None, **kwargs):
        self._error = traceback.format_exc()

    def close(self):
        got_request_exception.disconnect(dispatch_uid=f"embedded-{self.role}-{id(self)}")

    def _check(self, method: str, url: str, response, data=None):
        if response.status_code >= 500:
            detail = self._error.strip().splitlines()[-12:] if self._error else []
            self.failures.append(
                f"{self.role} {method} {url} -> {response.status_code}"
                + (f" data={data!r}" if data else "")
                + ("\n    " + "\n    ".join(detail) if detail else "")
            )
        self._error = ""
        return response

    def get(self, url: str, *, htmx: bool = False, **extra):
        self._error = ""  # every visitor hears every exception: keep only this request's
        headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver" + url} if htmx else {}
        return self._check("GET", url, self.client.get(url, headers={**headers, **extra.pop("headers", {})}))

    def post(self, url: str, data=None, *, htmx: bool = False, keep: bool = False):
        """POST; unless `keep`, inside a savepoint that is rolled back, so every action starts from the seed."""
        self._error = ""
        headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver" + url} if htmx else {}
        if keep:
            return self._check("POST", url, self.client.post(url, data or {}, headers=headers), data)
        with transaction.atomic():
            response = self._check("POST", url, self.client.post(url, data or {}, headers=headers), data)
            transaction.set_rollback(True)
        return response


@pytest.fixture
def failures():
    found: list[str] = []
    yield found
    assert not found, f"{len(found)} answers were 5xx on the embedded default:\n" + "\n".join(found)


@pytest.fixture
def visitors(seeded, failures):
    made = {role: Visitor(role, failures) for role in ROLES}
    yield made
    for visitor in made.values():
        visitor.close()


# --- forms as the pages render them -----------------------------------------------------------------


def _filled(form, page_url: str) -> tuple[str, str, dict[str, list[str]]]:
    """(method, action, data) for a form with the values the page gave it; empty required boxes get a
    plausible value."""
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    for field in form.inputs:
        name = field.get("name")
        if not name or name in data or field.get("disabled") is not None:
            continue
        kind = (field.get("type") or field.tag).lower()
        if kind in ("submit", "button", "checkbox", "radio", "file", "hidden", "reset", "image"):
            continue
        if field.get("required") is None:
            continue
        data[name] = [_sample(name, kind)]
    action = urljoin("http://testserver" + page_url, form.get("hx-post") or form.get("action") or page_url)
    method = "POST" if form.get("hx-post") else (form.get("method") or "GET").upper()
    return method, _local(action), data


def _sample(name: str, kind: str) -> str:
    if kind == "url" or name.endswith("url"):
        return "https://example.org/evidence"
    if kind == "number":
        return "1"
    if kind == "date":
        return timezone.localdate().isoformat()
    if kind == "email":
        return "desk@example.org"
    return "Checked by the embedded pass"


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _doc(response):
    if "html" not in response.get("Content-Type", "") or not response.content.strip():
        return None
    try:
        return lxml_html.fromstring(response.content.decode(response.charset or "utf-8"))
    except (ValueError, lxml_html.etree.ParserError):
        return None


def form_on(visitor: Visitor, page: str, action: str, *, htmx: bool = False):
    """The form on `page` that posts to `action` (hx-post or action), as (action, data) with the page's
    values; fails the test if the page shows no such form."""
    doc = _doc(visitor.get(page, htmx=htmx))
    assert doc is not None, f"{page} is not a page"
    for form in doc.forms:
        method, target, data = _filled(form, page)
        if urlsplit(target).path == action:
            return target, {k: v if len(v) > 1 else v[0] for k, v in data.items()}
    raise AssertionError(f"{visitor.role}: no form posting to {action} on {page}")


# --- 1. the permission table ------------------------------------------------------------------------


def _objects(seeded) -> dict[str, list[int]]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from apps.alerts.models import Digest
    from apps.articles.models import Article

    later = Article.objects.exclude(pk__in=[seeded.article, seeded.failed_article]).order_by("pk").first()
    editor = get_user_model().objects.get(username="editor")
    digest, _ = Digest.objects.get_or_create(user=editor, sent_on=timezone.localdate())
    return {
        "digest": [digest.pk],  # the editor's own; every other role gets a 404
        "claim": list(seeded.claims.values()),
        "article": [seeded.article, seeded.failed_article, later.pk],
        "speaker": list(seeded.speakers.values()),
        "source": [seeded.source],
    }


def test_every_url_in_the_permission_table_for_every_role(visitors, seeded):
    objects = _objects(seeded)
    for name, method, kind in TABLE:
        if kind is not None and kind not in objects:
            pytest.fail(f"tests/embedded: the permission table names objects of kind {kind!r}: seed some")
        for pk in objects[kind] if kind else [None]:
            try:
                url = reverse(name, args=[pk] if pk is not None else [])
            except NoReverseMatch:
                pytest.fail(f"cannot reverse {name} with {kind}")
            for role in ROLES:
                visitor = visitors[role]
                if method == "GET":
                    visitor.get(url)
                    visitor.get(url, htmx=True)
                else:
                    response = visitor.post(url, {})
                    if TABLE[(name, method, kind)].get("reader") == 403 and role == "reader":
                        assert response.status_code == 403, f"reader POST {url}: {response.status_code}"


# --- 2. the desk's actions with real data ---------------------------------------------------------


def _claim(pk: int) -> Claim:
    return Claim.objects.get(pk=pk)


@pytest.mark.parametrize("role", ["editor", "admin", "reader"])
def test_every_desk_action_with_real_data(visitors, seeded, role):
    from apps.articles.models import Article
    from apps.similarity.models import ClaimLink

    visitor = visitors[role]
    acts = role != "reader"
    new, confirmed = _claim(seeded.claims["new"]), _claim(seeded.claims["confirmed"])
    page = reverse("review:claim", args=[new.pk])
    answers: dict[str, int] = {}

    def act(label, url, data, *, htmx=True, keep=False):
        response = visitor.post(url, data, htmx=htmx, keep=keep)
        answers[label] = response.status_code
        return response

    versioned = {"version": new.version}
    for action in ("confirm", "flag", "dismiss"):
        act(action, reverse(f"review:claim_{action}", args=[new.pk]), versioned)
    act(
        "flag with a rationale",
        reverse("review:claim_flag", args=[new.pk]),
        {**versioned, "rationale": "No source given for the figure."},
    )
    act("reopen", reverse("review:claim_reopen", args=[confirmed.pk]), {"version": confirmed.version})
    act("note", reverse("review:claim_note_add", args=[new.pk]), {"text": "Called the press office."})
    act(
        "evidence link",
        reverse("review:claim_evidence_add", args=[new.pk]),
        {"url": "https://example.org/report", "title": "The report", "note": "Page 4"},
    )
    act(
        "bulk confirm", reverse("review:claims_bulk"), {"action": "confirm", "ids": [new.pk], "filter_qs": ""}
    )
    act(
        "bulk dismiss", reverse("review:claims_bulk"), {"action": "dismiss", "ids": [new.pk], "filter_qs": ""}
    )

    link = ClaimLink.objects.get(claim_id=seeded.claims["repeat"])
    act("link_reject", reverse("similarity:link_reject", args=[link.claim_id]), {"link": link.pk})
    act(
        "link_confirm", reverse("similarity:link_confirm", args=[link.claim_id]), {"link": link.pk}, keep=True
    )
    # the earlier claim is flagged unsupported: its flag goes along the confirmed link
    act("carry flag", reverse("similarity:carry_flag", args=[link.earlier_claim_id]), {})

    speaker = Speaker.objects.get(pk=seeded.speakers["speaker"])
    for target in ({"speaker": speaker.pk}, {"source": seeded.source}):
        act(f"follow {target}", reverse("alerts:follow"), {**target, "next": page})
        act(f"unfollow {target}", reverse("alerts:unfollow"), {**target, "next": page})
    act("notifications read", reverse("alerts:notifications_read"), {"all": "1"})
    visitor.get(reverse("alerts:notifications"))
    visitor.get(reverse("alerts:badge"), htmx=True)

    merge_url = reverse("review:speaker_merge", args=[seeded.speakers["other"]])
    act("merge", merge_url, {"into": f"#{speaker.pk}"})

    later = Article.objects.exclude(pk__in=[seeded.article, seeded.failed_article]).order_by("pk").first()
    phrase = "(Follow-up.)"
    start = later.text.index(phrase)
    if acts:
        # the desk's own forms, as the pages render them, with the editor's choices filled in
        edit_url, edit = form_on(visitor, page, reverse("review:claim_edit", args=[new.pk]))
        act("edit", edit_url, edit)
        add_url, add = form_on(
            visitor,
            reverse("review:article", args=[later.pk]),
            reverse("review:article_claim_add", args=[later.pk]),
        )
        act(
            "add claim",
            add_url,
            {**add, "start": start, "end": start + len(phrase) - 1, "new_speaker": "Desk"},
        )
        rerun = reverse("review:article_rerun", args=[later.pk])  # the button asks first (a GET) what changes
        rerun_url, rerun = form_on(visitor, rerun, rerun, htmx=True)
        act("rerun", rerun_url, rerun)
        submit_url, submit = form_on(visitor, reverse("review:submit"), reverse("review:submit"))
        text = Article.objects.get(pk=seeded.article).text
        act(
            "submit by paste",
            submit_url,
            {**submit, "text": text + " (Pasted again.)", "url": ""},
            htmx=False,
        )
    else:
        edit = {
            "version": new.version,
            "start": new.start,
            "end": new.end,
            "kind": new.kind,
            "evidence": new.evidence,
        }
        act("edit", reverse("review:claim_edit", args=[new.pk]), edit)
        act(
            "add claim",
            reverse("review:article_claim_add", args=[later.pk]),
            {"start": start, "end": start + 5, "new_speaker": "Desk", "kind": "indirect"},
        )
        act("rerun", reverse("review:article_rerun", args=[later.pk]), {})
        act("submit by paste", reverse("review:submit"), {"text": "The mayor said so."}, htmx=False)

    personal = {"notifications read"} | {k for k in answers if k.startswith(("follow", "unfollow"))}
    for label, status in answers.items():
        if acts or label in personal:
            assert status < 400, f"{role} {label}: {status}"
        else:
            assert status == 403, f"reader {label}: {status} (readers cannot act)"


def test_reads_with_real_data(visitors, seeded):
    """The read-only outputs with filters: API (token and session), CSV, dashboard, accuracy and its
    cases, the queue's filters and search, ClaimReview for reviewed claims."""
    token = {"Authorization": f"Bearer {seeded.api_token}"}
    anonymous = visitors["anonymous"]
    api = ["/api/", "/api/openapi.json", "/api/claims", "/api/speakers", "/api/articles", "/api/sources"]
    api += [f"/api/claims/{pk}" for pk in seeded.claims.values()]
    api += [
        f"/api/speakers/{seeded.speakers['speaker']}",
        f"/api/articles/{seeded.article}",
        f"/api/sources/{seeded.source}",
        "/api/claims?review_status=unsupported",
        "/api/claims?status=unsupported",
        "/api/claims?q=said&limit=2",
    ]
    for url in api:
        response = anonymous.get(url, headers=token)
        assert response.status_code < 500
    for role in ("reader", "editor", "admin"):
        visitor = visitors[role]
        for url in api:
            visitor.get(url)
        today = timezone.localdate()
        for url in (
            "/claims/export.csv",
            "/claims/export.csv?status=unsupported&q=said",
            "/dashboard/",
            f"/dashboard/?from={today.replace(day=1).isoformat()}&to={today.isoformat()}",
            "/dashboard/?from=2020-01-01&to=2019-01-01",
            "/accuracy/",
            "/accuracy/triage/",
            "/claims/?q=said",
            "/claims/?status=confirmed&evidence=not_provided&kind=direct",
            f"/claims/?source={seeded.source}&speaker=a&from=2020-01-01&to=2030-01-01",
            "/claims/?status=nonsense&page=x",
        ):
            assert visitor.get(url).status_code == 200, f"{role} {url}"
        for state in ("confirmed", "flagged"):
            assert (
                visitor.get(reverse("publishing:claimreview", args=[seeded.claims[state]])).status_code == 200
            )
        overview = _doc(visitor.get("/accuracy/"))
        cases = {
            a.get("href") for a in overview.iter("a") if (a.get("href") or "").startswith("/accuracy/cases/")
        }
        assert cases, "the accuracy page links its cases"
        for url in cases:
            assert visitor.get(url).status_code == 200, f"{role} {url}"


# --- 3. the crawl ---------------------------------------------------------------------------------


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


@pytest.mark.parametrize("role", ["reader", "editor", "admin"])
def test_crawl_every_link_and_form(visitors, seeded, role):
    visitor = visitors[role]
    start = ["/claims/", "/accuracy/", "/dashboard/", "/notifications/", "/submit/", "/api/"]
    start += [reverse("review:claim", args=[pk]) for pk in seeded.claims.values()]
    start += [reverse("review:article", args=[pk]) for pk in _objects(seeded)["article"]]
    start += [reverse("review:speaker", args=[pk]) for pk in seeded.speakers.values()]
    queue, seen, per_route, submitted = deque(start), set(), {}, set()
    pages = 0
    while queue and pages < PAGES_PER_ROLE:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIP_PATHS) or path.startswith("/admin/"):
            continue  # the admin has its own pass below
        seen.add(url)
        route = _route(path)
        if route is None:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        if per_route[route] > URLS_PER_ROUTE:
            continue
        pages += 1
        doc = _doc(visitor.get(url))
        if doc is None:
            continue
        for element in doc.iter():
            for attribute in ("href", "hx-get"):
                target = element.get(attribute)
                if target and not target.startswith(("#", "mailto:", "javascript:")):
                    local = _local(urljoin("http://testserver" + url, target))
                    if urlsplit(urljoin("http://testserver" + url, target)).netloc == "testserver":
                        if attribute == "hx-get":
                            visitor.get(local, htmx=True)
                        elif local not in seen:
                            queue.append(local)
        for form in doc.forms:
            method, action, data = _filled(form, url)
            key = (_route(urlsplit(action).path), method, tuple(sorted(data)))
            if key in submitted or urlsplit(action).path.startswith(SKIP_PATHS):
                continue
            submitted.add(key)
            if method == "GET":
                visitor.get(_local(action) if not data else f"{urlsplit(action).path}?{_query(data)}")
            else:
                visitor.post(action, data, htmx=bool(form.get("hx-post")))
        for element in doc.xpath("//*[@hx-post and not(self::form)]"):
            action = _local(urljoin("http://testserver" + url, element.get("hx-post")))
            data: dict[str, list[str]] = {}
            owner = next((a for a in element.iterancestors("form")), None)
            if owner is not None:
                data = _filled(owner, url)[2]
            with contextlib.suppress(ValueError, AttributeError):
                data.update({k: [str(v)] for k, v in json.loads(element.get("hx-vals") or "{}").items()})
            if element.get("name"):
                data[element.get("name")] = [element.get("value") or ""]
            key = (_route(urlsplit(action).path), "HX", tuple(sorted(data)))
            if key not in submitted:
                submitted.add(key)
                visitor.post(action, data, htmx=True)
    assert pages >= 20, f"the crawl reached only {pages} pages"
    assert len(submitted) >= (10 if role == "reader" else 25), (
        f"the crawl submitted only {len(submitted)} forms"
    )


def _query(data: dict[str, list[str]]) -> str:
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, values in data.items() for v in values])


# --- 4. the admin ---------------------------------------------------------------------------------


def test_admin_every_model_and_action(visitors, seeded):
    visitor = visitors["admin"]
    visitor.get("/admin/")
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        changelist = reverse(f"{base}_changelist")
        assert visitor.get(changelist).status_code == 200, changelist
        visitor.get(changelist + "?q=said")
        doc = _doc(visitor.get(changelist))
        for link in doc.xpath('//div[@id="changelist-filter"]//a/@href')[:30]:
            visitor.get(_local(urljoin("http://testserver" + changelist, link)))
        for link in doc.xpath('//th[contains(@class, "sortable")]//a/@href')[:10]:
            visitor.get(_local(urljoin("http://testserver" + changelist, link)))
        with contextlib.suppress(NoReverseMatch):
            visitor.get(reverse(f"{base}_add"))
        obj = model_admin.get_queryset(_admin_request()).order_by("pk").first()
        if obj is None:
            if model.__module__.startswith("apps."):
                pytest.fail(
                    f"tests/embedded seeds no {opts.label}: the admin pass cannot open its change form"
                )
            continue  # a third-party model with no rows (axes' lockouts): its changelist and add form suffice
        change = reverse(f"{base}_change", args=[obj.pk])
        page = visitor.get(change)
        assert page.status_code == 200, change
        visitor.get(reverse(f"{base}_history", args=[obj.pk]))
        visitor.get(reverse(f"{base}_delete", args=[obj.pk]))
        change_doc = _doc(page)
        form = next((f for f in change_doc.forms if f.get("id", "").endswith("_form")), None)
        if form is not None:
            _method, _action, data = _filled(form, change)
            visitor.post(change, data)  # saving the form as shown
        for action in model_admin.get_actions(_admin_request()):
            visitor.post(changelist, {"action": action, "_selected_action": [obj.pk], "index": "0"})
            if action == "delete_selected":
                visitor.post(changelist, {"action": action, "_selected_action": [obj.pk], "post": "yes"})
    for name in ("admin:sources_source_ingest",):
        url = reverse(name)
        doc = _doc(visitor.get(url))
        form = next(iter(doc.forms))
        _method, action, data = _filled(form, url)
        visitor.post(action, {**data, "text": "The minister said the figures were right.", "url": ""})


def _admin_request():
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(username="admin")
    return request

"""One browser for every Playwright test (tests/browser, tests/similarity, tests/accuracy): Debian's chromium,
a page that records every console error or warning, uncaught page error and Content-Security-Policy violation,
and fails the test at teardown listing them. Screenshots go to tests/browser/artifacts/ (gitignored).

Use the `browser_page` fixture (1280 x 900), or `browser_page_at(width, height)` inside a test for another
viewport. A test that provokes an error on purpose removes it with `page.problems.allow(text)`.

CSP violations are caught twice: chromium logs each one as a console error, and an init script (run before
any page script, outside the page's CSP) passes every `securitypolicyviolation` event to Python through a
binding, so a violation is seen even when nothing is logged."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

CSP_BINDING = "__claimtrackCspViolation"
CSP_LISTENER = (
    "document.addEventListener('securitypolicyviolation', (e) => {"
    f"  window.{CSP_BINDING}(`${{e.effectiveDirective}} blocked ${{e.blockedURI || 'inline'}}"
    " at ${e.sourceFile || e.documentURI}:${e.lineNumber} ${e.sample || ''}`);"
    "}, true);"
)


class Problems(list):
    """What went wrong in the browser, one line each."""

    def allow(self, text: str) -> None:
        """Forget the problems containing `text` (an error the test provoked on purpose)."""
        self[:] = [p for p in self if text not in p]

    def check(self) -> None:
        if self:
            pytest.fail(
                "the browser reported errors or CSP violations:\n" + "\n".join(f"  {p}" for p in self),
                pytrace=False,
            )


def watch(context) -> Problems:
    """Record console errors and warnings, page errors and CSP violations of every page of `context`."""
    problems = Problems()
    context.expose_binding(CSP_BINDING, lambda source, report: problems.append(f"CSP violation: {report}"))
    context.add_init_script(CSP_LISTENER)
    context.on(
        "console",
        lambda msg: msg.type in ("error", "warning") and problems.append(f"console {msg.type}: {msg.text}"),
    )
    context.on("weberror", lambda error: problems.append(f"pageerror: {error.error}"))
    return problems


@contextmanager
def browser_page_at(width: int = DESKTOP["width"], height: int = DESKTOP["height"], **options) -> Iterator:
    """A watched page at this viewport (and Playwright context `options`, e.g. has_touch=True); fails at the
    end if the browser reported any problem."""
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM checks beside Playwright's loop
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        problems = watch(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.problems = problems
        try:
            yield page
            # a violation reported by the last action reaches Python through the page's own event loop
            if not page.is_closed():
                page.wait_for_timeout(100)
        finally:
            context.close()
            browser.close()
            # ORM calls made while Playwright's loop runs get their own connection (Django keys connections
            # by async context): close them here, or the test database cannot be dropped at the end
            from django.db import connections

            connections.close_all()
    problems.check()


@pytest.fixture
def browser_page():
    with browser_page_at() as page:
        yield page


def shot(page, name: str) -> None:
    """A full-page screenshot into tests/browser/artifacts/NAME.png."""
    # caret="hide" would inject a <style>: a CSP violation of our own making
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, caret="initial")

from tests.browser.support import browser_page  # noqa: F401  (fixture: a watched page, fails on console/CSP errors)

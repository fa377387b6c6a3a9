"""The editors' review desk, a module a page family: queue, claim, article, speaker, submit.

Every action is a POST to its own URL, for editors only (`@editor_required`), done by a service in
apps/claims/services.py or apps/articles/services.py, and answered with the updated partial for htmx or a
redirect for a plain form post, so the pages work with JavaScript off. Reads go through selectors
(apps/claims/selectors.py, apps/articles/selectors.py).
"""

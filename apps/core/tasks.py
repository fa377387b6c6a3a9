"""Sending an app's own Celery tasks from its services without importing its tasks module.

An app's tasks call its services (a task is a few lines: load by id, call a service), and some services send
tasks (dispatch an article, queue a webhook delivery). Importing tasks into services would make the two
modules import each other; services name the task instead, and the registry gives the very task object the
tasks module registered (so eager mode, retries and a test's patched `.delay` all behave as with a direct
call).
"""

from celery import current_app


def task_send(name: str, *args, **kwargs):
    """`.delay(*args, **kwargs)` on the registered task `name` (e.g. "articles.process_article")."""
    return current_app.tasks[name].delay(*args, **kwargs)


def task_named(name: str):
    """The registered task `name`, for a service that passes it on (e.g. to a sender that retries)."""
    return current_app.tasks[name]

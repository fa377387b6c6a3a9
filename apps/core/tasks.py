"""Sending an app's own Celery tasks from its services without importing its tasks module.

An app's tasks call its services (a task is a few lines: load by id, call a service), and some services send
tasks (dispatch an article, queue a webhook delivery). Importing tasks into services would make the two
modules import each other; services name the task instead, and the registry gives the very task object the
tasks module registered (so eager mode, retries and a test's patched `.delay` all behave as with a direct
call). The web process imports the tasks modules on the first send (a worker imports them at start-up).
"""

from celery import current_app


def task_named(name: str):
    """The registered task `name` (e.g. "articles.process_article")."""
    if name not in current_app.tasks:
        # every INSTALLED_APPS tasks module (config/celery.py: autodiscover_tasks), once per process
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def task_send(name: str, *args, **kwargs):
    """`.delay(*args, **kwargs)` on the registered task `name`."""
    return task_named(name).delay(*args, **kwargs)

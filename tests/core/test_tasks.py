"""Services send their app's tasks by name: the registry must hold them in a fresh web process too, where no
tasks module was imported yet (a worker imports them at start-up)."""

import subprocess
import sys


def test_a_fresh_process_finds_every_task_by_name():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()\n"
        "import sys; assert 'apps.alerts.tasks' not in sys.modules\n"
        "from apps.core.tasks import task_named\n"
        "for name in ('articles.process_article', 'articles.reextract_articles', 'alerts.notify_claim',\n"
        "             'alerts.deliver_webhook', 'similarity.link_claims', 'triage.score_claims'):\n"
        "    assert task_named(name).name == name, name\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")

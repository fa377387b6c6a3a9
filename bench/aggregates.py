"""Time the pages that show aggregates (accuracy, dashboard, a busy speaker page) on bench/review.py's data.

    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/aggregates.py [--iterations 20] [--busy 10000]

Uses the data set bench/review.py builds (run it first with the same BENCH_DATABASE_URL and --claims). Gives
one speaker `--busy` claims (an UPDATE, then `manage.py rebuild_counts` when this code has it), then times
each page in-process with django.test.Client against a bare view (one query, 50 rows, same middleware and
login) and prints p50/p95 wall time, CPU time a request and the queries a request; ratios to the bare view
are what to compare on a busy machine. Run from another checkout (e.g. `git archive` of an older commit) to
get a "before" in the same database.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack_bench"
)
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _count(queries: list[str], execute, sql, params, many, context):
    queries.append(sql)
    return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--busy", type=int, default=10_000, help="claims of the busy speaker")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.AXES_ENABLED = False
    from django.contrib.auth import get_user_model
    from django.contrib.auth.decorators import login_required
    from django.core.management import call_command, get_commands
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import clear_url_caches, path

    import config.urls
    from apps.claims.models import Claim

    busy = Claim.objects.order_by("speaker_id").values_list("speaker_id", flat=True).first()
    if Claim.objects.filter(speaker_id=busy).count() < args.busy:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE claims_claim SET speaker_id = %s WHERE id IN "
                "(SELECT id FROM claims_claim WHERE speaker_id <> %s ORDER BY id LIMIT %s)",
                [busy, busy, args.busy - Claim.objects.filter(speaker_id=busy).count()],
            )
        if "rebuild_counts" in get_commands():
            call_command("rebuild_counts")
        connection.cursor().execute("VACUUM ANALYZE")

    @login_required
    def bare(request):
        rows = Claim.objects.select_related("speaker", "article").order_by("-created_at", "-id")[:50]
        return HttpResponse("".join(f"<li>{c.content} {c.speaker} {c.article.title}</li>" for c in rows))

    config.urls.urlpatterns.append(path("__bench__/bare/", bare))
    clear_url_caches()

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-editor"))
    pages = {
        "bare view": "/__bench__/bare/",
        "accuracy": "/accuracy/",
        "dashboard (a year, by month)": "/dashboard/",
        "dashboard (a year, by week)": "/dashboard/?interval=week",
        f"speaker page ({Claim.objects.filter(speaker_id=busy).count():,} claims)": f"/speakers/{busy}/",
    }
    print(f"{Claim.objects.count():,} claims in {connection.settings_dict['NAME']}")
    results = {}
    for name, url in pages.items():
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        wall, cpu = [], []
        queries: list[str] = []
        with connection.execute_wrapper(partial(_count, queries)):
            client.get(url)
        for _ in range(args.iterations):
            started, started_cpu = time.perf_counter(), time.process_time()
            assert client.get(url).status_code == 200
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        results[name] = pct(wall, 0.95)
        print(
            f"{name:42} p50 {pct(wall, 0.5):7.1f} ms  p95 {pct(wall, 0.95):7.1f} ms  "
            f"cpu {sum(cpu) / len(cpu):6.1f} ms  {len(queries)} queries  "
            f"p95/bare {results[name] / results['bare view']:.1f}"
        )


if __name__ == "__main__":
    main()

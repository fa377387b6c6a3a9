"""Load: 20 editors reviewing concurrently for 60 s against gunicorn + PostgreSQL while a Celery worker
ingests a burst of 500 articles. Real HTTP on 127.0.0.1, bounded in time and count.

    .venv/bin/python bench/load.py [--editors 20] [--seconds 60] [--burst 500] [--think 3]

Needs PostgreSQL and Redis (bin/test starts them). Uses its own database (claimtrack_loadbench, made
anew) and Redis database 12 (BENCH_REDIS_URL, default redis://127.0.0.1:6379/12: bench/ingest.py uses
13, so the two can run side by side). Prints requests/s, p50/p95 per kind of request, errors, the baseline
(/healthz, the same server answering the same load with one trivial query) and, last,
`review/healthz p95 ratio: R`. Then checks that every review action that succeeded is in the audit
history with its editor and that no update was lost (each claim's version = 1 + its successful actions).

The editors' loop, `run_load`, and that check, `audit_check`, are also run by the test suite
(tests/faults/test_load.py), smaller and without timing goals.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "claimtrack_loadbench"
VERSION = re.compile(rb'name="version" value="(\d+)"')
STATUS_FOR = {"confirm": "confirmed", "flag": "unsupported", "dismiss": "dismissed"}


def reset_database() -> None:
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {DB_NAME}"], check=True)


def cpu_seconds(session_leader: int) -> float:
    """CPU time (user + system, s) of every process in this session (a server and its children), from
    /proc: what serving the load cost, whatever else the machine was doing."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[3]) == session_leader:  # fields[3]: the session id (field 6 of proc(5))
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def seed(editors: int, articles: int) -> list[list[int]]:
    """Editors ed0…edN (password "pw"), and a share of review claims for each (plus a few shared ones, to
    exercise conflicts)."""
    from django.conf import settings
    from django.contrib.auth.models import Group, User

    from apps.articles.models import Article, content_hash
    from apps.claims.models import Claim, Speaker

    group, _ = Group.objects.get_or_create(name=settings.EDITORS_GROUP)
    from tests.processes import server_password

    password = server_password("pw")
    for i in range(editors):
        user = User.objects.create(username=f"ed{i}", password=password)
        user.groups.add(group)
    speakers = [Speaker.objects.create(name=f"Bench Speaker{i}") for i in range(50)]
    claims = []
    for a in range(articles):
        text = " ".join(f"Person {a}-{k} said the plan number {k} would work." for k in range(10))
        article = Article.objects.create(
            text=text, content_hash=content_hash(text), status="done", title=f"Bench {a}", origin="paste"
        )
        for k in range(10):
            start = text.index(f"the plan number {k} ")
            end = start + len(f"the plan number {k} would work")
            claims.append(
                Claim(
                    article=article,
                    speaker=speakers[(a + k) % 50],
                    content=text[start:end],
                    start=start,
                    end=end,
                    cue="said",
                    extractor_version="bench",
                )
            )
    Claim.objects.bulk_create(claims)
    ids = list(Claim.objects.values_list("pk", flat=True))
    random.Random(7).shuffle(ids)
    shared = ids[:10]
    share = (len(ids) - 10) // editors
    return [ids[10 + i * share : 10 + (i + 1) * share] + shared for i in range(editors)]


def burst_text(i: int) -> str:
    return (
        f"Minister Nadia Farouk{i} said on Tuesday that the ring road {i} would open by spring. "
        f"She provided no evidence for the claim.\n“We are ahead of schedule,” Ms Farouk{i} told reporters. "
        f"Residents' groups said the works had closed {i % 7 + 2} bus routes, citing council data. "
        "Engineers warned that the budget could double.\n" * 3
    )


@dataclass
class LoadResult:
    elapsed: float = 0.0
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    done_actions: list[tuple[int, str, str]] = field(default_factory=list)  # (claim id, status, username)
    burst: list[int] = field(default_factory=list)  # ids of the articles submitted as the burst
    web_cpu: float = 0.0  # CPU seconds the web server used while the editors worked (with server_pid)

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.timings.values())


def run_load(
    *,
    web_url: str,
    shares: list[list[int]],
    seconds: float,
    burst: int,
    think: float,
    warm_up: bool = True,
    server_pid: int | None = None,
) -> LoadResult:
    """One editor per share (ed0, ed1, …, signed in before the clock starts) loops for `seconds`: the queue
    (htmx), /healthz, a claim of the share, reading it for ~`think` s, then confirm / flag / dismiss it with
    the version it saw. `burst` articles are submitted just before (a worker must be running)."""
    from apps.articles.services import article_submit_text
    from tests.processes import Browserless

    result = LoadResult()
    lock = threading.Lock()
    deadline = float("inf")  # set when the editors start

    def timed(kind: str, call, *call_args):
        started = time.perf_counter()
        try:
            response = call(*call_args)
            body = response.read()
            code = response.status
        except urllib.error.HTTPError as exc:
            body, code = exc.read(), exc.code
        except OSError as exc:
            with lock:
                result.errors.append(f"{kind}: {exc}")
            return None, None
        with lock:
            result.timings[kind].append(time.perf_counter() - started)
            if code >= 500:
                result.errors.append(f"{kind}: HTTP {code}")
        return code, body

    def editor(i: int, session: Browserless) -> None:
        rng = random.Random(i)
        time.sleep(rng.uniform(0, think))  # editors start their sessions at different moments
        while time.monotonic() < deadline:
            timed("queue", session.get, "/claims/?status=new", {"HX-Request": "true"})
            timed("healthz", session.get, "/healthz")
            pk = rng.choice(shares[i])
            code, body = timed("claim", session.get, f"/claims/{pk}/")
            if code != 200:
                continue
            version = VERSION.search(body).group(1).decode()
            time.sleep(rng.uniform(0.5, 1.5) * think)  # reading the claim before deciding
            action = rng.choice(list(STATUS_FOR))
            code, _ = timed(
                "action",
                session.post,
                f"/claims/{pk}/{action}/",
                {"version": version},
                {"HX-Request": "true"},
            )
            with lock:
                if code == 409:
                    result.conflicts += 1
                elif code == 200:
                    result.done_actions.append((pk, STATUS_FOR[action], f"ed{i}"))

    if warm_up:
        # untimed: the gunicorn processes import the views and compile the templates once, as a server that
        # has been up a while has done (the figures are for the steady state)
        warm = Browserless(web_url)
        warm.login("ed0", "pw")
        for _ in range(20):
            warm.get("/claims/?status=new", {"HX-Request": "true"}).read()
            warm.get(f"/claims/{shares[0][0]}/").read()
    # signed in already: a login hashes the password (~0.3 s of CPU each), not review work
    sessions = []
    for i in range(len(shares)):
        sessions.append(Browserless(web_url))
        sessions[i].login(f"ed{i}", "pw")
    result.burst = [
        article_submit_text(text=burst_text(i), title=f"Burst {i}").article.pk for i in range(burst)
    ]
    cpu_before = cpu_seconds(server_pid) if server_pid else 0.0
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=editor, args=(i, s)) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.monotonic() - started
    result.web_cpu = cpu_seconds(server_pid) - cpu_before if server_pid else 0.0
    return result


def audit_check(done_actions: list[tuple[int, str, str]]) -> tuple[list, list[int]]:
    """The successful actions missing from the audit history (with their editor), and the claims whose
    version does not count every successful action on them (a lost update)."""
    from apps.claims.models import Claim

    history = Claim.history.model.objects
    missing = [
        a
        for a in done_actions
        if not history.filter(id=a[0], review_status=a[1], history_user__username=a[2]).exists()
    ]
    counts: dict[int, int] = defaultdict(int)
    for pk, _, _ in done_actions:
        counts[pk] += 1
    lost = [pk for pk, n in counts.items() if Claim.objects.get(pk=pk).version != 1 + n]
    return missing, lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument(
        "--think",
        type=float,
        default=3.0,
        help="seconds an editor spends reading a claim before deciding (0: a closed-loop stress test)",
    )
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--web-threads", type=int, default=8, help="gunicorn threads per process")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    reset_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from apps.articles.models import Article
    from tests.processes import WebProcess, WorkerProcess, purge_queue

    call_command("migrate", verbosity=0)
    shares = seed(args.editors, articles=200)
    # statistics as autovacuum keeps them on a running server: the planner picks the queue's indexes
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    purge_queue()
    # the worker runs at a lower CPU priority, as docs/operations.md advises when it shares a machine with web
    worker = WorkerProcess({"CONN_MAX_AGE": "60"}, name="bench", concurrency=1, nice=10).start()
    web = WebProcess({"CONN_MAX_AGE": "60"}, workers=args.web_workers, threads=args.web_threads)
    web.production_mode(ROOT / "var" / "bench-static").start()
    try:
        worker_cpu = cpu_seconds(worker.proc.pid)
        result = run_load(
            web_url=web.url,
            shares=shares,
            seconds=args.seconds,
            burst=args.burst,
            think=args.think,
            server_pid=web.proc.pid,
        )
        worker_cpu = cpu_seconds(worker.proc.pid) - worker_cpu  # its start-up left out, the burst in
        burst_done = Article.objects.filter(pk__in=result.burst, status="done").count()
    finally:
        web.stop()
        worker.stop()

    timings, elapsed = result.timings, result.elapsed
    print(
        f"{args.editors} editors (~{args.think:g} s reading each claim) for {elapsed:.0f} s, "
        f"burst of {args.burst} articles ({burst_done} extracted by one worker process meanwhile)"
    )
    web_cpu = result.web_cpu
    print(
        f"gunicorn {args.web_workers} processes x {args.web_threads} threads; CPU used while the editors "
        f"worked: web {web_cpu:.1f} s ({web_cpu / max(result.requests, 1) * 1000:.1f} ms a request), "
        f"worker {worker_cpu:.1f} s (at nice 10), of {elapsed * (os.cpu_count() or 1):.0f} s on "
        f"{os.cpu_count()} cores"
    )
    print(
        f"requests: {result.requests} ({result.requests / elapsed:.1f}/s), errors: {len(result.errors)}, "
        f"edit conflicts (409): {result.conflicts}"
    )
    for kind in ("queue", "claim", "action", "healthz"):
        values = timings[kind]
        print(
            f"  {kind:8s} n={len(values):5d}  p50={percentile(values, 0.5) * 1000:6.1f} ms  "
            f"p95={percentile(values, 0.95) * 1000:6.1f} ms"
        )
    for line in result.errors[:10]:
        print("  error:", line)
    review = timings["queue"] + timings["claim"] + timings["action"]
    missing, lost = audit_check(result.done_actions)
    print(
        f"audit: {len(result.done_actions)} actions, {len(missing)} missing from the history; "
        f"lost updates: {len(lost)}"
    )
    print(
        f"review p95: {percentile(review, 0.95) * 1000:.1f} ms (goal < 300 ms), "
        f"overall p50: {statistics.median(review) * 1000:.1f} ms"
    )
    print(f"review/healthz p95 ratio: {percentile(review, 0.95) / percentile(timings['healthz'], 0.95):.2f}")
    return 1 if result.errors or missing or lost else 0


if __name__ == "__main__":
    sys.exit(main())

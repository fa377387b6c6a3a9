"""Ingestion throughput: articles per minute through the real pipeline with 1, 2 (and 4) worker processes.

    .venv/bin/python bench/ingest.py [--articles 200] [--workers 1 2 4] [--quick]

A local HTTP server on 127.0.0.1 serves generated news articles (HTML, each different, a dozen quoted and
reported claims apiece; pre-rendered, so serving costs next to nothing). For each worker count the bench
makes its database anew (claimtrack_bench_ingest, from a migrated template), starts one Celery worker with
that prefork concurrency on Redis database 13, warms every pool process with two articles, then submits the
N articles by URL (as a feed poll does) and times until every article is finished and every task the
pipeline sent (process_article: fetch, clean, store the text, extract, store the claims; then
similarity.link_claims: index and link the new claims; triage.score_claims twice) has run. The end is when
the last task ended, as read from the worker's log; the bench polls every 0.5 s with one query.

Prints, for each worker count: articles/min, the worker's task times, its resident memory (all its
processes), its CPU time and how many cores that kept busy; the CPU spent outside the worker on each article
(PostgreSQL's server processes for the worker's sessions and for the bench's, redis-server (shared with
whatever else uses it), the bench's HTTP server, submitting and polling, and its samplers) and the cores busy
with it all; how busy the whole machine was, and how much of that was other work than this bench's; and, measured inside the worker (this file runs it, with timers around the pipeline's
functions: worker_entry), each task's CPU and wall time per article, its stages (fetch, clean, extract =
spaCy parse + rules, persist; index = frames parse + writing, candidates, links, near misses; rest = task
overhead: loading rows, status saves, signals) and its database round trips. Then a check that every
article's claims are stored once and, last, `ingest scaling 1->2 workers: R` (throughput with 2 processes
over throughput with 1). Exits 1 when an article is not done, a claim is stored twice or a task failed (the
errors are printed).

Needs PostgreSQL and Redis (as bin/test or bin/run with DATABASE_URL/REDIS_URL). Runs on the app install
alone (no pytest). `--quick` is a smoke run: 10 articles, 1 and 2 processes. On a 2-core machine the ratio
can only approach 2 when nothing else runs: the worker's processes share the cores with PostgreSQL, Redis
and this bench (the "outside the worker" line says how much they take).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "claimtrack_bench_ingest"
TEMPLATE = "claimtrack_bench_ingest_template"
REDIS_URL = "redis://127.0.0.1:6379/13"
QUEUE = "claimtrack_bench_ingest"
WORKER_FLAG = "--celery-worker"  # this file run as the Celery worker, with the stage timers below
STAGES_MARK = "BENCH-STAGES "
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c"]

FIRST = [
    "Anna",
    "Marek",
    "Sofia",
    "David",
    "Leila",
    "Tomas",
    "Grace",
    "Omar",
    "Ines",
    "Pavel",
    "Ruth",
    "Kofi",
]
LAST = ["Kowalska", "Novak", "Haddad", "Ortega", "Mensah", "Lindqvist", "Petrov", "Okafor", "Silva", "Brandt"]
ROLES = ["the finance minister", "the opposition leader", "the central bank governor", "the mayor",
         "the health minister", "a government spokesman", "the union leader", "the interior minister"]  # fmt: skip
TOPICS = ["inflation", "fuel prices", "the border", "the budget", "wages", "the election", "hospital waiting lists",
          "school funding", "gas exports", "the army", "corruption", "the new tax", "farm subsidies"]  # fmt: skip
VERBS = ["said", "told reporters", "claimed", "insisted", "warned", "argued", "announced"]
NUMBERS = [
    "3 percent",
    "12 percent",
    "40,000 people",
    "1.2 billion dollars",
    "half",
    "two thirds",
    "17 years",
]


def article_html(i: int) -> bytes:
    """One generated news page: title, byline, a dozen paragraphs of quoted and reported claims. Unique text
    per i (the pipeline drops a text it already has as a duplicate)."""
    rng = random.Random(i)
    people = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ROLES)) for _ in range(4)]
    topic = rng.choice(TOPICS)
    paragraphs = []
    for p in range(12):
        name, role = people[p % len(people)]
        surname = name.split()[1]
        t, n, verb = rng.choice(TOPICS), rng.choice(NUMBERS), rng.choice(VERBS)
        kind = p % 4
        if kind == 0:
            text = f"“{t.capitalize()} rose by {n} last year and will fall again by spring,” {name}, {role}, {verb}."
        elif kind == 1:
            text = (
                f"{surname} {verb} that the government had spent {n} more on {t} than in report {i}-{p}, "
                "but did not provide evidence for this claim."
            )
        elif kind == 2:
            text = (
                f"According to {name}, {t} is the main reason why {n} of voters now distrust the parliament. "
                f"Critics say the figure is wrong."
            )
        else:
            text = (
                f"“We have never cut {t}, and we never will,” {surname} added, speaking in the capital on "
                f"day {p + 1} of the talks about {topic}."
            )
        paragraphs.append(f"<p>{text}</p>")
    title = f"Row over {topic} deepens as ministers trade claims ({i})"
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1><p class='byline'>By Bench Reporter</p>{''.join(paragraphs)}</article>"
        "<footer>© Bench News</footer></body></html>"
    )
    return page.encode()


PAGES: dict[int, bytes] = {}  # pre-rendered responses (status line, headers, body), so serving costs little
HTTP_CPU = [0.0]  # CPU seconds the server's request threads spent answering


def prerender(numbers: range) -> None:
    for i in numbers:
        body = article_html(i)
        head = f"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
        PAGES[i] = head.encode() + body


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        t0 = time.thread_time()
        match = re.fullmatch(r"/news/(\d+)\.html", self.path.split("?")[0])
        if not match:
            self.send_error(404)
            return
        i = int(match.group(1))
        if i not in PAGES:
            prerender(range(i, i + 1))
        self.wfile.write(PAGES[i])
        HTTP_CPU[0] += time.thread_time() - t0

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet
        pass


def serve() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def make_template() -> None:
    """A migrated, empty database to copy for each run (CREATE DATABASE ... TEMPLATE)."""
    subprocess.run([*PSQL, f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"], check=True)
    subprocess.run([*PSQL, f"CREATE DATABASE {TEMPLATE}"], check=True)
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{TEMPLATE}"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


def fresh_database() -> None:
    from django.db import connections

    connections.close_all()
    subprocess.run([*PSQL, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"], check=True)
    subprocess.run([*PSQL, f"CREATE DATABASE {DB_NAME} TEMPLATE {TEMPLATE}"], check=True)


class Worker:
    """`celery worker` with prefork concurrency C, its log kept, its processes' memory sampled."""

    def __init__(self, concurrency: int):
        self.concurrency = concurrency
        self.log: list[str] = []
        self.ready = threading.Event()
        self.peak_rss_kb = 0
        self.peak_child_kb = 0
        self.stopping = threading.Event()
        self.cpu_ticks: dict[str, int] = {}
        self.received = self.succeeded = self.failed = 0
        self.last_done = 0.0  # time.monotonic() when the last task end was read
        env = {
            **os.environ,
            "CLAIMTRACK_FETCH_ALLOW_PRIVATE": "true",
            "CONN_MAX_AGE": "60",
            "DATABASE_APPLICATION_NAME": "claimtrack-bench-ingest",
            "LOG_LEVEL": "INFO",  # the task lines ("received", "succeeded in") are read from the log
        }
        cmd = [sys.executable, __file__, WORKER_FLAG, "--loglevel", "INFO", "--pool", "prefork",
               "--concurrency", str(concurrency), "--hostname", f"ingest{concurrency}@%h", "--without-gossip",
               "--without-mingle", "--without-heartbeat"]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._sample, daemon=True).start()
        if not self.ready.wait(120):
            self.stop()
            raise RuntimeError("Celery worker did not start:\n" + "\n".join(self.log[-40:]))

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.append(line.rstrip())
            if " ready." in line:
                self.ready.set()
            if re.search(r"Task [\w.]+\[[^\]]+\] received", line):
                self.received += 1
            elif re.search(r"Task [\w.]+\[[^\]]+\] succeeded", line):
                self.succeeded += 1
                self.last_done = time.monotonic()
            elif re.search(r"Task [\w.]+\[[^\]]+\] (raised|retry)", line):
                self.failed += 1
                self.last_done = time.monotonic()

    def reset(self) -> None:
        self.log.clear()
        self.received = self.succeeded = self.failed = 0

    def _rss(self) -> list[int]:
        """Resident kB of each of the worker's processes; records their CPU time (utime + stime) as it goes."""
        sizes = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) != self.proc.pid:  # process group = the worker's session
                    continue
                status = (stat.parent / "status").read_text()
            except (OSError, IndexError, ValueError):
                continue
            self.cpu_ticks[stat.parent.name] = int(fields[11]) + int(fields[12])
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match.group(1)))
        return sizes

    def cpu_seconds(self) -> float:
        """CPU time the worker's processes have used so far (read now)."""
        self._rss()
        return sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")

    def _sample(self) -> None:
        while not self.stopping.wait(0.5):
            sizes = self._rss()
            if sizes:
                self.peak_rss_kb = max(self.peak_rss_kb, sum(sizes))
                self.peak_child_kb = max(self.peak_child_kb, max(sizes))

    def task_times(self) -> dict[str, list[float]]:
        times: dict[str, list[float]] = defaultdict(list)
        for line in self.log:
            match = re.search(r"Task ([\w.]+)\[[^\]]+\] succeeded in ([\d.]+)s", line)
            if match:
                times[match.group(1)].append(float(match.group(2)))
        return times

    def errors(self) -> list[str]:
        """Each task failure or retry line, with the exception line that follows it."""
        out = []
        for i, line in enumerate(self.log):
            if re.search(r"Task [\w.]+\[[^\]]+\] (raised|retry)", line):
                tail = next(
                    (x for x in self.log[i + 1 : i + 60] if re.match(r"^\w[\w.]*(Error|Exception)\b", x)), ""
                )
                out.append(f"{line[line.find('Task ') :][:300]} {tail[:200]}")
        return out

    def counts(self) -> tuple[int, int, int]:
        return self.received, self.succeeded, self.failed

    def stages(self) -> list[dict]:
        """The per-task stage records the pool processes logged (worker_entry)."""
        return [json.loads(line.split(STAGES_MARK, 1)[1]) for line in self.log if STAGES_MARK in line]

    def stop(self) -> None:
        self.stopping.set()
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


# --- Inside the worker: where each task's time goes --------------------------------------------------------

# (module, function, stage): the pipeline's functions timed where the pipeline calls them. Nested stages:
# parse+rules inside extract (rules = the attribution rules on the parsed doc), frames inside index.
TIMED = [
    ("apps.articles.services", "fetch_url", "fetch"),
    ("apps.articles.services", "clean_html", "clean"),
    ("apps.articles.services", "extract_claims", "extract"),
    ("apps.extraction.pipeline", "_from_doc", "rules"),
    ("apps.articles.services", "article_persist_extraction", "persist"),
    ("apps.similarity.services", "claims_index", "index"),
    ("apps.similarity.services", "frames_of", "frames parse"),
    ("apps.similarity.services", "_matches_checked", "candidates"),
    ("apps.similarity.services", "_links_replace", "links"),
    ("apps.similarity.services", "_near_misses_replace", "near misses"),
]


def worker_entry(argv: list[str]) -> None:
    """`celery worker` (argv: its options) with each pipeline stage's CPU and wall time, and each task's
    database round trips, logged once per task (a STAGES_MARK line) by the pool process that ran it."""
    import importlib
    import logging

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from celery.signals import task_postrun, task_prerun
    from django.db import connection

    from config.celery import app

    logger = logging.getLogger("bench.ingest")
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # stage -> [cpu, wall]
    db = [0, 0.0]  # queries, wall seconds waiting for them

    def timed(func, stage):
        def wrapper(*args, **kwargs):
            c0, t0 = time.process_time(), time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[stage][0] += time.process_time() - c0
                spent[stage][1] += time.perf_counter() - t0

        return wrapper

    for module, name, stage in TIMED:
        mod = importlib.import_module(module)
        setattr(mod, name, timed(getattr(mod, name), stage))

    def count_queries(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db[0] += 1
            db[1] += time.perf_counter() - t0

    started: dict[str, tuple[float, float]] = {}

    @task_prerun.connect(weak=False)
    def _start(task_id, task, **_kwargs):
        if count_queries not in connection.execute_wrappers:
            connection.execute_wrappers.append(count_queries)
        spent.clear()
        db[:] = [0, 0.0]
        started[task_id] = (time.process_time(), time.perf_counter())

    @task_postrun.connect(weak=False)
    def _end(task_id, task, **_kwargs):
        c0, t0 = started.pop(task_id, (time.process_time(), time.perf_counter()))
        record = {
            "task": task.name,
            "cpu": time.process_time() - c0,
            "wall": time.perf_counter() - t0,
            "queries": db[0],
            "db_wall": db[1],
            "stages": dict(spent),
        }
        logger.warning("%s%s", STAGES_MARK, json.dumps(record))

    app.worker_main(["worker", *argv])


_redis = []


def queue_length() -> int:
    """Messages waiting in the queue (kombu's Redis transport: a list per queue and priority), in one round
    trip."""
    import redis

    if not _redis:
        _redis.append(redis.Redis.from_url(REDIS_URL))
    pipe = _redis[0].pipeline(transaction=False)
    for key in [
        QUEUE,
        *(f"{QUEUE}\x06\x16{priority}" for priority in range(1, 10)),
    ]:  # kombu's priority lists
        pipe.llen(key)
    return sum(pipe.execute())


def purge() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)


def wait_idle(worker: Worker, article_ids: list[int], timeout: float) -> float:
    """Every article finished, nothing queued, every task the worker received has ended (seen twice in a row,
    0.5 s apart). Returns when the last task ended (read from the worker's log as it came), so polling
    slowly costs no precision. One query a poll, and the queue looked at only once the articles are done."""
    from apps.articles.models import Article

    deadline, settled = time.monotonic() + timeout, 0
    while time.monotonic() < deadline:
        if any(" raised" in e for e in worker.errors()):  # a task that raised: say so, don't wait it out
            deadline = min(deadline, time.monotonic() + 30)
        unfinished = (
            Article.objects.filter(pk__in=article_ids)
            .exclude(status__in=["done", "failed", "skipped", "duplicate"])
            .exists()
        )
        received, succeeded, failed = worker.counts()
        if not unfinished and received == succeeded + failed and queue_length() == 0:
            settled += 1
            if settled >= 2:
                return worker.last_done
        else:
            settled = 0
        time.sleep(0.5)
    raise RuntimeError(
        f"not finished after {timeout:.0f} s (unfinished articles: {unfinished}, tasks received {received}, "
        f"succeeded {succeeded}, failed {failed}, queued {queue_length()}):\n"
        + "\n".join([*worker.errors()[:5], *worker.log[-20:]])
    )


def submit(base: str, numbers: range) -> list[int]:
    from apps.articles.services import article_submit_url

    return [article_submit_url(url=f"{base}/news/{i}.html").article.pk for i in numbers]


def proc_cpu(pid: int | str) -> float:
    """CPU seconds (user + system) a process has used, 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds the machine's cores have been busy since boot (user, nice, system, irq, softirq)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) / os.sysconf("SC_CLK_TCK")


def redis_pids() -> list[str]:
    return [p.parent.name for p in Path("/proc").glob("[0-9]*/comm") if _read(p) == "redis-server"]


def _read(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


class DatabaseWaits:
    """Samples, every 0.2 s, what the worker's PostgreSQL sessions are doing (pg_stat_activity): running a
    statement, waiting on a lock, or idle inside a transaction. Tells a lock or hot row apart from CPU. Also
    notes those sessions' server processes, whose CPU (PostgreSQL's work for the worker) `cpu()` sums."""

    def __init__(self, bench_backend: int):
        import psycopg

        self.counts: dict[str, int] = defaultdict(int)
        self.samples = 0
        self.stopping = threading.Event()
        self.conn = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
        self.backends: dict[int, float] = {
            bench_backend: proc_cpu(bench_backend)
        }  # pid -> CPU when first seen
        self.bench_backend = bench_backend
        self._sample()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        rows = self.conn.execute(
            "SELECT pid, state, coalesce(wait_event_type, '') FROM pg_stat_activity "
            "WHERE application_name = 'claimtrack-bench-ingest' AND datname = %s",
            [DB_NAME],
        ).fetchall()
        self.samples += 1
        for pid, state, wait in rows:
            if pid not in self.backends:  # warm sessions: from now; a new one: all of it
                self.backends[pid] = proc_cpu(pid) if self.samples == 1 else 0.0
            if state == "active":
                self.counts["lock wait" if wait == "Lock" else "io wait" if wait == "IO" else "running"] += 1
            elif state and state.startswith("idle in transaction"):
                self.counts["idle in transaction"] += 1

    def _run(self) -> None:
        while not self.stopping.wait(0.2):
            self._sample()

    def cpu(self) -> tuple[float, float]:
        """(CPU of the worker's sessions' server processes, of the bench's own session's) since the start."""
        used = {pid: proc_cpu(pid) - start for pid, start in self.backends.items()}
        bench = used.pop(self.bench_backend)
        return sum(max(v, 0.0) for v in used.values()), bench

    def stop(self) -> str:
        self.stopping.set()
        self.thread.join(5)
        self.conn.close()
        n = max(self.samples, 1)
        return (
            ", ".join(f"{k} {v / n:.2f}" for k, v in sorted(self.counts.items())) or "no active session seen"
        )


def run(concurrency: int, n: int, base: str) -> dict:
    from django.db import connection
    from django.db.models import Count

    from apps.articles.models import Article
    from apps.claims.models import Claim

    fresh_database()
    purge()
    worker = Worker(concurrency)
    try:
        # warm-up: articles for each pool process load the model and the code, as a long-running worker has
        warm = submit(base, range(1_000_000, 1_000_000 + concurrency * 2))
        wait_idle(worker, warm, timeout=int(os.environ.get("BENCH_WARM_TIMEOUT", 600)))
        worker.reset()
        load = os.getloadavg()[0]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            bench_backend = cursor.fetchone()[0]
        redis = {pid: proc_cpu(pid) for pid in redis_pids()}
        cpu0, waits, http0 = worker.cpu_seconds(), DatabaseWaits(bench_backend), HTTP_CPU[0]
        bench0, poll0, machine0 = time.process_time(), time.thread_time(), (machine_busy(), time.monotonic())
        started = time.monotonic()
        ids = submit(base, range(n))
        elapsed = wait_idle(worker, ids, timeout=max(600, n * 10)) - started
        cpu = worker.cpu_seconds() - cpu0
        machine = (machine_busy() - machine0[0]) / (time.monotonic() - machine0[1])  # cores, its own window
        others = {
            "postgres (worker's sessions)": waits.cpu()[0],
            "postgres (bench's session)": waits.cpu()[1],
            "redis-server": sum(proc_cpu(pid) - c for pid, c in redis.items()),
            "bench: HTTP server": HTTP_CPU[0] - http0,
            "bench: submit + polling": time.thread_time() - poll0,
        }
        others["bench: samplers, other"] = max(
            time.process_time() - bench0 - others["bench: HTTP server"] - others["bench: submit + polling"],
            0.0,
        )
        sessions = waits.stop()
        times = worker.task_times()
        stages = worker.stages()
    finally:
        worker.stop()
    statuses = dict(Article.objects.filter(pk__in=ids).values_list("status").annotate(n=Count("id")))
    claims = Claim.objects.filter(article_id__in=ids).count()
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT count(*) FROM (SELECT article_id, start, "end" FROM claims_claim WHERE article_id = ANY(%s) '
            "GROUP BY 1, 2, 3 HAVING count(*) > 1) d",
            [ids],
        )
        doubled = cursor.fetchone()[0]
    received, succeeded, failed = worker.counts()
    return {
        "concurrency": concurrency,
        "elapsed": elapsed,
        "per_min": n / elapsed * 60,
        "statuses": statuses,
        "claims": claims,
        "doubled": doubled,
        "failed_tasks": failed,
        "errors": worker.errors(),
        "cpu": cpu,
        "others": others,
        "machine": machine,
        "load": load,
        "sessions": sessions,
        "times": times,
        "stages": stages,
        "rss_mb": worker.peak_rss_kb / 1024,
        "child_mb": worker.peak_child_kb / 1024,
    }


def stage_report(records: list[dict], n: int) -> list[str]:
    """Per article: each task's CPU and wall time, its stages, its database round trips, and the rest (task
    overhead: loading rows, status saves, signals, Celery's own work)."""
    lines = []
    by_task: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_task[record["task"]].append(record)
    for task, recs in sorted(by_task.items(), key=lambda kv: -sum(r["wall"] for r in kv[1])):
        cpu, wall = sum(r["cpu"] for r in recs) / n, sum(r["wall"] for r in recs) / n
        queries, db_wall = sum(r["queries"] for r in recs) / n, sum(r["db_wall"] for r in recs) / n
        stages: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for r in recs:
            for stage, (c, w) in r["stages"].items():
                stages[stage][0] += c / n
                stages[stage][1] += w / n
        lines.append(
            f"{task} x{len(recs) / n:.1f}: CPU {cpu * 1000:.0f} ms, wall {wall * 1000:.0f} ms, "
            f"{queries:.0f} queries ({db_wall * 1000:.0f} ms waiting on them)"
        )
        if stages:
            outer = sum(v[1] for k, v in stages.items() if k not in ("rules", "frames parse"))
            parts = [f"{k} {c * 1000:.0f}/{w * 1000:.0f}" for k, (c, w) in stages.items()]
            parts.append(f"rest {max(wall - outer, 0) * 1000:.0f} ms wall")
            lines.append("    stages CPU/wall ms: " + ", ".join(parts))
    return lines


def main() -> int:
    if sys.argv[1:2] == [WORKER_FLAG]:
        worker_entry(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2, 4], help="prefork concurrencies to run"
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 10 articles, 1 and 2 processes")
    args = parser.parse_args()
    if args.quick:
        args.articles, args.workers = 10, [1, 2]
    if 1 not in args.workers or 2 not in args.workers:
        parser.error("--workers must include 1 and 2 (the last line is the 1->2 ratio)")

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    os.environ["REDIS_URL"] = REDIS_URL
    os.environ["CELERY_QUEUE"] = QUEUE
    os.environ.setdefault("CLAIMTRACK_SIMILARITY_BACKEND", "lexical")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["CLAIMTRACK_ENV_FILE"] = "/dev/null"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["CLAIMTRACK_FETCH_ALLOW_PRIVATE"] = "true"
    workers = sorted(set(args.workers))
    prerender(range(args.articles))
    prerender(range(1_000_000, 1_000_000 + 2 * max(workers)))
    server, base = serve()
    make_template()
    fresh_database()
    import django

    django.setup()

    results = {c: run(c, args.articles, base) for c in workers}
    server.shutdown()

    cores = os.cpu_count()
    print(
        f"{args.articles} articles per run, {cores} cores, similarity backend {os.environ['CLAIMTRACK_SIMILARITY_BACKEND']}"
    )
    bad = 0
    for c, r in results.items():
        process = r["times"].get("articles.process_article", [])
        link = r["times"].get("similarity.link_claims", [])
        others = sum(r["others"].values())
        print(
            f"  {c} worker process{'es' if c > 1 else ''}: {r['per_min']:6.1f} articles/min "
            f"({r['elapsed']:.1f} s), statuses {r['statuses']}, {r['claims']} claims, "
            f"{r['doubled']} stored twice, {r['failed_tasks']} task errors/retries"
        )
        print(
            f"      process_article mean {statistics.mean(process) * 1000 if process else float('nan'):6.0f} ms "
            f"(n={len(process)}), link_claims mean {statistics.mean(link) * 1000 if link else float('nan'):6.0f} ms "
            f"(n={len(link)}); worker RSS peak {r['rss_mb']:.0f} MB in all, largest process {r['child_mb']:.0f} MB"
        )
        print(
            f"      worker CPU {r['cpu']:.1f} s in {r['elapsed']:.1f} s ({r['cpu'] / r['elapsed']:.2f} cores busy of "
            f"{c}; {r['cpu'] / args.articles * 1000:.0f} ms CPU per article); machine load before: {r['load']:.1f}"
        )
        print(
            f"      outside the worker, per article: {others / args.articles * 1000:.0f} ms CPU ("
            + ", ".join(f"{k} {v / args.articles * 1000:.0f}" for k, v in r["others"].items())
            + f"); cores busy, worker + these: {(r['cpu'] + others) / r['elapsed']:.2f} of {cores}"
        )
        print(
            f"      the whole machine was busy {r['machine']:.2f} cores of {cores}: "
            f"{max(r['machine'] - (r['cpu'] + others) / r['elapsed'], 0):.2f} by other work than this bench's"
        )
        print(f"      worker's database sessions, mean number at a time: {r['sessions']}")
        print("      per article, in the worker:")
        for line in stage_report(r["stages"], args.articles):
            print(f"        {line}")
        for line in r["errors"][:5]:
            print(f"      error: {line}")
        bad += r["doubled"] + r["failed_tasks"] + (r["statuses"].get("done", 0) != args.articles)
    for c in sorted(results):
        if c > 1:
            print(f"  scaling 1->{c}: {results[c]['per_min'] / results[1]['per_min']:.2f}")
    print(f"ingest scaling 1->2 workers: {results[2]['per_min'] / results[1]['per_min']:.2f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

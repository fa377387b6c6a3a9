"""Ingestion throughput: articles per minute through the real pipeline with 1, 2 (and 4) worker processes.

    .venv/bin/python bench/ingest.py [--articles 200] [--workers 1 2] [--quick]

A local HTTP server on 127.0.0.1 serves generated news articles (HTML, each different, a dozen quoted and
reported claims apiece). For each worker count the bench makes its database anew (claimtrack_bench_ingest,
from a migrated template), starts one Celery worker with that prefork concurrency on Redis database 13,
warms every pool process with one article, then submits the N articles by URL (as a feed poll does) and
times until every article is finished and every task the pipeline sent (process_article: fetch, clean,
store the text, extract, store the claims; then similarity.link_claims: index and link the new claims) has
run. Prints articles/min, the worker's task times from its log, the worker's resident memory (all its
processes), a per-stage split measured in this process on a sample (fetch, clean, extract), a check that
every article's claims are stored once, and, last, `ingest scaling 1->2 workers: R` (throughput with 2
processes over throughput with 1). Exits 1 when an article is not done, a claim is stored twice or a task
failed (the errors are printed).

Needs PostgreSQL and Redis (as bin/test or bin/run with DATABASE_URL/REDIS_URL). Runs on the app install
alone (no pytest). `--quick` is a smoke run: 10 articles, 1 and 2 processes.
"""

from __future__ import annotations

import argparse
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


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        match = re.fullmatch(r"/news/(\d+)\.html", self.path.split("?")[0])
        if not match:
            self.send_error(404)
            return
        body = article_html(int(match.group(1)))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

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
        env = {
            **os.environ,
            "CLAIMTRACK_FETCH_ALLOW_PRIVATE": "true",
            "CONN_MAX_AGE": "60",
            "DATABASE_APPLICATION_NAME": "claimtrack-bench-ingest",
            "LOG_LEVEL": "INFO",  # the task lines ("received", "succeeded in") are read from the log
        }
        cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO", "--pool", "prefork",
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
        received = sum(1 for line in self.log if re.search(r"Task [\w.]+\[[^\]]+\] received", line))
        succeeded = sum(1 for line in self.log if re.search(r"Task [\w.]+\[[^\]]+\] succeeded", line))
        failed = sum(1 for line in self.log if re.search(r"Task [\w.]+\[[^\]]+\] (raised|retry)", line))
        return received, succeeded, failed

    def stop(self) -> None:
        self.stopping.set()
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def queue_length() -> int:
    """Messages waiting in the queue (kombu's Redis transport: a list per queue and priority)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    return sum(client.llen(key) for key in client.scan_iter(match=f"{QUEUE}*") if client.type(key) == b"list")


def purge() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)


def wait_idle(worker: Worker, article_ids: list[int], timeout: float) -> float:
    """Every article finished, nothing queued, every task the worker received has ended (seen twice in a row,
    0.25 s apart). Returns when it was first seen."""
    from apps.articles.models import Article

    deadline, settled, first = time.monotonic() + timeout, 0, 0.0
    while time.monotonic() < deadline:
        now = time.monotonic()
        unfinished = Article.objects.filter(pk__in=article_ids).exclude(
            status__in=["done", "failed", "skipped", "duplicate"]
        )
        received, succeeded, failed = worker.counts()
        if not unfinished.exists() and queue_length() == 0 and received == succeeded + failed:
            first = first if settled else now
            settled += 1
            if settled >= 2:
                return first
        else:
            settled = 0
        time.sleep(0.25)
    raise RuntimeError(f"not finished after {timeout:.0f} s:\n" + "\n".join(worker.log[-20:]))


def submit(base: str, numbers: range) -> list[int]:
    from apps.articles.services import article_submit_url

    return [article_submit_url(url=f"{base}/news/{i}.html").article.pk for i in numbers]


class DatabaseWaits:
    """Samples, every 0.1 s, what the worker's PostgreSQL sessions are doing (pg_stat_activity): running a
    statement, waiting on a lock, or idle inside a transaction. Tells a lock or hot row apart from CPU."""

    def __init__(self):
        import psycopg

        self.counts: dict[str, int] = defaultdict(int)
        self.samples = 0
        self.stopping = threading.Event()
        self.conn = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.wait(0.1):
            rows = self.conn.execute(
                "SELECT state, coalesce(wait_event_type, '') FROM pg_stat_activity "
                "WHERE application_name = 'claimtrack-bench-ingest' AND datname = %s",
                [DB_NAME],
            ).fetchall()
            self.samples += 1
            for state, wait in rows:
                if state == "active":
                    self.counts[
                        "lock wait" if wait == "Lock" else "io wait" if wait == "IO" else "running"
                    ] += 1
                elif state and state.startswith("idle in transaction"):
                    self.counts["idle in transaction"] += 1

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
        # warm-up: one article per pool process loads the model and the code, as a long-running worker has
        warm = submit(base, range(1_000_000, 1_000_000 + concurrency * 2))
        wait_idle(worker, warm, timeout=600)
        worker.log.clear()
        load = os.getloadavg()[0]
        cpu0, waits = worker.cpu_seconds(), DatabaseWaits()
        started = time.monotonic()
        ids = submit(base, range(n))
        elapsed = wait_idle(worker, ids, timeout=max(600, n * 10)) - started
        cpu = worker.cpu_seconds() - cpu0
        sessions = waits.stop()
        times = worker.task_times()
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
        "load": load,
        "sessions": sessions,
        "times": times,
        "rss_mb": worker.peak_rss_kb / 1024,
        "child_mb": worker.peak_child_kb / 1024,
    }


def stage_split(base: str, sample: int) -> dict[str, float]:
    """Fetch, clean and extract timed one by one in this process (the worker runs the same functions), on
    articles already warm; store and similarity come from the worker's task times."""
    from django.conf import settings

    from apps.articles.cleaning import clean_html, decode_bytes
    from apps.core.http import fetch_url
    from apps.extraction import extract_claims
    from apps.extraction.apps import config_from_settings

    config = config_from_settings()
    extract_claims("Warm-up, the minister said.", config=config)
    spent: dict[str, list[float]] = defaultdict(list)
    for i in range(sample):
        t0 = time.perf_counter()
        response = fetch_url(
            f"{base}/news/{i}.html", max_bytes=settings.CLAIMTRACK_FETCH_MAX_BYTES, timeout=10, allow_private=True,
            user_agent="claimtrack-bench",
        )  # fmt: skip
        t1 = time.perf_counter()
        text = clean_html(decode_bytes(response.body, response.charset), url=response.url).text
        t2 = time.perf_counter()
        extract_claims(text, config=config)
        t3 = time.perf_counter()
        spent["fetch"].append(t1 - t0)
        spent["clean"].append(t2 - t1)
        spent["extract"].append(t3 - t2)
    return {stage: statistics.mean(v) * 1000 for stage, v in spent.items()}


def main() -> int:
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
    server, base = serve()
    make_template()
    fresh_database()
    import django

    django.setup()

    results = {c: run(c, args.articles, base) for c in sorted(set(args.workers))}
    stages = stage_split(base, min(20, args.articles))
    server.shutdown()

    cores = os.cpu_count()
    print(
        f"{args.articles} articles per run, {cores} cores, similarity backend {os.environ['CLAIMTRACK_SIMILARITY_BACKEND']}"
    )
    bad = 0
    for c, r in results.items():
        process = r["times"].get("articles.process_article", [])
        link = r["times"].get("similarity.link_claims", [])
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
        print(f"      worker's database sessions, mean number at a time: {r['sessions']}")
        for line in r["errors"][:5]:
            print(f"      error: {line}")
        bad += r["doubled"] + r["failed_tasks"] + (r["statuses"].get("done", 0) != args.articles)
    print(
        "  stages in one process (mean per article): "
        + ", ".join(f"{stage} {ms:.0f} ms" for stage, ms in stages.items())
        + " (store = process_article minus these)"
    )
    for c in sorted(results):
        if c > 1:
            print(f"  scaling 1->{c}: {results[c]['per_min'] / results[1]['per_min']:.2f}")
    print(f"ingest scaling 1->2 workers: {results[2]['per_min'] / results[1]['per_min']:.2f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

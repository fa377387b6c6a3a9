"""Benchmark the review desk against a bare Django view, in one run, in-process (django.test.Client).

    .venv/bin/python bench/review.py [--claims 100000] [--iterations 60] [--rebuild] [--only X] [--skip X]

Builds (once per --claims N; reused afterwards) a newsroom's year: N claims over N/10 articles and N/50
speakers (100,000 claims, 10,000 articles, 5,000 speakers by default; 1,000,000 / 100,000 / 20,000 with
--claims 1000000), in a dedicated PostgreSQL database, claimtrack_bench (claimtrack_bench_N for another N;
BENCH_DATABASE_URL to change it). Written with COPY, the indexes built once afterwards: minutes at 1M.
Articles are published over the last year (ids in time order), claims sit in their text, speaker 1 has
about 12,000 claims and the rest are skewed, older claims are more often reviewed, each claim has its
history (extracted, then reviewed) and a triage score.

Then times every desk page: the queue (first page; filtered by status + evidence + source + speaker; a
search; a page 90% deep; the htmx partial; worth checking first), the claim, article and speaker pages, the
accuracy page, the dashboard for a year, the CSV export up to its first data row and the API's claims page,
and a bare view that renders the queue's number of rows from one query behind the same middleware and login.
Prints queries, p50/p95 and p95/bare for each, the goals, then `queue/bare p95 ratio: R` and last
`desk/bare p95 ratio at N: R` (R: the slowest desk page's p95 over the bare view's p95).
Goals (issue 14): every desk page p95 < 150 ms and the queue's < 100 ms at 1,000,000 claims; desk/bare <= 2.0
at 100,000 and <= 2.5 at 1,000,000. --only/--skip time the scenarios whose name contains the text (or not).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _claims_arg() -> int:
    """--claims N, read before Django starts (the database name depends on it)."""
    for i, arg in enumerate(sys.argv):
        if arg == "--claims" and i + 1 < len(sys.argv):
            return int(sys.argv[i + 1])
        if arg.startswith("--claims="):
            return int(arg.split("=", 1)[1])
    return 100_000


N_CLAIMS = _claims_arg()
N_ARTICLES, N_SOURCES = N_CLAIMS // 10, 20
N_SPEAKERS = 5_000 if N_CLAIMS <= 100_000 else N_CLAIMS // 50
DEEP = N_CLAIMS * 9 // 10  # the deep page's position in the queue
HEAVY_CLAIMS = 12_000  # speaker 1's claims (a fifth of the set at most): the speaker page with 10,000+
_DB = "claimtrack_bench" if N_CLAIMS == 100_000 else f"claimtrack_bench_{N_CLAIMS}"
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{_DB}")
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

PAGE = 50
WORDS = [
    "government",
    "minister",
    "economy",
    "inflation",
    "border",
    "security",
    "election",
    "protest",
    "army",
    "police",
    "reform",
    "budget",
    "taxes",
    "health",
    "vaccine",
    "school",
    "climate",
    "energy",
    "gas",
    "oil",
    "prices",
    "wages",
    "strike",
    "court",
    "law",
    "corruption",
    "media",
    "terrorism",
    "militants",
    "coup",
    "revolution",
    "alliance",
    "troops",
    "sanctions",
    "trade",
    "exports",
    "farmers",
    "hospital",
]


def ensure_database() -> None:
    import psycopg

    name = BENCH_URL.rsplit("/", 1)[1]
    admin_url = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _indexes_drop(cursor, table: str) -> list[str]:
    """Drop the table's secondary indexes (not those behind a constraint) and return how to recreate them:
    a bulk load then builds each index once, sorted, instead of updating a dozen of them row by row."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
        [table, table],
    )
    rows = cursor.fetchall()
    for name, _definition in rows:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def _columns(names: str) -> list[str]:
    return names.split()


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    quoted = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def build(connection, rng: random.Random) -> None:
    """A year of a newsroom, written with COPY: sources, speakers (one with >= 10,000 claims, the rest
    skewed: a few speak often), articles published over the last year (ids in time order), their claims
    inside their text in text order, a realistic review and evidence mix, triage scores, and the history a
    claim page reads (an "extracted" record per claim, a "reviewed" one per reviewed claim)."""
    from django.contrib.auth import get_user_model

    from apps.articles.models import content_hash

    editors = [
        get_user_model().objects.get_or_create(username=name)[0].pk
        for name in ("bench-editor", "bench-editor-2", "bench-editor-3", "bench-editor-4")
    ]
    year = 365 * 24 * 3600
    now = time.time()
    first = now - year - 2 * 3600  # the newest article is an hour or two old

    def ts(epoch: float) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(epoch))

    per_article = N_CLAIMS // N_ARTICLES
    claim_len, gap = 60, 20
    heavy = min(HEAVY_CLAIMS, N_CLAIMS // 5)  # speaker 1's share: a speaker page with 10,000 claims
    statuses = ["new", "confirmed", "unsupported", "dismissed"]
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no FK or trigger per row: we write all
        cursor.execute("SET maintenance_work_mem = '512MB'")
        recreate = [
            definition
            for table in ("claims_claim", "claims_historicalclaim", "articles_article")
            for definition in _indexes_drop(cursor, table)
        ]
        stamp = ts(first)
        _copy(
            cursor,
            "sources_source",
            [
                "id",
                "name",
                "homepage",
                "feed_url",
                "active",
                "poll_interval",
                "last_error",
                "feed_etag",
                "feed_modified",
                "created_at",
                "updated_at",
            ],
            (
                (
                    i + 1,
                    f"Bench outlet {i}",
                    f"https://outlet{i}.example/",
                    "",
                    False,
                    "00:15:00",
                    "",
                    "",
                    "",
                    stamp,
                    stamp,
                )
                for i in range(N_SOURCES)
            ),
        )
        _copy(
            cursor,
            "claims_speaker",
            ["id", "name", "normalised_name", "kind", "description", "created_at", "updated_at"],
            (
                (i + 1, f"Speaker {i} Person{i}", f"speaker {i} person{i}", "person", "", stamp, stamp)
                for i in range(N_SPEAKERS)
            ),
        )
        article_cols = _columns(
            "id origin url canonical_url feed_entry_id title byline published_at language text content_hash "
            "status error attempts status_changed_at extractor_version extracted_at created_at updated_at "
            "source_id"
        )
        # what a claim and its history records share; then each one's own columns
        shared = _columns(
            "id speaker_mention content start end cue kind evidence evidence_cue review_status reviewed_at "
            "origin edited extractor_version version created_at updated_at article_id reviewed_by_id speaker_id "
            "review_rationale speaker_confident"
        )
        claim_cols = [*shared, "worth_model", "worth_reasons", "worth_score", "source_id"]
        history_cols = [*shared, "history_id", "history_date", "history_type", "history_user_id"]
        cursor.execute(
            "CREATE TEMP TABLE bench_claim_stage (LIKE claims_claim INCLUDING DEFAULTS) ON COMMIT PRESERVE ROWS"
        )
        reasons = {
            level: json.dumps([{"code": code, "text": text, "sign": "+"} for code, text in picks])
            for level, picks in {
                "high": [("figure", "gives a figure"), ("official", "an official speaks")],
                "mid": [("figure", "gives a figure")],
                "low": [],
            }.items()
        }
        claim_id = history_id = 0
        articles, claims, history = [], [], []
        for a in range(N_ARTICLES):
            published = first + (a + rng.random()) * year / N_ARTICLES  # ids in time order
            created = published + rng.uniform(60, 3600)
            parts = [sentence(rng, 9)[:claim_len].ljust(claim_len, ".") for _ in range(per_article)]
            text = (" " * gap).join(parts) + f" (bench article {a})"
            article = {
                "id": a + 1,
                "origin": "feed",
                "url": f"https://outlet{a % N_SOURCES}.example/news/{a}",
                "title": f"Bench article {a}: {sentence(rng, 5)}",
                "published_at": ts(published),
                "language": "en",
                "text": text,
                "content_hash": content_hash(text),
                "status": "done",
                "attempts": 1,
                "extractor_version": "bench",
                "source_id": a % N_SOURCES + 1,
            }
            for column in ("status_changed_at", "extracted_at", "created_at", "updated_at"):
                article[column] = ts(created)
            articles.append([article.get(c, "") for c in article_cols])
            for j, content in enumerate(parts):
                claim_id += 1
                start = j * (claim_len + gap)
                made = created + j
                if claim_id % (N_CLAIMS // heavy) == 0:
                    speaker = 1
                elif rng.random() < 0.04:
                    speaker = None  # the extractor found no speaker
                else:
                    speaker = 2 + int((N_SPEAKERS - 1) * rng.random() ** 2.5)  # a few speak often
                speaker = min(speaker, N_SPEAKERS) if speaker else None
                # older claims are more often reviewed; a week-old claim is usually still new
                age = (now - made) / year
                status = rng.choices(statuses, [100 - 45 * age, 25 * age + 5, 12 * age + 2, 8 * age + 2])[0]
                evidence = rng.choices(["not_stated", "not_provided", "provided"], [70, 20, 10])[0]
                kind = "direct" if rng.random() < 0.4 else "indirect"
                reviewed = None if status == "new" else min(now, made + rng.uniform(600, 5 * 24 * 3600))
                reviewer = None if reviewed is None else rng.choice(editors)
                score = min(100, max(0, int(rng.gauss(45, 22))))
                level = "high" if score >= 70 else "mid" if score >= 40 else "low"
                claim = {
                    "id": claim_id,
                    "speaker_mention": f"Speaker {speaker - 1}" if speaker else "",
                    "content": content,
                    "start": start,
                    "end": start + claim_len,
                    "cue": "said",
                    "kind": kind,
                    "evidence": evidence,
                    "evidence_cue": "",
                    "review_status": "new",
                    "reviewed_at": None,
                    "origin": "machine",
                    "edited": False,
                    "extractor_version": "bench",
                    "version": 1,
                    "created_at": ts(made),
                    "updated_at": ts(made),
                    "article_id": a + 1,
                    "reviewed_by_id": None,
                    "speaker_id": speaker,
                    "review_rationale": "",
                    "speaker_confident": rng.random() > 0.05,
                    "worth_model": "prior-1",
                    "worth_reasons": reasons[level],
                    "worth_score": score,
                    "source_id": article["source_id"],  # the copy claims 0010's trigger keeps
                }
                history_id += 1
                extracted = {**claim, "history_id": history_id, "history_date": ts(made), "history_type": "+"}
                history.append([extracted.get(c) for c in history_cols])
                if reviewed is not None:
                    claim.update(
                        review_status=status,
                        reviewed_at=ts(reviewed),
                        reviewed_by_id=reviewer,
                        version=2,
                        updated_at=ts(reviewed),
                    )
                    history_id += 1
                    history.append(
                        [
                            {
                                **claim,
                                "history_id": history_id,
                                "history_date": ts(reviewed),
                                "history_type": "~",
                                "history_user_id": reviewer,
                            }.get(c)
                            for c in history_cols
                        ]
                    )
                claims.append([claim[c] for c in claim_cols])
            if len(articles) == 5000 or a == N_ARTICLES - 1:
                _copy(cursor, "articles_article", article_cols, articles)
                _copy(cursor, "bench_claim_stage", claim_cols, claims)
                _copy(cursor, "claims_historicalclaim", history_cols, history)
                articles, claims, history = [], [], []
                print(f"  {a + 1:,} articles, {claim_id:,} claims", end="\r", flush=True)
        print("\n  copied; moving claims in with their search vectors, then building indexes")
        quoted = ", ".join(f'"{column}"' for column in claim_cols)
        cursor.execute(
            f"INSERT INTO claims_claim ({quoted}, search_vector) "
            f"SELECT {quoted}, to_tsvector('pg_catalog.english', content) FROM bench_claim_stage"
        )
        cursor.execute("DROP TABLE bench_claim_stage")
        for definition in recreate:
            cursor.execute(definition)
        for table, column in [
            ("sources_source", "id"),
            ("claims_speaker", "id"),
            ("articles_article", "id"),
            ("claims_claim", "id"),
            ("claims_historicalclaim", "history_id"),
        ]:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), (SELECT MAX({column}) FROM {table}))"
            )
        cursor.execute("SET session_replication_role = DEFAULT")


def populate(rebuild: bool) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from apps.claims.models import Claim

    call_command("migrate", verbosity=0)
    if rebuild:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE claims_claim, claims_historicalclaim, claims_speaker, claims_speakeralias, "
                "articles_article, sources_source RESTART IDENTITY CASCADE"
            )
    if Claim.objects.count() >= N_CLAIMS:
        print(f"reusing {Claim.objects.count():,} claims in {connection.settings_dict['NAME']}")
    else:
        if Claim.objects.exists():
            sys.exit(
                f"{connection.settings_dict['NAME']} holds fewer than {N_CLAIMS:,} claims: use --rebuild"
            )
        started = time.perf_counter()
        build(connection, random.Random(4))
        print(f"built {Claim.objects.count():,} claims in {time.perf_counter() - started:.0f} s")
    # the steady state autovacuum keeps: visibility map set (index-only scans), statistics fresh
    connection.cursor().execute("VACUUM ANALYZE")
    user = get_user_model().objects.get(username="bench-editor")
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])
    from apps.claims.models import ClaimTally

    if ClaimTally.objects.count() != Claim.objects.count():  # COPY bypassed the services: count once
        started = time.perf_counter()
        call_command("rebuild_counts")
        print(f"count tables rebuilt in {time.perf_counter() - started:.0f} s")


def bare_view_url() -> str:
    """A bare view: one query, the same number of rows, a plain template, behind the same login."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import clear_url_caches, path

    import config.urls
    from apps.claims.models import Claim

    template = engines["django"].from_string(
        "<html><body><ol>{% for c in claims %}<li><a href='/claims/{{ c.pk }}/'>{{ c.content }}</a> "
        "{{ c.speaker.name }} · {{ c.article.title }} · {{ c.article.source.name }} · {{ c.created_at }} "
        "{{ c.get_kind_display }} {{ c.get_evidence_display }} {{ c.get_review_status_display }}</li>"
        "{% endfor %}</ol></body></html>"
    )

    @login_required
    def bare(request):
        claims = Claim.objects.select_related("speaker", "article", "article__source").order_by(
            "-created_at", "-id"
        )
        return HttpResponse(template.render({"claims": claims[:PAGE]}, request))

    config.urls.urlpatterns.append(path("__bench__/bare/", bare))
    clear_url_caches()
    return "/__bench__/bare/"


def request_ms(client, url: str, headers: dict, first_byte: bool) -> float:
    """One request's wall time in ms; for a streaming response (the CSV export) up to its first row of data:
    the header line comes before any query, so the first byte alone would time nothing."""
    started = time.perf_counter()
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    if first_byte:
        assert response.streaming, url
        chunks = iter(response.streaming_content)
        next(chunks)  # the header
        next(chunks)  # the first claim: its chunk of rows fetched
        elapsed = time.perf_counter() - started
        response.close()  # the rest of the export is not waited for
        return elapsed * 1000
    return (time.perf_counter() - started) * 1000


def timed(client, urls: list[str], iterations: int, rng: random.Random, *, headers=None, first_byte=False):
    """p50/p95 samples: 3 warm-up requests, then `iterations` requests over `urls` (random picks)."""
    headers = headers or {}
    for url in urls[:3] if len(urls) > 1 else urls * 3:
        request_ms(client, url, headers, first_byte)
    return [request_ms(client, rng.choice(urls), headers, first_byte) for _ in range(iterations)]


def query_count(client, url: str, headers: dict, first_byte: bool) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        request_ms(client, url, headers, first_byte)
    return len(queries)


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the data set (read at start)")
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--only", default="", help="time only the scenarios whose name contains this")
    parser.add_argument("--skip", default="", help="leave out the scenarios whose name contains this")
    args = parser.parse_args()

    ensure_database()
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
    from django.test import Client
    from django.utils import timezone

    from apps.articles.models import Article
    from apps.claims.models import Claim
    from apps.claims.selectors import encode_cursor

    populate(args.rebuild)
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-editor"))
    bare = bare_view_url()
    deep = Claim.objects.in_reading_order()[DEEP]
    deep_worth = Claim.objects.in_worth_order()[DEEP]
    rng = random.Random(7)
    claim_ids = [rng.randint(1, N_CLAIMS) for _ in range(20)]
    article_ids = list(Article.objects.order_by("?").values_list("pk", flat=True)[:20])
    heavy = 1  # speaker 1: HEAVY_CLAIMS claims
    heavy_name = "Speaker+0+Person0"  # as the speaker page's link to the queue sends it (by name)
    today = timezone.localdate()
    year_ago = today.replace(year=today.year - 1)

    # name: (urls, HX-Request?, time to first byte?)
    scenarios = {
        "bare view (one query, 50 rows)": ([bare], False, False),
        "queue: first page": (["/claims/"], False, False),
        "queue: filtered (status+evidence+source+speaker)": (
            [
                f"/claims/?status=new&evidence=not_provided&source={src}&speaker={heavy_name}"
                for src in (1, 7, 13)
            ],
            False,
            False,
        ),
        "queue: filtered (new, no evidence, one source)": (
            ["/claims/?status=new&evidence=not_provided&source=" + str(deep.article.source_id)],
            False,
            False,
        ),
        "queue: search": (["/claims/?q=terrorism+militants"], False, False),
        f"queue: {DEEP:,} claims deep": ([f"/claims/?after={encode_cursor(deep)}"], False, False),
        "queue: htmx filter partial": (["/claims/?evidence=not_provided&kind=direct"], True, False),
        "queue: worth checking first": (["/claims/?sort=worth"], False, False),
        "queue: worth first, new, score >= 60": (
            ["/claims/?sort=worth&status=new&min_score=60"],
            False,
            False,
        ),
        f"queue: worth first, {DEEP:,} deep": (
            [f"/claims/?sort=worth&after={encode_cursor(deep_worth, by_worth=True)}"],
            False,
            False,
        ),
        "claim page": ([f"/claims/{pk}/" for pk in claim_ids], False, False),
        "article page": ([f"/articles/{pk}/" for pk in article_ids], False, False),
        f"speaker page ({Claim.objects.filter(speaker_id=heavy).count():,} claims)": (
            [f"/speakers/{heavy}/"],
            False,
            False,
        ),
        "accuracy page": (["/accuracy/"], False, False),
        "dashboard, a year by month": (
            [f"/dashboard/?date_from={year_ago}&date_to={today}&interval=month"],
            False,
            False,
        ),
        "CSV export, first row": (["/claims/export.csv"], False, True),
        "CSV export filtered, first row": (
            [f"/claims/export.csv?status=new&evidence=not_provided&speaker={heavy}"],
            False,
            True,
        ),
        "API: claims page": (["/api/claims"], False, False),
        "API: claims page, filtered": (
            [f"/api/claims?status=unsupported&speaker={heavy}&source=3"],
            False,
            False,
        ),
    }
    if args.only:
        scenarios = {n: s for n, s in scenarios.items() if n.startswith("bare") or args.only in n}
    if args.skip:
        scenarios = {n: s for n, s in scenarios.items() if args.skip not in n}
    results, counts = {}, {}
    for name, (urls, htmx, first_byte) in scenarios.items():
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        print(f"  {name}", end="\r", flush=True)
        results[name] = timed(client, urls, args.iterations, rng, headers=headers, first_byte=first_byte)
        counts[name] = query_count(client, urls[0], headers, first_byte)

    bare_name = "bare view (one query, 50 rows)"
    bare_p95 = pct(results[bare_name], 0.95)
    print(
        f"\n{Claim.objects.count():,} claims · {Article.objects.count():,} articles · "
        f"{args.iterations} requests per scenario · in-process Client\n"
    )
    print(f"{'scenario':52} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p95/bare':>9}")
    for name, samples in results.items():
        p50, p95 = statistics.median(samples), pct(samples, 0.95)
        print(f"{name:52} {counts[name]:7} {p50:8.1f} {p95:8.1f} {p95 / bare_p95:9.2f}")
    desk = {n: pct(s, 0.95) for n, s in results.items() if n != bare_name}
    queue = {n: p for n, p in desk.items() if n.startswith("queue")}
    slowest = max(desk, key=desk.get)
    ratio_goal = 2.0 if N_CLAIMS <= 100_000 else 2.5
    print(f"\ngoals: every desk page p95 < 150 ms, the queue's < 100 ms; desk/bare p95 ratio <= {ratio_goal}")
    if queue:
        print(f"slowest queue p95: {max(queue.values()):.1f} ms ({max(queue, key=queue.get)})")
    print(f"slowest desk page p95: {desk[slowest]:.1f} ms ({slowest})")
    over = [n for n, p in desk.items() if p >= (100 if n in queue else 150)]
    print(f"over goal: {', '.join(over) if over else 'none'}")
    if queue:
        print(f"queue/bare p95 ratio: {max(queue.values()) / bare_p95:.2f}")
    print(f"desk/bare p95 ratio at {N_CLAIMS}: {desk[slowest] / bare_p95:.2f}")


if __name__ == "__main__":
    main()

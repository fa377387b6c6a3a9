"""Benchmark the review desk against a bare Django view, in one run, in-process (django.test.Client).

    .venv/bin/python bench/review.py [--claims 100000] [--iterations 60] [--rebuild]

Builds (once per --claims N; reused afterwards) N claims over N/10 articles and N/50 speakers (100,000 claims,
10,000 articles, 5,000 speakers by default; 1,000,000 / 100,000 / 20,000 with --claims 1000000) in a dedicated
PostgreSQL database, claimtrack_bench (claimtrack_bench_N for another N; BENCH_DATABASE_URL to change it). Then times the queue (first page, a
filtered page, a search, a page 90,000 claims deep) and the claim page, and a bare view that renders the
same number of rows from one query behind the same middleware and login. Prints p50/p95 and ratios; the last
line is `queue/bare p95 ratio: R` (R: the slowest queue scenario's p95 over the bare view's p95).
Goal: R within 2 and every queue p95 under 100 ms.
"""

from __future__ import annotations

import argparse
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


def populate(rebuild: bool) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from apps.articles.models import Article, content_hash
    from apps.claims.models import Claim, Speaker
    from apps.sources.models import Source

    call_command("migrate", verbosity=0)
    if rebuild:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE claims_claim, claims_historicalclaim, claims_speaker, claims_speakeralias, "
                "articles_article, sources_source RESTART IDENTITY CASCADE"
            )
    if Claim.objects.count() >= N_CLAIMS:
        print(f"reusing {Claim.objects.count():,} claims in {connection.settings_dict['NAME']}")
        connection.cursor().execute("VACUUM ANALYZE")
    else:
        started = time.perf_counter()
        rng = random.Random(4)
        now = timezone.now()
        sources = Source.objects.bulk_create(
            [
                Source(name=f"Bench outlet {i}", homepage=f"https://outlet{i}.example/")
                for i in range(N_SOURCES)
            ]
        )
        Speaker.objects.bulk_create(
            [
                Speaker(name=f"Speaker {i} Person{i}", normalised_name=f"speaker {i} person{i}")
                for i in range(N_SPEAKERS)
            ],
            batch_size=5000,
        )
        speaker_ids = list(Speaker.objects.values_list("pk", flat=True))
        per_article = N_CLAIMS // N_ARTICLES
        claim_len, gap = 60, 20
        for batch_start in range(0, N_ARTICLES, 1000):
            articles = []
            for i in range(batch_start, batch_start + 1000):
                parts = [sentence(rng, 9)[:claim_len].ljust(claim_len, ".") for _ in range(per_article)]
                text = (" " * gap).join(parts) + f" (bench article {i})"
                articles.append(
                    Article(
                        source=sources[i % N_SOURCES],
                        origin=Article.Origin.PASTE,
                        title=f"Bench article {i}: {sentence(rng, 5)}",
                        text=text,
                        content_hash=content_hash(text),
                        status=Article.Status.DONE,
                    )
                )
            articles = Article.objects.bulk_create(articles)
            claims = []
            for article in articles:
                for j in range(per_article):
                    start = j * (claim_len + gap)
                    claims.append(
                        Claim(
                            article=article,
                            speaker_id=rng.choice(speaker_ids),
                            content=article.text[start : start + claim_len],
                            start=start,
                            end=start + claim_len,
                            cue="said",
                            kind=rng.choice(["direct", "indirect"]),
                            evidence=rng.choices(["not_stated", "not_provided", "provided"], [70, 20, 10])[0],
                            review_status=(
                                status := rng.choices(
                                    ["new", "confirmed", "unsupported", "dismissed"], [70, 15, 8, 7]
                                )[0]
                            ),
                            reviewed_at=None if status == "new" else now,
                            extractor_version="bench",
                        )
                    )
            Claim.objects.bulk_create(claims, batch_size=5000)
            print(
                f"  {batch_start + 1000:,} articles, {(batch_start + 1000) * per_article:,} claims", end="\r"
            )
        with connection.cursor() as cursor:
            # auto_now_add overwrote created_at with "now": spread it over a year, deterministically
            cursor.execute(
                "UPDATE claims_claim SET created_at = now() - (((id * 7919) % 31536000) || ' seconds')::interval, "
                "reviewed_at = CASE WHEN review_status = 'new' THEN NULL ELSE now() END"
            )
        # the steady state autovacuum keeps: visibility map set (index-only scans), statistics fresh
        connection.cursor().execute("VACUUM ANALYZE")
        print(f"\nbuilt {Claim.objects.count():,} claims in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        # triage scores spread over 0-100 (a data set built before the score existed gets them here)
        cursor.execute(
            "UPDATE claims_claim SET worth_score = (id * 37) % 101, worth_model = 'prior-1', "
            'worth_reasons = \'[{"code": "figure", "text": "gives a figure", "sign": "+"}]\' '
            "WHERE worth_model = ''"
        )
        if cursor.rowcount:
            cursor.execute("VACUUM ANALYZE claims_claim")
    from apps.claims.models import ClaimTally

    if rebuild or ClaimTally.objects.count() != Claim.objects.count():  # bulk_create bypassed the services
        call_command("rebuild_counts")
    user, _ = get_user_model().objects.get_or_create(username="bench-editor")
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])


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


def timed(client, url: str, iterations: int) -> list[float]:
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the data set (read at start)")
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true")
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

    from apps.claims.models import Claim
    from apps.claims.selectors import encode_cursor

    populate(args.rebuild)
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-editor"))
    bare = bare_view_url()
    deep = Claim.objects.order_by("-created_at", "-id")[DEEP]
    deep_worth = Claim.objects.order_by("-worth_score", "-id")[DEEP]
    rng = random.Random(7)
    claim_ids = list(Claim.objects.order_by("?").values_list("pk", flat=True)[:20])

    scenarios = {
        "bare view (one query, 50 rows)": [bare],
        "queue: first page": ["/claims/"],
        "queue: filtered (new, no evidence, one source)": [
            "/claims/?status=new&evidence=not_provided&source=" + str(deep.article.source_id)
        ],
        "queue: search": ["/claims/?q=terrorism+militants"],
        f"queue: {DEEP:,} claims deep": [f"/claims/?after={encode_cursor(deep)}"],
        "queue: htmx filter partial": ["/claims/?evidence=not_provided&kind=direct"],
        "queue: worth checking first": ["/claims/?sort=worth"],
        "queue: worth first, new, score >= 60": ["/claims/?sort=worth&status=new&min_score=60"],
        f"queue: worth first, {DEEP:,} deep": [
            f"/claims/?sort=worth&after={encode_cursor(deep_worth, by_worth=True)}"
        ],
        "claim page": [f"/claims/{pk}/" for pk in claim_ids],
    }
    results = {}
    for name, urls in scenarios.items():
        samples = []
        for _ in range(max(1, args.iterations // len(urls))):
            url = rng.choice(urls)
            samples.extend(timed(client, url, 1) if len(urls) > 1 else [])
        if len(urls) == 1:
            headers = {"HTTP_HX_REQUEST": "true"} if "partial" in name else {}
            if headers:
                samples = []
                for _ in range(5):
                    client.get(urls[0], **headers)
                for _ in range(args.iterations):
                    started = time.perf_counter()
                    client.get(urls[0], **headers)
                    samples.append((time.perf_counter() - started) * 1000)
            else:
                samples = timed(client, urls[0], args.iterations)
        results[name] = samples

    bare_p95 = pct(results["bare view (one query, 50 rows)"], 0.95)
    print(
        f"\n{Claim.objects.count():,} claims · {args.iterations} requests per scenario · in-process Client\n"
    )
    print(f"{'scenario':50} {'p50 ms':>8} {'p95 ms':>8} {'p95/bare':>9}")
    for name, samples in results.items():
        p50, p95 = statistics.median(samples), pct(samples, 0.95)
        print(f"{name:50} {p50:8.1f} {p95:8.1f} {p95 / bare_p95:9.2f}")
    queue_p95 = max(pct(s, 0.95) for n, s in results.items() if n.startswith("queue"))
    print(
        f"\nslowest queue p95: {queue_p95:.1f} ms (goal < 100 ms); claim page p95: "
        f"{pct(results['claim page'], 0.95):.1f} ms"
    )
    print(f"queue/bare p95 ratio: {queue_p95 / bare_p95:.2f}")


if __name__ == "__main__":
    main()

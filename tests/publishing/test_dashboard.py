from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.publishing.charts import Series, grouped_bar_chart, nice_ceiling, sparkline
from apps.publishing.selectors import DashboardRange, period_starts
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, SpeakerFactory

URL = "/dashboard/"


def at(y, m, d):
    return datetime(y, m, d, 12, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def claims(db):
    herald, post = SourceFactory(name="Herald"), SourceFactory(name="Post & <Times>")
    doe = SpeakerFactory(name="Jane <b>Doe</b>")
    reed = SpeakerFactory(name="Tom Reed")
    for month, source, speaker, status, evidence in [
        (1, herald, doe, "unsupported", "not_stated"),
        (1, herald, doe, "new", "not_provided"),
        (2, post, doe, "unsupported", "not_provided"),
        (3, post, reed, "new", "not_provided"),
        (3, post, reed, "confirmed", "provided"),  # neither: not counted
    ]:
        ClaimFactory(
            article=ArticleFactory(source=source, published_at=at(2026, month, 10)),
            speaker=speaker,
            review_status=status,
            reviewed_at=None if status == "new" else timezone.now(),
            evidence=evidence,
        )
    return {"doe": doe, "reed": reed, "herald": herald, "post": post}


def test_url():
    assert reverse("publishing:dashboard") == URL


def test_dashboard_counts_and_charts(reader_client, claims):
    response = reader_client.get(
        URL, {"date_from": "2026-01-01", "date_to": "2026-03-31", "interval": "month"}
    )
    assert response.status_code == 200
    data = response.context["data"]
    assert data.totals == {"unsupported": 2, "no_evidence": 3}
    series = {s.name: s.values for s in data.chart.series}
    assert series == {"Unsupported": [1, 1, 0], "No evidence given": [1, 1, 1]}
    assert [(r.name, r.unsupported, r.no_evidence, r.problems) for r in data.speakers] == [
        ("Jane <b>Doe</b>", 2, 2, 3),
        ("Tom Reed", 0, 1, 1),
    ]
    assert [r.spark.bars[i].label for r in data.speakers[:1] for i in range(3)] == [
        "Jan 2026: 2",
        "Feb 2026: 1",
        "Mar 2026: 0",
    ]
    assert [(r.name, r.problems) for r in data.sources] == [("Herald", 2), ("Post & <Times>", 2)]
    html = response.content.decode()
    assert html.count('<rect class="bar ') == 6
    assert '<svg class="chart"' in html and html.count('class="sparkline"') == 4
    assert "Jane &lt;b&gt;Doe&lt;/b&gt;" in html and "<b>Doe</b>" not in html
    assert "Post &amp; &lt;Times&gt;" in html
    assert "Jan 2026: 1 unsupported" in html  # bar tooltips
    assert 'aria-current="page"' in html and ">Dashboard</a>" in html


def test_weekly_and_range_limits(reader_client, claims):
    response = reader_client.get(
        URL, {"date_from": "2026-02-01", "date_to": "2026-02-28", "interval": "week"}
    )
    data = response.context["data"]
    assert data.range.interval == "week"
    assert len(data.chart.periods) == 5  # weeks starting 26 Jan, 2, 9, 16, 23 Feb
    assert data.totals == {"unsupported": 1, "no_evidence": 1}
    bad = reader_client.get(URL, {"date_from": "2026-03-01", "date_to": "2026-01-01"})
    assert bad.status_code == 200
    assert "The start date is after the end date." in bad.content.decode()


def test_default_range_is_the_last_twelve_months(reader_client, db):
    data = reader_client.get(URL).context["data"]
    today = timezone.localdate()
    assert data.range.date_to == today and data.range.interval == "month"
    assert len(data.chart.periods) in (12, 13)
    assert data.chart.is_empty
    assert "None in this range." in reader_client.get(URL).content.decode()


def test_fixed_number_of_queries(reader_client, claims, django_assert_num_queries):
    params = {"date_from": "2026-01-01", "date_to": "2026-03-31"}
    reader_client.get(URL, params)
    # session + user (with the editor check for the nav) + the five dashboard queries (totals, top speakers
    # and their sparklines, the same for sources)
    with django_assert_num_queries(7):
        reader_client.get(URL, params)
    for i in range(12):
        ClaimFactory(
            article=ArticleFactory(source=SourceFactory(), published_at=at(2026, 2, 1 + i)),
            evidence="not_provided",
        )
    with django_assert_num_queries(7):
        reader_client.get(URL, params)


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_period_starts():
    assert period_starts(DashboardRange(date(2025, 11, 15), date(2026, 2, 1))) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    weeks = period_starts(DashboardRange(date(2026, 1, 1), date(2026, 1, 15), "week"))
    assert weeks == [date(2025, 12, 29), date(2026, 1, 5), date(2026, 1, 12)]
    assert all(w.weekday() == 0 for w in weeks)


def test_chart_geometry():
    assert nice_ceiling(0) == (4, 1)
    assert nice_ceiling(7) == (8, 2)
    assert nice_ceiling(37) == (40, 10)
    assert nice_ceiling(101) == (200, 50)
    chart = grouped_bar_chart(
        title="t", periods=["a", "b"], series=[Series("S", "s", [0, 8]), Series("T", "t", [4, 2])], height=228
    )
    heights = [float(b.height) for b in chart.bars]
    assert heights[0] == 0 and heights[1] == 95 and heights[2] == 190  # 190px plot, axis max 8
    assert [t.label for t in chart.y_ticks] == ["0", "2", "4", "6", "8"]
    assert [x.label for x in chart.x_labels] == ["a", "b"]
    spark = sparkline([0, 3, 6], ["x", "y", "z"], width=30, height=12)
    assert [float(b.height) for b in spark.bars] == [1, 5, 10]
    assert spark.bars[0].css == "spark-bar spark-zero"


def test_many_periods_thin_the_labels():
    chart = grouped_bar_chart(
        title="t", periods=[str(i) for i in range(52)], series=[Series("S", "s", [1] * 52)]
    )
    assert len(chart.x_labels) <= 12 and chart.x_labels[0].label == "0"
    assert len(chart.bars) == 52

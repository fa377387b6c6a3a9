"""Server-rendered SVG charts: the geometry is computed here as plain data, the template draws <svg> elements.

No JavaScript and no chart library. Coordinates are pre-formatted strings (no locale formatting in the
template); labels stay plain text and are escaped by the template like everything else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # a class on the bars and the legend swatch
    values: list[int]


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    css: str
    label: str  # the tooltip (<title>) and the accessible text


@dataclass(frozen=True)
class Tick:
    y: str
    label: str


@dataclass(frozen=True)
class XLabel:
    x: str
    label: str


@dataclass
class BarChart:
    title: str
    width: int
    height: int
    plot_left: str
    plot_right: str
    baseline: str
    label_y: str
    series: list[Series]
    periods: list[str]
    bars: list[Bar] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_labels: list[XLabel] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        """The numbers behind the chart, for the table beside it."""
        return [
            {"period": period, "values": [s.values[i] for s in self.series]}
            for i, period in enumerate(self.periods)
        ]

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)


def nice_ceiling(value: int, ticks: int = 4) -> tuple[int, int]:
    """A round axis maximum at or above `value` and its step (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return ticks, 1
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for multiple in (1, 2, 5, 10):
        step = max(1, int(multiple * magnitude))
        if step * ticks >= value:
            return step * ticks, step
    return value, max(1, value // ticks)  # pragma: no cover - the loop always returns


def grouped_bar_chart(
    *,
    title: str,
    periods: list[str],
    series: list[Series],
    width: int = 1000,
    height: int = 280,
    max_labels: int = 12,
) -> BarChart:
    left, right, top, bottom = 40.0, 8.0, 10.0, 28.0
    plot_w, plot_h = width - left - right, height - top - bottom
    baseline = top + plot_h
    peak = max((v for s in series for v in s.values), default=0)
    axis_max, step = nice_ceiling(peak)
    chart = BarChart(
        title=title,
        width=width,
        height=height,
        plot_left=_f(left),
        plot_right=_f(width - right),
        baseline=_f(baseline),
        label_y=_f(baseline + 18),
        series=series,
        periods=periods,
    )
    for tick in range(0, axis_max + 1, step):
        chart.y_ticks.append(Tick(y=_f(baseline - plot_h * tick / axis_max), label=str(tick)))
    if not periods:
        return chart
    slot = plot_w / len(periods)
    group_w = slot * 0.8
    bar_w = group_w / max(1, len(series))
    every = max(1, math.ceil(len(periods) / max_labels))
    for i, period in enumerate(periods):
        x0 = left + i * slot + (slot - group_w) / 2
        for j, s in enumerate(series):
            value = s.values[i]
            h = plot_h * value / axis_max
            chart.bars.append(
                Bar(
                    x=_f(x0 + j * bar_w),
                    y=_f(baseline - h),
                    width=_f(max(bar_w - 1, 1)),
                    height=_f(h),
                    css=s.css,
                    label=f"{period}: {value} {s.name.lower()}",
                )
            )
        if i % every == 0:
            chart.x_labels.append(XLabel(x=_f(left + i * slot + slot / 2), label=period))
    return chart


@dataclass
class Sparkline:
    width: int
    height: int
    bars: list[Bar]


def sparkline(values: list[int], labels: list[str], *, width: int = 120, height: int = 24) -> Sparkline:
    """Small bars, one a period, scaled to the row's own peak; a zero is a 1px stub so the rhythm shows."""
    peak = max(values, default=0) or 1
    slot = width / max(1, len(values))
    bars = []
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        h = max(1.0, (height - 2) * value / peak)
        bars.append(
            Bar(
                x=_f(i * slot),
                y=_f(height - h),
                width=_f(max(slot - 1, 1)),
                height=_f(h),
                css="spark-bar" if value else "spark-bar spark-zero",
                label=f"{label}: {value}",
            )
        )
    return Sparkline(width=width, height=height, bars=bars)

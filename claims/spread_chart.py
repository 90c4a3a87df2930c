"""The timeline chart of a number's spread: who said what number when, against the figure.

Drawn by matplotlib as SVG and inlined as the series pages' charts are (`datasets.charts`):
presentation attributes instead of styles (the CSP), text kept as text, a <title> and a <desc>
that say in words what it shows. Each claim is a point at the date it was said and the number
it quoted; the figure is a dashed line; distorted claims are filled, faithful ones hollow; the
marker's shape is the rating (named in the legend); the first distortion is ringed and labelled.
The table beside the chart holds every claim, those without a date or a number included.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from matplotlib.dates import date2num
from matplotlib.ticker import FuncFormatter

from claims.ratings import RATING_SCALE, rating_label
from claims.spread import Timeline
from datasets.charts import BAR, GRID, INK, MARKED, _figure, _inline, _number, _plain, chart_style

# One marker shape per step of the scale, so that the rating reads without colour.
MARKERS = ("o", "s", "D", "^", "v", "X")
# A log scale when the largest number is this many times the smallest.
LOG_FROM = 20


@dataclass(frozen=True)
class Point:
    said_on: date
    value: Decimal
    text: str
    who: str
    rating: str
    distorted: bool
    first: bool


def timeline_chart_svg(timeline: Timeline, *, title: str) -> SafeString:
    """The chart of the timeline's dated claims that quoted a number; empty when none did."""
    points = tuple(
        Point(
            said_on=step.claim.said_on,
            value=step.judgement.quoted,
            text=step.judgement.quoted_text,
            who=step.claim.claimant,
            rating=step.judgement.rating,
            distorted=step.judgement.distorted,
            first=step.first_distortion,
        )
        for step in timeline.steps
        if step.claim.said_on is not None and step.judgement.quoted is not None
    )
    if not points:
        return mark_safe("")
    return mark_safe(_draw(title, timeline.reference.value, timeline.reference.percent, points))


def _marker(rating: str) -> str:
    return MARKERS[RATING_SCALE.index(rating)] if rating in RATING_SCALE else MARKERS[-1]


def _amount(value: Decimal | float, percent: bool) -> str:
    return _number(value) + ("%" if percent else "")


@lru_cache(maxsize=128)
def _draw(title: str, figure_value: Decimal, percent: bool, points: tuple[Point, ...]) -> str:
    salt = hashlib.sha256(repr((title, figure_value, points)).encode()).hexdigest()[:10]
    with chart_style(salt):
        figure = _figure(4.2)
        axes = figure.add_subplot()
        values = [float(p.value) for p in points] + [float(figure_value)]
        positive = [v for v in values if v > 0]
        log = bool(positive) and max(positive) / min(positive) >= LOG_FROM
        if log:
            axes.set_yscale("log")
        axes.axhline(
            float(figure_value),
            color=INK,
            linestyle="--",
            linewidth=1.4,
            label=_plain(f"the figure: {_amount(figure_value, percent)}"),
        )
        shown: set[str] = set()
        for point in points:
            x = float(date2num(point.said_on))
            label = None
            if point.rating not in shown:
                shown.add(point.rating)
                label = _plain(rating_label(point.rating))
            axes.plot(
                [x],
                [float(point.value)],
                linestyle="none",
                marker=_marker(point.rating),
                markersize=9,
                markerfacecolor=MARKED if point.distorted else "#ffffff",
                markeredgecolor=MARKED if point.distorted else BAR,
                markeredgewidth=1.8,
                color=INK,
                label=label,
            )
            if point.first:
                axes.plot(
                    [x],
                    [float(point.value)],
                    linestyle="none",
                    marker="o",
                    markersize=20,
                    markerfacecolor="none",
                    markeredgecolor=INK,
                    markeredgewidth=1.6,
                )
                axes.annotate(
                    _plain(f"first distortion: {point.text}"),
                    (x, float(point.value)),
                    xytext=(8, 10),
                    textcoords="offset points",
                    fontsize=11,
                    fontweight="bold",
                    color=INK,
                )
        axes.xaxis_date()
        if len({p.said_on for p in points}) == 1:
            middle = float(date2num(points[0].said_on))
            axes.set_xlim(middle - 30, middle + 30)
        figure.autofmt_xdate()
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _amount(v, percent)))
        if not log:
            axes.set_ylim(bottom=0, top=max(values) * 1.15)
        axes.grid(axis="y", color=GRID, linewidth=0.6)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title("Number quoted, by date said", loc="left", fontsize=10, color=INK)
        axes.legend(fontsize=9, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.28), ncol=3)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _inline(buffer.getvalue(), title=title, desc=_describe(figure_value, percent, points),
                  salt=salt)  # fmt: skip
    return svg.replace('class="series-chart"', 'class="series-chart spread-chart"', 1)


def _describe(figure_value: Decimal, percent: bool, points: tuple[Point, ...]) -> str:
    dated = sorted(points, key=lambda p: p.said_on)
    low = min(points, key=lambda p: p.value)
    high = max(points, key=lambda p: p.value)
    distorted = sum(1 for p in points if p.distorted)
    words = (
        f"{len(points)} claim{'s' if len(points) != 1 else ''} from "
        f"{_day(dated[0].said_on)} to {_day(dated[-1].said_on)}, quoting from "
        f"{_amount(low.value, percent)} to {_amount(high.value, percent)} against the figure "
        f"{_amount(figure_value, percent)}; {distorted} distorted it."
    )
    if first := next((p for p in points if p.first), None):
        words += (
            f" First distortion: {first.who or 'unnamed'}, {_day(first.said_on)}, "
            f"“{first.text}”, rated {rating_label(first.rating)}."
        )
    return words


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"

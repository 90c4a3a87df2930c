"""Charts of a series' rows, drawn by matplotlib as SVG, for the series pages and the PDF briefs.

`series_chart_svg(series, rows, marked=...)` returns the chart as SVG markup to place in HTML:
a bar chart by period (a line when there are too many periods for bars), or a ranked bar chart by
state for a table by state. Rows a ruling used (`marked`) stand out by colour, outline and a
printed value; partial periods are hatched; a legend says which is which.

The SVG is made safe to inline under the site's Content Security Policy, which forbids `style`
attributes and elements: matplotlib's inline styles become SVG presentation attributes, and the
text is kept as text (readable by screen readers, escaped by the XML serialiser). The chart has
a <title> and a <desc> that say in words what it shows. matplotlib runs headless (Agg) with its
own bundled font metrics: nothing is fetched.

Drawing takes tens of milliseconds, so charts are kept in a small per-process cache keyed by
everything they show.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol

import matplotlib

matplotlib.use("Agg")

from django.utils.safestring import SafeString, mark_safe
from matplotlib import rc_context
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

BAR = "#2a6f97"
MARKED = "#c1121f"
INK = "#1b1f24"
GRID = "#d0d7de"
# More periods than this and a series by period is drawn as a line.
MAX_BARS = 40
# Presentation attributes an SVG element may carry instead of a style declaration.
PRESENTATION = {
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "opacity",
    "font-size",
    "font-family",
    "font-weight",
    "font-style",
    "text-anchor",
    "clip-path",
}


class SeriesLike(Protocol):
    slug: str
    title: str
    period_kind: str
    unit_text: str


class RowLike(Protocol):
    period_start: date
    period_end: date
    period_text: str
    value: Decimal
    geo: str
    breakdown_key: str
    partial: str


@dataclass(frozen=True)
class Point:
    start: date
    end: date
    text: str
    value: Decimal
    geo: str
    breakdown: str
    partial: bool
    marked: bool


def series_chart_svg(
    series: SeriesLike,
    rows: Iterable[RowLike],
    *,
    marked: Iterable[tuple[date, date, str]] = (),
) -> SafeString:
    """The chart of `rows` of `series` as inline SVG, rows named in `marked` ((start, end, geo))
    highlighted. Empty when there is no row to draw."""
    marks = set(marked)
    points = tuple(
        Point(
            r.period_start,
            r.period_end,
            r.period_text,
            r.value,
            r.geo,
            r.breakdown_key,
            bool(r.partial),
            (r.period_start, r.period_end, r.geo) in marks,
        )
        for r in rows
    )
    if not points:
        return mark_safe("")
    by_state = series.period_kind == "state_fiscal_year" and len({p.geo for p in points}) > 1
    return mark_safe(_draw(series.slug, series.title, series.unit_text, by_state, points))


def _number(value: Decimal | float) -> str:
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,}"


def chart_style(salt: str):
    """matplotlib's settings for every chart of the site: text kept as text in the font it
    measures with, the site's ink, and ids salted by what the chart shows, so that the same chart
    is the same SVG and two charts on one page never share an id."""
    return rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": salt,
            "font.family": "sans-serif",
            # The font matplotlib measures with, which most browsers also have; others fall back.
            "font.sans-serif": ["DejaVu Sans"],
            "font.size": 12,
            "axes.edgecolor": INK,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
        }
    )


@lru_cache(maxsize=256)
def _draw(slug: str, title: str, unit: str, by_state: bool, points: tuple[Point, ...]) -> str:
    salt = hashlib.sha256(repr((slug, by_state, points)).encode()).hexdigest()[:10]
    with chart_style(salt):
        if by_state:
            figure, words = _ranked_by_state(unit, points)
        else:
            figure, words = _by_period(unit, points)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue(), title=f"{title}: {words[0]}", desc=words[1], salt=salt)


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(6.4, height), layout="constrained")
    # Browsers draw the text with their own fonts, a little wider than matplotlib measures.
    figure.get_layout_engine().set(w_pad=0.12, h_pad=0.12)  # type: ignore[union-attr, call-arg]
    return figure


def _main_points(points: tuple[Point, ...]) -> list[Point]:
    """The rows to draw as the series: national, without breakdown, one per period."""
    national = [p for p in points if not p.breakdown and not p.geo] or [
        p for p in points if not p.breakdown
    ]
    return sorted(national or list(points), key=lambda p: (p.start, p.end))


def _by_period(unit: str, points: tuple[Point, ...]) -> tuple[Figure, tuple[str, str]]:
    main = _main_points(points)
    figure = _figure(3.8)
    axes = figure.add_subplot()
    as_bars = len(main) <= MAX_BARS
    if as_bars:
        positions = list(range(len(main)))
        bars = axes.bar(
            positions,
            [float(p.value) for p in main],
            color=[MARKED if p.marked else BAR for p in main],
            edgecolor=[INK if p.marked else BAR for p in main],
            linewidth=[2 if p.marked else 0 for p in main],
            hatch=None,
        )
        for bar, point in zip(bars, main, strict=True):
            if point.partial:
                bar.set_hatch("//")
                bar.set_facecolor("#ffffff")
                bar.set_edgecolor(MARKED if point.marked else BAR)
                bar.set_linewidth(1.5)
        labels = [p.text if len(p.text) <= 14 else p.text[:13] + "…" for p in main]
        step = max(1, len(main) // 12)
        axes.set_xticks(
            positions[::step], [_plain(t) for t in labels[::step]], rotation=45, ha="right"
        )
        for index, point in enumerate(main):
            if point.marked:
                axes.annotate(
                    _number(point.value),
                    (index, float(point.value)),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=11,
                    fontweight="bold",
                    color=INK,
                )
    else:
        middle = [_middle(p) for p in main]
        axes.xaxis_date()
        has_parts = any(p.breakdown and not p.geo for p in points)
        axes.plot(
            middle,
            [float(p.value) for p in main],
            color=BAR,
            linewidth=1.6,
            label="total" if has_parts else None,
        )
        partial = [(m, p) for m, p in zip(middle, main, strict=True) if p.partial]
        if partial:
            axes.plot(
                [m for m, _ in partial],
                [float(p.value) for _, p in partial],
                linestyle="none",
                marker="o",
                markerfacecolor="#ffffff",
                markeredgecolor=BAR,
                label="partial period",
            )
        marked = [(m, p) for m, p in zip(middle, main, strict=True) if p.marked]
        for when, point in marked:
            axes.plot([when], [float(point.value)], marker="D", color=MARKED, markeredgecolor=INK)
            axes.annotate(
                _number(point.value),
                (when, float(point.value)),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                fontsize=11,
                fontweight="bold",
                color=INK,
            )
        figure.autofmt_xdate()
    _breakdown_lines(axes, points, main, as_bars)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: _number(value)))
    axes.set_title(_plain(_short(unit, 70)), loc="left", fontsize=10, color=INK)
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    _legend(axes, main)
    return figure, _describe_periods(main)


def _breakdown_lines(
    axes: Any, points: tuple[Point, ...], main: list[Point], as_bars: bool
) -> None:
    """Each breakdown (Border Patrol, ports of entry; sponsor category) as a line of its own."""
    groups: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        if point.breakdown and not point.geo:
            groups[point.breakdown].append(point)
    index = {(p.start, p.end): i for i, p in enumerate(main)}
    styles = [("--", "s"), (":", "^"), ("-.", "v"), ((0, (1, 3)), "x"), ((0, (5, 1)), "+")]
    for (name, group), (style, marker) in zip(sorted(groups.items()), styles, strict=False):
        group.sort(key=lambda p: p.start)
        if as_bars:
            xs: list[Any] = [index.get((p.start, p.end)) for p in group]
            pairs = [(x, p) for x, p in zip(xs, group, strict=True) if x is not None]
        else:
            pairs = [(_middle(p), p) for p in group]
        if not pairs:
            continue
        axes.plot(
            [x for x, _ in pairs],
            [float(p.value) for _, p in pairs],
            linestyle=style,
            marker=marker,
            markersize=4,
            color=INK,
            linewidth=1.2,
            label=_plain(name.replace("=", " ").replace("_", " ").replace(";", ", ")),
        )


def _middle(point: Point) -> float:
    """The middle of a row's period, as matplotlib's date axis counts days."""
    return float(date2num(point.start + (point.end - point.start) / 2))


def _legend(axes: Any, points: list[Point]) -> None:
    from matplotlib.patches import Patch

    handles, labels = axes.get_legend_handles_labels()
    if any(p.marked for p in points):
        handles.append(Patch(facecolor=MARKED, edgecolor=INK, linewidth=2))
        labels.append("highlighted (value printed)")
    if any(p.partial for p in points) and not any(lbl == "partial period" for lbl in labels):
        handles.append(Patch(facecolor="#ffffff", edgecolor=BAR, hatch="//"))
        labels.append("partial period")
    if handles:
        axes.legend(handles, labels, fontsize=10, frameon=False, loc="best")


def _ranked_by_state(unit: str, points: tuple[Point, ...]) -> tuple[Figure, tuple[str, str]]:
    """States ranked by value for one period: the period of a highlighted row, else the period
    with the most states (the latest of those)."""
    periods = Counter((p.start, p.end) for p in points if p.geo and not p.breakdown)
    chosen = next(((p.start, p.end) for p in points if p.marked and p.geo), None)
    if chosen is None:
        chosen = max(periods, key=lambda key: (periods[key], key)) if periods else None
    ranked = sorted(
        (p for p in points if p.geo and not p.breakdown and (p.start, p.end) == chosen),
        key=lambda p: (p.value, p.geo),
    )
    height = max(2.5, 0.24 * len(ranked) + 1.2)
    figure = _figure(height)
    axes = figure.add_subplot()
    positions = list(range(len(ranked)))
    axes.barh(
        positions,
        [float(p.value) for p in ranked],
        color=[MARKED if p.marked else BAR for p in ranked],
        edgecolor=[INK if p.marked else BAR for p in ranked],
        linewidth=[2 if p.marked else 0 for p in ranked],
        height=0.75,
    )
    axes.set_yticks(positions, [_plain(p.geo) for p in ranked], fontsize=10)
    axes.set_ylim(-0.6, len(ranked) - 0.4)
    for index, point in enumerate(ranked):
        if point.marked:
            axes.annotate(
                _number(point.value),
                (float(point.value), index),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=11,
                fontweight="bold",
                color=INK,
            )
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: _number(value)))
    axes.tick_params(axis="x", labelrotation=30)
    axes.set_title(_plain(_short(unit, 70)), loc="left", fontsize=10, color=INK)
    axes.grid(axis="x", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    _legend(axes, ranked)
    period = ranked[0].text if ranked else ""
    top = ranked[-1] if ranked else None
    words = f"{len(ranked)} states ranked, {period}"
    desc = f"{words}."
    if top:
        desc += f" Highest: {top.geo}, {_number(top.value)}."
    if marked := [p for p in ranked if p.marked]:
        desc += " Highlighted: " + "; ".join(f"{p.geo}, {_number(p.value)}" for p in marked) + "."
    return figure, (f"ranked by state, {period}", desc)


def _describe_periods(main: list[Point]) -> tuple[str, str]:
    first, last = main[0], main[-1]
    top = max(main, key=lambda p: p.value)

    def said(point: Point) -> str:
        return f"{point.text} ({_number(point.value)}{', partial' if point.partial else ''})"

    places = {p.geo for p in main}
    where = f"{places.pop()}: " if len(places) == 1 and "" not in places else ""
    desc = (
        f"{where}{len(main)} periods from {said(first)} to {said(last)}. "
        f"Highest: {top.text}, {_number(top.value)}."
    )
    if marked := [p for p in main if p.marked]:
        desc += " Highlighted: " + "; ".join(f"{p.text}, {_number(p.value)}" for p in marked) + "."
    return "by period", desc


def _plain(text: str) -> str:
    """Text drawn as written: matplotlib would read a pair of dollar signs as mathematics."""
    return text.replace("$", r"\$")


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


DECLARATION = re.compile(r"\s*([a-z-]+)\s*:\s*([^;]+?)\s*(?:;|$)")


def _inline(svg: str, *, title: str, desc: str, salt: str) -> str:
    """matplotlib's SVG document as an element to inline: styles as presentation attributes,
    no metadata, a title and a description, sized by its container."""
    root = ET.fromstring(svg)  # noqa: S314 (matplotlib's own output, no outside XML)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in {f"{{{SVG}}}metadata", f"{{{SVG}}}style"}:
                parent.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for name, value in DECLARATION.findall(style):
                if name in PRESENTATION:
                    element.set(name, value.replace("'", "").strip())
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    for size in ("width", "height"):
        root.attrib.pop(size, None)
    root.set("class", "series-chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"chart-title-{salt} chart-desc-{salt}")
    title_element = ET.Element(f"{{{SVG}}}title", {"id": f"chart-title-{salt}"})
    title_element.text = title
    desc_element = ET.Element(f"{{{SVG}}}desc", {"id": f"chart-desc-{salt}"})
    desc_element.text = desc
    root.insert(0, desc_element)
    root.insert(0, title_element)
    # Other libraries in the process may register these namespaces under prefixes of their own
    # (ElementTree's map is global): name them again so the inline SVG is plain <svg>.
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return ET.tostring(root, encoding="unicode")

"""The findings of a number traced to rows of an official table (series.py): which rows, with
their period, value and source; a row the source marks as partial; a source the claim names
that the table is not. The category, period and harm checks read the aggregate as a figure
(checks.py and fit.py), so they apply to rows exactly as to figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from claims.engine.describe import Describer, amount, and_list, finding, publisher_name
from claims.engine.numerals import plain
from claims.engine.registry import SeriesRecord, SeriesRowRecord
from claims.engine.verdict import Finding

if TYPE_CHECKING:
    from claims.engine.match import Trace
    from claims.engine.series import Aggregate


def row_text(row: SeriesRowRecord, series: SeriesRecord) -> str:
    """ "68,540 apprehensions in FY2014" / "2,845 children in FY2018 for New York"."""
    value = amount(row.value)
    qualifier = row.qualifier.strip().lower()
    if qualifier and not qualifier.startswith("exact"):
        value = f"{qualifier} {value}"
    where = f" for {row.geo}" if row.geo else ""
    partial = " (partial)" if row.partial else ""
    return f"{value} {series.unit} in {row.period_text}{where}{partial}"


def cite(series: SeriesRecord, say: Describer) -> str:
    """The table as a finding names it: its title and who published it."""
    source = say.document(series.document) if series.document else ""
    return f"'{series.title}' ({source or publisher_name(series.publisher)})"


def aggregate_findings(trace: Trace, say: Describer, sources: Sequence[str] = ()) -> list[Finding]:
    """What the rows say of the number: the match, the partial rows, a source mismatch."""
    aggregate = trace.aggregate
    assert aggregate is not None
    figures = (aggregate.figure,)
    said = f"'{trace.number.text}'"
    series = aggregate.series
    rows = aggregate.rows
    findings = []
    if aggregate.kind == "row":
        findings.append(
            finding(
                "figure_match",
                f"{said} matches the row {row_text(rows[0], series)} of {cite(series, say)}.",
                figures,
            )
        )
    elif aggregate.kind == "sum":
        listed = " + ".join(amount(row.value) for row in rows)
        findings.append(
            finding(
                "combined_figures",
                f"{said} adds up {len(rows)} consecutive rows of {cite(series, say)},"
                f" {rows[0].period_text} to {rows[-1].period_text}{_where(rows[0])}:"
                f" {listed} = {amount(aggregate.value)}.",
                figures,
                degree="consecutive",
            )
        )
    elif aggregate.kind == "share":
        findings.append(_share(said, aggregate, say))
    else:
        findings.append(_change(said, aggregate, say))
    partial = aggregate.partial
    if partial:
        findings.append(
            finding(
                "period_mismatch",
                f"The source marks {and_list(f'the row {row.period_text}' for row in partial)}"
                f" of {cite(series, say)} as covering only part of the period; {said} presents"
                " it as the whole.",
                figures,
            )
        )
    if sources and series.document not in sources:
        named = ", ".join(say.document(slug) for slug in sources)
        findings.append(
            finding(
                "source_mismatch",
                f"The claim points to {named}, which does not hold {said}; the number traces to"
                f" {cite(series, say)}.",
                figures,
                documents=sources,
            )
        )
    return findings


def _where(row: SeriesRowRecord) -> str:
    return f" for {row.geo}" if row.geo else ""


def _share(said: str, aggregate: Aggregate, say: Describer) -> Finding:
    part, whole = aggregate.rows
    whole_series = aggregate.whole or aggregate.series
    share = plain(aggregate.value.quantize(Decimal("0.1")))
    return finding(
        "combined_figures",
        f"{said} is the share {part.geo}'s row makes of the national total ({share}%):"
        f" {row_text(part, aggregate.series)} of {cite(aggregate.series, say)}, out of"
        f" {row_text(whole, whole_series)} of {cite(whole_series, say)}.",
        (aggregate.figure,),
        degree="share",
    )


def _change(said: str, aggregate: Aggregate, say: Describer) -> Finding:
    earlier, later = aggregate.rows
    size = plain(aggregate.value.quantize(Decimal("0.1")))
    if aggregate.operation == "ratio":
        result = f"{size} times as many"
    elif aggregate.operation == "percent":
        result = f"a change of {size}%"
    else:
        direction = "more" if later.value >= earlier.value else "fewer"
        result = f"{amount(aggregate.value)} {direction}"
    return finding(
        "combined_figures",
        f"{said} compares two rows of {cite(aggregate.series, say)}:"
        f" {row_text(earlier, aggregate.series)} and {row_text(later, aggregate.series)},"
        f" {result}.",
        (aggregate.figure,),
        degree="change",
    )

"""Read the time frame a quote gives its number: "last month", "since 2021", "in FY2023",
"over the past two years", "three and a half years", "between 2019 and 2023".

Relative frames need the date the claim was made; without it they are left unknown. Fiscal year
N runs from 1 October N-1 to 30 September N.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from claims.engine.numerals import read_quantity
from claims.engine.text import Token

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NUMBERS.update(
    {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
)
_MONTH_NUMBERS["sept"] = 9
_YEAR_PREPOSITIONS = frozenset(["in", "during", "for", "throughout", "of"])
_SPAN_PREPOSITIONS = _YEAR_PREPOSITIONS | {"over", "within"}
# Words that can begin a time frame (besides "FY2023" and "2019-2023").
_TRIGGERS = _SPAN_PREPOSITIONS | {"last", "past", "previous", "this", "since", "between", "from"}
_TRIGGERS |= {"fiscal"}
_DAYS_PER: dict[str, Decimal] = {
    "year": Decimal("365.25"),
    "month": Decimal("30.44"),
    "week": Decimal(7),
    "day": Decimal(1),
    "decade": Decimal("3652.5"),
}


@dataclass(frozen=True, slots=True)
class TimeFrame:
    """The span of dates the quote says its number covers."""

    start: date
    end: date
    text: str  # the words that say it


def fiscal_year(year: int) -> tuple[date, date]:
    return date(year - 1, 10, 1), date(year, 9, 30)


def _year(norm: str) -> int | None:
    """Read "2021" or "2021's" as a year between 1900 and 2100."""
    bare = norm.removesuffix("'s")
    if len(bare) == 4 and bare.isdigit() and 1900 <= int(bare) <= 2100:
        return int(bare)
    return None


def _fiscal(tokens: Sequence[Token], index: int) -> tuple[int, int] | None:
    """Read "FY2023", "FY 2023", "FY23", "fiscal year 2023"; return (year, tokens used)."""
    norm = tokens[index].norm
    if norm.startswith("fy") and norm[2:].isdigit():
        digits = norm[2:]
        if len(digits) == 4:
            return int(digits), 1
        if len(digits) == 2:
            return 2000 + int(digits), 1
    if norm == "fy" and index + 1 < len(tokens) and (year := _year(tokens[index + 1].norm)):
        return year, 2
    if (
        norm == "fiscal"
        and index + 2 < len(tokens)
        and tokens[index + 1].norm == "year"
        and (year := _year(tokens[index + 2].norm))
    ):
        return year, 3
    return None


def _fiscal_span(norm: str) -> tuple[date, date] | None:
    """Read a span written as one token: "fy2019-fy2023", "2019-2023"."""
    first, dash, last = norm.partition("-")
    if not dash:
        return None
    if first.startswith("fy") and last.startswith("fy"):
        low, high = first[2:], last[2:]
        if len(low) == len(high) == 4 and low.isdigit() and high.isdigit():
            start, end = fiscal_year(int(low))[0], fiscal_year(int(high))[1]
            return (start, end) if start <= end else None
        return None
    low_year, high_year = _year(first), _year(last)
    if low_year and high_year and low_year <= high_year:
        return date(low_year, 1, 1), date(high_year, 12, 31)
    return None


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _previous_month(day: date) -> tuple[date, date]:
    first = day.replace(day=1) - timedelta(days=1)
    return _month_span(first.year, first.month)


def _duration_days(tokens: Sequence[Token], index: int) -> tuple[Decimal, int] | None:
    """Read "two years", "three and a half years", "18 months"; return (days, end index)."""
    read = read_quantity(tokens, index)
    if read is None or read.end >= len(tokens) or read.value <= 0:
        return None
    unit = tokens[read.end].norm.removesuffix("s")
    if unit not in _DAYS_PER or tokens[read.end - 1].break_after:
        return None
    after = tokens[read.end + 1].norm if read.end + 1 < len(tokens) else ""
    if after in ("old", "ago", "later", "earlier", "before", "after"):
        return None  # an age or a point in time, not a span ending when the claim was made
    return read.value * _DAYS_PER[unit], read.end + 1


def _span_back(said_on: date, days: Decimal) -> tuple[date, date]:
    """The span of this many days ending on said_on; whole years and months by the calendar."""
    months = days / _DAYS_PER["month"]
    if abs(months - months.to_integral_value()) < Decimal("0.02") and months < 12 * 200:
        back = said_on.year * 12 + said_on.month - 1 - int(months.to_integral_value())
        year, month = divmod(back, 12)
        if year < 1:
            return date.min, said_on
        day = min(said_on.day, calendar.monthrange(year, month + 1)[1])
        return date(year, month + 1, day), said_on
    whole = min(int(days), (said_on - date.min).days)
    return said_on - timedelta(days=whole), said_on


def read_time_frame(
    tokens: Sequence[Token], text: str, *, said_on: date | None
) -> TimeFrame | None:
    """Return the first time frame the quote states, or None."""
    count = len(tokens)
    candidates = [
        index
        for index, token in enumerate(tokens)
        if token.norm in _TRIGGERS or token.norm[:2] == "fy" or "-" in token.norm
    ]
    for index in candidates:
        norm = tokens[index].norm
        follows = tokens[index + 1].norm if index + 1 < count else ""
        span: tuple[date, date] | None = None
        end = index + 1
        if norm in ("last", "past", "previous") and said_on is not None:
            if follows == "month":
                span, end = _previous_month(said_on), index + 2
            elif follows == "year" and norm == "last":
                span, end = (
                    (date(said_on.year - 1, 1, 1), date(said_on.year - 1, 12, 31)),
                    index + 2,
                )
            elif follows == "year":
                span, end = _span_back(said_on, _DAYS_PER["year"]), index + 2
            elif index + 1 < count and (duration := _duration_days(tokens, index + 1)):
                span, end = _span_back(said_on, duration[0]), duration[1]
        elif norm == "this" and said_on is not None and follows in ("month", "year"):
            start = said_on.replace(day=1) if follows == "month" else date(said_on.year, 1, 1)
            span, end = (start, said_on), index + 2
        elif norm == "since" and index + 1 < count:
            span, end = _since(tokens, index + 1, said_on=said_on)
        elif norm in ("between", "from") and index + 3 < count:
            low, high = _year(follows), _year(tokens[index + 3].norm)
            if low and high and tokens[index + 2].norm in ("and", "to", "through") and low <= high:
                span, end = (date(low, 1, 1), date(high, 12, 31)), index + 4
        elif fiscal := _fiscal(tokens, index):
            year, used = fiscal
            span, end = fiscal_year(year), index + used
        elif (whole := _fiscal_span(norm)) is not None and (
            norm.startswith("fy") or (index and tokens[index - 1].norm in _YEAR_PREPOSITIONS)
        ):
            span = whole
        elif norm in _SPAN_PREPOSITIONS and index + 1 < count:
            month = _MONTH_NUMBERS.get(follows)
            if norm not in _YEAR_PREPOSITIONS:
                pass
            elif month and index + 2 < count and (year := _year(tokens[index + 2].norm)):
                span, end = _month_span(year, month), index + 3
            elif year := _year(follows):
                span, end = (date(year, 1, 1), date(year, 12, 31)), index + 2
            if (
                span is None
                and said_on is not None
                and norm != "of"
                and (duration := _duration_days(tokens, index + 1))
            ):  # "in three and a half years"
                span, end = _span_back(said_on, duration[0]), duration[1]
        if span is not None:
            first = tokens[index]
            return TimeFrame(span[0], span[1], text[first.start : tokens[end - 1].end])
    return None


def _since(
    tokens: Sequence[Token], index: int, *, said_on: date | None
) -> tuple[tuple[date, date] | None, int]:
    """Read what follows "since": a year, a month and year, or a fiscal year."""
    norm = tokens[index].norm
    start: date | None = None
    end = index + 1
    if year := _year(norm):
        start = date(year, 1, 1)
    elif (month := _MONTH_NUMBERS.get(norm)) and index + 1 < len(tokens):
        if year := _year(tokens[index + 1].norm):
            start, end = date(year, month, 1), index + 2
    elif fiscal := _fiscal(tokens, index):
        start, end = fiscal_year(fiscal[0])[0], index + fiscal[1]
    if start is None:
        return None, end
    finish = said_on if said_on is not None and said_on >= start else date(start.year, 12, 31)
    return (start, finish), end

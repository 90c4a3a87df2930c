"""Read the dates and periods that sources write in words ("FY2019-FY2023", "May 2024").

Pure Python: the importer uses it to turn a source's wording into real dates, and keeps the
wording beside the dates whenever it says more than the dates can (vague or qualified text).

When a fiscal year begins belongs to the registry's subject, so every reader takes it as the
keyword `fiscal_year_start`, a (month, day); without it "FY2019" is the calendar year 2019.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

type MonthDay = tuple[int, int]

CALENDAR_YEAR: MonthDay = (1, 1)

# The first three letters name a month unambiguously ("sept", "june" and "jun" alike).
MONTHS = {name[:3].lower(): number for number, name in enumerate(calendar.month_abbr) if name}

_MONTH = (
    r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)

MONTH_WORD = re.compile("^" + _MONTH.format(g="m") + "$")
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR = re.compile(r"^(\d{4})$")
FISCAL_YEAR = re.compile(r"^fy ?(\d{4})$")
MONTH_YEAR = re.compile("^" + _MONTH.format(g="m") + r" (?P<y>\d{4})$")
MONTH_DAY_YEAR = re.compile("^" + _MONTH.format(g="m") + r" (?P<d>\d{1,2}),? (?P<y>\d{4})$")
DAY_MONTH_YEAR = re.compile(r"^(?P<d>\d{1,2}) " + _MONTH.format(g="m") + r" (?P<y>\d{4})$")
# "to", "through", a dash between spaces, or a hyphen between two years ("2021-2022",
# "FY2019-FY2023");
# never the hyphens inside an ISO date.
RANGE_SEPARATOR = re.compile(
    r"\s*(?:\bto\b|\bthrough\b|–|—|\s-\s|(?<=\d{4})-(?=(?:fy)?\d{4}\b))\s*"
)
MONTH_RANGE_SAME_YEAR = re.compile(
    "^" + _MONTH.format(g="m1") + r" ?(?:-|–|to) ?" + _MONTH.format(g="m2") + r",? (?P<y>\d{4})$"
)
DAY_RANGE_SAME_MONTH = re.compile(
    "^"
    + _MONTH.format(g="m1")
    + r" (?P<d1>\d{1,2}) ?(?:-|–|to) ?"
    + _MONTH.format(g="m2")
    + r" (?P<d2>\d{1,2}),? (?P<y>\d{4})$"
)


@dataclass(frozen=True)
class Span:
    start: date
    end: date


def fiscal_year(year: int, *, start: MonthDay = CALENDAR_YEAR) -> Span:
    """Fiscal year N: the twelve months that begin on `start` (month, day) and end in year N.

    With a 1 October start (the US federal year) FY2019 runs from 1 October 2018 to
    30 September 2019; with 1 July, from 1 July 2018 to 30 June 2019; with 1 January it is the
    calendar year.
    """
    month, day = start
    first_year = year if start == CALENDAR_YEAR else year - 1
    begins = date(first_year, month, day)
    return Span(begins, date(first_year + 1, month, day) - timedelta(days=1))


def _month_span(year: int, month: int) -> Span:
    return Span(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _clean(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"\s*\([^()]*\)", "", text)  # drop asides: "FY2019-FY2023 (Oct 2018 - Sep 2023)"
    return re.sub(r"\s+", " ", text).strip(" .,;")


def parse_point(text: str, *, fiscal_year_start: MonthDay = CALENDAR_YEAR) -> Span | None:
    """Return the span of days one date expression covers ("2024" → the calendar year)."""
    text = _clean(text)
    try:
        if m := ISO_DAY.match(text):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return Span(day, day)
        if m := ISO_MONTH.match(text):
            return _month_span(int(m[1]), int(m[2]))
        if m := FISCAL_YEAR.match(text):
            return fiscal_year(int(m[1]), start=fiscal_year_start)
        if m := YEAR.match(text):
            return Span(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))
        if m := MONTH_YEAR.match(text):
            return _month_span(int(m["y"]), MONTHS[m["m"][:3]])
        if m := MONTH_DAY_YEAR.match(text) or DAY_MONTH_YEAR.match(text):
            day = date(int(m["y"]), MONTHS[m["m"][:3]], int(m["d"]))
            return Span(day, day)
    except ValueError:  # 2024-02-30 and the like
        return None
    return None


def parse_period(text: str, *, fiscal_year_start: MonthDay = CALENDAR_YEAR) -> Span | None:
    """Return the span a period expression covers, or None when the wording is not a plain period.

    >>> parse_period("FY2019-FY2023", fiscal_year_start=(10, 1))
    Span(start=datetime.date(2018, 10, 1), end=datetime.date(2023, 9, 30))
    """
    if not text:
        return None
    cleaned = _clean(text)
    if not cleaned or len(cleaned) > 80:
        return None
    if single := parse_point(cleaned, fiscal_year_start=fiscal_year_start):
        return single
    if m := MONTH_RANGE_SAME_YEAR.match(cleaned):
        year = int(m["y"])
        first_month = _month_span(year, MONTHS[m["m1"][:3]])
        last_month = _month_span(year, MONTHS[m["m2"][:3]])
        if first_month.start <= last_month.end:
            return Span(first_month.start, last_month.end)
        return None
    if m := DAY_RANGE_SAME_MONTH.match(cleaned):
        year = int(m["y"])
        try:
            start = date(year, MONTHS[m["m1"][:3]], int(m["d1"]))
            end = date(year, MONTHS[m["m2"][:3]], int(m["d2"]))
        except ValueError:
            return None
        return Span(start, end) if start <= end else None
    parts = RANGE_SEPARATOR.split(cleaned)
    if len(parts) == 2:
        first = parse_point(parts[0], fiscal_year_start=fiscal_year_start)
        last = parse_point(parts[1], fiscal_year_start=fiscal_year_start)
        if first is None and last is not None and MONTH_WORD.match(parts[0]):
            # "January - May 2021": the year is written once, after the second month.
            first = parse_point(f"{parts[0]} {last.end.year}")
        if first and last and first.start <= last.end:
            return Span(first.start, last.end)
    return None


def parse_date(text: str, *, fiscal_year_start: MonthDay = CALENDAR_YEAR) -> date | None:
    """Return the first day a date expression names ("2020-02" → 1 February 2020)."""
    span = parse_point(text, fiscal_year_start=fiscal_year_start) if text else None
    return span.start if span else None


OPEN_START = re.compile(r"^(?:since|from|starting|beginning)\s+(.+)$")
OPEN_END = re.compile(r"^(?:through|until|up to|to)\s+(.+)$")


def read_period(
    text: str, *, as_of: date | None = None, fiscal_year_start: MonthDay = CALENDAR_YEAR
) -> tuple[date | None, date | None]:
    """Return (start, end) for a period as a source words it, leaving unknown ends empty.

    More forgiving than parse_period: it looks inside asides ("first 10 months of FY2024
    (Oct 2023 - Jul 2024)"), drops a word or two around the dates ("releases March - April 2021"),
    and reads open periods ("since 2025-01-20" runs to the as-of date when there is one).
    """
    if not text:
        return None, None

    def period(words: str) -> Span | None:
        return parse_period(words, fiscal_year_start=fiscal_year_start)

    if span := period(text):
        return span.start, span.end
    lowered = re.sub(r"\s+", " ", text.strip().lower())
    for aside in re.findall(r"\(([^()]*)\)", lowered):
        if span := period(aside):
            return span.start, span.end
    words = _clean(lowered).split(" ")
    for dropped in range(5):
        for front in range(dropped + 1):
            back = len(words) - (dropped - front)
            if back - front < 1 or any(
                any(ch.isdigit() for ch in word) for word in words[:front] + words[back:]
            ):
                continue  # never drop a word that carries part of a date
            candidate = " ".join(words[front:back])
            if m := OPEN_START.match(candidate):
                if span := period(m[1]):
                    return span.start, as_of if as_of and as_of >= span.start else None
            elif m := OPEN_END.match(candidate):
                if span := period(m[1]):
                    return None, span.end
            elif span := period(candidate):
                return span.start, span.end
    return None, None

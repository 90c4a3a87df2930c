"""Read one period a quote names: a day ("May 5, 2024"), a month ("March 2022", "last
March", "in May"), a quarter ("Q3 2023", "the first quarter of fiscal 2024"), part of a year
("the first five months of 2021", "late 2017"), a year, a fiscal year ("FY2023", "fiscal 2023",
"FY2019-23") or a span relative to the claim date ("last month", "the past two years").

timeframe.py joins these into the frames a quote states (ranges, "since", "through") and says
which of them date a report. Fiscal year N is the one that ends in calendar year N and starts on
the registry's `fiscal_year_start` (month, day): the calendar year unless the data says otherwise.
Each reader looks a bounded number of words ahead of where it starts.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from claims.engine.date_words import (
    AMBIGUOUS_MONTHS,
    DAYS_PER,
    MONTH_NUMBERS,
    ORDINALS,
    PART_WORDS,
    QUARTER_TOKENS,
    RANGE_JOINERS,
    RELATIVE_WORDS,
    REPORT_NOUNS,
    THIRDS_OF_YEAR,
)
from claims.engine.numerals import read_quantity
from claims.engine.text import Token

CALENDAR_YEAR = (1, 1)


class Span(NamedTuple):
    """A period read from the tokens, and the index after its last word."""

    start: date
    end: date
    granularity: str
    next: int


class UndatedMonth(NamedTuple):
    """A month (with a day, or 0) named without its year: "in May", "January to June 2023"."""

    month: int
    day: int
    next: int


def _safe_date(year: int, month: int, day: int) -> date:
    """The date, with the day cut to the month's length (29 February in a common year)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _fiscal_start(start: tuple[int, int]) -> tuple[int, int]:
    """A usable (month, day) start of the fiscal year; anything else is the calendar year."""
    try:
        month, day = int(start[0]), int(start[1])
    except (TypeError, ValueError, IndexError):
        return CALENDAR_YEAR
    if 1 <= month <= 12 and 1 <= day <= 31:
        return month, day
    return CALENDAR_YEAR


def fiscal_year(year: int, *, start: tuple[int, int] = CALENDAR_YEAR) -> tuple[date, date]:
    """The first and last day of fiscal year `year`, the one that ends in calendar year `year`
    and begins on start (month, day)."""
    month, day = _fiscal_start(start)
    if (month, day) == CALENDAR_YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    return _safe_date(year - 1, month, day), _safe_date(year, month, day) - timedelta(days=1)


def _year(norm: str) -> int | None:
    """Read "2021" or "2021's" as a year between 1900 and 2100."""
    bare = norm.removesuffix("'s")
    if len(bare) == 4 and bare.isdigit() and 1900 <= int(bare) <= 2100:
        return int(bare)
    return None


def _fiscal_digits(digits: str) -> int | None:
    """The year of "2023" or "23" after "FY"."""
    digits = digits.removesuffix("'s")
    if len(digits) == 2 and digits.isdigit():
        return 2000 + int(digits)
    return _year(digits)


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    """The first of the month that many months from day's month."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, 1)


def duration_days(tokens: Sequence[Token], index: int) -> tuple[Decimal, int] | None:
    """Read "two years", "three and a half years", "18 months"; return (days, end index)."""
    read = read_quantity(tokens, index)
    if read is None or read.end >= len(tokens) or read.value <= 0 or read.percent:
        return None
    unit = tokens[read.end].norm.removesuffix("s")
    if unit not in DAYS_PER or tokens[read.end - 1].break_after:
        return None
    after = tokens[read.end + 1].norm if read.end + 1 < len(tokens) else ""
    if after in ("old", "ago", "later", "earlier", "before", "after"):
        return None  # an age or a point in time, not a span ending when the claim was made
    return read.value * DAYS_PER[unit], read.end + 1


def span_back(said_on: date, days: Decimal) -> tuple[date, date]:
    """The span of this many days ending on said_on; whole years and months by the calendar."""
    months = days / DAYS_PER["month"]
    if abs(months - months.to_integral_value()) < Decimal("0.02") and months < 12 * 200:
        back = said_on.year * 12 + said_on.month - 1 - int(months.to_integral_value())
        year, month = divmod(back, 12)
        if year < 1:
            return date.min, said_on
        day = min(said_on.day, calendar.monthrange(year, month + 1)[1])
        return date(year, month + 1, day), said_on
    whole = min(int(days), (said_on - date.min).days)
    return said_on - timedelta(days=whole), said_on


def _iso_day(norm: str) -> date | None:
    """Read "2024-09-23"."""
    parts = norm.split("-")
    if len(parts) != 3 or not all(part.isdigit() and len(part) <= 4 for part in parts):
        return None
    year, month, day = (int(part) for part in parts)
    if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
        return _checked_day(year, month, day)
    return None


def _checked_day(year: int, month: int, day: int) -> date | None:
    """The date, or None when the month has no such day."""
    if day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def with_year(month: UndatedMonth, year: int) -> Span | None:
    """The month (or day) in that year; None past the calendar's ends or for 30 February."""
    if not 1 <= year <= 9999:
        return None
    if month.day:
        found = _checked_day(year, month.month, month.day)
        return Span(found, found, "day", month.next) if found else None
    return Span(*_month_span(year, month.month), "month", month.next)


class PeriodReader:
    """Reads single periods from one quote's tokens; timeframe.py builds its frames on it."""

    def __init__(
        self,
        tokens: Sequence[Token],
        text: str,
        *,
        said_on: date | None,
        fiscal_year_start: tuple[int, int],
    ) -> None:
        self.tokens = tokens
        self.text = text
        self.count = len(tokens)
        self.said_on = said_on
        self.fiscal_start = _fiscal_start(fiscal_year_start)

    # -- helpers -------------------------------------------------------------------------------

    def norm(self, index: int) -> str:
        return self.tokens[index].norm if 0 <= index < self.count else ""

    def joined(self, index: int, allowed: str = "") -> bool:
        """Whether tokens[index] runs on into the next one: no clause break between them, or
        only one of the allowed characters ("May 5, 2024", "Jan. 2024")."""
        if index + 1 >= self.count:
            return False
        token = self.tokens[index]
        if not token.break_after:
            return True
        gap = self.text[token.end : self.tokens[index + 1].start].strip()
        return len(gap) == 1 and gap in allowed

    def fiscal(self, year: int) -> tuple[date, date]:
        return fiscal_year(year, start=self.fiscal_start)

    def fiscal_year_of(self, day: date) -> int:
        """The fiscal year that contains day."""
        following = day.year + 1
        return following if day >= self.fiscal(following)[0] else day.year

    def month_at(self, index: int) -> int | None:
        """The month named by tokens[index]; a word like "may" or "march" only when it is
        capitalised or a year follows it."""
        norm = self.norm(index)
        month = MONTH_NUMBERS.get(norm)
        if month is None or norm not in AMBIGUOUS_MONTHS:
            return month
        if self.tokens[index].text[:1].isupper() or _year(self.norm(index + 1)) is not None:
            return month
        return None

    # -- points: one period ------------------------------------------------------------------

    def point(self, index: int, *, bare: bool, fiscal: bool = False) -> Span | UndatedMonth | None:
        """Read one period at tokens[index]. bare: a year or month standing alone may be read
        ("in 2022", "since May"); fiscal: a bare year is a fiscal year ("FY2019 to 2023")."""
        if index >= self.count:
            return None
        norm = self.norm(index)
        if norm.startswith(("fy", "fiscal")):
            return self.fiscal_point(index)
        at = index + 1 if norm == "the" and self.joined(index) else index
        word = self.norm(at)
        if word in PART_WORDS and (part := self.part_of_year(at)) is not None:
            return part
        if word in QUARTER_TOKENS or word in ORDINALS:
            return self.quarter_point(at, bare=bare)
        if norm == "the":
            return None
        if norm in THIRDS_OF_YEAR or norm.startswith("mid-"):
            return self.third_of_year(index)
        if norm in RELATIVE_WORDS:
            return self.relative_point(index)
        if norm in MONTH_NUMBERS or (norm.isdigit() and len(norm) <= 2):
            return self.calendar_point(index, bare=bare)
        if norm in ("calendar", "year"):
            return self.calendar_year(index)
        if not norm[:1].isdigit():
            return None
        # a bare year or span of years is a time only where the words around say so
        bare = bare or self.report_follows(index + 1)
        if "-" in norm:
            if (day := _iso_day(norm)) is not None:
                return Span(day, day, "day", index + 1)
            return self.year_span(norm, index, fiscal=fiscal) if bare else None
        if (year := _year(norm)) is None or not bare:
            return None
        if fiscal:
            return Span(*self.fiscal(year), "fiscal_year", index + 1)
        return Span(date(year, 1, 1), date(year, 12, 31), "year", index + 1)

    def year_span(self, norm: str, index: int, *, fiscal: bool) -> Span | None:
        """Read a span of years written as one token: "2019-2023", "2019-23"."""
        first, dash, last = norm.partition("-")
        low = _year(first)
        if not dash or low is None:
            return None
        high = _year(last) if len(last) == 4 else None
        if len(last) == 2 and last.isdigit():
            high = low // 100 * 100 + int(last)
        if high is None or high < low:
            return None
        if fiscal:
            return Span(self.fiscal(low)[0], self.fiscal(high)[1], "range", index + 1)
        return Span(date(low, 1, 1), date(high, 12, 31), "range", index + 1)

    def fiscal_point(self, index: int) -> Span | None:
        """Read "FY2023", "FY23", "FY 2023", "fiscal year 2023", "fiscal 2023", "FY2019-FY2023",
        "FY2019-23", "fiscal years 2019 to 2023"."""
        norm = self.norm(index)
        if norm.startswith("fy") and len(norm) > 2:
            rest = norm[2:].removeprefix("-")
            low_text, dash, high_text = rest.partition("-")
            low = _fiscal_digits(low_text)
            if low is None:
                return None
            if not dash:
                return Span(*self.fiscal(low), "fiscal_year", index + 1)
            high = _fiscal_digits(high_text.removeprefix("fy"))
            if high is not None and len(high_text.removeprefix("fy")) == 2 and low >= 2000:
                high = low // 100 * 100 + high % 100
            if high is None or high < low:
                return None
            return Span(self.fiscal(low)[0], self.fiscal(high)[1], "range", index + 1)
        after = index + 1
        if norm == "fiscal" and self.norm(after) in ("year", "years", "yr") and self.joined(index):
            after += 1
        elif norm != "fy" and norm != "fiscal":
            return None
        if not self.joined(after - 1):
            return None
        word = self.norm(after)
        if (span := self.year_span(word, after, fiscal=True)) is not None:
            return span
        year = _year(word) if norm == "fiscal" else _fiscal_digits(word)
        if year is None:
            return None
        single = Span(*self.fiscal(year), "fiscal_year", after + 1)
        if self.norm(index + 1) == "years" and self.joined(after):  # "fiscal years 2019 to 2023"
            joiner = self.norm(after + 1)
            high = _year(self.norm(after + 2))
            # "2019 to 2023" is a range; "2021 and 2022" only when the years meet
            if high and (
                (joiner in RANGE_JOINERS and high >= year)
                or (joiner == "and" and high == year + 1)
            ):
                return Span(single.start, self.fiscal(high)[1], "range", after + 3)
        return single

    def quarter_point(self, index: int, *, bare: bool) -> Span | None:
        """Read "Q3 2023", "Q1 FY2024", "first quarter of 2024", "third quarter"."""
        at = index
        norm = self.norm(at)
        if norm in QUARTER_TOKENS:
            quarter, after = QUARTER_TOKENS[norm], at + 1
        elif norm in ORDINALS and self.norm(at + 1) == "quarter" and self.joined(at):
            quarter, after = ORDINALS[norm], at + 2
        else:
            return None
        if self.joined(after - 1):
            of = 1 if self.norm(after) == "of" and self.joined(after) else 0
            whole = self.year_point(after + of)
            if whole is not None:
                start = _add_months(whole.start, 3 * (quarter - 1))
                end = _add_months(start, 3) - timedelta(days=1)
                return Span(start, end, "quarter", whole.next)
        if self.said_on is None or (norm in QUARTER_TOKENS and not bare):
            return None  # "Q3" alone is a time only after "in", "since"...
        # "in the third quarter": the latest one begun by the claim date
        year = (
            self.said_on.year if self.said_on.month > 3 * (quarter - 1) else self.said_on.year - 1
        )
        start = date(year, 3 * quarter - 2, 1)
        return Span(start, _add_months(start, 3) - timedelta(days=1), "quarter", after)

    def part_of_year(self, index: int) -> Span | None:
        """Read "first half of 2021", "last quarter of 2017", "first five months of 2021"."""
        norm = self.norm(index)
        if not self.joined(index):
            return None
        unit = self.norm(index + 1)
        if unit in ("half", "quarter") and (norm != "second" or unit == "half"):
            months, after = (6 if unit == "half" else 3), index + 2
        elif (read := read_quantity(self.tokens, index + 1)) is not None and norm != "second":
            if self.norm(read.end) not in ("month", "months") or not 1 <= read.value <= 12:
                return None
            if read.value != read.value.to_integral_value():
                return None
            months, after = int(read.value), read.end + 1
        else:
            return None
        if self.norm(after) != "of" or not self.joined(after - 1) or not self.joined(after):
            return None
        year = self.year_point(after + 1)
        if year is None:
            return None
        start = year.start if norm == "first" else _add_months(year.start, 12 - months)
        end = _add_months(start, months) - timedelta(days=1)
        return Span(start, end, "quarter" if months == 3 else "range", year.next)

    def third_of_year(self, index: int) -> Span | None:
        """Read "early 2021", "mid-2021", "late 2017", "late fiscal 2019": a third of the year;
        "late August", "early September 2024": a third of the month."""
        norm = self.norm(index)
        if norm.startswith("mid-"):
            year = _year(norm[4:])
            if year is None:
                return None
            found: Span | None = Span(date(year, 1, 1), date(year, 12, 31), "year", index + 1)
            norm = "mid"
        elif not self.joined(index):
            return None
        elif self.month_at(index + 1) is not None:
            return self.third_of_month(norm, index + 1)
        else:
            found = self.year_point(index + 1)
        if found is None:
            return None
        start = _add_months(found.start, 4 * THIRDS_OF_YEAR[norm])
        return Span(start, _add_months(start, 4) - timedelta(days=1), "range", found.next)

    def third_of_month(self, which: str, index: int) -> Span | None:
        """The first ten days of the month at tokens[index], the next ten, or the rest."""
        month = self.calendar_point(index, bare=True)
        found = self.resolve(month) if isinstance(month, UndatedMonth) else month
        if found is None or found.granularity != "month":
            return None
        first = found.start + timedelta(days=10 * THIRDS_OF_YEAR[which])
        last = found.end if which == "late" else first + timedelta(days=9)
        return Span(first, last, "range", found.next)

    def year_point(self, index: int) -> Span | None:
        """The year a quarter belongs to: "2023", "FY2024", "fiscal 2024", "fiscal year 2024"."""
        norm = self.norm(index)
        if norm.startswith(("fy", "fiscal")):
            found = self.fiscal_point(index)
            return found if found is not None and found.granularity == "fiscal_year" else None
        if (year := _year(norm)) is not None:
            return Span(date(year, 1, 1), date(year, 12, 31), "year", index + 1)
        return None

    def calendar_point(self, index: int, *, bare: bool) -> Span | UndatedMonth | None:
        """Read "March 2022", "March of 2022", "May 5, 2024", "5 May 2024", "in May"."""
        day = 0
        at = index
        if (norm := self.norm(index)).isdigit():  # "5 May 2024"
            day = int(norm)
            if not 1 <= day <= 31 or not self.joined(index):
                return None
            at = index + 1
        month = self.month_at(at)
        if month is None:
            return None
        after = at + 1
        abbreviation = "." if len(self.norm(at)) <= 4 else ""
        joined = self.joined(at, abbreviation)
        read = self.norm(after)
        if not day and joined and read.isdigit() and len(read) <= 2 and 1 <= int(read) <= 31:
            day, after = int(read), after + 1  # "May 5, 2024"
            joined = self.joined(after - 1, ",")
        if joined and self.norm(after) == "of" and _year(self.norm(after + 1)):
            after += 1
        year = _year(self.norm(after)) if joined else None
        if year is not None:
            if day:
                found = _checked_day(year, month, day)
                return Span(found, found, "day", after + 1) if found else None
            return Span(*_month_span(year, month), "month", after + 1)
        if bare or day or self.report_follows(after) or self.norm(after) in RANGE_JOINERS:
            return UndatedMonth(month, day, after)
        return None

    def calendar_year(self, index: int) -> Span | None:
        """Read "calendar year 2023", "calendar 2023", "year 2023"."""
        after = index + 1
        if self.norm(index) == "calendar" and self.norm(after) == "year":
            after += 1
        year = _year(self.norm(after))
        if year is None or not all(self.joined(position) for position in range(index, after)):
            return None
        return Span(date(year, 1, 1), date(year, 12, 31), "year", after + 1)

    def relative_point(self, index: int) -> Span | None:
        """Read "last month", "this year", "last fiscal year", "last March", "the past two
        years", "last quarter": each needs the claim date."""
        said_on = self.said_on
        norm = self.norm(index)
        if said_on is None or not self.joined(index):
            return None
        follows = self.norm(index + 1)
        if follows == "fiscal" and self.norm(index + 2) == "year" and self.joined(index + 1):
            current = self.fiscal_year_of(said_on)
            if norm in ("this", "current"):
                return Span(self.fiscal(current)[0], said_on, "relative", index + 3)
            if norm in ("last", "previous"):
                return Span(*self.fiscal(current - 1), "relative", index + 3)
            return None
        if norm in ("this", "current"):
            return self.this_period(follows, index)
        if follows == "month":
            first = said_on.replace(day=1) - timedelta(days=1)
            return Span(*_month_span(first.year, first.month), "relative", index + 2)
        if follows == "year":
            if norm == "last":
                last_year = said_on.year - 1
                return Span(date(last_year, 1, 1), date(last_year, 12, 31), "relative", index + 2)
            return Span(*span_back(said_on, DAYS_PER["year"]), "relative", index + 2)
        if follows == "quarter":
            start = _add_months(said_on.replace(day=1), -((said_on.month - 1) % 3) - 3)
            return Span(start, _add_months(start, 3) - timedelta(days=1), "relative", index + 2)
        if (month := MONTH_NUMBERS.get(follows)) is not None and norm == "last":
            if self.month_at(index + 1) is None:
                return None
            year = said_on.year if month < said_on.month else said_on.year - 1
            return Span(*_month_span(year, month), "month", index + 2)
        if follows in ("week", "decade"):
            return Span(*span_back(said_on, DAYS_PER[follows]), "relative", index + 2)
        if (duration := duration_days(self.tokens, index + 1)) is not None:
            return Span(*span_back(said_on, duration[0]), "relative", duration[1])
        return None

    def this_period(self, follows: str, index: int) -> Span | None:
        """Read "this month", "this year", "this quarter": from its start to the claim date."""
        said_on = self.said_on
        if said_on is None:
            return None
        if follows == "month":
            start = said_on.replace(day=1)
        elif follows == "year":
            start = date(said_on.year, 1, 1)
        elif follows == "quarter":
            start = _add_months(said_on.replace(day=1), -((said_on.month - 1) % 3))
        else:
            return None
        return Span(start, said_on, "relative", index + 2)

    def resolve(self, month: UndatedMonth) -> Span | None:
        """A month named alone: the latest one begun by the claim date."""
        said_on = self.said_on
        if said_on is None:
            return None
        later = (month.month, month.day) > (said_on.month, said_on.day if month.day else 0)
        return with_year(month, said_on.year - later)

    def report_follows(self, index: int) -> bool:
        """Whether a report noun follows within two words ("2024 audit", "May 2024 OIG report")."""
        if not self.joined(index - 1):
            return False
        for position in range(index, min(index + 2, self.count)):
            if self.norm(position).removesuffix("'s") in REPORT_NOUNS:
                return True
            if not self.joined(position) or self.norm(position)[:1].isdigit():
                return False
        return False

"""Find every time frame a quote states: "last month", "since January 2021", "in FY2023",
"Q3 2023", "in the first quarter of 2024", "over the past two years", "between fiscal 2019 and
May 2024", "from February 2021 through last month", "January to June 2023", "a 2024 audit".

Each frame keeps the token indices it covers, so that the parser can give it to the number of
its own clause, and says whether it dates a report rather than what the report counts ("in
August 2024 the inspector general found", "a report released in May").

Relative frames ("last month", "in May", "the third quarter") need the date the claim was made;
without it they are left out. Fiscal year N is the one that ends in calendar year N and starts on
the registry's `fiscal_year_start` (month, day): the calendar year unless the data says otherwise.

The reader walks the tokens once; at each place it looks a bounded number of words ahead, so the
cost stays proportional to the length of the quote.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from claims.engine.numerals import UNITS, read_quantity, word_set
from claims.engine.text import Token

GRANULARITIES = ("day", "month", "quarter", "year", "fiscal_year", "range", "relative")
CALENDAR_YEAR = (1, 1)
# A quote is not a calendar: reading stops after this many frames.
MAX_FRAMES = 50

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NUMBERS.update(
    {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
)
_MONTH_NUMBERS["sept"] = 9
# Month names that are also everyday words: read alone only when capitalised ("in May").
_AMBIGUOUS_MONTHS = word_set("may march mar jan")
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
_QUARTER_TOKENS = {f"q{number}": number for number in range(1, 5)}
# After these a bare year or month is a time ("in 2022", "during March").
_PREPOSITIONS = word_set("in during for throughout of on")
# After these only a span back from the claim date is ("over the past two years").
_SPAN_PREPOSITIONS = _PREPOSITIONS | word_set("over within")
# "in three and a half years" reaches back from the claim date; "held for 30 days", "over 14
# days" and "within 30 days" say how long, not when.
_DURATION_PREPOSITIONS = word_set("in during throughout")
_RANGE_JOINERS = word_set("to through thru until till -")
_UNTIL = word_set("through thru until till")
# "first half of 2021", "last quarter of 2017", "first five months of 2021"
_PART_WORDS = word_set("first second last")
_THIRDS_OF_YEAR = {"early": 0, "mid": 1, "late": 2}
_UNTIL_PAIRS = frozenset([("to", "up"), ("until", "up"), ("of", "as")])
_RELATIVE = word_set("last past previous this current")
_DAYS_PER: dict[str, Decimal] = {
    "year": Decimal("365.25"),
    "month": Decimal("30.44"),
    "week": Decimal(7),
    "day": Decimal(1),
    "decade": Decimal("3652.5"),
}
# Words that make a date the date of a report, not of what it counts ("a 2024 audit", "a
# report released in May", "in August 2024 the inspector general found").
REPORT_NOUNS = word_set(
    "report reports audit audits study studies review reviews analysis survey investigation "
    "memo memorandum letter testimony hearing release bulletin brief assessment evaluation "
    "alert finding findings statement announcement update paper article story"
)
_REPORT_MAKERS = REPORT_NOUNS | word_set(
    "inspector general auditors investigators researchers officials official agency department "
    "office watchdog committee commission spokesperson spokesman spokeswoman secretary "
    "administration government ministry bureau court judge"
)
REPORTING_VERBS = word_set(
    "found finds reported reports said says released published issued announced testified "
    "wrote concluded estimated determined revealed stated disclosed acknowledged admitted "
    "noted warned told updated posted dated"
)
# After a date, these say a finding was made then ("in May 2024 DHS said"); "released" and the
# like are left out: "in May 2024 DHS released 300 children" dates the count.
_FINDING_VERBS = REPORTING_VERBS - word_set("released issued updated posted dated")
_AUXILIARIES = word_set("is are was were be been being")
_REPORT_REACH = 4  # words after a frame within which "the inspector general found" may stand


@dataclass(frozen=True, slots=True)
class TimeFrame:
    """A span of dates the quote states, and where it says it.

    first and last are the indices of its first and last tokens. An open start ("through
    September 2023") is date.min. granularity is one of GRANULARITIES: how the quote names the
    span. reporting: the frame dates a report or a finding, not the count.
    """

    start: date
    end: date
    text: str  # the words that say it
    first: int
    last: int
    granularity: str
    reporting: bool = False


class _Span(NamedTuple):
    """A period read from the tokens, and the index after its last word."""

    start: date
    end: date
    granularity: str
    next: int


class _Month(NamedTuple):
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


def _duration_days(tokens: Sequence[Token], index: int) -> tuple[Decimal, int] | None:
    """Read "two years", "three and a half years", "18 months"; return (days, end index)."""
    read = read_quantity(tokens, index)
    if read is None or read.end >= len(tokens) or read.value <= 0 or read.percent:
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


class _Reader:
    """Reads time frames from one quote's tokens."""

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
        self.after_frame = -1  # the index right after the last frame read

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
        month = _MONTH_NUMBERS.get(norm)
        if month is None or norm not in _AMBIGUOUS_MONTHS:
            return month
        if self.tokens[index].text[:1].isupper() or _year(self.norm(index + 1)) is not None:
            return month
        return None

    # -- points: one period ------------------------------------------------------------------

    def point(self, index: int, *, bare: bool, fiscal: bool = False) -> _Span | _Month | None:
        """Read one period at tokens[index]. bare: a year or month standing alone may be read
        ("in 2022", "since May"); fiscal: a bare year is a fiscal year ("FY2019 to 2023")."""
        if index >= self.count:
            return None
        norm = self.norm(index)
        if norm.startswith(("fy", "fiscal")):
            return self.fiscal_point(index)
        at = index + 1 if norm == "the" and self.joined(index) else index
        word = self.norm(at)
        if word in _PART_WORDS and (part := self.part_of_year(at)) is not None:
            return part
        if word in _QUARTER_TOKENS or word in _ORDINALS:
            return self.quarter_point(at, bare=bare)
        if norm == "the":
            return None
        if norm in _THIRDS_OF_YEAR or norm.startswith("mid-"):
            return self.third_of_year(index)
        if norm in _RELATIVE:
            return self.relative_point(index)
        if norm in _MONTH_NUMBERS or (norm.isdigit() and len(norm) <= 2):
            return self.calendar_point(index, bare=bare)
        if norm in ("calendar", "year"):
            return self.calendar_year(index)
        if not norm[:1].isdigit():
            return None
        # a bare year or span of years is a time only where the words around say so
        bare = bare or self.report_follows(index + 1)
        if "-" in norm:
            if (day := _iso_day(norm)) is not None:
                return _Span(day, day, "day", index + 1)
            return self.year_span(norm, index, fiscal=fiscal) if bare else None
        if (year := _year(norm)) is None or not bare:
            return None
        if fiscal:
            return _Span(*self.fiscal(year), "fiscal_year", index + 1)
        return _Span(date(year, 1, 1), date(year, 12, 31), "year", index + 1)

    def year_span(self, norm: str, index: int, *, fiscal: bool) -> _Span | None:
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
            return _Span(self.fiscal(low)[0], self.fiscal(high)[1], "range", index + 1)
        return _Span(date(low, 1, 1), date(high, 12, 31), "range", index + 1)

    def fiscal_point(self, index: int) -> _Span | None:
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
                return _Span(*self.fiscal(low), "fiscal_year", index + 1)
            high = _fiscal_digits(high_text.removeprefix("fy"))
            if high is not None and len(high_text.removeprefix("fy")) == 2 and low >= 2000:
                high = low // 100 * 100 + high % 100
            if high is None or high < low:
                return None
            return _Span(self.fiscal(low)[0], self.fiscal(high)[1], "range", index + 1)
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
        single = _Span(*self.fiscal(year), "fiscal_year", after + 1)
        if self.norm(index + 1) == "years" and self.joined(after):  # "fiscal years 2019 to 2023"
            joiner = self.norm(after + 1)
            high = _year(self.norm(after + 2))
            if (joiner in _RANGE_JOINERS or joiner == "and") and high and high >= year:
                return _Span(single.start, self.fiscal(high)[1], "range", after + 3)
        return single

    def quarter_point(self, index: int, *, bare: bool) -> _Span | None:
        """Read "Q3 2023", "Q1 FY2024", "first quarter of 2024", "third quarter"."""
        at = index
        norm = self.norm(at)
        if norm in _QUARTER_TOKENS:
            quarter, after = _QUARTER_TOKENS[norm], at + 1
        elif norm in _ORDINALS and self.norm(at + 1) == "quarter" and self.joined(at):
            quarter, after = _ORDINALS[norm], at + 2
        else:
            return None
        if self.joined(after - 1):
            of = 1 if self.norm(after) == "of" and self.joined(after) else 0
            whole = self.year_point(after + of)
            if whole is not None:
                start = _add_months(whole.start, 3 * (quarter - 1))
                end = _add_months(start, 3) - timedelta(days=1)
                return _Span(start, end, "quarter", whole.next)
        if self.said_on is None or (norm in _QUARTER_TOKENS and not bare):
            return None  # "Q3" alone is a time only after "in", "since"...
        # "in the third quarter": the latest one begun by the claim date
        year = (
            self.said_on.year if self.said_on.month > 3 * (quarter - 1) else self.said_on.year - 1
        )
        start = date(year, 3 * quarter - 2, 1)
        return _Span(start, _add_months(start, 3) - timedelta(days=1), "quarter", after)

    def part_of_year(self, index: int) -> _Span | None:
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
        return _Span(start, end, "quarter" if months == 3 else "range", year.next)

    def third_of_year(self, index: int) -> _Span | None:
        """Read "early 2021", "mid-2021", "late 2017", "late fiscal 2019": a third of the year."""
        norm = self.norm(index)
        if norm.startswith("mid-"):
            year = _year(norm[4:])
            if year is None:
                return None
            found: _Span | None = _Span(date(year, 1, 1), date(year, 12, 31), "year", index + 1)
            norm = "mid"
        else:
            found = self.year_point(index + 1) if self.joined(index) else None
        if found is None:
            return None
        start = _add_months(found.start, 4 * _THIRDS_OF_YEAR[norm])
        return _Span(start, _add_months(start, 4) - timedelta(days=1), "range", found.next)

    def year_point(self, index: int) -> _Span | None:
        """The year a quarter belongs to: "2023", "FY2024", "fiscal 2024", "fiscal year 2024"."""
        norm = self.norm(index)
        if norm.startswith(("fy", "fiscal")):
            found = self.fiscal_point(index)
            return found if found is not None and found.granularity == "fiscal_year" else None
        if (year := _year(norm)) is not None:
            return _Span(date(year, 1, 1), date(year, 12, 31), "year", index + 1)
        return None

    def calendar_point(self, index: int, *, bare: bool) -> _Span | _Month | None:
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
                return _Span(found, found, "day", after + 1) if found else None
            return _Span(*_month_span(year, month), "month", after + 1)
        if bare or day or self.report_follows(after) or self.norm(after) in _RANGE_JOINERS:
            return _Month(month, day, after)
        return None

    def calendar_year(self, index: int) -> _Span | None:
        """Read "calendar year 2023", "calendar 2023", "year 2023"."""
        after = index + 1
        if self.norm(index) == "calendar" and self.norm(after) == "year":
            after += 1
        year = _year(self.norm(after))
        if year is None or not all(self.joined(position) for position in range(index, after)):
            return None
        return _Span(date(year, 1, 1), date(year, 12, 31), "year", after + 1)

    def relative_point(self, index: int) -> _Span | None:
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
                return _Span(self.fiscal(current)[0], said_on, "relative", index + 3)
            if norm in ("last", "previous"):
                return _Span(*self.fiscal(current - 1), "relative", index + 3)
            return None
        if norm in ("this", "current"):
            return self.this_period(follows, index)
        if follows == "month":
            first = said_on.replace(day=1) - timedelta(days=1)
            return _Span(*_month_span(first.year, first.month), "relative", index + 2)
        if follows == "year":
            if norm == "last":
                last_year = said_on.year - 1
                return _Span(date(last_year, 1, 1), date(last_year, 12, 31), "relative", index + 2)
            return _Span(*_span_back(said_on, _DAYS_PER["year"]), "relative", index + 2)
        if follows == "quarter":
            start = _add_months(said_on.replace(day=1), -((said_on.month - 1) % 3) - 3)
            return _Span(start, _add_months(start, 3) - timedelta(days=1), "relative", index + 2)
        if (month := _MONTH_NUMBERS.get(follows)) is not None and norm == "last":
            if self.month_at(index + 1) is None:
                return None
            year = said_on.year if month < said_on.month else said_on.year - 1
            return _Span(*_month_span(year, month), "month", index + 2)
        if follows in ("week", "decade"):
            return _Span(*_span_back(said_on, _DAYS_PER[follows]), "relative", index + 2)
        if (duration := _duration_days(self.tokens, index + 1)) is not None:
            return _Span(*_span_back(said_on, duration[0]), "relative", duration[1])
        return None

    def this_period(self, follows: str, index: int) -> _Span | None:
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
        return _Span(start, said_on, "relative", index + 2)

    def resolve(self, month: _Month) -> _Span | None:
        """A month named alone: the latest one begun by the claim date."""
        said_on = self.said_on
        if said_on is None:
            return None
        later = (month.month, month.day) > (said_on.month, said_on.day if month.day else 0)
        return _with_year(month, said_on.year - later)

    # -- reports -------------------------------------------------------------------------------

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

    def reporting(self, first: int, last: int) -> bool:
        """Whether the frame at tokens[first..last] dates a report or a finding."""
        if self.report_follows(last + 1):
            return True
        if first > 0 and self.joined(first - 1):
            before = self.norm(first - 1).removesuffix("'s")
            if before in REPORT_NOUNS:
                return True  # "the report of May 2024"
            if before in REPORTING_VERBS and self.made_by_reporter(first - 1):
                return True  # "a report released in May", "DHS said in May"
        # "In August 2024, the inspector general found that...": the frame opens the clause and
        # a reporter and its verb follow; not "In 2025, DHS says, 127,000..." (an aside).
        if not self.tokens[first].break_before:
            return False
        for position in range(last + 1, min(last + 1 + _REPORT_REACH, self.count)):
            norm = self.norm(position)
            if norm[:1].isdigit() or norm in UNITS:
                return False
            if norm in _FINDING_VERBS:
                return self.made_by_reporter(position) and not self.tokens[position].break_after
            if not self.joined(position):
                return False
        return False

    def made_by_reporter(self, verb: int) -> bool:
        """Whether the reporting verb at tokens[verb] has a report or a reporter before it (not
        "children were released")."""
        for position in range(verb - 1, max(verb - 4, -1), -1):
            token = self.tokens[position]
            if token.norm in _AUXILIARIES:
                continue
            written = token.text.removesuffix("'s")
            if token.norm.removesuffix("'s") in _REPORT_MAKERS:
                return True
            if len(written) > 1 and written.isupper() and written.isalpha():
                return True  # an acronym: "DHS said"
            return written[:1].isupper() and not token.break_before
        return False

    # -- frames --------------------------------------------------------------------------------

    def frame_at(self, index: int) -> tuple[int, _Span] | None:
        """The frame that begins at tokens[index], with the index of its first word."""
        norm = self.norm(index)
        if norm == "between":
            return self.between(index)
        if norm == "from":
            return self.from_to(index)
        if norm == "since":
            return self.since(index)
        if norm in _UNTIL or (self.norm(index + 1), norm) in _UNTIL_PAIRS:
            return self.until(index)
        if norm in ("and", "or") and index == self.after_frame and self.joined(index):
            # "in 2019 and 2023": the second year is read as the first was
            later = self.range_from(index + 1, bare=True)
            return (index + 1, later) if later else None
        if norm == "so" and self.norm(index + 1) == "far" and self.norm(index + 2) != "so":
            inner = self.frame_at(index + 2) if self.joined(index) else None
            return (index, inner[1]) if inner and inner[0] == index + 2 else None
        if norm in _SPAN_PREPOSITIONS and self.joined(index):
            after = (
                index + 2
                if self.norm(index + 1) == "the" and self.joined(index + 1)
                else index + 1
            )
            # "in 2022", "in May"; but "in the November election": a bare month or year after
            # "the" is a modifier, unless it dates a report ("in the March report")
            bare = after == index + 1
            if norm in _PREPOSITIONS and (span := self.range_from(after, bare=bare)):
                return index, span
            if (
                norm in _DURATION_PREPOSITIONS
                and self.said_on
                and (duration := _duration_days(self.tokens, after))
            ):
                return index, _Span(
                    *_span_back(self.said_on, duration[0]), "relative", duration[1]
                )
            if self.norm(after) in _RELATIVE and (span := self.relative_point(after)):
                return index, span
            return None
        if span := self.range_from(index, bare=False):
            return index, span
        return None

    def range_from(self, index: int, *, bare: bool) -> _Span | None:
        """A period at tokens[index], or the range it begins ("January to June 2023")."""
        first = self.point(index, bare=bare)
        if first is None:
            return None
        joiner = first.next
        if self.norm(joiner) in _RANGE_JOINERS and self.joined(joiner - 1) and self.joined(joiner):
            fiscal = isinstance(first, _Span) and first.granularity == "fiscal_year"
            second = self.point(joiner + 1, bare=True, fiscal=fiscal)
            if second is not None and (span := self.join(first, second)) is not None:
                return span
        if (
            bare
            and isinstance(first, _Span)
            and self.norm(joiner) == "and"
            and self.joined(joiner - 1)
            and self.joined(joiner)
        ):  # "in 2021 and 2022": two periods that meet are one
            second = self.point(joiner + 1, bare=True)
            if isinstance(second, _Span) and second.start == first.end + timedelta(days=1):
                return _Span(first.start, second.end, "range", second.next)
        if isinstance(first, _Span):
            return first
        return (
            self.resolve(first) if bare or first.day or self.report_follows(first.next) else None
        )

    def join(self, first: _Span | _Month, second: _Span | _Month) -> _Span | None:
        """The range from the first period to the second; a month without its year takes it
        from the other end ("January to June 2023") or, failing that, from the claim date."""
        if isinstance(second, _Span):
            last: _Span | None = second
        elif isinstance(first, _Month):
            last = self.resolve(second)
        else:
            last = _with_year(second, first.start.year + (second.month < first.start.month))
        if last is None:
            return None
        if isinstance(first, _Span):
            begin: _Span | None = first
        else:
            begin = _with_year(first, last.end.year - (first.month > last.end.month))
        if begin is None or begin.start > last.end:
            return None
        return _Span(begin.start, last.end, "range", last.next)

    def between(self, index: int) -> tuple[int, _Span] | None:
        """Read "between 2021 and 2024", "between fiscal 2019 and May 2024"."""
        first = self.point(index + 1, bare=True)
        if first is None:
            return None
        joiner = first.next
        if self.norm(joiner) in ("and", "to") and self.joined(joiner - 1) and self.joined(joiner):
            fiscal = isinstance(first, _Span) and first.granularity == "fiscal_year"
            second = self.point(joiner + 1, bare=True, fiscal=fiscal)
            if second is not None and (span := self.join(first, second)) is not None:
                return index, span
        alone = first if isinstance(first, _Span) else self.resolve(first)
        return (index + 1, alone) if alone else None

    def from_to(self, index: int) -> tuple[int, _Span] | None:
        """Read "from 2019 to 2023", "from February 2021 through last month", "from 2023"."""
        found = self.range_from(index + 1, bare=True)
        return (index, found) if found else None

    def since(self, index: int) -> tuple[int, _Span] | None:
        """Read "since January 2021": from then to the claim date."""
        found = self.point(index + 1, bare=True)
        if isinstance(found, _Month):
            found = self.resolve(found)
        if found is None:
            return None
        said_on = self.said_on
        end = said_on if said_on is not None and said_on >= found.start else None
        if end is None:  # no claim date: the period named, to the end of its year
            end = max(found.end, date(found.start.year, 12, 31))
        return index, _Span(found.start, end, "range", found.next)

    def until(self, index: int) -> tuple[int, _Span] | None:
        """Read "through September 2023", "until 2021", "up to May 2024", "as of May 2024": an
        open start (a count as of a date runs up to it)."""
        at = index + 1 if self.norm(index) in _UNTIL else index + 2
        found = self.point(at, bare=True)
        if isinstance(found, _Month):
            found = self.resolve(found)
        if found is None:
            return None
        return index, _Span(date.min, found.end, "range", found.next)


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


def _with_year(month: _Month, year: int) -> _Span | None:
    if not 1 <= year <= 9999:
        return None
    if month.day:
        found = _checked_day(year, month.month, month.day)
        return _Span(found, found, "day", month.next) if found else None
    return _Span(*_month_span(year, month.month), "month", month.next)


def _may_start(token: Token) -> bool:
    """Whether a frame can begin at this token: a cheap filter before reading."""
    norm = token.norm
    return (
        norm in _STARTS
        or norm[:1].isdigit()
        or norm[:2] == "fy"
        or norm in _MONTH_NUMBERS
        or norm in _QUARTER_TOKENS
        or norm in _THIRDS_OF_YEAR
        or norm.startswith("mid-")
    )


_STARTS = (
    _SPAN_PREPOSITIONS
    | _RELATIVE
    | _UNTIL
    | word_set("between from since up as so and or fiscal calendar year the")
    | frozenset(_ORDINALS)
)


def find_time_frames(
    tokens: Sequence[Token],
    text: str,
    *,
    said_on: date | None,
    fiscal_year_start: tuple[int, int] = CALENDAR_YEAR,
) -> list[TimeFrame]:
    """Return every time frame the quote states, in order; never raises."""
    reader = _Reader(tokens, text, said_on=said_on, fiscal_year_start=fiscal_year_start)
    frames: list[TimeFrame] = []
    index, count = 0, len(tokens)
    while index < count and len(frames) < MAX_FRAMES:
        try:
            found = reader.frame_at(index) if _may_start(tokens[index]) else None
        except (ValueError, OverflowError):  # date arithmetic past year 1 or 9999
            found = None
        if found is None:
            index += 1
            continue
        first, span = found
        last = max(span.next - 1, first)
        frames.append(
            TimeFrame(
                start=span.start,
                end=span.end,
                text=text[tokens[first].start : tokens[last].end],
                first=first,
                last=last,
                granularity=span.granularity,
                reporting=reader.reporting(first, last),
            )
        )
        index = reader.after_frame = last + 1
    return frames


def read_time_frame(
    tokens: Sequence[Token],
    text: str,
    *,
    said_on: date | None,
    fiscal_year_start: tuple[int, int] = CALENDAR_YEAR,
) -> TimeFrame | None:
    """Return the first time frame the quote states, or None."""
    frames = find_time_frames(tokens, text, said_on=said_on, fiscal_year_start=fiscal_year_start)
    return frames[0] if frames else None

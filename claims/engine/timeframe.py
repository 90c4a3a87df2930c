"""Find every time frame a quote states: "last month", "since January 2021", "in FY2023",
"Q3 2023", "in the first quarter of 2024", "over the past two years", "between fiscal 2019 and
May 2024", "from February 2021 through last month", "January to June 2023", "a 2024 audit".

Each frame keeps the token indices it covers, so that the parser can give it to the number of
its own clause, and says whether it dates a report rather than what the report counts ("in
August 2024 the inspector general found", "a report released in May").

dates.py reads each period; this module finds them, joins them into ranges and reads the words
around them. Relative frames ("last month", "in May", "the third quarter") need the date the
claim was made; without it they are left out. The reader walks the tokens once and at each place
looks a bounded number of words ahead, so the cost stays proportional to the length of the quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from claims.engine.date_words import (
    MONTH_NUMBERS,
    ORDINALS,
    QUARTER_TOKENS,
    RANGE_JOINERS,
    RELATIVE_WORDS,
    REPORT_NOUNS,
    THIRDS_OF_YEAR,
)
from claims.engine.dates import (
    CALENDAR_YEAR,
    PeriodReader,
    Span,
    UndatedMonth,
    duration_days,
    span_back,
    with_year,
)
from claims.engine.numerals import UNITS, word_set
from claims.engine.text import Token

GRANULARITIES = ("day", "month", "quarter", "year", "fiscal_year", "range", "relative")
# A quote is not a calendar: reading stops after this many frames.
MAX_FRAMES = 100
# After these a bare year or month is a time ("in 2022", "during March").
_PREPOSITIONS = word_set("in during for throughout of on")
# After these only a span back from the claim date is ("over the past two years").
_SPAN_PREPOSITIONS = _PREPOSITIONS | word_set("over within")
# "in three and a half years" reaches back from the claim date; "held for 30 days", "over 14
# days" and "within 30 days" say how long, not when.
_DURATION_PREPOSITIONS = word_set("in during throughout")
# "through September 2023", "by May 2024": a count up to a date
_UNTIL = word_set("through thru until till by")
_UNTIL_PAIRS = frozenset([("to", "up"), ("until", "up"), ("of", "as")])
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


class _FrameReader(PeriodReader):
    """Reads the time frames of one quote: periods, the ranges they make, and whether each
    dates a report."""

    after_frame = -1  # the index right after the last frame read ("in 2019 and 2023")
    after_fiscal = False  # whether that frame was a fiscal year ("fiscal 2019 and 2023")

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
                # "...found that", "...found 291,000": not "..., officials said." at the end
                return self.made_by_reporter(position) and self.joined(position)
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

    def frame_at(self, index: int) -> tuple[int, Span] | None:
        """The frame that begins at tokens[index], with the index of its first word."""
        norm = self.norm(index)
        if norm[:1].isdigit() and (apposed := self.apposition(index)) is not None:
            return apposed
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
            later = self.range_from(index + 1, bare=True, fiscal=self.after_fiscal)
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
                and (duration := duration_days(self.tokens, after))
            ):
                return index, Span(*span_back(self.said_on, duration[0]), "relative", duration[1])
            if self.norm(after) in RELATIVE_WORDS and (span := self.relative_point(after)):
                return index, span
            return None
        if span := self.range_from(index, bare=False):
            return index, span
        return None

    def apposition(self, index: int) -> tuple[int, Span] | None:
        """Years set beside the words that say what kind they are: "its first two fiscal
        years, 2021 and 2022" (fiscal years), "two years, 2019 and 2020" (calendar years)."""
        if index < 2 or not self.tokens[index - 1].break_after:
            return None
        if self.norm(index - 1) not in ("year", "years") or self.tokens[index - 2].break_after:
            return None
        fiscal = self.norm(index - 2) == "fiscal"
        span = self.range_from(index, bare=True, fiscal=fiscal)
        if span is None or span.granularity not in ("year", "fiscal_year", "range"):
            return None
        return index, span

    def range_from(self, index: int, *, bare: bool, fiscal: bool = False) -> Span | None:
        """A period at tokens[index], or the range it begins ("January to June 2023").

        fiscal: a bare year here is a fiscal year (it follows one).
        """
        first = self.point(index, bare=bare, fiscal=fiscal)
        if first is None:
            return None
        joiner = first.next
        # after a fiscal year, a bare year is one too ("fiscal 2019 to 2023")
        fiscal = isinstance(first, Span) and first.granularity == "fiscal_year"
        if self.norm(joiner) in RANGE_JOINERS and self.joined(joiner - 1) and self.joined(joiner):
            second = self.point(joiner + 1, bare=True, fiscal=fiscal)
            if second is not None and (span := self.join(first, second)) is not None:
                return span
        if (
            bare
            and isinstance(first, Span)
            and self.norm(joiner) == "and"
            and self.joined(joiner - 1)
            and self.joined(joiner)
        ):  # "in 2021 and 2022": two periods that meet are one
            second = self.point(joiner + 1, bare=True, fiscal=fiscal)
            if isinstance(second, Span) and second.start == first.end + timedelta(days=1):
                return Span(first.start, second.end, "range", second.next)
        if isinstance(first, Span):
            return first
        return (
            self.resolve(first) if bare or first.day or self.report_follows(first.next) else None
        )

    def join(self, first: Span | UndatedMonth, second: Span | UndatedMonth) -> Span | None:
        """The range from the first period to the second; a month without its year takes it
        from the other end ("January to June 2023") or, failing that, from the claim date."""
        if isinstance(second, Span):
            last: Span | None = second
        elif isinstance(first, UndatedMonth):
            last = self.resolve(second)
        else:
            last = with_year(second, first.start.year + (second.month < first.start.month))
        if last is None:
            return None
        if isinstance(first, Span):
            begin: Span | None = first
        else:
            begin = with_year(first, last.end.year - (first.month > last.end.month))
        if begin is None or begin.start > last.end:
            return None
        return Span(begin.start, last.end, "range", last.next)

    def between(self, index: int) -> tuple[int, Span] | None:
        """Read "between 2021 and 2024", "between fiscal 2019 and May 2024"."""
        first = self.point(index + 1, bare=True)
        if first is None:
            return None
        joiner = first.next
        if self.norm(joiner) in ("and", "to") and self.joined(joiner - 1) and self.joined(joiner):
            fiscal = isinstance(first, Span) and first.granularity == "fiscal_year"
            second = self.point(joiner + 1, bare=True, fiscal=fiscal)
            if second is not None and (span := self.join(first, second)) is not None:
                return index, span
        alone = first if isinstance(first, Span) else self.resolve(first)
        return (index + 1, alone) if alone else None

    def from_to(self, index: int) -> tuple[int, Span] | None:
        """Read "from 2019 to 2023", "from February 2021 through last month", "from 2023"."""
        found = self.range_from(index + 1, bare=True)
        return (index, found) if found else None

    def since(self, index: int) -> tuple[int, Span] | None:
        """Read "since January 2021": from then to the claim date."""
        found = self.point(index + 1, bare=True)
        if isinstance(found, UndatedMonth):
            found = self.resolve(found)
        if found is None:
            return None
        said_on = self.said_on
        end = said_on if said_on is not None and said_on >= found.start else None
        if end is None:  # no claim date: the period named, to the end of its year
            end = max(found.end, date(found.start.year, 12, 31))
        return index, Span(found.start, end, "range", found.next)

    def until(self, index: int) -> tuple[int, Span] | None:
        """Read "through September 2023", "until 2021", "up to May 2024", "as of May 2024": an
        open start (a count as of a date runs up to it)."""
        at = index + 1 if self.norm(index) in _UNTIL else index + 2
        found = self.point(at, bare=True)
        if isinstance(found, UndatedMonth):
            found = self.resolve(found)
        if found is None:
            return None
        return index, Span(date.min, found.end, "range", found.next)


def _may_start(token: Token) -> bool:
    """Whether a frame can begin at this token: a cheap filter before reading."""
    norm = token.norm
    return (
        norm in _STARTS
        or norm[:1].isdigit()
        or norm[:2] == "fy"
        or norm in MONTH_NUMBERS
        or norm in QUARTER_TOKENS
        or norm in THIRDS_OF_YEAR
        or norm.startswith("mid-")
    )


_STARTS = (
    _SPAN_PREPOSITIONS
    | RELATIVE_WORDS
    | _UNTIL
    | word_set("between from since up as so and or fiscal calendar year the")
    | frozenset(ORDINALS)
)


def find_time_frames(
    tokens: Sequence[Token],
    text: str,
    *,
    said_on: date | None,
    fiscal_year_start: tuple[int, int] = CALENDAR_YEAR,
) -> list[TimeFrame]:
    """Return every time frame the quote states, in order; never raises."""
    reader = _FrameReader(tokens, text, said_on=said_on, fiscal_year_start=fiscal_year_start)
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
        reader.after_fiscal = span.granularity == "fiscal_year"
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

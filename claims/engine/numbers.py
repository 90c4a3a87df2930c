"""Find the counts and shares a quote asserts, in every form a journalist meets.

"325,000", "325000", "325K", "1.5 million", "three hundred and twenty-five thousand",
"300 thousand", "75 to 80,000", "between 80,000 and 85,000", "127,000+", "28.3%", "two-thirds",
"half", "one in three", "tens of thousands". Each becomes a QuotedNumber with its qualifier and
the interval tolerance.py allows. Years, dates, ages, durations, money, list markers and labels
("Title 42", "page 12") are not counts and are skipped.

numerals.py reads each number itself; this module finds them in the quote and decides what
they are. Two forms text2num's alpha2digit gets wrong are read here: vague magnitudes ("tens of
thousands", which it turns into "10 of 1000") and fractions ("a third", which it makes "a 3rd").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from claims.engine.number_words import (
    CLOCK_WORDS,
    FRACTIONS,
    GRAMMAR_WORDS,
    HUNDRED,
    IRREGULAR_PLURALS,
    LABEL_WORDS,
    LONGEST_QUALIFIER,
    MONEY_WORDS,
    MONTHS,
    NOUN_MODIFIERS,
    QUALIFIER_PHRASES,
    SHARE_FOLLOWERS,
    TIME_UNITS,
    VAGUE,
)
from claims.engine.numerals import (
    SCALES,
    UNITS,
    Numeral,
    fraction_of_scale,
    plain,
    read_quantity,
)
from claims.engine.text import Token
from claims.engine.tolerance import EXACT, quote_interval, range_interval


@dataclass(frozen=True, slots=True)
class QuotedNumber:
    """A count or a share the quote asserts, and the values it can honestly describe."""

    text: str  # the words that carry it, qualifier included: "more than 325,000"
    value: Decimal  # as stated (the lower end for a range or a vague magnitude)
    low: Decimal  # the interval tolerance.py allows
    high: Decimal
    qualifier: str  # one of tolerance.QUALIFIERS
    percent: bool = False  # a share in percent; otherwise a count
    noun: str = ""  # what it counts, when the quote says: "children", "calls"...
    stated_high: Decimal | None = None  # the upper end of a stated range or magnitude
    start: int = 0
    end: int = 0
    # A change rather than a level (changes.py): "ratio" (later over earlier: "doubled" is 2)
    # or "percent" (signed: "fell 7 percent" is -7); "" for a count or a share.
    change: str = ""

    @property
    def unit(self) -> str:
        if self.change:
            return f"change ({self.change})"
        return "percent" if self.percent else "count"

    def serialise(self) -> str:
        """The JSON form: "325000", "28.3%", "75000-80000", "x2" for a ratio, "+5%" for a
        change in percent (Decimals as plain strings)."""
        text = plain(self.value)
        if self.change == "ratio":
            return f"x{text}"
        if self.change == "percent":
            return f"{'+' if self.value > 0 else ''}{text}%"
        if self.stated_high is not None:
            text = f"{text}-{plain(self.stated_high)}"
        return f"{text}%" if self.percent else text


# The last words of the qualifier phrases: a number after any other word has none.
_QUALIFIER_ENDS = frozenset(phrase[-1] for phrase in QUALIFIER_PHRASES)


def _qualifier_before(tokens: Sequence[Token], start: int) -> tuple[str, int]:
    """Return the canonical qualifier ending right before start, and where its words begin."""
    if not start or tokens[start - 1].norm not in _QUALIFIER_ENDS:
        return EXACT, start
    for width in range(min(LONGEST_QUALIFIER, start), 0, -1):
        first = start - width
        if any(tokens[index].break_after for index in range(first, start)):
            continue
        phrase = tuple(token.norm for token in tokens[first:start])
        if phrase in QUALIFIER_PHRASES:
            return QUALIFIER_PHRASES[phrase], first
    return EXACT, start


def noun_after(tokens: Sequence[Token], end: int, *, reach: int = 3) -> str:
    """Return the first word after a number that can be its noun ("1500 innocent children"
    gives "innocent": frames.py looks further for the registry's units), "" when a grammar
    word comes first or the clause ends."""
    if end == 0 or end > len(tokens) or tokens[end - 1].break_after:
        return ""
    for index in range(end, min(end + reach, len(tokens))):
        norm = tokens[index].norm
        if norm in NOUN_MODIFIERS:
            if tokens[index].break_after:
                return ""
            continue
        if norm in GRAMMAR_WORDS or not norm[:1].isalpha():
            return ""
        return norm
    return ""


def _is_not_count(tokens: Sequence[Token], start: int, end: int, read: Numeral, noun: str) -> bool:
    """Whether a number is a year, a date, an age, a duration, a label or a list marker."""
    after = tokens[end].norm if end < len(tokens) else ""
    before = tokens[start - 1].norm if start > 0 else ""
    last = tokens[end - 1]
    if read.not_count or after in CLOCK_WORDS:
        return True
    if after in TIME_UNITS and not last.break_after:
        return True  # a duration or an age: "three and a half years", "12 years old"
    if (before in LABEL_WORDS and not read.comma and read.value < 10_000) or before.startswith(
        "#"
    ):
        return True  # "page 12", "Title 42"; not "number 233,000"
    if before in ("aged", "age", "ages"):
        return True
    integral = read.value == read.value.to_integral_value()
    # "May 5", "5 May": a day of the month; not when a comma parts it from the month ("as of
    # late August, 11 children").
    month_before = before in MONTHS and not tokens[start - 1].break_after
    month_after = after in MONTHS and not last.break_after
    if integral and (month_before or month_after) and read.value <= 31:
        return True
    if (
        read.digits
        and integral
        and not read.comma
        and not read.percent
        and Decimal(1800) <= read.value <= Decimal(2100)
        and not _plural_noun(noun)
        and noun not in IRREGULAR_PLURALS
    ):
        return True  # a year: "2023 skipped", "in 2019 the"; not "2000 kids"
    if before in ("under", "over") and read.value < 25 and not noun:
        return True  # "under 12": an age
    first = tokens[start]
    if first.line_start and last.break_after and len(tokens) > end and read.value < 100:
        return True  # "1. ..." at the start of a line: a list marker
    if first.bracket_before and last.bracket_after and read.value < 100 and not read.percent:
        return True  # "(1)", "[2]": a list marker or a note; "(325,000)" is still a count
    # Small spelled numbers are counts only when they count something ("two children"),
    # not in "one of them" or "no one knows".
    return not read.digits and read.value < 10 and not noun and not read.percent


def _percent_after(tokens: Sequence[Token], end: int) -> int:
    """Return how many words after a number say "percent" ("percent", "per cent")."""
    if end < len(tokens) and tokens[end].norm in ("percent", "pct"):
        return 1
    if end + 1 < len(tokens) and tokens[end].norm == "per" and tokens[end + 1].norm == "cent":
        return 2
    return 0


def _make(
    tokens: Sequence[Token],
    text: str,
    *,
    first: int,
    end: int,
    value: Decimal,
    qualifier: str,
    percent: bool,
    noun: str,
    interval: tuple[Decimal, Decimal] | None = None,
    stated_high: Decimal | None = None,
) -> QuotedNumber:
    low, high = interval or quote_interval(value, qualifier)
    start_char, end_char = tokens[first].start, tokens[end - 1].end
    return QuotedNumber(
        text=text[start_char:end_char],
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        percent=percent,
        noun=noun,
        stated_high=stated_high,
        start=start_char,
        end=end_char,
    )


def _match_phrase(tokens: Sequence[Token], start: int, phrase: tuple[str, ...]) -> bool:
    end = start + len(phrase)
    if end > len(tokens):
        return False
    if any(tokens[index].break_after for index in range(start, end - 1)):
        return False
    return all(tokens[start + offset].norm == word for offset, word in enumerate(phrase))


_VAGUE_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Decimal, Decimal]]] = {}
for _entry in VAGUE:
    _VAGUE_BY_FIRST.setdefault(_entry[0][0], []).append(_entry)
_FRACTIONS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Decimal]]] = {}
for _phrase, _value in FRACTIONS.items():
    _FRACTIONS_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _value))
for _entries in _FRACTIONS_BY_FIRST.values():
    _entries.sort(key=lambda entry: -len(entry[0]))


def _vague(tokens: Sequence[Token], start: int) -> tuple[int, Decimal, Decimal] | None:
    for phrase, low, high in _VAGUE_BY_FIRST.get(tokens[start].norm, ()):
        if _match_phrase(tokens, start, phrase):
            return start + len(phrase), low, high
    return None


def _fraction(tokens: Sequence[Token], start: int) -> tuple[int, Decimal] | None:
    """Read a share written as a fraction ("a third of", "half the") or as "one in five"."""
    count = len(tokens)
    for phrase, value in _FRACTIONS_BY_FIRST.get(tokens[start].norm, ()):
        if not _match_phrase(tokens, start, phrase):
            continue
        end = start + len(phrase)
        before = tokens[start - 1].norm if start else ""
        if before in ("and", "a", "an"):
            return None  # "three and a half", "a half"
        if end < count and not tokens[end - 1].break_after:
            after = tokens[end].norm
            if after in SHARE_FOLLOWERS or _plural_noun(after):
                return end, value
            return None
        return end, value  # "... lost half." at the end of a clause
    return _one_in(tokens, start)


# The words between the parts of "one in five", "one in every five", "one out of (every) four",
# "one of every five".
_ONE_IN = (("in", "every"), ("out", "of", "every"), ("out", "of"), ("of", "every"), ("in",))
_ONE_IN_FIRST = frozenset(words[0] for words in _ONE_IN)
_LARGEST_WHOLE = 1000  # "1 in 500" is a share; "1 in 2019" is not


def _one_in(tokens: Sequence[Token], start: int) -> tuple[int, Decimal] | None:
    """Read "one in five", "1 in 14", "nine out of ten", "one out of every four" as a share."""
    count = len(tokens)
    if start + 1 >= count or tokens[start + 1].norm not in _ONE_IN_FIRST:
        return None
    part = _small(tokens[start].norm)
    if part is None:
        return None
    for words in _ONE_IN:
        whole_at = start + 1 + len(words)
        if whole_at >= count or any(tokens[index].break_after for index in range(start, whole_at)):
            continue
        if all(tokens[start + 1 + offset].norm == word for offset, word in enumerate(words)):
            whole = _small(tokens[whole_at].norm)
            if whole is not None and 0 < part < whole <= _LARGEST_WHOLE:
                return whole_at + 1, (HUNDRED * part / whole).quantize(Decimal("0.01"))
            return None
    return None


def _plural_noun(norm: str) -> bool:
    """ "half migrants", "two-thirds kids": a plural noun after a fraction makes it a share;
    "a third country" or "a third time" does not."""
    return (
        len(norm) > 3
        and norm.isalpha()
        and norm.endswith("s")
        and not norm.endswith("ss")
        and norm not in GRAMMAR_WORDS
    )


def _small(norm: str) -> Decimal | None:
    """Read a small whole number: "five", "twenty-five", "14"."""
    if norm in UNITS:
        return Decimal(UNITS[norm])
    tens, hyphen, ones = norm.partition("-")
    if hyphen and UNITS.get(tens, 0) >= 20 and 0 < UNITS.get(ones, 0) < 10:
        return Decimal(UNITS[tens] + UNITS[ones])
    if norm.isdigit() and len(norm) <= 3:
        return Decimal(norm)
    return None


# A quote is not a table: reading stops after this many numbers, which bounds the work a
# pasted page of figures can cause.
MAX_READ = 100
MAX_TRIES = 1_000  # words that might begin a number, looked at
_DIGIT_STARTS = frozenset("0123456789$~.")
# "a" begins a number only before one of these ("a thousand", "a third", "a few hundred").
_AFTER_A = frozenset(SCALES) | {"half", "third", "quarter", "fifth", "tenth", "few"}
_STARTERS = (
    frozenset(UNITS)
    | frozenset(SCALES)
    | {"a", "an", "half"}
    | {phrase[0] for phrase in FRACTIONS}
    | {phrase[0] for phrase, _, _ in VAGUE}
)


def _read_at(tokens: Sequence[Token], text: str, index: int) -> tuple[QuotedNumber | None, int]:
    """Read the number that may begin at tokens[index]; return it (or None) and where to go on."""
    if (vague := _vague(tokens, index)) is not None:
        return _vague_number(tokens, text, index, vague)
    # "a third of a million" is a count; "a third of them" a share.
    if fraction_of_scale(tokens, index) is None and (share := _fraction(tokens, index)):
        return _share_number(tokens, text, index, share)
    read = read_quantity(tokens, index)
    if read is None:
        return None, index + 1
    return _quantity_number(tokens, text, index, read)


def _vague_number(
    tokens: Sequence[Token], text: str, index: int, vague: tuple[int, Decimal, Decimal]
) -> tuple[QuotedNumber, int]:
    """A vague magnitude ("tens of thousands of children") as the range it can stand for."""
    end, low, high = vague
    of = 1 if end < len(tokens) and tokens[end].norm == "of" else 0
    number = _make(
        tokens,
        text,
        first=index,
        end=end,
        value=low,
        qualifier="vague",
        percent=False,
        noun=noun_after(tokens, end + of),
        interval=(low, high),
        stated_high=high,
    )
    return number, end


def _share_number(
    tokens: Sequence[Token], text: str, index: int, share: tuple[int, Decimal]
) -> tuple[QuotedNumber, int]:
    """A share written in words ("nearly half", "one in five"), in percent."""
    end, value = share
    qualifier, first = _qualifier_before(tokens, index)
    number = _make(
        tokens,
        text,
        first=first,
        end=end,
        value=value,
        qualifier=qualifier if qualifier != EXACT else "fraction",
        percent=True,
        noun="",
    )
    return number, end


def _range_end(
    tokens: Sequence[Token], *, end: int, before_word: str
) -> tuple[Decimal, int, bool] | None:
    """Read the upper end of a range after a number ("75 to 80,000", "between 80,000 and
    85,000"); return its value, the index after it and whether it is in percent.

    "from 15,000 to 20,000" is a change, not a range.
    """
    count = len(tokens)
    if end + 1 >= count or tokens[end - 1].break_after or tokens[end].break_after:
        return None
    joiner = tokens[end].norm
    if before_word == "from" or not (
        joiner in ("to", "-") or (joiner == "and" and before_word == "between")
    ):
        return None
    second = read_quantity(tokens, end + 1)
    if second is None or second.not_count or second.money:
        return None
    percent_words = _percent_after(tokens, second.end)
    return second.value, second.end + percent_words, second.percent or bool(percent_words)


def _quantity_number(
    tokens: Sequence[Token], text: str, index: int, read: Numeral
) -> tuple[QuotedNumber | None, int]:
    """A number read at tokens[index], with its qualifier, percent sign, range and noun; None
    when it is not a count (a year, an age, a label...)."""
    count = len(tokens)
    qualifier, first = _qualifier_before(tokens, index)
    percent_words = _percent_after(tokens, read.end)
    percent = read.percent or bool(percent_words)
    end = read.end + percent_words
    high = read.range_high
    before_word = tokens[first - 1].norm if first > 0 else ""
    if high is None and (upper := _range_end(tokens, end=end, before_word=before_word)):
        high, end, upper_percent = upper
        percent = percent or upper_percent
        if high < read.value and before_word != "between":
            return None, end  # "voted 52 to 48", "won 3-1": a tally, not a range
    noun = "" if percent else noun_after(tokens, end)
    if read.money or noun in MONEY_WORDS:
        # An amount of money counts dollars (or euros...): the registry says whether it
        # counts those; frames.py decides whether the number is traced.
        noun = "dollars" if read.money or noun in ("dollar", "usd", "cents") else noun
    if _is_not_count(tokens, index, end, read, noun):
        return None, max(end, index + 1)
    if high is not None:
        return _range_number(
            tokens,
            text,
            index=index,
            first=first - 1 if before_word == "between" else first,
            end=end,
            low=read.value,
            high=high,
            # a qualifier does not reach across a range: "about 75 to 80,000" is the range
            qualified=qualifier != EXACT and before_word != "between",
            percent=percent,
            noun=noun,
        ), end
    if read.plus or (
        end + 1 < count and tokens[end].norm == "or" and tokens[end + 1].norm == "more"
    ):
        qualifier = "more than"
    elif read.about and qualifier == EXACT:
        qualifier = "about"
    number = _make(
        tokens,
        text,
        first=first,
        end=end,
        value=read.value,
        qualifier=qualifier,
        percent=percent,
        noun=noun,
    )
    return number, max(end, index + 1)


def _range_number(
    tokens: Sequence[Token],
    text: str,
    *,
    index: int,
    first: int,
    end: int,
    low: Decimal,
    high: Decimal,
    qualified: bool,
    percent: bool,
    noun: str,
) -> QuotedNumber:
    """A stated range; "75 to 80,000": the first end borrows the scale of the second."""
    if low < high and low * 1000 <= high:
        for factor in (SCALES["billion"], SCALES["million"], SCALES["thousand"]):
            if high >= factor and low * factor <= high:
                low *= factor
                break
    low, high = min(low, high), max(low, high)
    if qualified:
        first = index
    return _make(
        tokens,
        text,
        first=first,
        end=end,
        value=low,
        qualifier="range",
        percent=percent,
        noun=noun,
        interval=range_interval(low, high),
        stated_high=high,
    )


def read_numbers(tokens: Sequence[Token], text: str) -> list[QuotedNumber]:
    """Return the counts and shares in a tokenized quote, in order of appearance."""
    count = len(tokens)
    starts = [
        index
        for index, token in enumerate(tokens)
        if token.norm[:1] in _DIGIT_STARTS or token.norm in _STARTERS or "-" in token.norm
    ]
    numbers: list[QuotedNumber] = []
    following = 0
    for tried, index in enumerate(starts):
        if tried >= MAX_TRIES or len(numbers) >= MAX_READ:
            break
        if index < following:
            continue  # inside the number just read
        if tokens[index].norm in ("a", "an") and (
            index + 1 == count or tokens[index + 1].norm not in _AFTER_A
        ):
            continue
        number, following = _read_at(tokens, text, index)
        if number is not None:
            numbers.append(number)
    return numbers

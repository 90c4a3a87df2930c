"""Read one number as written: digits ("325,000", "325K", "1.5", "127,000+", "28.3%",
"75-80,000") or words ("three hundred and twenty-five thousand", "a thousand", "half a
million", "one and a half million"), with a scale word after it ("1.5 million", "300 thousand").

Spelled-out numbers go through text2num, which composes them well but trips on a few forms it
was not built for; those are handled here before it sees them (marked SPELLING below, and
tested): "a thousand" (an article for "one"), "1.5 million" and "300 thousand" (a numeral times
a scale word), "one and a half million", "a million and a half", "2 and a half million",
fractions of a scale ("half a million", "a quarter million", "three quarters of a million"),
and runs of words that are not one number ("twenty thirty"), which it rejects whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from text_to_num import text2num

from claims.engine.text import Token


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string, to keep long word lists readable."""
    return frozenset(words.split())


def word_list(words: str) -> list[str]:
    """Words written as one string, in order."""
    return words.split()


_ONES = word_list(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS = word_list("twenty thirty forty fifty sixty seventy eighty ninety")
UNITS = {word: value for value, word in enumerate(_ONES)} | {
    word: 10 * value for value, word in enumerate(_TENS, start=2)
}

SCALES = {
    "hundred": Decimal(100),
    "thousand": Decimal(1000),
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
SUFFIXES = {
    "k": Decimal(1000),
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "b": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
}


# Fraction words and their denominators: "a quarter million", "two thirds of a million".
FRACTION_WORDS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}
_ARTICLES = frozenset(["a", "an"])
_AND_A_HALF = ("and", "a", "half")

# No real number needs more words than this ("nine hundred and ninety-nine thousand nine hundred
# and ninety-nine" is 11); the cap bounds the retries below on a quote made of number words.
_LONGEST_SPELLING = 12


def plain(value: Decimal) -> str:
    """Write a Decimal without exponent or trailing zeros: 291000.0000 → "291000"."""
    normal = value.normalize()
    return format(normal, "f") if normal == normal.to_integral_value() else str(normal)


@dataclass(frozen=True, slots=True)
class Numeral:
    """One number as read, with what was written around it."""

    value: Decimal
    end: int  # index after the last token used
    digits: bool  # written with digits (so "2023" can be a year)
    comma: bool = False  # written with a thousands separator ("1,500" is never a year)
    plus: bool = False  # "127,000+", "300,000-plus"
    percent: bool = False
    money: bool = False
    about: bool = False  # "~300"
    range_high: Decimal | None = None  # "75-80,000"
    not_count: bool = False  # "12-year-old", "30-day", "2024-09-23"


def _digits(text: str) -> tuple[Decimal, bool] | None:
    """Read "325,000", "325000" or "1.5" (comma groups checked by hand: no regex needed)."""
    if not text or not (text[0].isdigit() or (text[0] == "." and len(text) > 1)):
        return None
    whole, _, fraction = text.partition(".")
    if fraction and not fraction.isdigit():
        return None
    groups = whole.split(",")
    if len(groups) > 1 and (
        not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:])
    ):
        return None
    joined = "".join(groups)
    if not joined.isdigit() and joined:
        return None
    try:
        return Decimal(f"{joined or '0'}.{fraction}" if fraction else joined), len(groups) > 1
    except InvalidOperation:
        return None


def _numeral(norm: str) -> Numeral | None:
    """Read one token written with digits, with what sticks to it ($, ~, K, +, %, -plus)."""
    text, money, about, plus, percent = norm, False, False, False, False
    if text.startswith("$"):
        text, money = text[1:], True
    if text.startswith("~"):
        text, about = text[1:], True
    if text.endswith("-plus"):
        text, plus = text[:-5], True
    if text.endswith("+"):
        text, plus = text.rstrip("+"), True
    if text.endswith("%"):
        text, percent = text[:-1], True
    if "-" in text:
        first, _, rest = text.partition("-")
        low, high = _digits(first), _digits(rest)
        if low and high and "-" not in rest:
            return Numeral(
                low[0], 0, True, comma=high[1], range_high=high[0], money=money, percent=percent
            )
        if low:  # "12-year-old", "30-day", "2024-09-23", "1-800-..."
            return Numeral(low[0], 0, True, not_count=True)
        return None
    scale = Decimal(1)
    for suffix, factor in SUFFIXES.items():
        if text.endswith(suffix) and _digits(text[: -len(suffix)]):
            text, scale = text[: -len(suffix)], factor
            break
    read = _digits(text)
    if read is None:
        return None
    value, comma = read
    return Numeral(
        value * scale, 0, True, comma=comma, plus=plus, percent=percent, money=money, about=about
    )


def _is_number_word(norm: str) -> bool:
    if norm in UNITS or norm in SCALES:
        return True
    parts = norm.split("-")
    return len(parts) > 1 and all(part in UNITS for part in parts)


def _may_follow(previous: str, word: str) -> bool:
    """Whether word can continue a spelled number after previous ("twenty" "five": yes;
    "two" "three": no), so that text2num is only asked about runs that can be one number."""
    if word in SCALES or previous in SCALES or previous == "and":
        return True
    before = UNITS.get(previous)
    after = UNITS.get(word)
    if before is None or after is None:  # hyphenated ("twenty-five"): only a scale may follow
        return False
    return before >= 20 and before % 10 == 0 and 0 < after < 10


def _spelled(tokens: Sequence[Token], start: int) -> Numeral | None:
    """Read spelled-out words from start ("three hundred and twenty-five thousand")."""
    words: list[str] = []  # one per token read, for text2num
    index, count = start, len(tokens)
    while index < count and len(words) < _LONGEST_SPELLING:
        norm = tokens[index].norm
        follows = tokens[index + 1].norm if index + 1 < count else ""
        if _is_number_word(norm):
            if words and not _may_follow(words[-1], norm):
                break  # "two three", "twenty thirty": a new number starts here
            words.append(norm)
        elif norm in ("a", "an") and not words and follows in SCALES:
            words.append("one")  # SPELLING: "a thousand" – text2num wants "one thousand"
        elif norm == "and" and words and _is_number_word(follows):
            words.append("and")
        else:
            break
        index += 1
        if tokens[index - 1].break_after:
            break
    # SPELLING: "three and a half", "one and a half million" – text2num cannot read them.
    half_end = 0
    if words and _and_a_half(tokens, index):
        half_end = index + 3
    # text2num rejects a run that is not one number ("two three"): keep the longest prefix it
    # reads, so one odd word costs the words after it and nothing else.
    while words:
        value: Decimal | None = None
        if len(words) == 1 and words[0] in UNITS:
            value = Decimal(UNITS[words[0]])  # one word needs no parser
        elif len(words) == 1 and words[0] in SCALES:
            value = SCALES[words[0]]
        elif words[-1] != "and":
            try:
                value = Decimal(text2num(" ".join(words), "en"))
            except ValueError:
                value = None
        if value is not None:
            end = start + len(words)
            if half_end and end == index:
                end = half_end
                if words[-1] in SCALES:  # "a million and a half": half of the last scale
                    value += SCALES[words[-1]] / 2
                else:
                    value += Decimal("0.5")
                    if end < count and tokens[end].norm in SCALES:
                        value *= SCALES[tokens[end].norm]
                        end += 1
            return Numeral(value, end, False)
        words.pop()
    return None


def _and_a_half(tokens: Sequence[Token], index: int) -> bool:
    """Whether "and a half" begins at tokens[index], joined to the word before it."""
    return (
        index > 0
        and index + 2 < len(tokens)
        and tokens[index].norm == "and"
        and tuple(token.norm for token in tokens[index : index + 3]) == _AND_A_HALF
        and not any(token.break_after for token in tokens[index - 1 : index + 2])
    )


def _numerator(tokens: Sequence[Token], start: int) -> tuple[int, int, str] | None:
    """Read how many parts a fraction of a scale takes: "a", "one", "three", "three-quarters".

    Return (numerator, index of the fraction word or -1 when it is in the same token, the
    fraction word); "half" alone stands for "one half".
    """
    norm = tokens[start].norm
    if norm in FRACTION_WORDS:
        return (1, start, norm) if norm == "half" else None
    head, hyphen, tail = norm.partition("-")
    if hyphen and tail in FRACTION_WORDS and head in UNITS:
        return UNITS[head], -1, tail
    if start + 1 >= len(tokens) or tokens[start].break_after:
        return None
    word = tokens[start + 1].norm
    if word not in FRACTION_WORDS:
        return None
    if norm in _ARTICLES or norm == "one":
        return 1, start + 1, word
    if norm in UNITS:
        return UNITS[norm], start + 1, word
    return None


def fraction_of_scale(tokens: Sequence[Token], start: int) -> Numeral | None:
    """Read a fraction of a scale word: "half a million", "a quarter million", "a third of a
    million", "three quarters of a million" (SPELLING: text2num reads none of them)."""
    parts = _numerator(tokens, start)
    if parts is None:
        return None
    numerator, word_at, word = parts
    denominator = FRACTION_WORDS[word]
    if not 0 < numerator < denominator:
        return None
    index = (start if word_at < 0 else word_at) + 1
    count = len(tokens)
    for optional in (("of",), _ARTICLES):
        if index < count and tokens[index].norm in optional and not tokens[index - 1].break_after:
            index += 1
    if index >= count or tokens[index - 1].break_after:
        return None
    scale = SCALES.get(tokens[index].norm)
    if scale is None:
        return None
    # "a third of a million" is said for 333,000: three significant digits, as one would write
    # it; and, as a fraction is, it is a rounded amount ("about", ± 10 %) unless a word before
    # it says how it is rounded ("nearly a third of a million").
    place = Decimal(1).scaleb(scale.adjusted() - 3)
    value = (scale * numerator / denominator).quantize(place, rounding=ROUND_HALF_UP)
    return Numeral(value, index + 1, False, about=True)


def read_quantity(tokens: Sequence[Token], start: int) -> Numeral | None:
    """Read a number starting at tokens[start], with a scale word after it ("1.5 million")."""
    token = tokens[start]
    count = len(tokens)
    if (scaled := fraction_of_scale(tokens, start)) is not None:
        return scaled
    numeral = _numeral(token.norm)
    if numeral is not None:
        end = start + 1
        value = numeral.value
        high = numeral.range_high
        if (
            high is None
            and value == value.to_integral_value()
            and not numeral.comma
            and _and_a_half(tokens, end)
        ):  # SPELLING: "2 and a half million", "3 and a half years"
            value += Decimal("0.5")
            end += 3
        # SPELLING: "1.5 million", "300 thousand": a numeral times a scale word.
        if end < count and not tokens[end - 1].break_after and tokens[end].norm in SCALES:
            factor = SCALES[tokens[end].norm]
            value *= factor
            high = high * factor if high is not None else None
            end += 1
        return Numeral(
            value,
            end,
            True,
            comma=numeral.comma,
            plus=numeral.plus,
            percent=numeral.percent,
            money=numeral.money,
            about=numeral.about,
            range_high=high,
            not_count=numeral.not_count,
        )
    if _is_number_word(token.norm) or token.norm in ("a", "an"):
        return _spelled(tokens, start)
    return None

"""Read the changes a quote asserts: "doubled", "rose eightfold", "grew nearly fivefold", "fell
by a third", "up 40%", "7 percent fewer ... than", "three times as many".

A change is a QuotedNumber with `change` set:
- "ratio": the later value over the earlier one ("doubled" is 2, "halved" 0.5, "eightfold" 8);
- "percent": the signed change in percent ("up 5 percent" is +5, "fell by a third" -33.33).

The matcher traces a change to two figures of one measure over two periods (match.py). Only
English words are written here; what is measured comes from the registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from claims.engine.numbers import QuotedNumber
from claims.engine.numerals import UNITS, word_set
from claims.engine.text import Token
from claims.engine.tolerance import quote_interval

RISE = word_set(
    "rose rise rises rising risen grew grow grows growing grown increased increase increases "
    "increasing jumped jump jumps jumping climbed climb climbs climbing soared soar soars "
    "surged surge surges surging swelled up more spiked spike higher"
)
FALL = word_set(
    "fell fall falls falling fallen dropped drop drops dropping declined decline declines "
    "declining decreased decrease decreases decreasing shrank shrink shrinks shrunk plunged "
    "plunge plummeted slid down fewer less lower cut"
)
MULTIPLIERS = {
    "doubled": Decimal(2),
    "doubling": Decimal(2),
    "doubles": Decimal(2),
    "double": Decimal(2),
    "tripled": Decimal(3),
    "tripling": Decimal(3),
    "triple": Decimal(3),
    "quadrupled": Decimal(4),
    "quadrupling": Decimal(4),
    "halved": Decimal("0.5"),
    "twofold": Decimal(2),
    "threefold": Decimal(3),
    "fourfold": Decimal(4),
    "fivefold": Decimal(5),
    "sixfold": Decimal(6),
    "sevenfold": Decimal(7),
    "eightfold": Decimal(8),
    "ninefold": Decimal(9),
    "tenfold": Decimal(10),
}
_HEDGES = {
    "nearly": "nearly",
    "almost": "nearly",
    "roughly": "about",
    "about": "about",
    "around": "about",
    "some": "about",
    "approximately": "about",
    "more": "more than",
    "over": "more than",
}
_REACH = 4  # words between a change verb and its percentage ("rose by about 5 percent")


def _fold(norm: str) -> Decimal | None:
    """ "eightfold", "8-fold", "eight-fold" → 8."""
    if norm in MULTIPLIERS:
        return MULTIPLIERS[norm]
    stem = norm.removesuffix("fold").removesuffix("-")
    if stem == norm or not stem:
        return None
    if stem.isdigit() and len(stem) <= 3:
        return Decimal(stem)
    if stem in UNITS:
        return Decimal(UNITS[stem])
    return None


def _hedge(tokens: Sequence[Token], index: int) -> str:
    before = tokens[index - 1].norm if index else ""
    return _HEDGES.get(before, "about")


def _make(
    tokens: Sequence[Token], text: str, first: int, end: int, value: Decimal, qualifier: str
) -> QuotedNumber:
    low, high = quote_interval(value, qualifier if qualifier != "exact" else "about")
    return QuotedNumber(
        text=text[tokens[first].start : tokens[end - 1].end],
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        percent=False,
        change="ratio",
        start=tokens[first].start,
        end=tokens[end - 1].end,
    )


def read_changes(
    tokens: Sequence[Token], text: str, numbers: Sequence[QuotedNumber]
) -> list[QuotedNumber]:
    """Return the quote's numbers with changes marked, and the multiplier words added, in the
    order of the text."""
    found: list[QuotedNumber] = []
    norms = [token.norm for token in tokens]
    for index, norm in enumerate(norms):
        if (fold := _fold(norm)) is not None:
            # "doubled", "rose eightfold", "a fivefold increase"; not "double-digit".
            if norm in ("double", "triple") and (
                index + 1 >= len(norms) or norms[index + 1] not in ("the", "its", "their")
            ):
                continue
            start = index - 1 if index and norms[index - 1] in _HEDGES else index
            found.append(_make(tokens, text, start, index + 1, fold, _hedge(tokens, index)))
        elif (
            norm == "times"
            and index >= 1
            and index + 2 < len(norms)
            and norms[index + 1] == "as"
            and norms[index + 2] in ("many", "much", "high", "large")
        ):
            word = norms[index - 1]
            value = Decimal(word) if word.isdigit() else Decimal(UNITS.get(word, 0))
            if value > 1:
                found.append(_make(tokens, text, index - 1, index + 3, value, "about"))
    marked = [_mark(tokens, number) for number in numbers]
    return sorted([*marked, *found], key=lambda number: number.start)


def _mark(tokens: Sequence[Token], number: QuotedNumber) -> QuotedNumber:
    """A percentage after a change verb ("rose about 5 percent", "up 40%") or before "more" or
    "fewer ... than" ("7 percent fewer children than") is a change in percent, signed."""
    if not number.percent or number.change:
        return number
    first = next((i for i, token in enumerate(tokens) if token.start >= number.start), None)
    if first is None:
        return number
    last = first
    while last + 1 < len(tokens) and tokens[last + 1].end <= number.end:
        last += 1
    sign = 0
    for index in range(first - 1, max(first - 1 - _REACH, -1), -1):
        if tokens[index].break_after:
            break
        if tokens[index].norm in RISE:
            sign = 1
            break
        if tokens[index].norm in FALL:
            sign = -1
            break
    if not sign and last + 1 < len(tokens) and not tokens[last].break_after:
        after = tokens[last + 1].norm
        if after in ("more", "higher", "increase", "rise", "jump", "growth"):
            sign = 1
        elif after in ("fewer", "less", "lower", "decrease", "drop", "decline", "fall", "cut"):
            sign = -1
    if not sign:
        return number
    value = number.value * sign
    low, high = sorted((number.low * sign, number.high * sign))
    return replace(number, value=value, low=low, high=high, change="percent")

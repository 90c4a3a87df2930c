"""The tolerance policy: which true values a quoted number allows, and what a figure stands for.

Everything about "how close is close enough" is here and nowhere else.

A quoted number becomes an interval of values it can honestly describe:

| the quote says                         | interval                                   |
|----------------------------------------|--------------------------------------------|
| an exact number ("1,475", "325,000")   | ± half its rounding unit, at most ± 5 %    |
| about, around, roughly, some, approx.  | ± 10 %                                     |
| a fraction word ("a third", "half")    | ± 10 % (a fraction is a rounded share)     |
| more than, over, "+", "-plus", or more | value .. value + 10 %                      |
| just over                              | value .. value + 5 %                       |
| at least, no fewer than                | value .. value + 25 %                      |
| nearly, almost, under, less than       | value - 10 % .. value                      |
| just under                             | value - 5 % .. value                       |
| up to, as many as                      | value - 25 % .. value                      |
| a range ("75 to 80,000")               | low - rounding .. high + rounding          |
| a vague magnitude ("tens of thousands")| the magnitude (10,000 .. 99,999)           |

The rounding unit of a number is the place value of its last non-zero digit: 325,000 → 1,000;
80,000 → 10,000; 1,475 → 1; 28.3 → 0.1. So "325,000" allows 324,500 to 325,500, "80,000" allows
76,000 to 84,000 (the ± 5 % cap), "1,475" allows only 1,475.

A figure stands for an interval too, from how its source words it: "exact" is the value itself;
"exact (rounded)" and "about" ± half the rounding unit (at most ± 5 %); "more than"/"over"/"at
least" value .. value + one rounding unit (at most + 10 %), because a source that writes "more
than 291,000" counted 291,xxx; "nearly"/"almost"/"just under" value - one rounding unit .. value.

A quote matches a figure (or a sum of figures) when the two intervals overlap. When they do not
but the figure falls within the LOOSE band (10 % of the quoted value beyond the quote's
interval), the number matches only "as a rounding" (finding `rounded`). Counts and percentages
never match each other.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

ROUNDING_CAP = Decimal("0.05")
ABOUT = Decimal("0.10")
MORE_THAN = Decimal("0.10")
JUST_OVER = Decimal("0.05")
AT_LEAST = Decimal("0.25")
NEARLY = Decimal("0.10")
JUST_UNDER = Decimal("0.05")
UP_TO = Decimal("0.25")
LOOSE = Decimal("0.10")
# A percentage quote also gets at least one percentage point of loose band: "a third" for 31 %.
LOOSE_PERCENT_POINTS = Decimal(1)

HALF = Decimal("0.5")
ZERO = Decimal(0)

# Canonical qualifiers of quoted numbers, as numbers.py names them.
EXACT = "exact"
QUALIFIERS = (
    EXACT,
    "about",
    "more than",
    "just over",
    "at least",
    "nearly",
    "just under",
    "up to",
    "range",
    "vague",
    "fraction",
)


def rounding_unit(value: Decimal) -> Decimal:
    """Return the place value of the last non-zero digit: 325000 → 1000, 28.3 → 0.1, 0 → 1."""
    if not value:
        return Decimal(1)
    exponent = value.normalize().as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity never reach here; be safe anyway
        return Decimal(1)
    return Decimal(1).scaleb(exponent)


def _half_rounding(value: Decimal) -> Decimal:
    return min(rounding_unit(value) * HALF, abs(value) * ROUNDING_CAP)


def quote_interval(value: Decimal, qualifier: str) -> tuple[Decimal, Decimal]:
    """Return the (low, high) interval of true values that the quoted number allows."""
    if qualifier in ("about", "fraction"):
        return value * (1 - ABOUT), value * (1 + ABOUT)
    if qualifier == "more than":
        return value, value * (1 + MORE_THAN)
    if qualifier == "just over":
        return value, value * (1 + JUST_OVER)
    if qualifier == "at least":
        return value, value * (1 + AT_LEAST)
    if qualifier == "nearly":
        return value * (1 - NEARLY), value
    if qualifier == "just under":
        return value * (1 - JUST_UNDER), value
    if qualifier == "up to":
        return value * (1 - UP_TO), value
    half = _half_rounding(value)
    return value - half, value + half


def range_interval(low: Decimal, high: Decimal) -> tuple[Decimal, Decimal]:
    """Return the interval of a stated range, widened by the rounding of its ends."""
    return low - _half_rounding(low), high + _half_rounding(high)


def loose_interval(
    low: Decimal, high: Decimal, *, value: Decimal, percent: bool
) -> tuple[Decimal, Decimal]:
    """Return the wider band within which a number still matches as a rounding."""
    margin = abs(value) * LOOSE
    if percent:
        margin = max(margin, LOOSE_PERCENT_POINTS)
    return low - margin, high + margin


_FIGURE_MORE = ("more than", "over", "at least", "in excess of", "upwards of", "+")
_FIGURE_LESS = ("nearly", "almost", "just under", "under", "fewer than", "less than")
_FIGURE_ABOUT = ("about", "approximately", "around", "roughly", "some", "estimated", "rounded")


def figure_interval(value: Decimal, qualifier: str) -> tuple[Decimal, Decimal]:
    """Return the interval a figure stands for, from its source's own wording of it."""
    wording = _figure_wording(qualifier)
    if wording == EXACT:
        return value, value
    if wording == "about":
        half = _half_rounding(value)
        return value - half, value + half
    unit = min(rounding_unit(value), abs(value) * MORE_THAN)
    if wording == "more than":
        return value, value + unit
    return value - unit, value


@lru_cache(maxsize=1024)
def _figure_wording(qualifier: str) -> str:
    """What a source's qualifier says of its figure: "more than", "nearly", "about" or
    "exact" (read once per wording: a registry's figures share a few)."""
    wording = qualifier.lower()
    if any(word in wording for word in _FIGURE_MORE):
        return "more than"
    if any(word in wording for word in _FIGURE_LESS):
        return "nearly"
    if any(word in wording for word in _FIGURE_ABOUT):
        return "about"
    return EXACT


def overlaps(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    """Whether two closed intervals share a value."""
    return a[0] <= b[1] and b[0] <= a[1]

"""The methodology page, read from the engine itself so that it cannot drift from what it does.

The rating scale and its version, the rating policy (policy.policy_table()), the finding codes
(checks.FINDING_CODES) and the tolerance intervals all come from the engine's own objects: the
intervals are computed by running the engine's number reader on sample phrases, and each
finding code is illustrated by a quote checked against the registry in the database, showing
the explanation the engine really writes (publishing.examples builds those quotes from the
development claims and the registry's own figures). Only the prose is written here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from claims.engine import (
    ENGINE_VERSION,
    FINDING_CODES,
    RATING_SCALE,
    RATING_SCALE_VERSION,
    ClaimInput,
    Registry,
    check,
    tolerance,
)
from claims.engine.describe import amount
from claims.engine.policy import policy_table
from claims.ratings import rating_label
from publishing.claimreview import rating_value
from publishing.examples import finding_examples

# What each code means, in a sentence. tests/publishing checks that every code has one.
FINDING_MEANINGS: dict[str, str] = {
    "figure_match": "The number matches one figure within the tolerance its wording allows.",
    "rounded": "The number matches a figure only as a loose rounding.",
    "combined_figures": "The number reproduces a sum or a difference of two or three figures.",
    "mixed_snapshots": "A combination adds or subtracts figures counted at different dates.",
    "category_mismatch": (
        "The words of the claim describe something other than what the traced figure counts."
    ),
    "period_mismatch": (
        "The time frame, or the party blamed, does not fit the period the figure covers."
    ),
    "source_mismatch": (
        "The claim names or cites a source that does not hold the number; it traces elsewhere."
    ),
    "outdated_figure": "A later snapshot of the same measure existed when the claim was made.",
    "figure_after_claim": "The only matching figure was published after the claim was made.",
    "unsupported_assertion": (
        "The claim asserts harm (dead, trafficked, sold) that no traced figure counts."
    ),
    "missing_denominator": "Context, not a fault: the number's share of the whole it belongs to.",
    "unverified_source": "The traced figure is an announcement with no published method.",
    "no_matching_figure": "Nothing in the registry explains the number.",
}


# Phrases run through the engine's number reader to show the interval each wording allows.
TOLERANCE_PHRASES: tuple[str, ...] = (
    "325,000 children",
    "80,000 children",
    "1,475 children",
    "about 300,000 children",
    "more than 300,000 children",
    "just over 300,000 children",
    "at least 300,000 children",
    "nearly 300,000 children",
    "just under 300,000 children",
    "up to 300,000 children",
    "75 to 80,000 children",
    "tens of thousands of children",
    "a third of the children",
)
# How a source's own wording of a figure widens it.
FIGURE_WORDINGS: tuple[tuple[str, Decimal], ...] = (
    ("exact", Decimal(1475)),
    ("exact (rounded)", Decimal(10000)),
    ("about", Decimal(85000)),
    ("more than", Decimal(291000)),
    ("nearly", Decimal(291000)),
)
_NO_FIGURES = Registry(figures=())


def _percent(fraction: Decimal) -> str:
    return f"{amount(fraction * 100)} %"


def _interval(low: Decimal, high: Decimal, *, percent: bool = False) -> str:
    unit = " %" if percent else ""
    if percent:  # shares are read to a few decimals; people read them to one
        low, high = low.quantize(Decimal("0.1")), high.quantize(Decimal("0.1"))
    if low == high:
        return f"{amount(low)}{unit}"
    return f"{amount(low)}{unit} to {amount(high)}{unit}"


def tolerance_rows() -> list[dict[str, str]]:
    """What the engine reads in each sample phrase: its wording (qualifier), the interval of
    true values it allows, and the wider band within which it still matches as a rounding."""
    rows = []
    for phrase in TOLERANCE_PHRASES:
        verdict = check(ClaimInput(text=phrase), _NO_FIGURES)
        for number in verdict.numbers:
            loose = tolerance.loose_interval(
                number.low, number.high, value=number.value, percent=number.percent
            )
            rows.append(
                {
                    "phrase": phrase,
                    "qualifier": number.qualifier,
                    "interval": _interval(number.low, number.high, percent=number.percent),
                    "loose": _interval(*loose, percent=number.percent),
                }
            )
    return rows


def figure_wording_rows() -> list[dict[str, str]]:
    """The interval a figure stands for, from how its source words it."""
    return [
        {
            "wording": f"{wording} {amount(value)}",
            "interval": _interval(*tolerance.figure_interval(value, wording)),
        }
        for wording, value in FIGURE_WORDINGS
    ]


def tolerance_policy() -> dict[str, Any]:
    """The tolerance constants, as shares written for people."""
    return {
        "rounding_cap": _percent(tolerance.ROUNDING_CAP),
        "about": _percent(tolerance.ABOUT),
        "loose": _percent(tolerance.LOOSE),
        "loose_points": amount(tolerance.LOOSE_PERCENT_POINTS),
        "quotes": tolerance_rows(),
        "figures": figure_wording_rows(),
    }


def _step_ranges() -> dict[str, str]:
    """The policy's step counts that give each rating: "0", "3 to 4", "5 or more"."""
    thresholds = policy_table()["thresholds"]
    ranges = {}
    for position, threshold in enumerate(thresholds):
        low = threshold["from_steps"]
        if position + 1 == len(thresholds):
            ranges[threshold["rating"]] = f"{low} or more"
            continue
        high = thresholds[position + 1]["from_steps"] - 1
        ranges[threshold["rating"]] = str(low) if low == high else f"{low} to {high}"
    return ranges


def scale_rows() -> list[dict[str, Any]]:
    """The canonical scale in the engine's order, with labels, ClaimReview's 1-5 values and
    the policy steps that lead to each rating."""
    steps = _step_ranges()
    return [
        {
            "value": value,
            "label": rating_label(value),
            "claim_review": rating_value(value),
            "steps": steps.get(value, ""),
        }
        for value in RATING_SCALE
    ]


def policy_rows() -> list[dict[str, Any]]:
    """The rating policy's rows, grouped under each finding code in FINDING_CODES order."""
    table = policy_table()
    by_code: dict[str, list[dict[str, Any]]] = {code: [] for code in FINDING_CODES}
    for row in table["rows"]:
        by_code.setdefault(row["code"], []).append(row)
    return [{"code": code, "rows": rows} for code, rows in by_code.items()]


def finding_rows() -> list[dict[str, Any]]:
    """Every finding code with its meaning, its policy rows and an example, in engine order."""
    examples = finding_examples()
    policy = {entry["code"]: entry["rows"] for entry in policy_rows()}
    return [
        {
            "code": code,
            "meaning": FINDING_MEANINGS.get(code, ""),
            "policy": policy.get(code, []),
            "example": examples.get(code),
        }
        for code in FINDING_CODES
    ]


def methodology() -> dict[str, Any]:
    """Everything the methodology page shows."""
    return {
        "engine_version": ENGINE_VERSION,
        "rating_scale_version": RATING_SCALE_VERSION,
        "scale": scale_rows(),
        "findings": finding_rows(),
        "tolerance": tolerance_policy(),
    }

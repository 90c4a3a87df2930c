"""The methodology page, read from the engine itself so that it cannot drift from what it does.

The rating scale and its version, the rating policy (policy.policy_table()), the finding codes
(checks.FINDING_CODES) and the tolerance intervals all come from the engine's own objects: the
intervals are computed by running the engine's number reader on sample phrases, and each
finding code is illustrated by a quote checked against the registry in the database, showing
the explanation the engine really writes (publishing.examples builds those quotes from the
development claims and the registry's own figures). Only the prose is written here.

The sections on claim frames, the evidence floor and arithmetic read the constants, word lists
and docstrings of claims.engine.frames, match, arithmetic and changes, the registry's units
from the database, and quotes the engine works out with each kind of arithmetic.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from decimal import Decimal
from typing import Any

from claims.checking import current_registry
from claims.engine import (
    FINDING_CODES,
    RATING_SCALE,
    RATING_SCALE_VERSION,
    Registry,
    arithmetic,
    changes,
    evidence,
    frames,
    match,
    policy,
    sentences,
    tolerance,
)
from claims.engine.describe import amount
from claims.engine.numbers import read_numbers
from claims.engine.policy import policy_table
from claims.engine.text import normalise, tokenize
from claims.ratings import rating_label
from publishing.claimreview import rating_value
from publishing.examples import arithmetic_examples, finding_examples

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
    "325,000",
    "80,000",
    "1,475",
    "about 300,000",
    "more than 300,000",
    "just over 300,000",
    "at least 300,000",
    "nearly 300,000",
    "just under 300,000",
    "up to 300,000",
    "75 to 80,000",
    "tens of thousands",
    "a third of them",
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

# The shapes a trace can take, in words (match.W_SHAPE's keys); tests/publishing checks that
# every shape has one.
SHAPE_MEANINGS: dict[str, str] = {
    "single": "one figure",
    "consecutive": "one measure added up over periods that follow one another",
    "subset": "a share of a whole the registry records it belongs to",
    "series": "a change between two periods of one measure in one document",
    "snapshots": "a change between two counts of one measure, one replacing the other",
    "disjoint": "two groups the source reports as separate, added up",
    "part_of_whole": "a whole minus its recorded part",
    "document": "two figures of one document, added up",
    "related": "two figures the registry links, added up",
    "triple": "three figures of one document, added up",
    "row": "one row of an official table, for the period (and the state) the quote states",
    "rows_sum": "consecutive rows of an official table that make up exactly the period stated",
    "rows_change": "two rows of an official table, for the two times the quote states",
    "rows_share": "a state's row over the national total of the same table and period",
}
# What each kind of arithmetic is, in a sentence (examples.ARITHMETIC_KINDS' degrees).
ARITHMETIC_MEANINGS: dict[str, str] = {
    "share": "A share of a whole: one count over another it is part of.",
    "change": "A change between periods: one measure counted over two periods.",
    "consecutive": "A sum of consecutive periods: one measure over periods that follow on.",
}


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
        text = normalise(phrase)
        for number in read_numbers(tokenize(text), text):
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


def _paragraphs(docstring: str | None) -> list[str]:
    """A docstring as paragraphs of running text (its lines rejoined)."""
    text = inspect.cleandoc(docstring or "")
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def _bullets(docstring: str | None) -> list[str]:
    """The items of the first bulleted list in a docstring, each as running text."""
    items: list[str] = []
    for line in inspect.cleandoc(docstring or "").splitlines():
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
        elif items:
            break
    return [item.rstrip(";.") + "." for item in items]


def _returned_reasons(function: Any) -> list[str]:
    """The non-empty strings a function returns, in the order of its code: the reasons it
    gives. Read from its source so that the page lists exactly what the engine can say."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):  # no source shipped: the page does without
        return []
    reasons = (
        node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Return)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and node.value.value
    )
    return list(dict.fromkeys(reasons))


def _words(words: frozenset[str] | tuple[tuple[str, ...], ...]) -> list[str]:
    return sorted(" ".join(w) if isinstance(w, tuple) else w for w in words)


def claim_frames() -> dict[str, Any]:
    """How each number gets its own words (claims.engine.frames), and the registry's units:
    what a number must count to be traced."""
    return {
        "how": _bullets(frames.__doc__),
        "clause_reach": frames.CLAUSE_REACH,
        "fragment_words": frames.FRAGMENT_WORDS,
        "ellipsis_words": frames.ELLIPSIS_WORDS,
        "denials": _words(sentences.DENIALS),
        "anaphora": _words(frames.ANAPHORA),
        "turns": _words(frames.TURNS),
        "partitives": _words(frames.PARTITIVES),
        "units": [
            {"label": unit.label, "words": unit.words}
            for unit in sorted(current_registry().units, key=lambda unit: unit.label)
        ],
    }


def evidence_floor() -> dict[str, Any]:
    """When the engine would rather say "no matching figure" than trace (Matcher.below_floor),
    and how publication dates gate a trace (Matcher.best)."""
    return {
        "floor": _paragraphs(match.Matcher.below_floor.__doc__)[1:],
        "reasons": [
            *_returned_reasons(match.Matcher.below_floor),
            *_returned_reasons(match.Matcher._series_sum),
        ],
        "tight_cap": _percent(tolerance.ROUNDING_CAP),
        "outside_share": _percent(Decimal(str(evidence.OUTSIDE_SHARE))),
        "gating": _paragraphs(match.Matcher.best.__doc__)[1:],
        "unavailable": amount(Decimal(str(abs(match.W_UNAVAILABLE)))),
        "shapes": [
            {
                "shape": shape,
                "meaning": SHAPE_MEANINGS.get(shape, shape),
                "weight": amount(Decimal(str(weight))),
            }
            for shape, weight in sorted(match.W_SHAPE.items(), key=lambda item: -item[1])
        ],
    }


def arithmetic_rules() -> dict[str, Any]:
    """Shares, changes and consecutive sums (claims.engine.arithmetic and changes), each with a
    quote the engine worked out with it against today's registry."""
    examples = arithmetic_examples()
    return {
        "how": _bullets(arithmetic.__doc__),
        "max_group": arithmetic.MAX_GROUP,
        "rise": _words(changes.RISE),
        "fall": _words(changes.FALL),
        "multipliers": [
            {"word": word, "times": amount(value)}
            for word, value in sorted(
                changes.MULTIPLIERS.items(), key=lambda item: (item[1], item[0])
            )
        ],
        "kinds": [
            {"kind": kind, "meaning": meaning, "example": examples.get(kind)}
            for kind, meaning in ARITHMETIC_MEANINGS.items()
        ],
    }


def methodology() -> dict[str, Any]:
    """Everything the methodology page shows."""
    return {
        # Read when the page is made: the version of the engine that is running.
        "engine_version": policy.ENGINE_VERSION,
        "frames": claim_frames(),
        "floor": evidence_floor(),
        "arithmetic": arithmetic_rules(),
        "rating_scale_version": RATING_SCALE_VERSION,
        "scale": scale_rows(),
        "findings": finding_rows(),
        "tolerance": tolerance_policy(),
    }

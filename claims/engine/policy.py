"""The rating policy: from findings to the canonical scale, in one place.

Every finding moves the rating some steps down from `true` (POLICY below, one row per finding
code and degree, each with its reason); the steps add up and THRESHOLDS turn the total into a
rating: 0 true, 1 mostly-true, 2 half-true, 3-4 mostly-false, 5 or more false. Each code
counts once, at its worst degree: two period findings are one period problem. Two rows decide
on their own: no number traced at all makes the claim `unverifiable`, unless a figure of the
very category the words describe says otherwise, which makes it `false`.

policy_table() gives the same rows as data for the methodology page. Change ENGINE_VERSION
whenever this policy, the tolerance policy or the matcher changes, so that stored rulings say
which rules produced them; change RATING_SCALE_VERSION only when the scale itself changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claims.engine.verdict import Finding

ENGINE_VERSION = "2.3"
RATING_SCALE_VERSION = "1"
RATING_SCALE = ("true", "mostly-true", "half-true", "mostly-false", "false", "unverifiable")
# The ordinal part of the scale, best first; "unverifiable" stands outside it.
ORDERED_SCALE = RATING_SCALE[:5]


@dataclass(frozen=True, slots=True)
class PolicyRow:
    code: str
    degree: str
    steps: int | None  # None: the finding decides the rating by itself (see `decides`)
    why: str
    decides: str = ""  # the rating this finding imposes, when steps is None
    at_least: int = 0  # the step count the claim reaches at least: a cap on how good it can be


POLICY: tuple[PolicyRow, ...] = (
    PolicyRow("figure_match", "", 0, "the number is the figure"),
    PolicyRow("rounded", "", 1, "the number is only a loose rounding of the figure"),
    PolicyRow("combined_figures", "disjoint", 0, "parts the source reports as separate groups"),
    PolicyRow("combined_figures", "part_of_whole", 0, "a whole minus its recorded part"),
    PolicyRow("combined_figures", "consecutive", 0, "one measure over periods that follow on"),
    PolicyRow("combined_figures", "share", 0, "a part over its whole"),
    PolicyRow("combined_figures", "change", 0, "one measure compared across two periods"),
    PolicyRow("combined_figures", "unchecked", 1, "nothing says the parts do not overlap"),
    PolicyRow("mixed_snapshots", "", 1, "parts counted at different dates"),
    PolicyRow("category_mismatch", "loose", 1, "fitting words that embed a warned-against one"),
    PolicyRow("category_mismatch", "different", 2, "the words describe another category"),
    PolicyRow("category_mismatch", "contradicted", 3, "the figure's definition rules them out"),
    PolicyRow("category_mismatch", "unrelated", 5, "no word fits; they describe other things"),
    PolicyRow("period_mismatch", "", 1, "the period does not fit the time or party blamed"),
    PolicyRow("period_mismatch", "wholly", 2, "the period lies wholly under another party"),
    PolicyRow("source_mismatch", "", 1, "the named or cited source does not hold the number"),
    PolicyRow("outdated_figure", "", 1, "a later snapshot existed when the claim was made"),
    PolicyRow("figure_after_claim", "", 1, "only a later publication holds the number"),
    PolicyRow("unsupported_assertion", "", 2, "harm asserted that no traced figure counts"),
    PolicyRow("missing_denominator", "", 0, "context only"),
    PolicyRow("unverified_source", "", 1, "one part rests on an announcement or unconfirmed"),
    PolicyRow("unverified_source", "sole", 1, "the number rests only on weak ground", at_least=2),
    PolicyRow("no_matching_figure", "partial", 1, "another number could not be traced"),
    PolicyRow("no_matching_figure", "apart", 0, "a number about something else found nothing"),
    PolicyRow("no_matching_figure", "none", None, "nothing explains the number", "unverifiable"),
    PolicyRow(
        "no_matching_figure", "contradicted", None, "the category's figure says otherwise", "false"
    ),
)
# (lowest step count, rating), best first.
THRESHOLDS: tuple[tuple[int, str], ...] = (
    (0, "true"),
    (1, "mostly-true"),
    (2, "half-true"),
    (3, "mostly-false"),
    (5, "false"),
)
_ROWS = {(row.code, row.degree): row for row in POLICY}


def row_for(finding: Finding) -> PolicyRow:
    """The policy row of a finding; a degree the table does not know weighs like the code's
    first row, so a new degree can never silently count as zero."""
    if (row := _ROWS.get((finding.code, finding.degree))) is not None:
        return row
    for row in POLICY:
        if row.code == finding.code:
            return row
    raise KeyError(f"no rating policy for finding {finding.code!r}")


def rating_for_steps(steps: int) -> str:
    rating = THRESHOLDS[0][1]
    for lowest, name in THRESHOLDS:
        if steps >= lowest:
            rating = name
    return rating


def rate(findings: Iterable[Finding]) -> tuple[str, int | None]:
    """Return (rating, steps) for a claim's findings; steps is None when a finding decides."""
    worst: dict[str, PolicyRow] = {}
    for finding in findings:
        row = row_for(finding)
        if row.steps is None:
            decided = worst.get(row.code)
            if decided is None or decided.steps is not None or row.decides == "false":
                worst[row.code] = row
            continue
        current = worst.get(row.code)
        if current is None or (current.steps is not None and row.steps > current.steps):
            worst[row.code] = row
    for row in worst.values():
        if row.steps is None and row.decides == "false":
            return "false", None
    for row in worst.values():
        if row.steps is None:
            return row.decides, None
    steps = sum(row.steps or 0 for row in worst.values())
    steps = max([steps, *(row.at_least for row in worst.values())])
    return rating_for_steps(steps), steps


def steps_between(first: str, second: str) -> int | None:
    """How many steps apart two ratings are on the ordered scale; None if either is outside."""
    if first not in ORDERED_SCALE or second not in ORDERED_SCALE:
        return None
    return abs(ORDERED_SCALE.index(first) - ORDERED_SCALE.index(second))


def policy_table() -> dict[str, Any]:
    """The policy as data, for the methodology page."""
    return {
        "engine_version": ENGINE_VERSION,
        "rating_scale_version": RATING_SCALE_VERSION,
        "scale": list(RATING_SCALE),
        "rows": [
            {
                "code": r.code,
                "degree": r.degree,
                "steps": r.steps,
                "why": r.why,
                "decides": r.decides,
                "at_least": r.at_least,
            }
            for r in POLICY
        ],
        "thresholds": [{"from_steps": lowest, "rating": name} for lowest, name in THRESHOLDS],
    }

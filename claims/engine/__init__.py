"""The verdict engine: trace a quoted number to official figures and propose a ruling.

Pure Python, no Django: `check(claim, registry)` is the one entry point.

    quote ──parse──▶ ParsedClaim ──match──▶ traces ──checks──▶ findings ──policy──▶ rating

parse.py reads the quote (numbers.py, timeframe.py, lexicon.py), match.py traces each number
(index.py, tolerance.py), checks.py writes the findings and policy.py rates them.
"""

from __future__ import annotations

from claims.engine.checks import FINDING_CODES, run_checks
from claims.engine.match import trace_numbers
from claims.engine.numbers import QuotedNumber
from claims.engine.parse import ParsedClaim, parse_claim
from claims.engine.policy import ENGINE_VERSION, RATING_SCALE, RATING_SCALE_VERSION, rate
from claims.engine.registry import (
    CategoryRecord,
    DocumentRecord,
    FigureRecord,
    Registry,
    RowRef,
    SeriesRecord,
    SeriesRowRecord,
    TenureRecord,
    UnitRecord,
)
from claims.engine.verdict import ClaimInput, Finding, Verdict

__all__ = [
    "ENGINE_VERSION",
    "FINDING_CODES",
    "RATING_SCALE",
    "RATING_SCALE_VERSION",
    "CategoryRecord",
    "ClaimInput",
    "DocumentRecord",
    "FigureRecord",
    "Finding",
    "ParsedClaim",
    "QuotedNumber",
    "Registry",
    "SeriesRecord",
    "SeriesRowRecord",
    "TenureRecord",
    "UnitRecord",
    "Verdict",
    "check",
]


def check(claim: ClaimInput, registry: Registry) -> Verdict:
    """Trace the claim's numbers to the registry's figures and propose an explained rating.

    Deterministic: the same claim and registry always give the same verdict.
    """
    parsed = parse_claim(claim, registry)
    traced = trace_numbers(parsed, registry)
    # A number that nothing explains and that the quote says nothing about, beside one that
    # traces, is context ("... and 40,000 of them live in Texas"): read, not held against it.
    context = [
        entry
        for entry in traced
        if entry[1] is None
        and not any(mention.asserted for mention in entry[2].mentions)
        and any(other[1] is not None for other in traced)
    ]
    traced = [entry for entry in traced if entry not in context]
    findings = run_checks(parsed, traced, registry)
    rating, steps = rate(findings)
    index = registry.index
    figures: dict[str, None] = {}
    confirmed: dict[str, None] = {}
    rows: dict[RowRef, None] = {}
    for _, trace, _, _ in traced:
        if trace is not None and trace.aggregate is not None:
            rows.update(dict.fromkeys(trace.aggregate.refs))
        elif trace is not None:
            for part in trace.parts if trace.available else ():
                figures.setdefault(index.figures[part].slug, None)
            for part in (
                trace.confirmed_later if trace.available else trace.parts + trace.confirmed_later
            ):
                confirmed.setdefault(index.figures[part].slug, None)
    return Verdict(
        id=claim.id,
        rating=rating,
        findings=tuple(findings),
        figures=tuple(figures),
        numbers=tuple(number for number, _, _, _ in traced),
        confirmed_later=tuple(slug for slug in confirmed if slug not in figures),
        read=tuple(
            (frame.number, frame.other or ("denied" if frame.denied else "no context"))
            for frame in parsed.frames
            if not frame.traceable
        )
        + tuple(
            (number, "no figure, and nothing said of what it counts") for number, *_ in context
        ),
        engine_version=ENGINE_VERSION,
        rating_scale_version=RATING_SCALE_VERSION,
        steps=steps,
        series=tuple(rows),
    )

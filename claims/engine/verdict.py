"""What goes into a check and what comes out of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from claims.engine.numbers import QuotedNumber
from claims.engine.numerals import plain
from claims.engine.registry import RowRef


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimInput:
    """A quote to check, with what is known about it."""

    id: str = ""
    text: str
    claimant: str = ""
    said_on: date | None = None
    attributed_to: str = ""  # whom the claim blames or credits
    cited_sources: tuple[str, ...] = ()  # document slugs (or report numbers) given with it


# A plain-language title for each finding, by code and degree ("" is the code's default): what
# a reader sees first, with the code beside it for those who want it.
TITLES: dict[tuple[str, str], str] = {
    ("figure_match", ""): "The number matches an official figure",
    ("rounded", ""): "The number is a loose rounding of the figure",
    ("combined_figures", ""): "Two or more counts added together",
    ("combined_figures", "disjoint"): "Two different counts added together",
    ("combined_figures", "unchecked"): "Counts added together that may overlap",
    ("combined_figures", "part_of_whole"): "A whole minus one of its parts",
    ("combined_figures", "consecutive"): "One count added up over consecutive periods",
    ("combined_figures", "share"): "A share worked out from two counts",
    ("combined_figures", "change"): "A change worked out from two counts",
    ("mixed_snapshots", ""): "Counts taken at different dates mixed together",
    ("category_mismatch", ""): "The words describe something the figure does not count",
    ("category_mismatch", "loose"): "The words stretch what the figure counts",
    ("category_mismatch", "contradicted"): "The figure's own definition rules the words out",
    ("category_mismatch", "unrelated"): "The words describe other things altogether",
    ("period_mismatch", ""): "The figure covers a different period",
    ("period_mismatch", "wholly"): "The figure belongs to another administration's time",
    ("source_mismatch", ""): "The source named does not hold the number",
    ("outdated_figure", ""): "A newer count had already replaced the figure",
    ("figure_after_claim", ""): "Only a later publication holds the number",
    ("unsupported_assertion", ""): "Harm claimed that no figure counts",
    ("missing_denominator", ""): "For scale: the share of the whole",
    ("unverified_source", ""): "The figure rests on weak ground",
    ("unverified_source", "sole"): "The number rests only on weak ground",
    ("no_matching_figure", ""): "No official figure explains the number",
    ("no_matching_figure", "contradicted"): "The official figure says otherwise",
    ("no_matching_figure", "apart"): "A number about something else has no official figure",
}


def finding_title(code: str, degree: str = "") -> str:
    """The plain-language title of a finding; the code itself for one the table lacks."""
    return TITLES.get((code, degree)) or TITLES.get((code, ""), code)


@dataclass(frozen=True, slots=True)
class Finding:
    """One machine-readable observation with its plain-English reason and its evidence."""

    code: str  # one of checks.FINDING_CODES
    explanation: str
    figures: tuple[str, ...] = ()  # figure slugs
    documents: tuple[str, ...] = ()  # document slugs
    degree: str = ""  # the variant the rating policy weighs ("contradicted", "disjoint", ...)
    series: tuple[RowRef, ...] = ()  # the rows of official tables it cites

    @property
    def title(self) -> str:
        return finding_title(self.code, self.degree)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "degree": self.degree,
            "text": self.explanation,
            "figures": list(self.figures),
            "documents": list(self.documents),
            "series": rows_json(self.series),
        }


def rows_json(rows: tuple[RowRef, ...]) -> list[dict[str, Any]]:
    """Rows as checkclaims and the API give them: series slug, period (ISO dates), geography
    (None for national)."""
    return [
        {"series": slug, "start": start.isoformat(), "end": end.isoformat(), "geo": geo or None}
        for slug, start, end, geo in rows
    ]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The engine's proposal for one claim.

    Numbers are Decimals inside; JSON carries them as strings ("325000", "28.3%",
    "75000-80000") so that no precision is lost on the way.
    """

    id: str
    rating: str  # one of policy.RATING_SCALE
    findings: tuple[Finding, ...]
    figures: tuple[str, ...]  # the traced figure slugs, in the order the numbers were traced
    numbers: tuple[QuotedNumber, ...]
    engine_version: str
    rating_scale_version: str
    steps: int | None = None  # the policy's step count; None when the rating is not a count
    # Later figures that agree with a traced number (they could not have been its source).
    confirmed_later: tuple[str, ...] = ()
    # Numbers read but not traced, with why: ("states") what they count instead, "denied"
    # when the claimant rejects the number, "no context" when nothing says what it counts.
    read: tuple[tuple[QuotedNumber, str], ...] = ()
    # The rows of official tables the traced aggregates used, in the order they were traced.
    series: tuple[RowRef, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(finding.code for finding in self.findings))

    def to_dict(self) -> dict[str, Any]:
        """The checkclaims JSON line: id, rating, finding codes, figure slugs, numbers, and
        the series rows used."""
        return {
            "id": self.id,
            "rating": self.rating,
            "findings": list(self.codes),
            "figures": list(self.figures),
            "numbers": [number.serialise() for number in self.numbers],
            "series": rows_json(self.series),
        }

    def to_json(self) -> dict[str, Any]:
        """The richer form for the API: every finding with its explanation and evidence."""
        return {
            **self.to_dict(),
            "explanations": [finding.to_json() for finding in self.findings],
            "numbers_read": [
                {
                    "text": number.text,
                    "value": number.serialise(),
                    "qualifier": number.qualifier,
                    "unit": number.unit,
                    "counts": number.noun,
                    "low": plain(number.low),
                    "high": plain(number.high),
                }
                for number in self.numbers
            ],
            "not_traced": [
                {"text": number.text, "value": number.serialise(), "why": why}
                for number, why in self.read
            ],
            "confirmed_later": list(self.confirmed_later),
            "steps": self.steps,
            "engine_version": self.engine_version,
            "rating_scale_version": self.rating_scale_version,
        }

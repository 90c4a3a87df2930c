"""The engine's draft of the "in short": deterministic sentences from the findings that name
what the figures count, where they were published and when. No database."""

from __future__ import annotations

import datetime
from decimal import Decimal

from claims.summaries import FigureFacts, draft_in_short

LIMIT = 600


def facts(slug: str, value: int, **fields) -> FigureFacts:
    values: dict = {
        "slug": slug,
        "value": Decimal(value),
        "qualifier": "more than",
        "unit": "parcels",
        "counts": f"Parcels {slug}",
        "does_not_mean": "Parcels that were stolen. Most were later delivered.",
        "document_kind": "Oversight audit",
        "publisher": "Postal Inspector",
        "published": datetime.date(2024, 8, 1),
        "period_start": datetime.date(2019, 10, 1),
        "period_end": datetime.date(2023, 9, 30),
        "as_of": datetime.date(2024, 5, 1),
    }
    values.update(fields)
    return FigureFacts(**values)


FIGURES = {
    "held": facts("held", 291_000, counts="Held at the depot"),
    "returned": facts("returned", 32_000, counts="Returned to sender", qualifier="exact"),
}
NUMBERS = [{"text": "325,000", "value": "325000", "percent": False}]


def finding(code: str, degree: str = "", figures=()) -> dict:
    return {"code": code, "degree": degree, "text": "", "figures": list(figures), "documents": []}


def test_a_sum_names_both_counts_their_document_and_year():
    text = draft_in_short(
        findings=[finding("combined_figures", "disjoint", ["held", "returned"])],
        numbers=NUMBERS,
        figures=FIGURES,
        limit=LIMIT,
    )
    assert text == (
        "The 325,000 adds two different counts from a 2024 oversight audit by Postal Inspector: "
        "more than 291,000 parcels counted as “Held at the depot” and 32,000 parcels counted as "
        "“Returned to sender”."
    )


def test_a_category_mismatch_quotes_the_sources_own_definition_and_a_period_its_dates():
    text = draft_in_short(
        findings=[
            finding("combined_figures", "", ["held", "returned"]),
            finding("category_mismatch", "contradicted", ["held"]),
            finding("period_mismatch", "", ["held", "returned"]),
            finding("missing_denominator", "", ["held"]),
        ],
        numbers=NUMBERS,
        figures=FIGURES,
        limit=LIMIT,
    )
    sentences = text.split(". ")
    assert len(sentences) == 3
    assert sentences[0].startswith("The 325,000 adds two counts")
    assert sentences[1] == (
        "By the source's own definition, “Held at the depot” does not mean parcels that "
        "were stolen"
    )
    assert (
        sentences[2]
        == "The figures cover October 2019 to September 2023, not the period the claim blames."
    )


def test_a_single_match_and_a_rounding_name_the_one_figure():
    match = draft_in_short(
        findings=[finding("figure_match", "", ["returned"])],
        numbers=[{"text": "32,000", "value": "32000", "percent": False}],
        figures=FIGURES,
        limit=LIMIT,
    )
    assert match == (
        "The 32,000 matches 32,000 parcels counted as “Returned to sender” from a 2024 oversight "
        "audit by Postal Inspector."
    )
    rounded = draft_in_short(
        findings=[finding("rounded", "", ["held"])],
        numbers=[{"text": "300,000", "value": "300000", "percent": False}],
        figures=FIGURES,
        limit=LIMIT,
    )
    assert rounded.startswith("The 300,000 is a loose rounding of more than 291,000 parcels")


def test_the_quoted_number_named_is_the_one_nearest_the_figures_not_a_share():
    text = draft_in_short(
        findings=[finding("figure_match", "", ["returned"])],
        numbers=[
            {"text": "7%", "value": "32000", "percent": True},
            {"text": "900", "value": "900", "percent": False},
            {"text": "31,000", "value": "31000", "percent": False},
        ],
        figures=FIGURES,
        limit=LIMIT,
    )
    assert text.startswith("The 31,000 matches")


def test_no_matching_figure_says_so_and_harm_without_a_figure_is_named():
    text = draft_in_short(
        findings=[finding("no_matching_figure"), finding("unsupported_assertion")],
        numbers=NUMBERS,
        figures=FIGURES,
        limit=LIMIT,
    )
    assert text == (
        "No figure in our registry of sources explains the 325,000. "
        "No figure counts the harm the claim asserts."
    )


def test_figures_from_several_documents_are_named_by_their_years_and_snapshots_by_dates():
    figures = {
        "held": FIGURES["held"],
        "later": facts(
            "later",
            40_000,
            published=datetime.date(2025, 1, 10),
            as_of=datetime.date(2025, 1, 1),
            counts="Held at the depot",
        ),
    }
    text = draft_in_short(
        findings=[
            finding("combined_figures", "unchecked", ["held", "later"]),
            finding("mixed_snapshots", "", ["held", "later"]),
        ],
        numbers=NUMBERS,
        figures=figures,
        limit=LIMIT,
    )
    assert "adds two counts that may overlap from two documents (2024 to 2025)" in text
    assert text.endswith("The counts were taken at different dates (May 2024 and January 2025).")


def test_the_draft_fits_the_limit_by_dropping_its_last_sentences_and_is_stable():
    findings = [
        finding("combined_figures", "disjoint", ["held", "returned"]),
        finding("category_mismatch", "", ["held"]),
        finding("period_mismatch", "wholly", ["held"]),
    ]
    full = draft_in_short(findings=findings, numbers=NUMBERS, figures=FIGURES, limit=LIMIT)
    short = draft_in_short(findings=findings, numbers=NUMBERS, figures=FIGURES, limit=250)
    assert len(short) <= 250
    assert full.startswith(short)
    assert "another administration" in full
    assert full == draft_in_short(findings=findings, numbers=NUMBERS, figures=FIGURES, limit=LIMIT)


def test_no_findings_draft_nothing():
    assert draft_in_short(findings=[], numbers=NUMBERS, figures=FIGURES, limit=LIMIT) == ""

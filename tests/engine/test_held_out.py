"""Quotes written apart from the corpus, each in words of its own, for the mechanisms that
brought corpus cases into line: a rule that only fits the corpus's sentences fails here.

Each quote is checked against the project's reference data, like the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from claims.engine import ClaimInput, check


@dataclass(frozen=True)
class HeldOut:
    id: str
    text: str
    rating: str
    figures: frozenset[str]
    said_on: date | None = None
    attributed_to: str = ""
    findings: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    confirmed_later: frozenset[str] | None = None
    extra: dict[str, str] = field(default_factory=dict)


HELD_OUT = (
    # A later publisher's figure for the same measure confirms the number, though it counts
    # it under another name (ORR's referrals, restated by GAO as children cared for).
    HeldOut(
        id="later-restatement-confirms",
        text="ORR logged 118,938 referrals of unaccompanied children in fiscal 2023.",
        said_on=date(2024, 5, 1),
        rating="true",
        figures=frozenset({"orr_referrals_fy2023"}),
        findings=("figure_match",),
        absent=("figure_after_claim",),
        confirmed_later=frozenset({"gao25_orr_cared_fy2023"}),
    ),
    # Only later publications hold the number: all of them that restate it confirm it, and
    # the count of the larger group the words also name does not contradict it.
    HeldOut(
        id="later-only-every-restatement",
        text=(
            "Of the unaccompanied children ICE transferred to HHS between fiscal 2019 and "
            "fiscal 2023, more than 233,000 still had not yet been served a notice to appear."
        ),
        said_on=date(2025, 2, 20),
        rating="mostly-true",
        figures=frozenset(),
        findings=("figure_after_claim",),
        absent=("no_matching_figure",),
        confirmed_later=frozenset({"oig25_no_nta_jan2025", "house_ovs25_233000"}),
    ),
    # A negation denies its verb, not the phrase of time or cause after it: the calls were
    # made, the children's whereabouts were what could not be settled.
    HeldOut(
        id="negation-ends-at-a-phrase-of-time",
        text=(
            "Where one in five migrant children lived could not be established by officials "
            "even after follow-up calls in late 2017."
        ),
        said_on=date(2018, 5, 15),
        rating="true",
        figures=frozenset({"wagner18_unknown_1475", "wagner18_calls_attempted_7635"}),
        findings=("combined_figures",),
        absent=("no_matching_figure",),
    ),
    HeldOut(
        id="negation-ends-at-during",
        text=(
            "The homes of one in five migrant children could not be confirmed by HHS during "
            "its follow-up calls in late 2017."
        ),
        said_on=date(2018, 5, 15),
        rating="true",
        figures=frozenset({"wagner18_unknown_1475", "wagner18_calls_attempted_7635"}),
        findings=("combined_figures",),
        absent=("no_matching_figure",),
    ),
    # A bare number right after "and" or "but" counts what the number before it counts, not
    # what a word in between names ("calls").
    HeldOut(
        id="gapped-number-after-and",
        text=(
            "HHS could not reach 1,475 children through its follow-up calls in late 2017, and "
            "more than 85,000 in 2021 and 2022."
        ),
        said_on=date(2023, 6, 1),
        rating="true",
        figures=frozenset({"wagner18_unknown_1475", "nyt23_unreachable_85000"}),
        findings=("figure_match",),
        absent=("no_matching_figure",),
    ),
    HeldOut(
        id="gapped-number-after-but",
        text=(
            "Officials lost contact with more than 85,000 minors despite check-in calls in 2021 "
            "and 2022, but 1,475 in late 2017."
        ),
        said_on=date(2023, 6, 1),
        rating="mostly-true",
        figures=frozenset({"wagner18_unknown_1475", "nyt23_unreachable_85000"}),
        findings=("figure_match",),
        absent=("no_matching_figure",),
    ),
    # A clause opened by "that" or "this" after a colon restates the words before the colon:
    # they say what the number's group is.
    HeldOut(
        id="harm-restated-after-a-colon",
        text=(
            "Sold to traffickers or dead: this is what became of more than 291,000 migrant "
            "children released under Biden."
        ),
        said_on=date(2024, 9, 20),
        attributed_to="Biden administration",
        rating="false",
        figures=frozenset({"oig24_no_nta_may2024"}),
        findings=("category_mismatch", "unsupported_assertion"),
    ),
    HeldOut(
        id="category-restated-after-a-colon",
        text=(
            "Gone without a trace: that is what happened to 1,475 children HHS placed in "
            "late 2017."
        ),
        said_on=date(2018, 5, 30),
        rating="mostly-false",
        figures=frozenset({"wagner18_unknown_1475"}),
        findings=("category_mismatch",),
    ),
    # A verb whose object is an organisation ("reached HHS") says what the counted things did,
    # not what was done to them: it is not the category its word names elsewhere.
    HeldOut(
        id="verb-with-an-agency-as-object",
        text=(
            "In April 2021 alone, about 20,000 referrals of migrant children reached HHS, a "
            "federal watchdog found."
        ),
        said_on=date(2022, 3, 1),
        rating="true",
        figures=frozenset({"hhsoig22_referrals_apr2021"}),
        findings=("figure_match",),
        absent=("category_mismatch",),
    ),
    HeldOut(
        id="verb-with-an-acronym-as-object",
        text=(
            "Referrals of roughly 20,000 unaccompanied minors reached ORR during April 2021, "
            "the inspector general reported."
        ),
        said_on=date(2022, 3, 1),
        rating="true",
        figures=frozenset({"hhsoig22_referrals_apr2021"}),
        findings=("figure_match",),
        absent=("category_mismatch",),
    ),
    # "without a lawyer" denies the lawyer as "no lawyer" does: the share then names nothing
    # the registry counts, and the engine abstains.
    HeldOut(
        id="without-denies-like-no",
        text="About 45 percent of the kids in immigration court last year were without counsel.",
        said_on=date(2024, 4, 10),
        rating="unverifiable",
        figures=frozenset(),
        findings=("no_matching_figure",),
        absent=("figure_after_claim",),
    ),
    HeldOut(
        id="without-denies-its-noun-phrase",
        text=(
            "Nearly 50 percent of unaccompanied children in deportation hearings in 2023 stood "
            "before the judge without legal counsel."
        ),
        said_on=date(2024, 4, 10),
        rating="unverifiable",
        figures=frozenset(),
        findings=("no_matching_figure",),
        absent=("figure_after_claim",),
    ),
    # Words that name only a larger group than a share's part, and not the whole the share is
    # taken of, say what the share is of, not which part it counts: any subset would fit.
    HeldOut(
        id="share-of-a-named-group-counts-nothing-named",
        text=(
            "Just 7 percent of the migrant children released to sponsors ever received a visit "
            "from a caseworker, advocates say."
        ),
        said_on=date(2024, 6, 1),
        rating="unverifiable",
        figures=frozenset(),
        findings=("no_matching_figure",),
        absent=("figure_after_claim",),
    ),
    HeldOut(
        id="share-of-a-named-group-in-school",
        text=(
            "Fewer than 65 percent of the children released to sponsors were enrolled in "
            "school, teachers say."
        ),
        said_on=date(2024, 6, 1),
        rating="unverifiable",
        figures=frozenset(),
        findings=("no_matching_figure",),
        absent=("figure_after_claim",),
    ),
    # Two words the traced figures' own definitions each warn against are a misreading of
    # those figures (contradicted), not words about other things altogether (unrelated).
    HeldOut(
        id="two-warned-against-words-are-a-misreading",
        text=(
            "One in three of the kids Biden's HHS released in the first months of 2021 went "
            "missing, the agency's call logs show."
        ),
        said_on=date(2021, 9, 20),
        attributed_to="Biden administration",
        rating="mostly-false",
        figures=frozenset({"axios21_unanswered_4890", "axios21_calls_14600"}),
        findings=("combined_figures", "category_mismatch"),
        absent=("unsupported_assertion",),
    ),
    HeldOut(
        id="two-warned-against-words-a-third",
        text=(
            "Of the children released by HHS in early 2021, about a third have disappeared, "
            "according to its phone records."
        ),
        said_on=date(2021, 9, 20),
        rating="mostly-false",
        figures=frozenset({"axios21_unanswered_4890", "axios21_calls_14600"}),
        findings=("combined_figures", "category_mismatch"),
    ),
    # A total people add up themselves over the periods they state is rounded like a single
    # figure; years set beside "fiscal years" are fiscal years.
    HeldOut(
        id="rounded-sum-over-fiscal-years-in-apposition",
        text=(
            "Nearly 240,000 unaccompanied children were transferred to HHS by ICE over two "
            "fiscal years, 2022 and 2023."
        ),
        said_on=date(2024, 12, 1),
        rating="mostly-true",
        figures=frozenset({"oig24_transferred_fy2022", "oig24_transferred_fy2023"}),
        findings=("combined_figures", "rounded"),
        absent=("no_matching_figure", "period_mismatch"),
    ),
    HeldOut(
        id="rounded-sum-over-stated-fiscal-years",
        text="Over 250,000 unaccompanied kids were sent to HHS by ICE in fiscal 2022 and 2023.",
        said_on=date(2024, 12, 1),
        rating="mostly-true",
        figures=frozenset({"oig24_transferred_fy2022", "oig24_transferred_fy2023"}),
        findings=("combined_figures", "rounded"),
        absent=("period_mismatch",),
    ),
    # The word a category's definition begins with names what it counts: "released" fits
    # releases made while the sponsor's checks were pending.
    HeldOut(
        id="definition-head-word-fits",
        text=(
            "In the watchdog's sample, roughly 19 percent of the children were released before "
            "fingerprint results on their sponsors came back."
        ),
        said_on=date(2024, 3, 1),
        rating="true",
        figures=frozenset({"hhsoig24_pending_checks"}),
        findings=("figure_match",),
        absent=("category_mismatch",),
    ),
    HeldOut(
        id="definition-head-word-fits-a-percent",
        text=(
            "The audit found about 19% of the sampled kids were released with their sponsors' "
            "background checks unfinished."
        ),
        said_on=date(2024, 3, 1),
        rating="true",
        figures=frozenset({"hhsoig24_pending_checks"}),
        findings=("figure_match",),
        absent=("category_mismatch",),
    ),
)


# The reference registry is imported into the test database: the tests ask for it, so that
# the database is set up when this module runs without any test that uses it otherwise.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def reference_registry(django_db_setup, django_db_blocker):
    from claims.checking import load_registry
    from tests.conftest import REFERENCE_DATA

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_figures", str(REFERENCE_DATA), verbosity=0)
        registry = load_registry()
        registry.index  # noqa: B018 (built while the data is there, though it needs none)
        transaction.set_rollback(True)
    return registry


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in HELD_OUT])
def test_a_held_out_quote_gets_the_ruling_a_fact_checker_would_give(case, reference_registry):
    verdict = check(
        ClaimInput(
            id=case.id, text=case.text, said_on=case.said_on, attributed_to=case.attributed_to
        ),
        reference_registry,
    )
    summary = (verdict.rating, verdict.figures, verdict.codes, verdict.confirmed_later)
    assert verdict.rating == case.rating, summary
    assert frozenset(verdict.figures) == case.figures, summary
    assert set(case.findings) <= set(verdict.codes), summary
    assert not set(case.absent) & set(verdict.codes), summary
    if case.confirmed_later is not None:
        assert frozenset(verdict.confirmed_later) == case.confirmed_later, summary

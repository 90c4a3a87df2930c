"""Each finding code: when it is produced, what its explanation names, and its evidence."""

from __future__ import annotations

from datetime import date

from engine_factories import (
    claim,
    codes,
    disjoint_pair,
    document,
    figure,
    finding,
    registry,
    verdict_for,
)

from claims.engine import FINDING_CODES, check


def test_figure_match_names_the_figure_its_document_and_period():
    verdict = verdict_for("1,475 children", figure("calls", 1475, period_text="Oct - Dec 2017"))
    found = finding(verdict, "figure_match")
    assert "'1,475' matches 1,475 children" in found.explanation
    assert "OIG-24-46" in found.explanation
    assert "Oct - Dec 2017" in found.explanation
    assert (found.figures, found.documents) == (("calls",), ("doc_audit",))


def test_rounded_when_the_number_matches_only_as_a_loose_rounding():
    verdict = verdict_for("80,000 children", figure("unreached", 85000, qualifier="more than"))
    found = finding(verdict, "rounded")
    assert "only as a loose rounding of 85,000" in found.explanation
    assert found.figures == ("unreached",)


def test_combined_figures_names_both_parts_and_their_sum():
    no_date, missed = disjoint_pair()
    found = finding(
        verdict_for("325,000 children are missing", no_date, missed), "combined_figures"
    )
    assert "more than 291,000 children" in found.explanation
    assert "more than 32,000 children" in found.explanation
    assert "make 323,000" in found.explanation
    assert "neither counts 'Missing'" in found.explanation
    assert found.degree == "disjoint"
    assert found.figures == ("no_date", "missed")


def test_mixed_snapshots_when_a_combination_joins_releases_counted_at_different_dates():
    first = figure(
        "a",
        291000,
        document="doc_one",
        category="no_court_date",
        as_of=date(2024, 5, 1),
        as_of_text="May 2024",
        relations=(("disjoint_with", "b"),),
    )
    second = figure(
        "b",
        43000,
        document="doc_two",
        category="missed_court",
        as_of=date(2024, 10, 1),
        as_of_text="October 2024",
    )
    found = finding(verdict_for("334,000 children", first, second), "mixed_snapshots")
    assert "as of May 2024" in found.explanation
    assert "as of October 2024" in found.explanation


def test_no_mixed_snapshots_for_parts_published_together():
    first = figure(
        "a",
        291000,
        category="no_court_date",
        as_of=date(2024, 5, 1),
        relations=(("disjoint_with", "b"),),
    )
    second = figure("b", 32000, category="missed_court", as_of=date(2024, 8, 19))
    assert "mixed_snapshots" not in codes(verdict_for("323,000 children", first, second))


def test_category_mismatch_when_the_words_describe_another_category():
    found = finding(
        verdict_for(
            "20,000 children were smuggled", figure("caught", 19313, category="apprehended")
        ),
        "category_mismatch",
    )
    assert found.degree == "different"
    assert "'smuggled'" in found.explanation
    assert "Crossed" in found.explanation
    assert "the traced figures count 19,313 'Apprehended' (OIG-24-46, FY2022)" in found.explanation


def test_category_mismatch_is_contradicted_when_the_figures_definition_rules_the_words_out():
    found = finding(
        verdict_for(
            "They lost 85,000 children", figure("unreached", 85000, category="unreachable")
        ),
        "category_mismatch",
    )
    assert found.degree == "contradicted"
    assert "their definitions rule that reading out" in found.explanation


def test_category_mismatch_is_loose_when_fitting_words_embed_a_warned_against_one():
    found = finding(
        verdict_for(
            "They lost track of 1,475 children", figure("calls", 1475, category="unreachable")
        ),
        "category_mismatch",
    )
    assert found.degree == "loose"
    assert "'lost track of'" in found.explanation
    assert "does not mean 'lost'" in found.explanation


def test_category_mismatch_is_unrelated_when_no_word_fits_and_several_other_things_are_said():
    verdict = verdict_for(
        "1500 children ripped from their mothers, lost",
        figure("calls", 1475, category="unreachable"),
    )
    assert finding(verdict, "category_mismatch").degree == "unrelated"


def test_no_category_mismatch_when_the_words_fit_the_figure_or_its_ancestor():
    no_date = figure("no_date", 291000, category="no_court_date")
    assert "category_mismatch" not in codes(verdict_for("291,000 with no court date", no_date))
    assert "category_mismatch" not in codes(verdict_for("291,000 were released", no_date))


def test_period_mismatch_when_the_period_spans_a_tenure_the_claim_does_not_blame():
    spanning = figure(
        "fy19_23",
        32000,
        period_text="FY2019-FY2023",
        period_start=date(2018, 10, 1),
        period_end=date(2023, 9, 30),
    )
    found = finding(
        verdict_for("She lost 32,000 children", spanning, attributed_to="Kamala Harris"),
        "period_mismatch",
    )
    assert found.explanation == (
        "54% of the period of 32,000 'Counted' (OIG-24-46, FY2019-FY2023) (1 Oct 2018 to 30 Sep"
        " 2023) falls in the Second administration, which the claim holds responsible; the rest"
        " in the First administration."
    )
    assert found.degree == ""


def test_a_period_wholly_under_another_party_is_the_graver_period_mismatch():
    earlier = figure("fy2019", 76020, period_start=date(2018, 10, 1), period_end=date(2019, 9, 30))
    found = finding(
        verdict_for("She lost 76,020 children", earlier, attributed_to="Kamala Harris"),
        "period_mismatch",
    )
    assert found.explanation.startswith("0% of the period")
    assert "all of it in the First administration" in found.explanation
    assert found.degree == "wholly"
    assert found.figures == ("fy2019",)


def test_no_period_mismatch_when_the_period_lies_almost_wholly_in_the_tenure_blamed():
    calendar_years = figure(
        "cal", 85000, period_start=date(2021, 1, 1), period_end=date(2022, 12, 31)
    )
    verdict = verdict_for("She lost 85,000 children", calendar_years, attributed_to="Harris")
    assert "period_mismatch" not in codes(verdict)


def test_period_mismatch_when_the_period_misses_the_time_frame_the_claim_states():
    year = figure(
        "fy2019",
        76020,
        document="doc_early",
        period_start=date(2018, 10, 1),
        period_end=date(2019, 9, 30),
    )
    verdict = verdict_for(
        "Last month 76,020 children crossed",
        year,
        said_on=date(2019, 1, 8),
        registry_=registry(year, documents=(document("doc_early", date=date(2018, 12, 1)),)),
    )
    assert "period_mismatch" in codes(verdict)


def test_source_mismatch_when_the_named_source_does_not_hold_the_number():
    audit = figure("audit_figure", 1000, document="doc_audit")
    verdict = check(
        claim("According to Axios, 1,000 children"),
        registry(
            audit,
            documents=(
                document("doc_audit"),
                document("doc_paper", agency="Axios (news)", report_number="", tier=4),
            ),
        ),
    )
    found = finding(verdict, "source_mismatch")
    assert "Axios" in found.explanation
    assert "OIG-24-46" in found.explanation
    assert set(found.documents) == {"doc_paper", "doc_audit"}


def test_source_mismatch_when_a_cited_document_does_not_hold_the_number():
    verdict = check(
        claim("1,000 children", cited_sources=("doc_other",)),
        registry(figure("a", 1000), documents=(document("doc_other", report_number="GAO-1"),)),
    )
    assert "source_mismatch" in codes(verdict)


def test_outdated_figure_when_a_later_snapshot_existed_at_the_claim_date():
    old = figure("old", 291000, qualifier="more than", document="doc_old")
    new = figure(
        "new",
        233000,
        qualifier="more than",
        document="doc_new",
        relations=(("supersedes", "old"),),
    )
    documents = (
        document("doc_old", date=date(2024, 8, 19)),
        document("doc_new", date=date(2025, 3, 25), report_number="OIG-25-21"),
    )
    later = check(
        claim("291,000 children", said_on=date(2025, 6, 1)),
        registry(old, new, documents=documents),
    )
    found = finding(later, "outdated_figure")
    assert "had been replaced by more than 233,000 children" in found.explanation
    assert found.figures == ("old", "new")
    earlier = check(
        claim("291,000 children", said_on=date(2024, 9, 1)),
        registry(old, new, documents=documents),
    )
    assert "outdated_figure" not in codes(earlier)


def test_figure_after_claim_when_the_only_match_was_published_later():
    verdict = check(
        claim("1500 children", said_on=date(2018, 5, 27)),
        registry(
            figure("later", 1488, document="doc_later"),
            documents=(document("doc_later", date=date(2018, 9, 18)),),
        ),
    )
    found = finding(verdict, "figure_after_claim")
    assert "Nothing published by the claim date explains '1500'" in found.explanation
    assert "published later" in found.explanation
    assert verdict.figures == ()
    assert verdict.confirmed_later == ("later",)


def test_unsupported_assertion_when_harm_is_asserted_that_no_traced_figure_counts():
    verdict = verdict_for(
        "325,000 children, many dead and trafficked", figure("n", 325000, category="no_court_date")
    )
    found = finding(verdict, "unsupported_assertion")
    assert "'dead' and 'trafficked'" in found.explanation
    assert found.figures == ("n",)


def test_no_unsupported_assertion_when_the_traced_figure_counts_that_harm():
    verdict = verdict_for("27 children died", figure("deaths", 27, category="dead"))
    assert "unsupported_assertion" not in codes(verdict)


def test_missing_denominator_gives_the_share_of_the_recorded_whole():
    whole = figure("whole", 448000, qualifier="more than", category="released")
    part = figure("part", 32000, category="missed_court", relations=(("subset_of", "whole"),))
    found = finding(verdict_for("32,000 children", whole, part), "missing_denominator")
    assert "32,000 is 7.1% of more than 448,000 children" in found.explanation
    assert found.figures == ("part", "whole")


def test_no_missing_denominator_when_the_claim_gives_the_whole():
    whole = figure("whole", 448000, category="released")
    part = figure("part", 32000, category="missed_court", relations=(("subset_of", "whole"),))
    verdict = verdict_for("32,000 of 448,000 children", whole, part)
    assert "missing_denominator" not in codes(verdict)


def test_unverified_source_when_the_figure_is_an_announcement_without_a_method():
    verdict = check(
        claim("129,000 children located", said_on=date(2025, 12, 20)),
        registry(
            figure("boast", 129143, kind="announcement", category="located", document="doc_post"),
            documents=(document("doc_post", method_published=False, date=date(2025, 12, 19)),),
        ),
    )
    assert "is an announcement" in finding(verdict, "unverified_source").explanation


def test_no_unverified_source_for_an_announcement_with_a_published_method():
    verdict = verdict_for("1,000 children", figure("a", 1000, kind="announcement"))
    assert "unverified_source" not in codes(verdict)


def test_no_matching_figure_when_nothing_explains_the_number():
    found = finding(verdict_for("5,000 children", figure("a", 1475)), "no_matching_figure")
    assert found.degree == "none"
    assert "'5,000'" in found.explanation


def test_no_matching_figure_when_the_quote_has_no_number():
    found = finding(verdict_for("Children are missing", figure("a", 1475)), "no_matching_figure")
    assert found.degree == "none"


def test_no_matching_figure_is_partial_when_another_number_was_traced():
    verdict = verdict_for("1,475 children and 5,000 more are missing", figure("a", 1475))
    assert finding(verdict, "no_matching_figure").degree == "partial"


def test_a_number_about_something_else_beside_a_traced_one_does_not_weigh_on_the_rating():
    unreached = figure("a", 1475, category="unreachable")
    alone = verdict_for("They lost track of 1,475 children.", unreached)
    calls = verdict_for("They lost track of 1,475 children. They counted 900 calls.", unreached)
    found = finding(calls, "no_matching_figure")
    assert found.degree == "apart"
    assert "'900'" in found.explanation
    assert (calls.rating, calls.steps, calls.figures) == (alone.rating, alone.steps, ("a",))
    # Of the same children, an untraced number is part of what the quote says.
    more = verdict_for(
        "They lost track of 1,475 children. Another 5,000 children were separated.", unreached
    )
    assert finding(more, "no_matching_figure").degree == "partial"
    assert more.steps > alone.steps


def test_harm_said_of_a_number_about_something_else_is_not_asserted_of_the_children():
    unreached = figure("a", 1475, category="unreachable")
    apart = verdict_for("They lost track of 1,475 children. 900 calls went dead.", unreached)
    assert "unsupported_assertion" not in codes(apart)
    assert finding(apart, "no_matching_figure").degree == "apart"
    said_of_them = verdict_for("They lost track of 1,475 children, and many died.", unreached)
    assert "unsupported_assertion" in codes(said_of_them)


def test_a_figure_that_contradicts_a_number_about_something_else_does_not_decide():
    unreached = figure("a", 1475, category="unreachable")
    letters = figure("sent", 40, unit="letters", category="counted")
    verdict = verdict_for(
        "They lost track of 1,475 children. They counted 9,000 letters.", unreached, letters
    )
    assert finding(
        verdict_for("They counted 9,000 letters.", letters), "no_matching_figure"
    ).degree == ("contradicted")
    found = finding(verdict, "no_matching_figure")
    assert found.degree == "apart"
    assert "counted as 40 letters" in found.explanation
    assert verdict.rating == "mostly-true"


def test_a_number_nothing_explains_and_nothing_describes_beside_a_traced_one_is_context():
    verdict = verdict_for("1,475 children, and 5,000 more live in Texas", figure("a", 1475))
    assert "no_matching_figure" not in codes(verdict)
    assert [number.text for number, _ in verdict.read] == ["5,000"]


def test_no_matching_figure_is_contradicted_when_the_described_category_says_otherwise():
    found = finding(
        verdict_for("50,000 children are missing", figure("reported", 57, category="missing")),
        "no_matching_figure",
    )
    assert found.degree == "contradicted"
    assert found.figures == ("reported",)


def test_findings_come_in_the_order_of_the_codes_table():
    verdict = verdict_for(
        "She lost 85,000 children, many dead",
        figure("unreached", 85000, category="unreachable"),
        attributed_to="first",
    )
    order = [FINDING_CODES.index(code) for code in verdict.codes]
    assert order == sorted(order)

"""Tracing numbers to the rows of official tables: each kind of aggregate, and the ones that
must not match."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from engine_factories import claim, codes, figure, finding, fiscal_year, row, series, with_series

from claims.engine import check
from claims.engine.series import SeriesMatcher

APPREHENDED = series(
    "patrol_fy",
    row("FY2013", 38760),
    row("FY2014", 68540),
    row("FY2015", 39970),
    row("FY2016", 79940),
    row("FY2021", 144830),
    row("FY2022", 149090),
    row("FY2023", 131520),
    row("FY2025", 11650, partial=True),
)
MONTHLY = series(
    "patrol_monthly",
    *(row(f"2021-{month:02d}", 10000 + month * 100) for month in range(1, 13)),
    period_kind="month",
)
BY_STATE = series(
    "released_by_state",
    row("FY2018", 2845, geo="New York"),
    row("FY2018", 5210, geo="Texas"),
    row("FY2019", 4100, geo="Texas"),
    category="released",
    period_kind="state_fiscal_year",
)
RELEASED = series("released_fy", row("FY2018", 34953), category="released")
COMPONENTS = series(
    "encounters_by_component",
    row("2021-10", 12783),
    row("2021-10", 12625, breakdown=(("component", "USBP"),)),
    row("2021-10", 158, breakdown=(("component", "OFO"),)),
    period_kind="month",
)
REGISTRY = with_series(APPREHENDED, MONTHLY, BY_STATE, RELEASED, COMPONENTS)
LATER = date(2026, 6, 1)


def verdict(text: str, *, registry=REGISTRY, said_on: date | None = LATER, **fields):
    return check(claim(text, said_on=said_on, **fields), registry)


def rows(result) -> list[tuple[str, str, str | None]]:
    """The rows a verdict used, as (series, period text of the start, geo)."""
    return [(item["series"], item["start"], item["geo"]) for item in result.to_dict()["series"]]


# -- each kind of aggregate ------------------------------------------------------------------


def test_a_number_traces_to_the_row_of_the_period_it_states():
    result = verdict(
        "Border Patrol apprehended about 68,500 unaccompanied children at the southwest border"
        " in fiscal 2014"
    )
    assert rows(result) == [("patrol_fy", "2013-10-01", None)]
    assert result.figures == ()
    match = finding(result, "figure_match")
    assert "68,540" in match.explanation
    assert "FY2014" in match.explanation
    assert match.series == (("patrol_fy", *fiscal_year(2014), ""),)
    assert result.rating == "true"


def test_the_jsonl_line_lists_each_row_with_its_dates_and_geography():
    result = verdict("New York sponsors received 2,845 children in fiscal 2018")
    line = json.loads(json.dumps(result.to_dict()))
    assert line["series"] == [
        {
            "series": "released_by_state",
            "start": "2017-10-01",
            "end": "2018-09-30",
            "geo": "New York",
        }
    ]
    assert line["figures"] == []
    assert result.to_json()["explanations"][0]["series"] == line["series"]


def test_consecutive_rows_add_up_over_exactly_the_years_stated():
    result = verdict(
        "Border Patrol apprehended 293,920 children in fiscal years 2021 and 2022 combined"
    )
    assert rows(result) == [("patrol_fy", "2020-10-01", None), ("patrol_fy", "2021-10-01", None)]
    combined = finding(result, "combined_figures")
    assert combined.degree == "consecutive"
    assert "144,830 + 149,090 = 293,920" in combined.explanation


def test_monthly_rows_add_up_into_the_year_they_make():
    total = sum(10000 + month * 100 for month in range(1, 13))
    result = verdict(f"Border Patrol apprehended {total:,} children in 2021")
    assert len(rows(result)) == 12
    assert {series for series, _, _ in rows(result)} == {"patrol_monthly"}


def test_a_monthly_row_is_the_month_named():
    result = verdict("Border Patrol apprehended 11,100 children in November 2021 alone")
    assert rows(result) == [("patrol_monthly", "2021-11-01", None)]
    assert "figure_match" in codes(result)


def test_a_change_between_two_years_compares_their_rows():
    doubled = verdict(
        "Children apprehended by Border Patrol doubled from fiscal 2015 to fiscal 2016"
    )
    assert rows(doubled) == [("patrol_fy", "2014-10-01", None), ("patrol_fy", "2015-10-01", None)]
    assert finding(doubled, "combined_figures").degree == "change"
    fell = verdict(
        "Children apprehended by Border Patrol fell by 12 percent from fiscal 2022 to fiscal 2023"
    )
    assert rows(fell) == [("patrol_fy", "2021-10-01", None), ("patrol_fy", "2022-10-01", None)]
    assert "-11.8%" in finding(fell, "combined_figures").explanation


def test_a_difference_between_two_years_compares_their_rows():
    result = verdict(
        "Border Patrol apprehended 39,970 more children in fiscal 2016 than in fiscal 2015"
    )
    assert rows(result) == [("patrol_fy", "2014-10-01", None), ("patrol_fy", "2015-10-01", None)]
    assert "39,970 more" in finding(result, "combined_figures").explanation


def test_a_state_share_is_its_row_over_the_national_total():
    result = verdict("New York took in 8 percent of the children released in fiscal 2018")
    assert rows(result) == [
        ("released_by_state", "2017-10-01", "New York"),
        ("released_fy", "2017-10-01", None),
    ]
    share = finding(result, "combined_figures")
    assert share.degree == "share"
    assert "8.1%" in share.explanation


def test_a_breakdown_row_is_traced_when_the_words_name_it():
    result = verdict("OFO encountered 158 unaccompanied children in October 2021")
    assert rows(result) == [("encounters_by_component", "2021-10-01", None)]
    assert result.to_dict()["series"][0]["series"] == "encounters_by_component"


# -- what must not match ---------------------------------------------------------------------


def test_a_sum_over_a_period_the_claim_did_not_state_does_not_match():
    assert rows(verdict("Border Patrol apprehended 293,920 children in fiscal 2021")) == []
    assert (
        rows(verdict("Border Patrol apprehended 293,920 children in fiscal 2021 and 2023")) == []
    )
    assert rows(verdict("Border Patrol apprehended 293,920 children")) == []


def test_a_state_row_does_not_answer_a_national_claim():
    result = verdict("2,845 children were released to sponsors in fiscal 2018")
    assert rows(result) == []
    assert "no_matching_figure" in codes(result)


def test_the_national_row_does_not_answer_a_claim_about_a_state():
    assert rows(verdict("Texas released 34,953 children to sponsors in fiscal 2018")) == []


def test_another_state_row_does_not_answer_for_the_state_named():
    assert rows(verdict("Texas sponsors received 2,845 children in fiscal 2018")) == []


def test_a_breakdown_the_words_do_not_name_does_not_match():
    # The total row is not the component the words name, nor a component the total.
    assert rows(verdict("OFO encountered 12,783 unaccompanied children in October 2021")) == []
    assert rows(verdict("CBP encountered 158 unaccompanied children in October 2021")) == []


def test_a_row_of_another_period_does_not_match():
    assert rows(verdict("Border Patrol apprehended 68,540 children in fiscal 2016")) == []


def test_a_row_whose_period_ended_after_the_claim_is_not_its_source():
    result = verdict("Border Patrol apprehended 131,520 children", said_on=date(2023, 3, 1))
    assert rows(result) == []


def test_without_a_time_only_a_row_repeated_digit_for_digit_is_traced():
    assert rows(verdict("Border Patrol apprehended 68,540 children")) == [
        ("patrol_fy", "2013-10-01", None)
    ]
    assert rows(verdict("Border Patrol apprehended about 68,000 children")) == []


def test_a_vague_number_is_not_traced_to_rows():
    assert (
        rows(verdict("Border Patrol apprehended tens of thousands of children in fiscal 2014"))
        == []
    )


# -- the checks on aggregates ----------------------------------------------------------------


def test_a_partial_row_presented_as_the_whole_period_gets_a_finding():
    result = verdict("Border Patrol apprehended 11,650 children in fiscal 2025")
    assert rows(result) == [("patrol_fy", "2024-10-01", None)]
    partial = finding(result, "period_mismatch")
    assert "FY2025" in partial.explanation
    assert "part of the period" in partial.explanation
    assert result.rating != "true"


def test_the_category_check_applies_to_rows():
    result = verdict("68,540 children went missing in fiscal 2014")
    assert rows(result) == [("patrol_fy", "2013-10-01", None)]
    mismatch = finding(result, "category_mismatch")
    assert mismatch.series == (("patrol_fy", *fiscal_year(2014), ""),)
    assert mismatch.figures == ()


def test_the_blame_check_applies_to_rows():
    result = verdict(
        "Under the second administration Border Patrol apprehended 68,540 children in fiscal 2014"
    )
    assert rows(result) == [("patrol_fy", "2013-10-01", None)]
    assert finding(result, "period_mismatch").degree == "wholly"


def test_a_named_source_that_is_not_the_table_is_a_source_mismatch():
    result = verdict(
        "According to OIG-24-46, Border Patrol apprehended 68,540 children in fiscal 2014",
        cited_sources=("doc_audit",),
        registry=with_series(APPREHENDED, figures=(figure("other", 5),)),
    )
    assert rows(result) == [("patrol_fy", "2013-10-01", None)]
    assert "source_mismatch" in codes(result)


# -- figures and rows together ---------------------------------------------------------------


def test_a_figure_that_restates_the_row_is_preferred_and_nothing_is_counted_twice():
    restating = figure(
        "report_fy2014",
        68540,
        category="apprehended",
        period_text="FY2014",
        period_start=date(2013, 10, 1),
        period_end=date(2014, 9, 30),
    )
    linked = replace(
        APPREHENDED,
        rows=tuple(
            replace(r, figures=("report_fy2014",)) if r.period_text == "FY2014" else r
            for r in APPREHENDED.rows
        ),
    )
    result = verdict(
        "Border Patrol apprehended 68,540 children in fiscal 2014",
        registry=with_series(linked, figures=(restating,)),
    )
    assert result.figures == ("report_fy2014",)
    assert rows(result) == []
    assert [f.code for f in result.findings] == ["figure_match"]


def test_otherwise_the_better_scored_explanation_wins():
    unrelated = figure("other_count", 68540, category="released", period_text="FY2010",
                       period_start=date(2009, 10, 1), period_end=date(2010, 9, 30))  # fmt: skip
    result = verdict(
        "Border Patrol apprehended 68,540 children in fiscal 2014",
        registry=with_series(APPREHENDED, figures=(unrelated,)),
    )
    assert rows(result) == [("patrol_fy", "2013-10-01", None)]
    assert result.figures == ()


def test_the_trace_does_not_depend_on_the_order_of_the_series():
    text = "Border Patrol apprehended 11,100 children in November 2021 alone"
    backwards = with_series(COMPONENTS, RELEASED, BY_STATE, MONTHLY, APPREHENDED)
    assert verdict(text, registry=backwards) == verdict(text)


def test_a_registry_without_series_traces_as_before():
    plain = replace(REGISTRY, series=())
    result = verdict("Border Patrol apprehended 68,540 children in fiscal 2014", registry=plain)
    assert rows(result) == []
    assert "no_matching_figure" in codes(result)


def test_the_quote_names_only_the_states_the_data_holds():
    from claims.engine.match import Matcher
    from claims.engine.parse import parse_claim

    parsed = parse_claim(claim("New York and Texas sponsors received 2,845 children"), REGISTRY)
    matcher = Matcher(parsed.traceable[0], REGISTRY)
    assert SeriesMatcher(matcher).geos == {"New York", "Texas"}


def test_a_qualified_row_stands_for_the_interval_its_qualifier_allows():
    more_than = series("qualified", row("FY2014", 60000, qualifier="more than"))
    result = verdict(
        "Border Patrol apprehended 61,000 children in fiscal 2014", registry=with_series(more_than)
    )
    assert rows(result) == [("qualified", "2013-10-01", None)]


def test_a_count_on_a_given_day_is_what_a_quote_gives_for_the_month_or_year_around_it():
    day = date(2021, 4, 13)
    census = series(
        "in_care_on_date",
        row("2021-04", 19120, period_start=day, period_end=day, period_text="2021-04-13"),
        category="released",
        period_kind="date",
    )
    registry = with_series(census)
    for text in (
        "About 20,000 children were released in April 2021.",
        "In 2021, 19,120 children were released.",
    ):
        assert rows(verdict(text, registry=registry)) == [("in_care_on_date", "2021-04-13", None)]
    # Not for a longer time: a day's count is no total of several years.
    assert (
        rows(verdict("About 20,000 children were released from 2019 to 2022.", registry=registry))
        == []
    )
    # A count over a month is still not what a quote gives for a year.
    assert rows(verdict("10,400 children were apprehended in 2021.")) == []


def test_a_place_named_in_another_sentence_does_not_decide_the_rows():
    quote = "34,953 children were released in fiscal 2018."
    alone = rows(verdict(quote))
    assert alone == [("released_fy", "2017-10-01", None)]
    assert rows(verdict(f"{quote} The senator visited Texas 9 times last year.")) == alone
    # In its own sentence, the place says whose rows: Texas's, which hold no 34,953.
    assert rows(verdict("In Texas, 34,953 children were released in fiscal 2018.")) == []


def test_with_no_time_stated_the_latest_count_on_a_given_day_speaks_for_now():
    def census(day: date, value: int):
        return row("2021-04", value, period_start=day, period_end=day, period_text=str(day))

    in_care = series(
        "in_care_on_date",
        census(date(2021, 3, 1), 15000),
        census(date(2021, 4, 13), 19120),
        category="released",
        period_kind="date",
    )
    registry = with_series(in_care)
    said = date(2021, 4, 20)
    now = verdict("There are 20,000 children released.", registry=registry, said_on=said)
    assert rows(now) == [("in_care_on_date", "2021-04-13", None)]
    # Not an earlier count, nor one taken long before the quote ...
    earlier = verdict("There are 15,000 children released.", registry=registry, said_on=said)
    assert rows(earlier) == []
    later = verdict("There are 20,000 children released.", registry=registry, said_on=LATER)
    assert rows(later) == []
    # ... nor when the words do not name what it counts: a daily count comes near many numbers.
    assert rows(verdict("There are 20,000 children.", registry=registry, said_on=said)) == []

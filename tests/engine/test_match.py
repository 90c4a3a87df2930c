"""Tracing numbers to figures: singles, sums, differences, triples, and which trace wins."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from engine_factories import (
    CATEGORIES,
    claim,
    codes,
    disjoint_pair,
    document,
    figure,
    finding,
    registry,
    verdict_for,
)

from claims.engine import check
from claims.engine.index import FigureIndex
from claims.engine.match import MAX_SINGLES, Matcher
from claims.engine.parse import parse_claim
from claims.engine.tolerance import loose_interval


def test_a_number_traces_to_the_figure_it_matches_within_tolerance():
    verdict = verdict_for("1,475 children", figure("calls", 1475), figure("other", 1400))
    assert verdict.figures == ("calls",)
    assert "figure_match" in codes(verdict)


def test_a_number_near_a_figure_but_outside_tolerance_matches_only_as_a_rounding():
    verdict = verdict_for("80,000 children", figure("unreached", 85000, qualifier="more than"))
    assert verdict.figures == ("unreached",)
    assert {"rounded"} <= codes(verdict)
    assert "figure_match" not in codes(verdict)


def test_a_number_far_from_every_figure_traces_to_nothing():
    verdict = verdict_for("5,000 children", figure("a", 1475), figure("b", 20000))
    assert verdict.figures == ()
    assert codes(verdict) == {"no_matching_figure"}


def test_a_count_never_matches_a_percentage_figure():
    verdict = verdict_for("33 children", figure("share", 33, unit="percent"))
    assert verdict.figures == ()


def test_a_percentage_never_matches_a_count():
    verdict = verdict_for("33% of them", figure("count", 33))
    assert verdict.figures == ()


def test_a_share_matches_a_percentage_figure():
    verdict = verdict_for("a third of the children", figure("share", 33, unit="percent"))
    assert verdict.figures == ("share",)


def test_a_number_reproduced_by_two_disjoint_figures_of_one_document_traces_to_both():
    no_date, missed = disjoint_pair()
    verdict = verdict_for("more than 325,000 children", no_date, missed)
    assert verdict.figures == ("no_date", "missed")  # the larger part first
    assert "combined_figures" in codes(verdict)


def test_the_disjoint_pair_beats_other_combinations_near_the_number():
    # Everything here lands near 325,000; the source's own disjoint pair should win.
    whole = figure("whole", 448000, qualifier="more than", category="released")
    no_date = figure(
        "no_date",
        291000,
        qualifier="more than",
        category="no_court_date",
        relations=(("disjoint_with", "missed"), ("subset_of", "whole")),
    )
    missed = figure(
        "missed",
        32000,
        qualifier="more than",
        category="missed_court",
        relations=(("subset_of", "whole"),),
    )
    year = figure("one_year", 120859, category="released", relations=(("subset_of", "whole"),))
    other = figure("other", 35000, category="apprehended")
    verdict = verdict_for("more than 325,000 children", whole, no_date, missed, year, other)
    assert verdict.figures == ("no_date", "missed")


def test_a_subset_is_never_added_to_its_superset():
    whole = figure("whole", 300000, category="released")
    part = figure("part", 25000, category="no_court_date", relations=(("subset_of", "whole"),))
    verdict = verdict_for("325,000 children", whole, part)
    assert "combined_figures" not in codes(verdict)


def test_a_category_is_never_added_to_its_ancestor():
    released = figure("released", 300000, category="released")
    no_date = figure("no_date", 25000, category="no_court_date")
    verdict = verdict_for("325,000 children", released, no_date)
    assert "combined_figures" not in codes(verdict)


def test_two_snapshots_of_one_measure_are_never_added():
    old = figure("old", 300000, category="no_court_date")
    new = figure(
        "new",
        25000,
        category="no_court_date",
        period_start=date(2022, 10, 1),
        period_end=date(2023, 9, 30),
        relations=(("supersedes", "old"),),
    )
    verdict = verdict_for("325,000 children", old, new)
    assert "combined_figures" not in codes(verdict)


def test_one_category_over_separate_periods_can_be_added():
    first = figure(
        "fy2021",
        120000,
        category="apprehended",
        period_start=date(2020, 10, 1),
        period_end=date(2021, 9, 30),
    )
    second = figure("fy2022", 150000, category="apprehended")
    verdict = verdict_for("270,000 children in fiscal 2021 and 2022", first, second)
    assert set(verdict.figures) == {"fy2021", "fy2022"}
    assert finding(verdict, "combined_figures").degree == "consecutive"


def test_one_measure_is_not_added_over_periods_the_quote_does_not_state():
    first = figure(
        "fy2021",
        120000,
        category="apprehended",
        period_start=date(2020, 10, 1),
        period_end=date(2021, 9, 30),
    )
    second = figure("fy2022", 150000, category="apprehended")
    assert verdict_for("270,000 children", first, second).figures == ()
    assert verdict_for("270,000 children in fiscal 2022", first, second).figures == ()


def test_one_category_over_overlapping_periods_is_never_added():
    first = figure("a", 120000, category="apprehended")
    second = figure("b", 150000, category="apprehended")
    verdict = verdict_for("270,000 children", first, second)
    assert verdict.figures == ()


def test_figures_of_unrelated_documents_are_not_added():
    first = figure("a", 120000, category="apprehended", document="doc_one")
    second = figure("b", 150000, category="crossed", document="doc_two")
    verdict = verdict_for("270,000 children", first, second)
    assert verdict.figures == ()


def test_related_figures_of_different_documents_can_be_added():
    first = figure(
        "a",
        120000,
        category="apprehended",
        document="doc_one",
        relations=(("disjoint_with", "b"),),
    )
    second = figure("b", 150000, category="crossed", document="doc_two")
    verdict = verdict_for("270,000 children", first, second)
    assert set(verdict.figures) == {"a", "b"}


def test_a_whole_minus_its_part_traces_as_a_difference():
    whole = figure("whole", 448000, category="released")
    part = figure("part", 291000, category="no_court_date", relations=(("subset_of", "whole"),))
    verdict = verdict_for("157,000 children", whole, part)
    assert verdict.figures == ("whole", "part")
    assert "combined_figures" in codes(verdict)


def test_three_figures_of_one_document_are_tried_when_nothing_simpler_matches():
    parts = [
        figure(
            f"fy{year}",
            value,
            category="apprehended",
            period_start=date(year - 1, 10, 1),
            period_end=date(year, 9, 30),
        )
        for year, value in ((2020, 15128), (2021, 120859), (2022, 127057))
    ]
    verdict = verdict_for("263,044 children from fiscal 2020 through 2022", *parts)
    assert set(verdict.figures) == {"fy2020", "fy2021", "fy2022"}
    assert verdict.figures[0] == "fy2022"


def test_a_figure_published_before_the_claim_beats_a_closer_one_published_after():
    before = figure("before", 1475, document="doc_april")
    after = figure("after", 1500, document="doc_september")
    verdict = check(
        claim("1500 children", said_on=date(2018, 5, 27)),
        registry(
            before,
            after,
            documents=(
                document("doc_april", date=date(2018, 4, 26)),
                document("doc_september", date=date(2018, 9, 18)),
            ),
        ),
    )
    assert verdict.figures == ("before",)


def test_a_figure_published_after_the_claim_is_never_its_source_only_its_confirmation():
    later = figure("later", 1500, document="doc_september")
    verdict = check(
        claim("1500 children", said_on=date(2018, 5, 27)),
        registry(later, documents=(document("doc_september", date=date(2018, 9, 18)),)),
    )
    assert verdict.figures == ()
    assert verdict.confirmed_later == ("later",)
    assert codes(verdict) == {"figure_after_claim"}


def test_the_snapshot_current_at_the_claim_date_wins_over_a_replaced_one():
    old = figure("old", 233400, qualifier="about", document="doc_old")  # the closer one
    new = figure(
        "new", 232000, qualifier="about", document="doc_new", relations=(("supersedes", "old"),)
    )
    verdict = check(
        claim("about 233,000 children", said_on=date(2025, 6, 1)),
        registry(
            old,
            new,
            documents=(
                document("doc_old", date=date(2024, 8, 1)),
                document("doc_new", date=date(2025, 3, 1)),
            ),
        ),
    )
    assert verdict.figures == ("new",)


def test_the_figure_the_words_describe_wins_over_an_equally_close_one():
    missing = figure("missing_kids", 1000, category="missing")
    caught = figure("caught", 1000, category="apprehended")
    assert verdict_for("1,000 children are missing", missing, caught).figures == ("missing_kids",)
    assert verdict_for("1,000 children were apprehended", missing, caught).figures == ("caught",)


def test_a_figure_the_words_misread_wins_over_an_unrelated_one():
    unreachable = figure(
        "unreached",
        85000,
        qualifier="more than",
        category="unreachable",
        period_start=date(2021, 1, 1),
        period_end=date(2022, 12, 31),
    )
    caught = figure(
        "caught",
        76020,
        category="apprehended",
        unit="apprehensions",
        period_start=date(2018, 10, 1),
        period_end=date(2019, 9, 30),
    )
    verdict = verdict_for(
        "She lost 80,000 migrant children", unreachable, caught, attributed_to="Kamala Harris"
    )
    assert verdict.figures == ("unreached",)


def test_the_source_a_claim_names_is_checked_first():
    audit = figure("audit_figure", 1000, document="doc_audit")
    paper = figure("paper_figure", 1000, document="doc_paper")
    verdict = check(
        claim("According to Axios, 1,000 children"),
        registry(
            audit,
            paper,
            documents=(
                document("doc_audit"),
                document("doc_paper", agency="Axios (news)", report_number="", tier=4),
            ),
        ),
    )
    assert verdict.figures == ("paper_figure",)


def test_the_same_number_written_twice_is_traced_once():
    verdict = verdict_for(
        "More than 1,000 children. One thousand children.", figure("a", 1000, qualifier="more")
    )
    assert verdict.figures == ("a",)
    assert [n.serialise() for n in verdict.numbers] == ["1000"]


def test_the_result_does_not_depend_on_the_order_of_the_registry():
    figures = [figure(f"f{n}", 1000 + 7 * n, document=f"doc_{n % 4}") for n in range(60)]
    text = "about 1,100 children were released"
    expected = verdict_for(text, *figures)
    shuffled = figures[:]
    random.Random(4).shuffle(shuffled)
    assert verdict_for(text, *shuffled) == expected


def test_the_index_finds_figures_by_value_with_bisect():
    index = FigureIndex(registry(*(figure(f"f{n}", n * 10) for n in range(1, 101))))
    found = {
        index.figures[i].slug for i in index.singles(Decimal(95), Decimal(130), percent=False)
    }
    assert found == {"f10", "f11", "f12", "f13"}


def _crowded_registry(seed: int):
    """Nine hundred figures, many of them sharing a value, a third of them published after the
    claims below: more candidates than any check keeps."""
    rng = random.Random(seed)
    # Most figures in two categories, a few in each other one: some quotes' words describe
    # more figures than a check keeps, others fewer.
    categories = ["counted"] * 30 + ["located"] * 20
    categories += [record.slug for record in CATEGORIES if record.lay_terms]
    documents = [document(f"doc_{n}", date=date(2023 + n % 3, 1, 1)) for n in range(30)]
    figures = []
    for n in range(900):
        percent = n % 10 == 0
        if percent:
            value, unit = rng.randint(1, 99), "percent"
        else:
            # Values at the same distance on either side of 44,000, which the walk must take
            # in the listing's order.
            value = rng.choice([rng.randint(5_000, 120_000), 40_000, 43_000, 44_000, 45_000])
            unit = rng.choice(["children", "children", "calls"])
        figures.append(
            figure(
                f"f{n:03}", value, unit=unit, category=rng.choice(categories),
                document=f"doc_{n % 30}",
                qualifier=rng.choice(["exact", "about", "more than", "nearly"]),
            )
        )  # fmt: skip
    return registry(*figures, documents=tuple(documents))


CROWDED_QUOTES = (
    "Tens of thousands of children were released.",
    "About 44,000 children were released or lost track of.",
    "Under Biden 44,000 phone calls were made.",
    "Some 40,000 kids went missing.",
    "More than 50,000 were counted.",
    "28% of the children were released.",
    "Nearly half of the calls were unreachable.",
    "Hundreds of thousands of minors were separated.",
    "Tens of thousands of children were located.",
    "About 44,000 children were counted.",
    "44,000 children were separated.",
)


def test_a_long_list_of_single_figures_is_cut_the_same_whether_walked_or_listed():
    """The walk outwards from the quoted value keeps exactly the figures, in the same order,
    that listing every figure that meets the number and cutting the list keeps."""
    for seed in (1, 2, 3):
        crowded = _crowded_registry(seed)
        cut = 0
        for text in CROWDED_QUOTES:
            parsed = parse_claim(claim(text), crowded)
            for frame in parsed.traceable:
                matcher = Matcher(frame, crowded)
                for number in frame.numbers:
                    strict = (number.low, number.high)
                    loose = loose_interval(*strict, value=number.value, percent=number.percent)
                    walked = matcher._singles(number, strict, loose)
                    assert walked == matcher._singles_listed(number, strict, loose), text
                    cut += len(walked) == MAX_SINGLES
        assert cut >= 3  # the lists were long enough to be cut


def test_the_pairs_meeting_a_number_are_those_whose_interval_meets_it():
    index = _crowded_registry(4).index
    table = index.all_pairs
    for low, high, categories in (
        (Decimal(80_000), Decimal(90_000), None),
        (Decimal(44_000), Decimal(44_000), frozenset({"counted", "missing"})),
        (Decimal(100_000), Decimal(150_000), frozenset({"located"})),
    ):
        found = index.pair_positions(low, high, categories=categories)
        expected = [
            k
            for k in range(len(table))
            if table.lows[k] <= high
            and table.highs[k] >= low
            and (
                categories is None
                or k in index.disjoint_pairs
                or {index.categories[table.firsts[k]], index.categories[table.seconds[k]]}
                & categories
            )
        ]
        assert found == expected
        assert found

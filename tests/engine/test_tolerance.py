"""The tolerance policy at its edges: what each qualifier allows, and what a figure stands for."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from claims.engine.tolerance import (
    figure_interval,
    loose_interval,
    overlaps,
    quote_interval,
    range_interval,
    rounding_unit,
)


def allows(value: str, qualifier: str, true_value: str) -> bool:
    low, high = quote_interval(D(value), qualifier)
    return low <= D(true_value) <= high


@pytest.mark.parametrize(
    ("value", "unit"),
    [("325000", "1000"), ("80000", "10000"), ("1475", "1"), ("28.3", "0.1"), ("0", "1")],
)
def test_the_rounding_unit_is_the_place_of_the_last_non_zero_digit(value, unit):
    assert rounding_unit(D(value)) == D(unit)


@pytest.mark.parametrize(
    ("value", "inside", "outside"),
    [
        ("325000", "324500", "324499"),  # half of a thousand below
        ("325000", "325500", "325501"),  # and above
        ("1475", "1475", "1476"),  # a precise number allows only itself
        ("1500", "1450", "1449"),
        ("80000", "84000", "84001"),  # half the unit would be 5,000: capped at 5 %
        ("80000", "76000", "75999"),
        ("28.3", "28.35", "28.36"),
    ],
)
def test_an_exact_quote_allows_rounding_to_its_own_precision_at_most_five_percent(
    value, inside, outside
):
    assert allows(value, "exact", inside)
    assert not allows(value, "exact", outside)


@pytest.mark.parametrize(
    ("qualifier", "inside", "outside"),
    [
        ("about", ["90000", "110000"], ["89999", "110001"]),
        ("fraction", ["90000", "110000"], ["89999", "110001"]),
        ("more than", ["100000", "110000"], ["99999", "110001"]),
        ("just over", ["100000", "105000"], ["99999", "105001"]),
        ("at least", ["100000", "125000"], ["99999", "125001"]),
        ("nearly", ["90000", "100000"], ["89999", "100001"]),
        ("just under", ["95000", "100000"], ["94999", "100001"]),
        ("up to", ["75000", "100000"], ["74999", "100001"]),
    ],
)
def test_each_qualifier_allows_its_own_band_around_100000(qualifier, inside, outside):
    for value in inside:
        assert allows("100000", qualifier, value), value
    for value in outside:
        assert not allows("100000", qualifier, value), value


def test_a_range_is_widened_by_the_rounding_of_its_ends():
    assert range_interval(D(75000), D(80000)) == (D(74500), D(84000))


def test_the_loose_band_reaches_ten_percent_of_the_quote_beyond_its_interval():
    assert loose_interval(D(76000), D(84000), value=D(80000), percent=False) == (
        D(68000),
        D(92000),
    )


def test_a_percentage_gets_at_least_one_point_of_loose_band():
    low, high = loose_interval(D("28.25"), D("28.35"), value=D("3"), percent=True)
    assert (low, high) == (D("27.25"), D("29.35"))


@pytest.mark.parametrize(
    ("value", "qualifier", "interval"),
    [
        ("291000", "more than", ("291000", "292000")),  # the source counted 291,xxx
        ("10000", "more than", ("10000", "11000")),  # one unit would be 10,000: capped
        ("130000", "nearly", ("120000", "130000")),
        ("122000", "exact (rounded)", ("121500", "122500")),
        ("119000", "about", ("118500", "119500")),
        ("1475", "exact", ("1475", "1475")),
        ("33", "one-third", ("33", "33")),
    ],
)
def test_a_figure_stands_for_the_interval_its_source_wording_allows(value, qualifier, interval):
    assert figure_interval(D(value), qualifier) == (D(interval[0]), D(interval[1]))


def test_intervals_that_touch_overlap():
    assert overlaps((D(323000), D(325000)), (D(325000), D(357500)))
    assert not overlaps((D(323000), D(324999)), (D(325000), D(357500)))

"""Reading counts and shares from quotes: every form journalists meet, and what is not a count."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims.engine.numbers import QuotedNumber, read_numbers
from claims.engine.numerals import plain
from claims.engine.text import normalise, tokenize


def numbers(text: str) -> list[QuotedNumber]:
    normal = normalise(text)
    return read_numbers(tokenize(normal), normal)


def values(text: str) -> list[str]:
    return [number.serialise() for number in numbers(text)]


def only(text: str) -> QuotedNumber:
    found = numbers(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("325,000 migrant children", "325000"),
        ("325000 children", "325000"),
        ("325K children", "325000"),
        ("325k kids", "325000"),
        ("1.5 million people", "1500000"),
        ("1.5M people", "1500000"),
        ("three hundred and twenty-five thousand children", "325000"),
        ("Three hundred twenty five thousand children", "325000"),
        ("300 thousand children", "300000"),
        ("a thousand children", "1000"),
        ("half a million children", "500000"),
        ("one and a half million children", "1500000"),
        ("twenty thousand children", "20000"),
        ("127,000+ children", "127000"),
        ("300,000-plus children", "300000"),
        ("1500 innocent children", "1500"),
        ("0.5 percent", "0.5%"),
        ("a quarter million children", "250000"),
        ("a quarter of a million children", "250000"),
        ("a half million children", "500000"),
        ("a third of a million children", "333000"),
        ("two-thirds of a million children", "667000"),
        ("three quarters of a million children", "750000"),
        ("three-quarters of a million children", "750000"),
        ("a million and a half children", "1500000"),
        ("two million and a half children", "2500000"),
        ("two and a half thousand children", "2500"),
        ("2 and a half million children", "2500000"),
    ],
)
def test_reads_every_written_form_of_a_count(text, expected):
    assert values(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28.3% of them", "28.3%"),
        ("28.3 percent of them", "28.3%"),
        ("28.3 per cent of them", "28.3%"),
        ("two-thirds of the children", "66.67%"),
        ("two thirds of the children", "66.67%"),
        ("a third of the children", "33.33%"),
        ("one-third of them", "33.33%"),
        ("half of them were never found", "50%"),
        ("nearly half the children", "50%"),
        ("a quarter of the calls", "25%"),
        ("one in three children", "33.33%"),
        ("1 in 5 children", "20%"),
        ("one in five children", "20%"),
        ("1 in 14 children", "7.14%"),
        ("one in fourteen children", "7.14%"),
        ("one in twenty-five children", "4%"),
        ("one in every five children", "20%"),
        ("one out of every four children", "25%"),
        ("nine out of ten children", "90%"),
        ("one of every five children", "20%"),
        ("a fifth of the children", "20%"),
    ],
)
def test_reads_percentages_and_fractions_as_shares(text, expected):
    number = only(text)
    assert number.percent
    assert number.serialise() == expected


def test_a_fraction_of_a_million_is_a_count_and_a_fraction_of_them_a_share():
    assert [(n.serialise(), n.percent) for n in numbers("a third of a million children")] == [
        ("333000", False)
    ]
    assert [(n.serialise(), n.percent) for n in numbers("a third of them")] == [("33.33%", True)]


def test_a_qualifier_reaches_a_fraction_of_a_million():
    number = only("more than a quarter of a million children")
    assert (number.qualifier, number.value, number.text) == (
        "more than",
        250000,
        "more than a quarter of a million",
    )


def test_a_fraction_of_a_million_is_a_rounded_amount_unless_a_word_says_how():
    third = only("a third of a million children")
    assert (third.qualifier, third.low, third.high) == ("about", 299700, 366300)
    assert only("half a million children").qualifier == "about"
    assert only("nearly a third of a million children").qualifier == "nearly"
    assert only("333,000 children").qualifier == "exact"


def test_one_in_a_year_is_not_a_share():
    assert values("one in 2019") == []


def test_half_an_hour_is_not_a_number():
    assert values("half an hour later") == []


def test_a_range_borrows_the_scale_of_its_upper_end():
    number = only("75 to 80,000 children")
    assert (number.value, number.stated_high, number.qualifier) == (75000, 80000, "range")
    assert number.serialise() == "75000-80000"


def test_between_x_and_y_is_a_range_that_names_its_words():
    number = only("between 80,000 and 85,000 children")
    assert (number.value, number.stated_high) == (80000, 85000)
    assert number.text == "between 80,000 and 85,000"


def test_a_hyphenated_range_is_a_range():
    assert values("10-15% of the calls") == ["10-15%"]


def test_from_x_to_y_is_a_change_not_a_range():
    assert values("referrals rose from 1,929 to 20,339 children") == ["1929", "20339"]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("tens of thousands of children", 10_000, 99_999),
        ("hundreds of thousands of children", 100_000, 999_999),
        ("thousands of children", 1_000, 9_999),
        ("millions of people", 1_000_000, 9_999_999),
    ],
)
def test_vague_magnitudes_become_ranges(text, low, high):
    number = only(text)
    assert (number.qualifier, number.low, number.high) == ("vague", low, high)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("about 20,000 children", "about"),
        ("roughly 20,000 children", "about"),
        ("some 20,000 children", "about"),
        ("approximately 20,000 children", "about"),
        ("~20,000 children", "about"),
        ("more than 20,000 children", "more than"),
        ("over 20,000 children", "more than"),
        ("20,000+ children", "more than"),
        ("20,000 or more children", "more than"),
        ("just over 20,000 children", "just over"),
        ("at least 20,000 children", "at least"),
        ("nearly 20,000 children", "nearly"),
        ("almost 20,000 children", "nearly"),
        ("just under 20,000 children", "just under"),
        ("up to 20,000 children", "up to"),
        ("as many as 20,000 children", "up to"),
        ("exactly 20,000 children", "exact"),
        ("20,000 children", "exact"),
    ],
)
def test_reads_the_qualifier_before_a_number(text, qualifier):
    assert only(text).qualifier == qualifier


def test_the_number_text_includes_its_qualifier():
    assert only("She lost more than 325,000 children").text == "more than 325,000"


def test_reads_the_first_word_that_can_be_the_noun_a_count_counts():
    assert only("20,000 migrant children were brought in").noun == "migrant"
    assert only("4,890 calls went unanswered").noun == "calls"
    assert only("two more operations").noun == "operations"
    assert only("the figure was 4,890").noun == ""


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 the policy changed",
        "since 2021",
        "in FY2023",
        "between 2019 and 2023",
        "On May 5, 2024 the report came out",
        "on 5 May the report came out",
        "September 23, 2024",
        "a 12-year-old boy",
        "children aged 12",
        "12 years old",
        "children under 12",
        "three and a half years",
        "for 30 days",
        "a 30-day call",
        "1. The first point",
        "(2) the second point",
        "#3 on the list",
        "Title 42 expulsions",
        "page 12 of the report",
        "OIG-24-46 found",
        "2024-09-23",
        "9/11",
        "at 3 pm",
        "one of them",
        "no one knows where they are",
        "the 21st century",
        "287(g) agreements",
    ],
)
def test_years_dates_ages_durations_labels_and_list_numbers_are_not_counts(text):
    assert values(text) == []


@pytest.mark.parametrize("text", ["$5 million in grants", "5 dollars"])
def test_an_amount_of_money_counts_dollars(text):
    assert only(text).noun == "dollars"


@pytest.mark.parametrize(
    "text",
    [
        "[325,000] children",
        "(325,000) children",
        "<b>325,000</b> children",
        "<strong>more than 325,000</strong> children",
        "**325,000** children",
        "*325,000* children",
        "__325,000__ children",
        "`325,000` children",
        '<span class="n">325,000</span> children',
        "[325,000](https://example.org/report) children",
        "325,000&nbsp;children",
    ],
)
def test_a_number_in_brackets_or_markup_is_a_count(text):
    assert values(text) == ["325000"]


def test_markup_keeps_the_offsets_of_the_text_the_user_gave():
    text = "<p>She lost <strong>more than 325,000</strong> children&nbsp;&amp; more</p>"
    normal = normalise(text)
    assert len(normal) == len(text)
    number = only(text)
    assert text[number.start : number.end] == "more than 325,000"
    assert number.noun == "children"


@pytest.mark.parametrize("text", ["(1) the first point", "[2] the second", "(2019) the year"])
def test_list_markers_and_years_in_brackets_are_not_counts(text):
    assert values(text) == []


def test_a_year_with_a_counted_noun_is_a_count():
    assert values("2000 children were released in 2000") == ["2000"]


def test_a_small_spelled_number_counts_only_when_it_counts_something():
    assert values("two children") == ["2"]
    assert values("two of them said so") == []


def test_finds_every_number_in_order_of_appearance():
    text = "Of the 448,000 children transferred, 32,000 failed to appear and 291,000 got no date."
    assert values(text) == ["448000", "32000", "291000"]


def test_repeated_forms_of_one_number_are_all_read():
    text = "She lost more than 325,000. Three hundred and twenty-five thousand children."
    assert values(text) == ["325000", "325000"]


def test_serialises_decimals_without_exponent_or_trailing_zeros():
    assert plain(Decimal("291000.0000")) == "291000"
    assert plain(Decimal("28.30")) == "28.3"
    assert plain(Decimal("1E+6")) == "1000000"


# Spelled-out forms the number reader handles itself before any word reaches text2num.


def test_reads_plain_spelled_numbers():
    assert values("three hundred and twenty-five thousand children") == ["325000"]


def test_reads_an_article_for_one():
    assert values("a thousand children") == ["1000"]


def test_reads_vague_magnitudes_as_their_range():
    assert values("tens of thousands of children") == ["10000-99999"]


def test_scales_numerals_written_with_digits():
    assert values("1.5 million people and 300 thousand children") == ["1500000", "300000"]


def test_reads_a_fraction_word_as_a_share():
    assert values("a third of them") == ["33.33%"]


def test_reads_and_a_half():
    assert values("one and a half million people") == ["1500000"]


def test_reads_two_spelled_numbers_in_a_row_each_alone():
    assert values("twenty thirty children") == ["20", "30"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As of late August, 11 children were still missing", ["11"]),
        ("By the end of March, 24 sponsors had been arrested", ["24"]),
        ("In May, 30 more were found", ["30"]),
        ("On August 11 officials said 300 were missing", ["300"]),
        ("Officials met on 5 May and counted 300", ["300"]),
    ],
)
def test_a_comma_after_a_month_ends_the_date(text, expected):
    assert values(text) == expected

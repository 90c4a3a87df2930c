"""Reading every time frame a quote states: ranges, months, quarters, fiscal years on the
registry's own calendar, spans relative to the claim date, and dates that date a report."""

from __future__ import annotations

from datetime import date

import pytest

from claims.engine.dates import fiscal_year
from claims.engine.text import normalise, tokenize
from claims.engine.timeframe import GRANULARITIES, TimeFrame, find_time_frames, read_time_frame

SAID_ON = date(2024, 9, 23)
US_FEDERAL = (10, 1)


def frames(
    text: str, *, said_on: date | None = SAID_ON, fiscal_year_start=US_FEDERAL
) -> list[TimeFrame]:
    normal = normalise(text)
    return find_time_frames(
        tokenize(normal), normal, said_on=said_on, fiscal_year_start=fiscal_year_start
    )


def only(text: str, **options) -> TimeFrame:
    found = frames(text, **options)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        # ranges
        ("between fiscal 2019 and May 2024", date(2018, 10, 1), date(2024, 5, 31), "range"),
        ("from February 2021 through last month", date(2021, 2, 1), date(2024, 8, 31), "range"),
        ("from 2019 to 2023", date(2019, 1, 1), date(2023, 12, 31), "range"),
        ("between 2021 and 2024", date(2021, 1, 1), date(2024, 12, 31), "range"),
        ("January to June 2023", date(2023, 1, 1), date(2023, 6, 30), "range"),
        ("November to February 2024", date(2023, 11, 1), date(2024, 2, 29), "range"),
        ("from January through March of 2024", date(2024, 1, 1), date(2024, 3, 31), "range"),
        ("since January 2021", date(2021, 1, 1), SAID_ON, "range"),
        ("since 2021", date(2021, 1, 1), SAID_ON, "range"),
        ("through September 2023", date.min, date(2023, 9, 30), "range"),
        ("as of May 2024", date.min, date(2024, 5, 31), "range"),
        ("in 2019-2023", date(2019, 1, 1), date(2023, 12, 31), "range"),
        ("in 2021 and 2022", date(2021, 1, 1), date(2022, 12, 31), "range"),
        ("in the first five months of 2021", date(2021, 1, 1), date(2021, 5, 31), "range"),
        ("in the second half of 2020", date(2020, 7, 1), date(2020, 12, 31), "range"),
        ("in late 2017", date(2017, 9, 1), date(2017, 12, 31), "range"),
        ("by early September", date.min, date(2024, 9, 10), "range"),
        ("as of late August", date.min, date(2024, 8, 31), "range"),
        ("in mid-2021", date(2021, 5, 1), date(2021, 8, 31), "range"),
        # days, months and quarters
        ("on May 5, 2024", date(2024, 5, 5), date(2024, 5, 5), "day"),
        ("5 May 2024", date(2024, 5, 5), date(2024, 5, 5), "day"),
        ("in March 2022", date(2022, 3, 1), date(2022, 3, 31), "month"),
        ("in Jan. 2022", date(2022, 1, 1), date(2022, 1, 31), "month"),
        ("last March", date(2024, 3, 1), date(2024, 3, 31), "month"),
        ("in May", date(2024, 5, 1), date(2024, 5, 31), "month"),
        ("in November", date(2023, 11, 1), date(2023, 11, 30), "month"),
        ("in the first quarter of 2024", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
        ("Q3 2023", date(2023, 7, 1), date(2023, 9, 30), "quarter"),
        ("in the third quarter", date(2024, 7, 1), date(2024, 9, 30), "quarter"),
        ("in the last quarter of 2017", date(2017, 10, 1), date(2017, 12, 31), "quarter"),
        ("Q1 FY2024", date(2023, 10, 1), date(2023, 12, 31), "quarter"),
        # years
        ("in 2022", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ("in calendar year 2022", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ("in FY2023", date(2022, 10, 1), date(2023, 9, 30), "fiscal_year"),
        # relative to the claim date
        ("last month", date(2024, 8, 1), date(2024, 8, 31), "relative"),
        ("last year", date(2023, 1, 1), date(2023, 12, 31), "relative"),
        ("this year", date(2024, 1, 1), SAID_ON, "relative"),
        ("over the past two years", date(2022, 9, 23), SAID_ON, "relative"),
        ("in the past 18 months", date(2023, 3, 23), SAID_ON, "relative"),
        ("last fiscal year", date(2022, 10, 1), date(2023, 9, 30), "relative"),
        ("so far this fiscal year", date(2023, 10, 1), SAID_ON, "relative"),
        ("last quarter", date(2024, 4, 1), date(2024, 6, 30), "relative"),
    ],
)
def test_reads_every_form_of_time_frame(text, start, end, granularity):
    frame = only(f"{text}, 20,000 crossed")
    assert (frame.start, frame.end, frame.granularity) == (start, end, granularity)
    assert frame.text.lower().endswith(text.lower().split()[-1])


FISCAL_FORMS = ["FY2023", "FY 2023", "FY23", "fiscal year 2023", "fiscal 2023"]
FISCAL_SPANS = ["fiscal years 2019 to 2023", "FY2019-FY2023", "FY2019-23", "FY2019 to FY2023"]
# (month, day) the fiscal year starts on → fiscal 2023, and fiscal 2019 through 2023
FISCAL_CALENDARS = {
    (10, 1): ((date(2022, 10, 1), date(2023, 9, 30)), (date(2018, 10, 1), date(2023, 9, 30))),
    (7, 1): ((date(2022, 7, 1), date(2023, 6, 30)), (date(2018, 7, 1), date(2023, 6, 30))),
    (4, 6): ((date(2022, 4, 6), date(2023, 4, 5)), (date(2018, 4, 6), date(2023, 4, 5))),
    (1, 1): ((date(2023, 1, 1), date(2023, 12, 31)), (date(2019, 1, 1), date(2023, 12, 31))),
}


@pytest.mark.parametrize("fiscal_year_start", list(FISCAL_CALENDARS))
@pytest.mark.parametrize("text", FISCAL_FORMS)
def test_a_fiscal_year_follows_the_registrys_calendar(text, fiscal_year_start):
    frame = only(f"in {text}, 20,000 crossed", fiscal_year_start=fiscal_year_start)
    assert (frame.start, frame.end) == FISCAL_CALENDARS[fiscal_year_start][0]
    assert frame.granularity == "fiscal_year"


@pytest.mark.parametrize("fiscal_year_start", list(FISCAL_CALENDARS))
@pytest.mark.parametrize("text", FISCAL_SPANS)
def test_a_span_of_fiscal_years_follows_the_registrys_calendar(text, fiscal_year_start):
    frame = only(f"in {text}, 20,000 crossed", fiscal_year_start=fiscal_year_start)
    assert (frame.start, frame.end) == FISCAL_CALENDARS[fiscal_year_start][1]
    assert frame.granularity == "range"


@pytest.mark.parametrize(
    ("fiscal_year_start", "last", "this"),
    [
        ((10, 1), (date(2022, 10, 1), date(2023, 9, 30)), date(2023, 10, 1)),
        ((7, 1), (date(2023, 7, 1), date(2024, 6, 30)), date(2024, 7, 1)),
        ((4, 6), (date(2023, 4, 6), date(2024, 4, 5)), date(2024, 4, 6)),
        ((1, 1), (date(2023, 1, 1), date(2023, 12, 31)), date(2024, 1, 1)),
    ],
)
def test_last_and_this_fiscal_year_follow_the_registrys_calendar(fiscal_year_start, last, this):
    found = frames(
        "last fiscal year 20,000 crossed; so far this fiscal year 9,000",
        fiscal_year_start=fiscal_year_start,
    )
    assert [(frame.start, frame.end) for frame in found] == [last, (this, SAID_ON)]


def test_a_fiscal_year_is_named_for_the_year_it_ends_in():
    assert fiscal_year(2023, start=(10, 1)) == (date(2022, 10, 1), date(2023, 9, 30))
    assert fiscal_year(2023) == (date(2023, 1, 1), date(2023, 12, 31))
    assert fiscal_year(2024, start=(3, 1)) == (date(2023, 3, 1), date(2024, 2, 29))


@pytest.mark.parametrize("fiscal_year_start", [(13, 1), (0, 0), (2, 40), ()])
def test_an_unusable_fiscal_year_start_reads_as_the_calendar_year(fiscal_year_start):
    frame = only("in FY2023, 20,000 crossed", fiscal_year_start=fiscal_year_start)
    assert (frame.start, frame.end) == (date(2023, 1, 1), date(2023, 12, 31))


def test_finds_every_frame_in_order_with_the_tokens_it_covers():
    text = "Between fiscal 2019 and May 2024 ICE lost 291,000 children; last month, 2,000 more."
    normal = normalise(text)
    tokens = tokenize(normal)
    found = find_time_frames(tokens, normal, said_on=SAID_ON, fiscal_year_start=US_FEDERAL)
    assert [frame.text for frame in found] == ["Between fiscal 2019 and May 2024", "last month"]
    assert [(frame.first, frame.last) for frame in found] == [(0, 5), (10, 11)]
    for frame in found:
        assert frame.text == normal[tokens[frame.first].start : tokens[frame.last].end]


def test_a_second_year_after_and_is_a_frame_of_its_own():
    found = frames("in 2019 and 2023, 20,000 crossed")
    assert [(frame.text, frame.start.year, frame.end.year) for frame in found] == [
        ("in 2019", 2019, 2019),
        ("2023", 2023, 2023),
    ]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("in fiscal 2021 and 2022", [(date(2020, 10, 1), date(2022, 9, 30))]),
        (
            "in fiscal 2019 and 2023",
            [(date(2018, 10, 1), date(2019, 9, 30)), (date(2022, 10, 1), date(2023, 9, 30))],
        ),
        ("from fiscal 2019 to 2023", [(date(2018, 10, 1), date(2023, 9, 30))]),
    ],
)
def test_a_bare_year_after_a_fiscal_year_is_a_fiscal_year(text, spans):
    assert [(frame.start, frame.end) for frame in frames(f"{text}, 20,000 crossed")] == spans


def test_read_time_frame_gives_the_first_frame():
    normal = normalise("In 2019 there were 300; last month 2,000 more")
    frame = read_time_frame(tokenize(normal), normal, said_on=SAID_ON)
    assert frame is not None
    assert frame.text == "In 2019"


@pytest.mark.parametrize(
    "text",
    [
        "In August 2024 the inspector general found that 32,000 children failed to appear",
        "32,000 children failed to appear, the inspector general found in August 2024",
        "a 2024 audit found 32,000 children failed to appear",
        "The inspector general's March 2025 report said 43,000 children failed to appear",
        "a report released in May said 300,000 children are missing",
        "A GAO report published in February 2020 found 2,700 separations",
        "In May 2024 DHS said that 300,000 children are missing",
        "the report of May 2024 counts 300,000",
        "as set out in the March report, 300,000",
    ],
)
def test_a_date_that_dates_a_report_is_marked(text):
    assert [frame.reporting for frame in frames(text)] == [True]


@pytest.mark.parametrize(
    "text",
    [
        "In 2023, 300,000 children were found",
        "children were released in May",
        "32,000 children failed to appear between fiscal 2019 and fiscal 2023, the IG found.",
        "In 2025, DHS says, 127,000 children have been located",
        "ICE released 12,000 children in March 2021",
        "In 2022 the children found sponsors",
        "As of late August, 11 were not confirmed safe, officials said.",
    ],
)
def test_a_date_of_what_is_counted_is_not_marked_as_a_report_date(text):
    assert [frame.reporting for frame in frames(text)] == [False]


@pytest.mark.parametrize(
    "text", ["last month", "in May", "in the third quarter", "this year", "since May"]
)
def test_a_relative_frame_needs_the_claim_date(text):
    assert frames(f"{text} 20,000 crossed", said_on=None) == []


@pytest.mark.parametrize(
    "text",
    [
        "a child 12 years old",
        "children held for 30 days",
        "children held over 14 days",
        "released within 30 days",
        "they may go home",
        "troops march home",
        "up to 20,000 children",
        "released by ICE",
        "reduced by 2,000",
        "from 15,000 to 20,000 children",
        "between 80,000 and 85,000 children",
        "2000 children were counted",
        "Title 42 expulsions",
        "in 12 states",
        "after 27 years in law enforcement",
        "Q3 results",
        "the first five children",
        "in the November election",
        "in the 2024 election",
    ],
)
def test_numbers_durations_and_words_that_are_not_time_frames(text):
    assert frames(text) == []


def test_a_range_that_ends_before_it_starts_keeps_only_its_start():
    found = frames("from 2023 to 2019")
    assert [(frame.start, frame.end) for frame in found] == [
        (date(2023, 1, 1), date(2023, 12, 31))
    ]


def test_granularities_are_the_documented_ones():
    text = (
        "On May 5, 2024; in March 2022; Q3 2023; in 2022; in FY2023; between 2021 and 2024; "
        "last month"
    )
    found = frames(text)
    assert [frame.granularity for frame in found] == [
        "day",
        "month",
        "quarter",
        "year",
        "fiscal_year",
        "range",
        "relative",
    ]
    assert set(GRANULARITIES) == {frame.granularity for frame in found}


def test_years_set_beside_the_words_that_say_what_kind_they_are():
    from claims.engine.text import normalise, tokenize
    from claims.engine.timeframe import find_time_frames

    def frames(text: str) -> list[tuple[date, date]]:
        normal = normalise(text)
        found = find_time_frames(
            tokenize(normal), normal, said_on=date(2025, 1, 10), fiscal_year_start=(10, 1)
        )
        return [(frame.start, frame.end) for frame in found]

    assert frames("in its first two fiscal years, 2021 and 2022, it") == [
        (date(2020, 10, 1), date(2022, 9, 30))
    ]
    assert frames("over two years, 2019 and 2020, it") == [(date(2019, 1, 1), date(2020, 12, 31))]
    assert frames("in the next years, 10,000 children") == []

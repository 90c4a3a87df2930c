from __future__ import annotations

from datetime import date

import pytest

from datasets.periods import fiscal_year, parse_date, parse_period, read_period

# The US federal fiscal year, which the reference data uses.
OCTOBER = (10, 1)


def test_a_fiscal_year_runs_from_october_to_september():
    span = fiscal_year(2019, start=OCTOBER)
    assert (span.start, span.end) == (date(2018, 10, 1), date(2019, 9, 30))


@pytest.mark.parametrize(
    ("start", "first", "last"),
    [
        ((7, 1), date(2018, 7, 1), date(2019, 6, 30)),
        ((4, 6), date(2018, 4, 6), date(2019, 4, 5)),
        ((1, 1), date(2019, 1, 1), date(2019, 12, 31)),
        ((3, 1), date(2018, 3, 1), date(2019, 2, 28)),
    ],
)
def test_fiscal_year_n_is_the_twelve_months_that_end_in_year_n(start, first, last):
    span = fiscal_year(2019, start=start)
    assert (span.start, span.end) == (first, last)


def test_without_a_start_a_fiscal_year_is_the_calendar_year():
    assert parse_period("FY2019") == fiscal_year(2019, start=(1, 1))
    assert parse_period("FY2023", fiscal_year_start=(7, 1)).start == date(2022, 7, 1)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("FY2019-FY2023", date(2018, 10, 1), date(2023, 9, 30)),
        ("FY2019-FY2023 (Oct 2018 - Sep 2023)", date(2018, 10, 1), date(2023, 9, 30)),
        ("December 2018", date(2018, 12, 1), date(2018, 12, 31)),
        ("2021-2022", date(2021, 1, 1), date(2022, 12, 31)),
        ("January - May 2021", date(2021, 1, 1), date(2021, 5, 31)),
        ("May 5 - June 20, 2018", date(2018, 5, 5), date(2018, 6, 20)),
        ("2025-01-20 to June 2025", date(2025, 1, 20), date(2025, 6, 30)),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
    ],
)
def test_plain_periods_become_dates(text, start, end):
    span = parse_period(text, fiscal_year_start=OCTOBER)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize("text", ["unclear", "2024-02-30", "2025 - 2019", "", "x" * 500])
def test_wording_that_is_not_a_period_gives_nothing(text):
    assert parse_period(text) is None


def test_read_period_looks_past_extra_words_and_into_asides():
    assert read_period("UCs transferred FY2019-FY2023", fiscal_year_start=OCTOBER) == (
        date(2018, 10, 1),
        date(2023, 9, 30),
    )
    assert read_period("first 10 months of FY2024 (Oct 2023 - Jul 2024)") == (
        date(2023, 10, 1),
        date(2024, 7, 31),
    )


def test_read_period_never_drops_part_of_a_date():
    assert read_period("2019 - early 2025") == (None, None)


def test_open_periods_run_to_the_as_of_date_when_there_is_one():
    assert read_period("since 2025-01-20", as_of=date(2025, 12, 19)) == (
        date(2025, 1, 20),
        date(2025, 12, 19),
    )
    assert read_period("since 2025-01-20") == (date(2025, 1, 20), None)
    assert read_period("through 2022-08-26") == (None, date(2022, 8, 26))


def test_parse_date_gives_the_first_day_of_a_vague_date():
    assert parse_date("2019-01") == date(2019, 1, 1)
    assert parse_date("May 2024") == date(2024, 5, 1)
    assert parse_date("not stated") is None

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from datasets.models import Series
from tests.datasets.test_series_pages import STATES, add_rows, make_series
from tests.factories import make_figure

pytestmark = pytest.mark.django_db


def get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_series_are_listed_with_coverage_and_row_count(client):
    add_rows(make_series(), 3)

    body = get(client, "/api/series")

    assert body["count"] == 1
    item = body["items"][0]
    assert item["slug"] == "usbp_fy"
    assert item["unit"] == "children"
    assert item["row_count"] == 3
    assert (item["first_day"], item["last_day"]) == ("1999-10-01", "2002-09-30")
    assert item["url"].endswith("/datasets/usbp_fy/")


def test_a_series_has_its_rows_filtered_by_period_and_state_with_values_as_strings(client):
    series = make_series(by_state=True)
    add_rows(series, 4, states=STATES)
    row = series.rows.get(geo="Texas", period_text="FY2002")
    row.figures.add(make_figure(slug="tx_fy2002"))

    body = get(client, "/api/series/usbp_fy?start=2001-10-01&end=2002-09-30&geo=Texas")

    assert body["series"]["period_kind"] == "state_fiscal_year"
    assert body["rows_matching"] == 1
    assert body["rows"] == [
        {
            "period_start": "2001-10-01",
            "period_end": "2002-09-30",
            "period_text": "FY2002",
            "partial": "",
            "value": "1025",
            "qualifier": "",
            "geo": "Texas",
            "breakdown": {},
            "source": "",
            "source_url": "",
            "notes": "",
            "figures": ["tx_fy2002"],
        }
    ]


def test_national_rows_are_asked_for_by_name_and_have_no_geo(client):
    series = make_series()
    add_rows(series, 2)

    body = get(client, "/api/series/usbp_fy?geo=national")

    assert [r["geo"] for r in body["rows"]] == [None, None]


@pytest.mark.parametrize(
    "query", ["start=yesterday", "rows_page=0", "rows_page_size=1001", "end=2020-13-01"]
)
def test_a_bad_series_filter_is_a_clear_error(client, query):
    make_series()
    assert client.get(f"/api/series/usbp_fy?{query}").status_code == 422


def test_an_unknown_series_is_404(client):
    assert client.get("/api/series/nope").status_code == 404


@pytest.mark.parametrize("url", ["/api/series", "/api/series/usbp_fy"])
def test_the_series_api_runs_the_same_queries_whatever_the_rows(client, url):
    def count(size: int) -> int:
        Series.objects.all().delete()
        series = make_series(by_state=True)
        add_rows(series, size, states=STATES)
        figure = make_figure()
        for row in series.rows.all():
            row.figures.add(figure)
        with CaptureQueriesContext(connection) as queries:
            get(client, url)
        return len(queries)

    assert count(2) == count(20)


def test_the_openapi_description_names_the_series_endpoints(client):
    paths = get(client, "/api/openapi.json")["paths"]
    assert {"/api/series", "/api/series/{slug}"} <= set(paths)
    parameters = {p["name"] for p in paths["/api/series/{slug}"]["get"]["parameters"]}
    assert {"start", "end", "geo", "rows_page", "rows_page_size"} <= parameters


@pytest.mark.parametrize(
    "url",
    [
        "/api/series/usbp_fy?start=0.0",
        "/api/figures?period_from=1700000000",
        "/api/check?q=325000&said_on=0.0",
    ],
)
def test_a_number_is_not_read_as_a_date(client, url):
    make_series()
    assert client.get(url).status_code == 422

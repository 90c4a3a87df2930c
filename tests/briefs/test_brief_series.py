"""A ruling traced to rows of an official data series shows, in its PDF brief, the table drawn
by the series page's own chart code, with the rows it used highlighted and their permalink."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from briefs import pdf
from claims.models import Claim
from tests.briefs.pdfs import pdf_text

SERIES_DATA = Path(settings.BASE_DIR) / "fixtures" / "series.yaml"
NEW_YORK = "New York sponsors received 2,845 children in fiscal 2018"
ROWS_URL = (
    "/datasets/orr_released_to_sponsors_by_state_fy/?mark=2017-10-01%2F2018-09-30%2FNew+York"
)


@pytest.fixture
def new_york_claim(reference_data, client, journalist):
    from datasets.importer.series import import_series_path

    import_series_path(SERIES_DATA)
    client.force_login(journalist)
    client.post("/claims/new/", {"save-text": NEW_YORK, "save-said_on": "2024-06-01"})
    return Claim.objects.get(text=NEW_YORK)


def test_the_brief_draws_the_table_with_the_rows_used_and_links_to_them(new_york_claim):
    html = pdf.claim_html(new_york_claim)

    assert "The official table behind the number" in html
    assert "<svg" in html.split("The official table behind the number", 1)[1]
    assert f"{settings.SITE_URL}{ROWS_URL}" in html.replace("&amp;", "&")
    text = pdf_text(pdf.render_pdf(html))
    assert "the official table behind the number" in text.lower()
    assert "New York" in text


def test_a_table_by_state_draws_every_state_for_the_period_used(new_york_claim):
    (chart,) = pdf.series_charts(new_york_claim.ruling.traced_rows.select_related("series"))

    assert chart["series"].slug == "orr_released_to_sponsors_by_state_fy"
    svg = str(chart["svg"])
    assert "New York" in svg
    assert "Texas" in svg, "the ranked chart shows the other states of that year"


def test_a_ruling_traced_to_no_series_draws_no_table(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert pdf.series_charts([]) == []

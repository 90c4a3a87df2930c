"""Numbers traced to rows of the shipped data series, end to end: the quick check, checkclaims,
the check API and its description, a saved ruling and the series page."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from claims.checking import check_claim
from claims.engine import ClaimInput
from claims.models import Claim, TracedRow, verdict_findings

pytestmark = pytest.mark.django_db

SERIES_DATA = Path(settings.BASE_DIR) / "fixtures" / "series.yaml"

BORDER = (
    "Border Patrol apprehended about 68,500 unaccompanied children at the southwest border in"
    " fiscal 2014"
)
NEW_YORK = "New York sponsors received 2,845 children in fiscal 2018"
BORDER_ROW = {
    "series": "cbp_usbp_uac_apprehensions_sw_fy_ohss",
    "start": "2013-10-01",
    "end": "2014-09-30",
    "geo": None,
}
NEW_YORK_ROW = {
    "series": "orr_released_to_sponsors_by_state_fy",
    "start": "2017-10-01",
    "end": "2018-09-30",
    "geo": "New York",
}
BORDER_LINK = "/datasets/cbp_usbp_uac_apprehensions_sw_fy_ohss/?mark=2013-10-01%2F2014-09-30"
NEW_YORK_LINK = (
    "/datasets/orr_released_to_sponsors_by_state_fy/?mark=2017-10-01%2F2018-09-30%2FNew+York"
)


@pytest.fixture
def series_data(reference_data):
    from datasets.importer.series import import_series_path

    return import_series_path(SERIES_DATA)


@pytest.fixture
def rows_jsonl(series_data, tmp_path):
    """checkclaims --format jsonl on the two statements, by id."""
    claims = [
        {"id": "border", "text": BORDER, "said_on": "2024-06-01"},
        {"id": "new-york", "text": NEW_YORK, "said_on": "2024-06-01"},
    ]
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(claims), encoding="utf-8")
    out = io.StringIO()
    call_command("checkclaims", str(path), format="jsonl", stdout=out, stderr=io.StringIO())
    return {line["id"]: line for line in map(json.loads, out.getvalue().splitlines())}


def test_checkclaims_lists_the_rows_each_statement_traces_to(rows_jsonl):
    assert rows_jsonl["border"]["series"] == [BORDER_ROW]
    assert rows_jsonl["new-york"]["series"] == [NEW_YORK_ROW]
    assert rows_jsonl["border"]["rating"] == "true"
    assert rows_jsonl["new-york"]["figures"] == []  # the figures list stays what it was


def test_the_check_api_answers_the_same_rows_as_the_command(client, rows_jsonl):
    for claim_id, text in (("border", BORDER), ("new-york", NEW_YORK)):
        answer = client.post(
            "/api/check",
            {"id": claim_id, "text": text, "said_on": "2024-06-01"},
            content_type="application/json",
        ).json()
        assert {key: answer[key] for key in rows_jsonl[claim_id]} == rows_jsonl[claim_id]
        match = next(f for f in answer["explanations"] if f["code"] == "figure_match")
        assert match["series"] == rows_jsonl[claim_id]["series"]


def test_the_check_by_get_lists_the_rows_too(client, series_data):
    answer = client.get("/api/check", {"q": NEW_YORK}).json()
    assert answer["series"] == [NEW_YORK_ROW]


def test_the_api_description_says_what_the_series_rows_are(client):
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    assert "series" in components["CheckOut"]["properties"]
    assert "series" in components["CheckOut"]["required"]
    row = components["SeriesRowOut"]["properties"]
    assert set(row) == {"series", "start", "end", "geo"}
    assert row["start"]["format"] == "date"


def test_the_quick_check_links_to_the_series_with_the_rows_highlighted(
    client, journalist, series_data
):
    client.force_login(journalist)
    page = client.get("/check/", {"q": BORDER, "said_on": "2024-06-01"}).content.decode()
    assert BORDER_LINK in page
    assert "68,540" in page
    assert "FY2014" in page
    page = client.get("/check/", {"q": NEW_YORK, "said_on": "2024-06-01"}).content.decode()
    assert NEW_YORK_LINK in page
    assert "2,845" in page


def test_a_saved_ruling_keeps_the_rows_and_the_series_page_lists_it(
    client, journalist, editor, series_data
):
    client.force_login(journalist)
    client.post("/claims/new/", {"save-text": NEW_YORK, "save-said_on": "2024-06-01"})
    claim = Claim.objects.get(text=NEW_YORK)
    traced = list(TracedRow.objects.filter(ruling__claim=claim))
    assert [(t.series.slug, t.period_start, t.period_end, t.geo) for t in traced] == [
        ("orr_released_to_sponsors_by_state_fy", date(2017, 10, 1), date(2018, 9, 30), "New York")
    ]
    assert claim.ruling.findings[0]["series"] == [NEW_YORK_ROW]
    page = client.get(claim.get_absolute_url()).content.decode()
    assert NEW_YORK_LINK in page
    client.force_login(editor)
    series_page = client.get("/datasets/orr_released_to_sponsors_by_state_fy/").content.decode()
    assert claim.get_absolute_url() in series_page
    assert NEW_YORK_LINK.split("?")[1].replace("+", " ") in series_page.replace("+", " ")


def test_a_draft_tracing_to_a_series_is_not_listed_for_anonymous_visitors(
    client, journalist, series_data
):
    client.force_login(journalist)
    client.post("/claims/new/", {"save-text": NEW_YORK, "save-said_on": "2024-06-01"})
    client.logout()
    page = client.get("/datasets/orr_released_to_sponsors_by_state_fy/").content.decode()
    assert Claim.objects.get(text=NEW_YORK).get_absolute_url() not in page


def test_findings_that_cite_no_rows_are_stored_as_before(reference_data):
    # A ruling stored before series existed then compares equal to its re-check.
    verdict = check_claim(ClaimInput(text="The Biden administration lost 85,000 children."))
    stored = verdict_findings(verdict)
    assert stored
    assert all(
        set(finding) == {"code", "degree", "text", "figures", "documents"} for finding in stored
    )


def test_the_registry_reads_every_series_row_in_a_bounded_number_of_queries(
    series_data, django_assert_max_num_queries
):
    from claims.checking import load_registry
    from datasets.models import SeriesRow

    with django_assert_max_num_queries(11):
        registry = load_registry()
    assert len(registry.series) == 18
    assert sum(len(series.rows) for series in registry.series) == SeriesRow.objects.count()
    by_slug = {series.slug: series for series in registry.series}
    border = by_slug["cbp_usbp_uac_apprehensions_sw_fy_ohss"]
    assert (border.unit, border.category) == ("apprehensions", "cbp_apprehensions")
    fy2025 = next(row for row in border.rows if row.period_text == "FY2025")
    assert fy2025.partial
    components = {row.breakdown for row in by_slug["cbp_sw_uc_encounters_usbp_ofo_monthly"].rows}
    assert (("component", "USBP"),) in components


def test_a_figure_linked_to_a_row_is_preferred_from_the_next_check(series_data):
    from claims.checking import current_registry
    from datasets.models import Category, SeriesRow
    from tests.factories import make_document, make_figure

    quote = ClaimInput(text=NEW_YORK, said_on=date(2024, 6, 1))
    assert check_claim(quote).series
    before = current_registry()
    restating = make_figure(
        document=make_document(date=date(2019, 3, 1)),
        value=2845,
        qualifier="exact",
        category=Category.objects.get(slug="released_to_sponsor"),
        period_text="FY2018",
        period_start=date(2017, 10, 1),
        period_end=date(2018, 9, 30),
    )
    row = SeriesRow.objects.get(
        series__slug="orr_released_to_sponsors_by_state_fy", geo="New York", period_text="FY2018"
    )
    row.figures.add(restating)
    assert current_registry() is not before
    verdict = check_claim(quote)
    assert verdict.figures == (restating.slug,)
    assert verdict.series == ()


def test_editing_a_row_is_seen_by_the_next_check(series_data):
    from claims.checking import current_registry
    from datasets.models import SeriesRow

    row = SeriesRow.objects.get(
        series__slug="orr_released_to_sponsors_by_state_fy", geo="New York", period_text="FY2018"
    )
    before = current_registry()
    row.value = 3000
    row.save()
    assert current_registry() is not before
    assert not check_claim(ClaimInput(text=NEW_YORK, said_on=date(2024, 6, 1))).series

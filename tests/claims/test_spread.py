"""The spread of a number: a figure's and a series row's timeline, a claim's family, /spread/."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import spread
from claims.models import Claim, TracedRow
from tests.datasets.test_series_pages import add_rows, fiscal_year, make_series
from tests.factories import make_claim, make_figure
from tests.personas import as_persona

pytestmark = pytest.mark.django_db


def said(
    author,
    figures,
    number: str,
    *,
    rating: str = "false",
    on: date | None = date(2024, 9, 23),
    status: str = "published",
    claimant: str = "A politician",
    percent: bool = False,
) -> Claim:
    """A claim quoting `number` (e.g. "85,000"), traced to `figures`, with this rating."""
    claim = make_claim(
        author=author,
        status=status,
        figures=figures,
        said_on=on,
        claimant=claimant,
        text=f"They lost {number} children.",
    )
    ruling = claim.ruling
    ruling.proposed_rating = rating
    ruling.numbers = [
        {"text": number, "value": number.replace(",", "").rstrip("%"), "percent": percent}
    ]
    ruling.save()
    return claim


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def body(response) -> str:
    return " ".join(response.content.decode().split())


# Definitions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quoted", "figure", "shown"),
    [
        ("325000", "32000", "×10.2"),
        ("85000", "32000", "×2.7"),
        ("1500", "1475", "+2%"),
        ("29000", "32000", "−9%"),
        ("32000", "32000", "±0%"),
        ("1000", "32000", "−97%"),
        ("3300000", "1000", "×3,300.0"),
    ],
)
def test_how_far_is_a_factor_from_twice_and_a_percentage_below(quoted, figure, shown):
    assert spread.distance(spread.ratio(Decimal(quoted), Decimal(figure))) == shown


def test_the_false_side_is_read_from_the_scale_past_its_middle():
    from claims.engine.policy import ORDERED_SCALE

    assert set(ORDERED_SCALE[3:]) == spread.FALSE_SIDE
    assert spread.on_false_side("false")
    assert spread.on_false_side("mostly-false")
    assert not spread.on_false_side("half-true")
    assert not spread.on_false_side("unverifiable")


def test_a_faithful_sum_of_two_figures_is_within_tolerance_of_their_total():
    part = spread.Reference(Decimal(32000), "exact")
    total = spread.Reference(Decimal(323000), label="added together")
    numbers = [{"text": "323,000", "value": "323000", "percent": False}]

    judged = spread.judge(rating="true", numbers=numbers, reference=part, others=[total])

    assert not judged.distorted
    assert judged.distance == "×10.1"
    alone = spread.judge(rating="true", numbers=numbers, reference=part)
    assert alone.outside
    assert alone.distorted


def test_a_loose_rounding_is_within_tolerance_and_a_bigger_gap_is_not():
    figure = spread.Reference(Decimal(85000), "exact")
    near = [{"text": "80,000", "value": "80000", "percent": False}]
    far = [{"text": "60,000", "value": "60000", "percent": False}]

    assert not spread.judge(rating="mostly-true", numbers=near, reference=figure).distorted
    assert spread.judge(rating="mostly-true", numbers=far, reference=figure).outside


def test_the_quoted_number_is_the_one_of_the_figures_kind_closest_to_it():
    numbers = [
        {"text": "10,000", "value": "10000", "percent": False},
        {"text": "40%", "value": "40", "percent": True},
        {"text": "1,500", "value": "1500", "percent": False},
    ]
    count = spread.judge(rating="true", numbers=numbers, reference=spread.Reference(Decimal(1475)))
    share = spread.judge(
        rating="true", numbers=numbers, reference=spread.Reference(Decimal(38), percent=True)
    )

    assert count.quoted_text == "1,500"
    assert share.quoted_text == "40%"
    none = spread.judge(
        rating="false", numbers=numbers[1:2], reference=spread.Reference(Decimal(1475))
    )
    assert none.quoted is None
    assert none.distance == ""
    assert none.distorted


# A figure's timeline ------------------------------------------------------------------------


@pytest.fixture
def journey(editor):
    """32,000 in an audit, then 30,000 (faithful), 85,000, 300,000 and 325,000, and a claim
    with no date."""
    figure = make_figure(slug="audit-32000", value=Decimal(32000), qualifier="exact")
    said(editor, [figure], "325,000", on=date(2024, 9, 23), claimant="At a debate")
    said(editor, [figure], "30,000", rating="mostly-true", on=date(2023, 3, 1), claimant="An aide")
    said(editor, [figure], "300,000", on=date(2024, 6, 2), claimant="At a rally")
    said(editor, [figure], "85,000", rating="half-true", on=date(2023, 8, 1), claimant="On TV")
    said(editor, [figure], "90,000", rating="false", on=None, claimant="Undated")
    return figure


def test_the_timeline_lists_claims_by_date_said_with_distance_rating_and_first_distortion(
    client, journey
):
    response = client.get(f"/figures/{journey.slug}/spread/")

    assert response.status_code == 200
    text = body(response)
    table = text[text.index("<table") :]
    order = [
        table.index(name) for name in ("An aide", "On TV", "At a rally", "At a debate", "Undated")
    ]
    assert order == sorted(order)
    steps = response.context["timeline"].steps
    assert [s.claim.claimant for s in steps if s.first_distortion] == ["On TV"]
    assert [s.judgement.distance for s in steps] == ["−6%", "×2.7", "×9.4", "×10.2", "×2.8"]
    assert "First distortion:</strong> On TV, 1 August 2023: “85,000” (×2.7), rated Half true" in (
        text
    )
    row = re.search(r'<tr class="first-distortion">.*?</tr>', text)
    assert row
    assert "First distortion" in row[0]
    assert "On TV" in row[0]
    assert "Mostly true" in text
    assert "date not given" in text


def test_the_timeline_chart_is_svg_with_a_text_alternative_and_no_inline_style(client, journey):
    text = client.get(f"/figures/{journey.slug}/spread/").content.decode()

    svg = re.search(r"<svg.*?</svg>", text, re.S)
    assert svg is not None
    assert 'role="img"' in svg[0]
    assert "<title" in svg[0]
    assert "<desc" in svg[0]
    assert "style=" not in svg[0]
    assert "<style" not in svg[0]
    assert "<script" not in svg[0]
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg[0], re.S)
    assert desc is not None
    assert "4 claims from 1 March 2023 to 23 September 2024" in desc[1]
    assert "First distortion: On TV, 1 August 2023, “85,000”, rated Half true." in desc[1]


def test_a_long_timeline_shows_the_earliest_claims_and_links_to_the_rest(
    client, editor, monkeypatch
):
    monkeypatch.setattr(spread, "LIMIT", 2)
    figure = make_figure(value=Decimal(32000), qualifier="exact")
    for day in (3, 1, 2):
        said(editor, [figure], "85,000", on=date(2024, 1, day), claimant=f"Day {day}")

    response = client.get(f"/figures/{figure.slug}/spread/")

    steps = response.context["timeline"].steps
    assert [s.claim.claimant for s in steps] == ["Day 1", "Day 2"]
    assert response.context["timeline"].more
    link = f"/claims/?document={figure.document.slug}"
    assert link in response.content.decode()
    listed = client.get(link).content.decode()
    assert listed.count("They lost 85,000 children.") == 3


def test_a_figure_nobody_quoted_has_an_empty_timeline(client):
    figure = make_figure()

    response = client.get(f"/figures/{figure.slug}/spread/")

    assert response.status_code == 200
    assert "No claim with a published ruling traces to this figure yet." in body(response)
    assert "<svg" not in response.content.decode()
    assert client.get("/figures/no-such-figure/spread/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("anonymous", {"published"}),
        ("journalist", {"published", "own draft"}),
        ("other_journalist", {"published"}),
        ("editor", {"published", "own draft", "in review"}),
        ("researcher", {"published", "own draft", "in review"}),
        ("admin", {"published", "own draft", "in review"}),
    ],
)
def test_each_role_sees_on_the_timeline_and_family_the_claims_it_may_read(
    client, people, persona, seen
):
    figure = make_figure()
    published = said(people["editor"], [figure], "1,000", claimant="published")
    said(people["journalist"], [figure], "2,000", status="draft", claimant="own draft")
    said(people["editor"], [figure], "3,000", status="review", claimant="in review")
    as_persona(client, people, persona)

    timeline = client.get(f"/figures/{figure.slug}/spread/").context["timeline"]
    family = client.get(f"/claims/{published.pk}/family/").context["family"]

    assert {s.claim.claimant for s in timeline.steps} == seen
    assert {s.claim.claimant for s in family.steps} == seen
    assert client.post(f"/figures/{figure.slug}/spread/").status_code in (403, 405)


def test_the_first_distortion_is_among_the_claims_the_reader_may_see(client, editor, journalist):
    figure = make_figure(value=Decimal(32000), qualifier="exact")
    said(journalist, [figure], "85,000", on=date(2023, 1, 1), status="draft", claimant="Draft")
    said(editor, [figure], "300,000", on=date(2024, 1, 1), claimant="Published")

    anonymous = client.get(f"/figures/{figure.slug}/spread/").context["timeline"]
    client.force_login(editor)
    newsroom = client.get(f"/figures/{figure.slug}/spread/").context["timeline"]

    assert anonymous.first_distortion.claim.claimant == "Published"
    assert newsroom.first_distortion.claim.claimant == "Draft"


def test_a_timeline_with_no_distortion_says_so(client, editor):
    figure = make_figure(value=Decimal(32000), qualifier="exact")
    said(editor, [figure], "32,000", rating="true")

    response = client.get(f"/figures/{figure.slug}/spread/")

    assert "No claim shown here distorted it." in body(response)
    assert response.context["timeline"].first_distortion is None


# A claim's family ---------------------------------------------------------------------------


def test_the_family_places_a_claim_among_earlier_and_later_claims_on_the_same_figures(
    client, editor
):
    notice = make_figure(slug="audit-291000", value=Decimal(291000), qualifier="more than")
    court = make_figure(slug="audit-32000", value=Decimal(32000), qualifier="exact")
    other = make_figure(slug="unrelated", value=Decimal(5))
    said(editor, [notice, court], "323,000", rating="true", on=date(2024, 8, 20), claimant="Wire")
    said(editor, [court], "85,000", rating="mostly-false", on=date(2024, 8, 30), claimant="TV")
    debate = said(editor, [notice, court], "325,000", on=date(2024, 9, 23), claimant="Debate")
    said(editor, [notice], "300,000", on=date(2024, 11, 26), claimant="Later")
    said(editor, [other], "5", on=date(2024, 1, 1), claimant="Not family")

    response = client.get(f"/claims/{debate.pk}/family/")

    assert response.status_code == 200
    family = response.context["family"]
    assert [s.claim.claimant for s in family.steps] == ["Wire", "TV", "Debate", "Later"]
    assert family.current.number == 3
    assert family.first_distortion.claim.claimant == "TV"
    assert not family.steps[0].judgement.distorted  # the faithful sum of both counts
    assert [s.judgement.distance for s in family.steps] == ["±0%", "×2.7", "+1%", "+3%"]
    text = body(response)
    assert "This claim is step 3 of 4" in text
    assert "It traces to 2 official figures" in text
    assert f"/figures/{court.slug}/spread/" in text
    assert "Not family" not in text


def test_a_claim_traced_to_no_figure_has_no_family(client, editor):
    claim = said(editor, [], "10")

    response = client.get(f"/claims/{claim.pk}/family/")

    assert response.status_code == 200
    assert "Its ruling traces to no official figure, so it has no family." in body(response)


def test_a_drafts_family_is_hidden_as_the_draft_is(client, people):
    figure = make_figure()
    draft = said(people["journalist"], [figure], "1,000", status="draft")

    assert client.get(f"/claims/{draft.pk}/family/").status_code == 404
    as_persona(client, people, "other_journalist")
    assert client.get(f"/claims/{draft.pk}/family/").status_code == 404
    as_persona(client, people, "journalist")
    assert client.get(f"/claims/{draft.pk}/family/").status_code == 200
    as_persona(client, people, "researcher")
    assert client.get(f"/claims/{draft.pk}/family/").status_code == 200


# /spread/ -----------------------------------------------------------------------------------


def test_spread_ranks_figures_by_misquoting_published_rulings_with_largest_and_median(
    client, editor
):
    often = make_figure(slug="often", value=Decimal(32000), qualifier="exact")
    once = make_figure(slug="once", value=Decimal(1475), qualifier="exact")
    faithful = make_figure(slug="faithful", value=Decimal(100), qualifier="exact")
    for number in ("85,000", "300,000", "325,000"):
        said(editor, [often], number)
    said(editor, [often], "32,000", rating="true")
    said(editor, [often], "3,200,000", status="draft")  # a draft counts for no one here
    said(editor, [once], "1,500", rating="false")
    said(editor, [faithful], "100", rating="true")

    response = client.get("/spread/")

    assert response.status_code == 200
    entries = response.context["entries"]
    assert [e.figure.slug for e in entries] == ["often", "once"]
    assert (entries[0].misquoted, entries[0].tracing) == (3, 4)
    assert entries[0].largest_distance == "×10.2"
    assert entries[0].median_distance == "×9.4"
    assert entries[1].largest_distance == "+2%"
    text = body(response)
    assert "3 of 4 rulings" in text
    assert "/figures/often/spread/" in text


def test_spread_follows_a_correction_and_a_changed_figure_at_once(client, editor):
    figure = make_figure(slug="corrected", value=Decimal(32000), qualifier="exact")
    claim = said(editor, [figure], "32,000", rating="false")
    assert [e.figure.slug for e in client.get("/spread/").context["entries"]] == ["corrected"]
    assert [e.figure.slug for e in client.get("/spread/").context["entries"]] == ["corrected"]

    ruling = claim.ruling
    ruling.correct(
        by=editor,
        expected_version=ruling.version,
        note="The number was the audit's own.",
        summary="The audit says 32,000.",
        rating="true",
        override_reason="The quote gives the audit's number.",
    )
    assert client.get("/spread/").context["entries"] == []

    figure.value = Decimal(3200)
    figure.save()
    entries = client.get("/spread/").context["entries"]
    assert [(e.figure.slug, e.largest_distance) for e in entries] == [("corrected", "×10.0")]


def test_a_changed_ranking_is_computed_in_the_background_while_the_last_one_shows(
    client, editor, settings
):
    from django.tasks import task_backends
    from django_tasks_db.models import DBTaskResult

    figure = make_figure(slug="first", value=Decimal(32000), qualifier="exact")
    said(editor, [figure], "85,000")
    assert [e.figure.slug for e in client.get("/spread/").context["entries"]] == ["first"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task_backends.__dict__.pop("settings", None)
    if hasattr(task_backends._connections, "default"):
        delattr(task_backends._connections, "default")
    later = make_figure(slug="later", value=Decimal(1000), qualifier="exact")
    said(editor, [later], "9,000")
    said(editor, [later], "8,000")

    stale = client.get("/spread/")
    client.get("/spread/")  # asks for no second computation

    assert not stale.context["ranking"].current
    assert [e.figure.slug for e in stale.context["entries"]] == ["first"]
    assert "rulings published or corrected since are being counted" in body(stale)
    assert DBTaskResult.objects.count() == 1
    spread.refresh_ranking.call()
    fresh = client.get("/spread/")
    assert fresh.context["ranking"].current
    assert [e.figure.slug for e in fresh.context["entries"]] == ["later", "first"]


def test_spread_is_the_same_for_every_role(client, people, editor):
    figure = make_figure(slug="seen", value=Decimal(32000), qualifier="exact")
    said(editor, [figure], "85,000", status="review")
    for persona in people:
        as_persona(client, people, persona)
        response = client.get("/spread/")
        assert response.status_code == 200
        assert response.context["entries"] == []
        assert "No published ruling has distorted an official figure yet." in body(response)
        client.logout()


def test_spread_is_paginated(client, editor, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        figure = make_figure(slug=f"figure-{n}", value=Decimal(1000), qualifier="exact")
        for _ in range(n + 1):
            said(editor, [figure], "9,000")

    first = client.get("/spread/")
    last = client.get("/spread/?page=3")

    assert [e.figure.slug for e in first.context["entries"]] == ["figure-4", "figure-3"]
    assert [e.figure.slug for e in last.context["entries"]] == ["figure-0"]
    assert "Page 1 of 3" in body(first)
    assert client.get("/spread/?page=nonsense").status_code == 200


# A series row's timeline --------------------------------------------------------------------


@pytest.fixture
def row_journey(editor):
    series = make_series()
    add_rows(series, 3)
    start, end = fiscal_year(2001)
    row = series.rows.get(period_start=start, period_end=end)
    restating = make_figure(value=row.value, qualifier="exact")
    row.figures.add(restating)
    direct = said(editor, [], "9,000", on=date(2024, 1, 2), claimant="Direct")
    TracedRow.objects.create(
        ruling=direct.ruling, series=series, period_start=start, period_end=end
    )
    said(editor, [restating], "1,010", rating="true", on=date(2023, 1, 2), claimant="Restated")
    said(editor, [make_figure()], "7", on=date(2022, 1, 1), claimant="Elsewhere")
    return series, row


def test_a_series_row_shows_the_claims_that_trace_to_it_over_time(client, row_journey):
    series, _row = row_journey
    url = f"/datasets/{series.slug}/spread/?row=2000-10-01/2001-09-30"

    response = client.get(url)

    assert response.status_code == 200
    steps = response.context["timeline"].steps
    assert [s.claim.claimant for s in steps] == ["Restated", "Direct"]
    assert [s.judgement.distance for s in steps] == ["±0%", "×8.9"]
    assert steps[1].first_distortion
    assert "<svg" in response.content.decode()


def test_the_series_page_links_a_highlighted_row_to_its_timeline(client, row_journey):
    series, _row = row_journey

    text = client.get(f"/datasets/{series.slug}/?mark=2000-10-01/2001-09-30").content.decode()

    assert f"/datasets/{series.slug}/spread/?row=2000-10-01/2001-09-30" in text
    assert text.count("Claims over time") == 1


@pytest.mark.parametrize(
    ("row", "status", "message"),
    [
        ("", 400, "Name a row as ?row=YYYY-MM-DD/YYYY-MM-DD"),
        ("2001-13-01/2002-01-01", 400, "“2001-13-01/2002-01-01” does not name a row."),
        ("<b>x</b>", 400, "“&lt;b&gt;x&lt;/b&gt;” does not name a row."),
        ("1990-10-01/1991-09-30", 404, "The series has no row for 1990-10-01 to 1991-09-30."),
    ],
)
def test_a_row_that_is_not_named_well_gets_a_clear_message(
    client, row_journey, row, status, message
):
    series, _row = row_journey

    response = client.get(f"/datasets/{series.slug}/spread/", {"row": row})

    assert response.status_code == status
    assert message in body(response)


# Links and queries --------------------------------------------------------------------------


def test_the_figure_page_claim_page_and_navigation_link_to_the_spread(client, editor):
    figure = make_figure()
    claim = said(editor, [figure], "1,000")

    figure_page = client.get(f"/figures/{figure.slug}/").content.decode()
    assert f"/figures/{figure.slug}/spread/" in figure_page
    assert f"/claims/{claim.pk}/family/" in client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'href="/spread/"' in client.get("/").content.decode()


def test_the_spread_pages_run_a_fixed_number_of_queries_whatever_the_claims(client, editor):
    first = make_figure(value=Decimal(32000), qualifier="exact")
    second = make_figure(value=Decimal(291000), qualifier="more than")
    series = make_series()
    add_rows(series, 2)
    start, end = fiscal_year(2000)
    row = series.rows.get(period_start=start, period_end=end)
    row.figures.add(first)

    def add(count: int) -> Claim:
        claim = None
        for n in range(count):
            claim = said(editor, [first, second], f"{n + 1}00,000", on=date(2024, 1, 1 + n % 28))
            TracedRow.objects.create(
                ruling=claim.ruling, series=series, period_start=start, period_end=end
            )
        assert claim is not None
        return claim

    claim = add(3)
    client.force_login(editor)
    urls = [
        "/spread/",
        f"/figures/{first.slug}/spread/",
        f"/claims/{claim.pk}/family/",
        f"/datasets/{series.slug}/spread/?row=1999-10-01/2000-09-30",
    ]
    cache.clear()  # nothing cached: the ranking is computed
    few = {url: queries(client, url) for url in urls}
    few_cached = queries(client, "/spread/")
    add(27)
    cache.clear()  # the ranking is computed again, as it was the first time
    many = {url: queries(client, url) for url in urls}
    many_cached = queries(client, "/spread/")

    assert many == few
    assert many_cached == few_cached < few["/spread/"]
    assert len(client.get(urls[1]).context["timeline"].steps) == 30

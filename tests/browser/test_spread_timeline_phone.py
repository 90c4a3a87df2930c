"""A reader follows a number's journey on a phone: the figure's timeline, then /spread/."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest

from tests.claims.test_spread import said
from tests.factories import make_figure, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_the_timeline_fits_a_phone_with_its_chart_table_and_first_distortion(browser, live_server):
    editor = make_user("editor", "editor")
    figure = make_figure(slug="audit-32000", value=Decimal(32000), qualifier="exact")
    said(editor, [figure], "30,000", rating="mostly-true", on=date(2023, 3, 1), claimant="An aide")
    said(editor, [figure], "85,000", rating="half-true", on=date(2023, 8, 1), claimant="On TV")
    said(editor, [figure], "300,000", on=date(2024, 6, 2), claimant="At a rally")
    said(editor, [figure], "325,000", on=date(2024, 9, 23), claimant="At a debate")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))

    page.goto(f"{live_server.url}/figures/{figure.slug}/")
    page.click("text=The timeline of the claims that trace to this figure")
    page.wait_for_url("**/figures/audit-32000/spread/")

    assert "First distortion: On TV, 1 August 2023" in page.inner_text(".spread-first")
    desc = page.inner_html("svg.spread-chart desc")
    assert "4 claims from 1 March 2023 to 23 September 2024" in desc
    chart = page.locator("svg.spread-chart").bounding_box()
    assert chart is not None
    assert 0 < chart["width"] <= PHONE["width"]
    assert page.locator("table.spread-steps tbody tr").count() == 4
    assert "First distortion" in page.inner_text("table.spread-steps tr.first-distortion")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if folder := os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{folder}/spread-timeline-phone.png", full_page=True)

    page.click("nav >> text=Spread")
    page.wait_for_url("**/spread/")
    assert "1 August" not in page.inner_text("main")
    assert "×10.2" in page.inner_text("table.spread-list")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if folder:
        page.screenshot(path=f"{folder}/spread-list-phone.png", full_page=True)
    assert not [m for m in messages if "Content Security Policy" in m], messages
    context.close()

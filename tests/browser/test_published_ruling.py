"""The published ruling as readers see it in a real browser, on a laptop and on a phone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from claims.models import Claim
from tests.factories import make_category, make_claim, make_document, make_figure, make_user

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "The 323,000 adds a count of court notices to a count of missed hearings"
IN_SHORT = (
    "The number adds two counts from one audit. Neither counts children whose whereabouts "
    "are unknown."
)
OUTLET_LABELS = {"false": "Pants on Fire", "mostly-false": "Misleading"}
PHONE = {"width": 390, "height": 844}
# The text-bearing elements of the chart, with their rendered font size in CSS pixels: an SVG
# element's size is scaled by its drawing's transform to the screen.
CHART_TEXT_SIZES = """() => [...document.querySelectorAll('.chart *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => parseFloat(getComputedStyle(e).fontSize)
            * (e instanceof SVGGraphicsElement ? e.getScreenCTM().a : 1))"""
# Elements whose box reaches past the right edge of the viewport.
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .filter(e => getComputedStyle(e).position !== 'absolute')
  .map(e => e.tagName + '.' + e.className)"""


@pytest.fixture
def ruling(settings):
    settings.RATING_LABELS = OUTLET_LABELS
    editor = make_user("ed", "editor")
    audit = make_document(title="An audit of released children", report_number="OIG-24-46")
    figures = [
        make_figure(
            slug="no-notice",
            value=Decimal(291000),
            category=make_category(label="No Notice to Appear served, and so no court date yet"),
            document=audit,
            period_start=date(2018, 10, 1),
            period_end=date(2023, 9, 30),
        ),
        make_figure(
            slug="missed-hearing",
            value=Decimal(32000),
            category=make_category(label="Failed to appear in immigration court"),
            document=audit,
        ),
    ]
    claim = make_claim(
        author=editor,
        status=Claim.Status.PUBLISHED,
        figures=figures,
        text="She lost more than 325,000 migrant children. They're gone.",
        claimant="A candidate",
        headline=HEADLINE,
        in_short=IN_SHORT,
    )
    ruling = claim.ruling
    ruling.summary = "The audit counted two groups. Adding them gives roughly the number."
    ruling.numbers = [{"text": "325,000", "value": "325000", "percent": False}]
    ruling.findings = [
        {
            "code": "combined_figures",
            "degree": "disjoint",
            "text": "The two counts add up to about the number quoted.",
            "figures": ["no-notice", "missed-hearing"],
            "documents": [],
        },
        {
            "code": "category_mismatch",
            "degree": "",
            "text": "Neither count is of missing children.",
            "figures": ["no-notice"],
            "documents": [],
        },
    ]
    ruling.save()
    return claim


def text_of(page, selector: str) -> str:
    """The element's text as a screen reader reads it, visually hidden words included."""
    return " ".join(page.locator(selector).first.text_content().split())


def open_page(browser, url: str, **context):
    context = browser.new_context(**context)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url)
    return context, page, problems


def test_the_ruling_page_leads_with_headline_in_short_and_the_outlets_label(
    browser, live_server, ruling
):
    context, page, problems = open_page(browser, f"{live_server.url}{ruling.get_absolute_url()}")
    assert page.inner_text("h1") == HEADLINE
    assert page.locator("h1").count() == 1
    assert "A candidate" in page.inner_text(".ruling-head .claim-meta")
    assert page.inner_text(".in-short p") == IN_SHORT
    assert text_of(page, ".rating-block .rating-label") == "Rating: Pants on Fire"
    current = page.inner_text(".scale li.current")
    assert "Pants on Fire" in current
    assert "Misleading" in page.inner_text(".scale")
    assert page.inner_text(".finding-title >> nth=0") == "Two different counts added together"
    assert "Primary report" in page.inner_text(".sources")
    assert "Outlined: those figures added together." in page.inner_text(".chart-key")
    assert problems == []
    page.goto(f"{live_server.url}/claims/")
    assert text_of(page, ".card .rating-badge") == "Rating: Pants on Fire"
    assert page.inner_text(".card .card-title") == HEADLINE
    assert page.inner_text(".card-summary") == "The number adds two counts from one audit."
    assert problems == []
    context.close()


def test_on_a_phone_nothing_overflows_and_chart_text_is_at_least_12px(
    browser, live_server, ruling
):
    context, page, problems = open_page(
        browser,
        f"{live_server.url}{ruling.get_absolute_url()}",
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OVERFLOWING) == []
    sizes = page.evaluate(CHART_TEXT_SIZES)
    assert len(sizes) >= 8  # title, 4 labels, 4 values, key
    assert min(sizes) >= 12, sizes
    # Labels wrap whole: the long category label is all there.
    assert "No Notice to Appear served, and so no court date yet (OIG-24-46)" in page.inner_text(
        ".chart"
    )
    assert problems == []
    context.close()

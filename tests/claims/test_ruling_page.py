"""The ruling page reads as a fact-check: headline, who said it and when, the quote, "in
short", the rating, our ruling, then the evidence with its sources and their reliability."""

from __future__ import annotations

import re
from datetime import date

import pytest

from claims.models import Claim
from datasets.models import Document
from tests.factories import make_category, make_claim, make_document, make_figure

pytestmark = pytest.mark.django_db


INLINE = r"</?(?:a|cite|span|strong|code|time|em)\b[^>]*>"


def visible(html: str) -> str:
    """The text a reader sees: inline tags vanish, block tags separate words."""
    html = html[html.find("<main") :] if "<main" in html else html
    text = re.sub(r"<[^>]+>", " ", re.sub(INLINE, "", html))
    return " ".join(text.replace("&#x27;", "'").split())


@pytest.fixture
def ruling_page(client, journalist):
    audit = make_document(title="The audit", report_number="AUD-1", date=date(2024, 8, 19))
    announcement = make_document(
        title="A press release",
        report_number="",
        kind=Document.Kind.AGENCY_ANNOUNCEMENT,
        tier=Document.Tier.OFFICIAL_STATEMENT,
        method_published=False,
    )
    held = make_figure(
        slug="held",
        value=291000,
        category=make_category(label="No court date"),
        document=audit,
        period_start=date(2018, 10, 1),
        period_end=date(2023, 9, 30),
    )
    said = make_figure(slug="said", value=32000, qualifier="exact", document=announcement)
    claim = make_claim(
        author=journalist,
        status=Claim.Status.PUBLISHED,
        figures=[held, said],
        claimant="A senator",
        said_on=date(2024, 9, 23),
        headline="The 323,000 adds a court count to a press-release count",
        in_short="Two counts of different things, added. Neither is lost children.",
    )
    claim.ruling.summary = "Our ruling, in full."
    claim.ruling.findings = [
        {
            "code": "combined_figures",
            "degree": "disjoint",
            "text": "The two add up to the number.",
            "figures": ["held", "said"],
            "documents": [],
        }
    ]
    claim.ruling.numbers = [{"text": "323,000", "value": "323000", "percent": False}]
    claim.ruling.save()
    return client.get(claim.get_absolute_url()).content.decode()


def test_the_page_leads_with_the_headline_then_who_and_when_then_in_short_rating_and_ruling(
    ruling_page,
):
    text = visible(ruling_page)
    h1 = re.search(r"<h1>(.*?)</h1>", ruling_page, re.S).group(1)
    assert h1 == "The 323,000 adds a court count to a press-release count"
    order = [
        "The 323,000 adds a court count",
        "A senator said on 23 September 2024",
        "What was said",
        "In short Two counts of different things, added.",
        "Our rating",
        "Our ruling Our ruling, in full.",
        "The evidence",
        "What we found",
        "The figures behind the number",
        "Sources",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_findings_have_plain_titles_and_name_figures_by_what_they_count(ruling_page):
    finding = re.search(
        r'<li class="finding finding-combined_figures">(.*?)</li>', ruling_page, re.S
    )
    text = visible(finding.group(1))
    assert text.startswith("Two different counts added together")
    assert "Rests on: more than 291,000 children counted as “No court date” (AUD-1)" in text
    assert text.endswith("Finding code: combined_figures")


def test_sources_show_their_reliability(ruling_page):
    sources = visible(re.search(r'<ul class="sources">(.*?)</ul>', ruling_page, re.S).group(1))
    assert "Primary report The audit, DHS Office of Inspector General, AUD-1, 19 August 2024." in (
        sources
    )
    assert "Announcement A press release" in sources
    assert "It does not publish its method." in sources


def test_figures_give_their_period_as_dates(ruling_page):
    assert "Period: October 2018 to September 2023" in visible(ruling_page)


def test_a_drafted_in_short_is_marked_as_a_draft_for_the_newsroom(client, journalist):
    claim = make_claim(author=journalist, headline="", in_short="Drafted.", in_short_is_draft=True)
    client.force_login(journalist)
    text = visible(client.get(claim.get_absolute_url()).content.decode())
    assert "Draft written by the engine from its findings; no person has saved it yet." in text
    assert "No headline yet: an editor writes one before publishing." in text


def test_the_headline_and_in_short_are_escaped(client, journalist):
    claim = make_claim(
        author=journalist,
        status=Claim.Status.PUBLISHED,
        headline="<script>alert(1)</script>",
        in_short="<img src=x onerror=alert(1)>",
    )
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

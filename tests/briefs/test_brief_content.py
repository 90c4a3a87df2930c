"""What a single-claim PDF brief says, read back from the PDF as a reader's search would."""

from __future__ import annotations

import re

import pytest

from briefs import pdf as briefs
from claims.engine import RATING_SCALE_VERSION
from datasets.templatetags.registry import figure_value
from tests.briefs.pdfs import pdf_reader, pdf_text, response_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def brief_pdf(client, published_claim) -> bytes:
    response = client.get(f"/claims/{published_claim.pk}/brief.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response_bytes(response)


def test_the_brief_carries_the_quote_claimant_venue_and_rating(brief_pdf, published_claim):
    text = pdf_text(brief_pdf)
    assert "They lost 325,000 migrant children — “gone”, said the senator, naïvely." in text
    assert "Senator Éloïse Núñez" in text
    assert "Campaign rally, Des Moines" in text
    assert "23 September 2024" in text
    # The label is stated beside "Rating" and placed on the scale, not only highlighted there.
    assert re.search(r"RATING\s+False\b", text)
    assert "Step 5 of 5 on the rating scale" in text


def test_the_brief_shows_a_mostly_false_rating_at_its_place_on_the_scale(client, published_claim):
    ruling = published_claim.ruling
    ruling.proposed_rating = "mostly-false"
    ruling.save()
    text = pdf_text(response_bytes(client.get(f"/claims/{published_claim.pk}/brief.pdf")))
    assert re.search(r"RATING\s+Mostly false\b", text)
    assert "Step 4 of 5 on the rating scale" in text


def test_the_brief_cites_every_traced_figure_and_its_document(brief_pdf, figures):
    text = pdf_text(brief_pdf)
    for figure in figures:
        assert figure_value(figure) in text
        assert figure.document.report_number in text
        assert figure.document.title in text
        assert figure.category.label in text
        assert figure.category.means in text
        assert figure.category.does_not_mean in text
        assert figure.period_text in text
        assert figure.quote in text
    assert "more than 291,000" in text
    assert "about 32,000" in text
    assert "OIG-24-46" in text
    assert "GAO-25-1071" in text


def test_the_brief_has_summary_findings_chart_method_and_permalink(brief_pdf, published_claim):
    text = pdf_text(brief_pdf)
    assert "The number adds two figures that count different things." in text
    assert "Category mismatch" in text
    assert "The figure counts children with no court date, not missing children." in text
    assert "Evidence 1, 2 below." in text
    assert "Traced figures added together" in text  # the chart's sum bar
    assert "323,000" in text
    assert "verdict engine, version test" in text
    assert f"rating scale version {RATING_SCALE_VERSION}" in text
    assert f"https://news.example/claims/{published_claim.pk}/" in text


def test_every_page_has_the_outlet_and_a_page_number(brief_pdf):
    reader = pdf_reader(brief_pdf)
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {pages}" in text
        assert "The Test Ledger".upper() in text or "The Test Ledger" in text


def test_the_brief_names_the_date_it_was_generated(brief_pdf):
    from django.utils import timezone

    assert f"Generated {timezone.localdate():%-d %B %Y}" in pdf_text(brief_pdf)


def test_the_brief_has_title_author_subject_language_and_tags(brief_pdf, published_claim):
    reader = pdf_reader(brief_pdf)
    meta = reader.metadata
    assert meta.title.startswith("Fact-check: “They lost 325,000")
    assert meta.author == "The Test Ledger"
    assert "rated False" in meta.subject
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog


def test_the_brief_embeds_only_the_fonts_shipped_with_the_app(brief_pdf):
    fonts = set()
    for page in pdf_reader(brief_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert fonts
    assert all(name.startswith(("Brief-", "sans-serif")) for name in fonts), fonts


def test_a_draft_brief_says_it_is_not_published(client, editor, journalist, figures):
    from tests.factories import make_claim

    draft = make_claim(author=journalist, figures=figures)
    client.force_login(editor)
    text = pdf_text(response_bytes(client.get(f"/claims/{draft.pk}/brief.pdf")))
    assert "Draft: not published, for internal use only" in text


def test_a_correction_is_printed_with_its_date_and_rating_change(editor, published_claim):
    ruling = published_claim.ruling
    ruling.correct(
        by=editor,
        expected_version=ruling.version,
        note="The second figure is from GAO, not DHS.",
        summary=ruling.summary,
        rating="mostly-false",
        override_reason="The sum is close to the claim.",
    )
    html = briefs.claim_html(published_claim)
    text = pdf_text(briefs.render_pdf(html))
    assert "The second figure is from GAO, not DHS." in text
    assert "The rating changed from False to Mostly false." in text

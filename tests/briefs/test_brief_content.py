"""What a single-claim PDF brief says. The content is read from the brief's HTML, which is what
WeasyPrint typesets; what only a real PDF shows (page numbers, fonts, tags, metadata) is read
from one brief typeset once for the whole module."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from briefs import pdf as briefs
from claims.engine import RATING_SCALE_VERSION
from datasets.templatetags.registry import figure_value
from tests.briefs.conftest import make_figures, make_published_claim
from tests.briefs.pdfs import html_text, pdf_reader, pdf_text
from tests.factories import make_claim, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def typeset_brief(django_db_setup, django_db_blocker, tmp_path_factory) -> bytes:
    """The published claim's brief as the view serves it, typeset once for this module; the
    rows it needed are rolled back."""
    media = tmp_path_factory.mktemp("media")
    settings = {"MEDIA_ROOT": media, "OUTLET_NAME": "The Test Ledger"}
    with django_db_blocker.unblock(), override_settings(**settings), transaction.atomic():
        claim = make_published_claim(
            author=make_user("brief-author", "journalist"),
            editor=make_user("brief-editor", "editor"),
            figures=make_figures(),
        )
        stored = briefs.claim_brief(claim)
        with briefs.open_brief(stored.sha256) as file:
            data = file.read()
        transaction.set_rollback(True)
    return data


def brief_text(claim) -> str:
    return html_text(briefs.claim_html(claim))


def test_the_brief_carries_the_quote_claimant_venue_and_rating(published_claim):
    text = brief_text(published_claim)
    assert "They lost 325,000 migrant children — “gone”, said the senator, naïvely." in text
    assert "Senator Éloïse Núñez" in text
    assert "Campaign rally, Des Moines" in text
    assert "23 September 2024" in text
    # The label is stated beside "Rating" and placed on the scale, not only highlighted there.
    assert re.search(r"Rating\s+False\b", text)
    assert "Step 5 of 5 on the rating scale" in text


def test_the_brief_shows_a_mostly_false_rating_at_its_place_on_the_scale(published_claim):
    ruling = published_claim.ruling
    ruling.proposed_rating = "mostly-false"
    ruling.save()
    text = brief_text(published_claim)
    assert re.search(r"Rating\s+Mostly false\b", text)
    assert "Step 4 of 5 on the rating scale" in text


def test_the_brief_cites_every_traced_figure_and_its_document(published_claim, figures):
    text = brief_text(published_claim)
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


def test_the_brief_has_summary_findings_chart_method_and_permalink(published_claim):
    text = brief_text(published_claim)
    assert "The number adds two figures that count different things." in text
    assert "The words describe something the figure does not count category_mismatch" in text
    assert "The figure counts children with no court date, not missing children." in text
    assert "Evidence 1, 2 below." in text
    assert "Traced figures added together" in text  # the chart's sum bar
    assert "323,000" in text
    assert "verdict engine, version test" in text
    assert f"rating scale version {RATING_SCALE_VERSION}" in text
    assert f"https://news.example/claims/{published_claim.pk}/" in text


def test_a_draft_brief_says_it_is_not_published(journalist, figures):
    draft = make_claim(author=journalist, figures=figures)
    assert "Draft: not published, for internal use only" in brief_text(draft)


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
    text = brief_text(published_claim)
    assert f"{timezone.localdate():%-d %B %Y}. The second figure is from GAO, not DHS." in text
    assert "The rating changed from False to Mostly false." in text


# --- what only the typeset PDF shows


def test_the_typeset_brief_reads_as_the_html_says(typeset_brief):
    text = pdf_text(typeset_brief)
    assert "They lost 325,000 migrant children — “gone”, said the senator, naïvely." in text
    assert re.search(r"RATING\s+False\b", text)  # the stylesheet sets the caption in capitals


def test_every_page_has_the_outlet_and_a_page_number(typeset_brief):
    reader = pdf_reader(typeset_brief)
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {pages}" in text
        assert "The Test Ledger".upper() in text or "The Test Ledger" in text


def test_the_brief_names_the_date_it_was_generated(typeset_brief):
    assert f"Generated {timezone.localdate():%-d %B %Y}" in pdf_text(typeset_brief)


def test_the_brief_has_title_author_subject_language_and_tags(typeset_brief):
    reader = pdf_reader(typeset_brief)
    meta = reader.metadata
    assert meta.title.startswith("Fact-check: “They lost 325,000")
    assert meta.author == "The Test Ledger"
    assert "rated False" in meta.subject
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog


def test_the_brief_embeds_only_the_fonts_shipped_with_the_app(typeset_brief):
    fonts = set()
    for page in pdf_reader(typeset_brief).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert fonts
    assert all(name.startswith(("Brief-", "sans-serif")) for name in fonts), fonts

"""The brief reads in the ruling page's order, on the outlet's paper, with a cover that names
what it holds, contents that never cut a word, and no page opened by a chart."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from briefs import pdf as briefs
from briefs.models import BriefJob
from tests.briefs.pdfs import html_text, pdf_reader
from tests.factories import make_claim, make_document, make_figure

pytestmark = pytest.mark.django_db

LETTER = (612, 792)  # points
A4 = (595, 842)
LONG_QUOTE = (
    "They told everyone in the district that three hundred and twenty-five thousand children "
    "had simply vanished from the records of the department without anybody noticing anything "
    "whatsoever about it"
)


def page_size(data: bytes) -> tuple[int, int]:
    box = pdf_reader(data).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_a_section_reads_headline_in_short_rating_our_ruling_then_evidence(
    published_claim,
):
    ruling = published_claim.ruling
    ruling.headline = "The 323,000 adds two counts of other things"
    ruling.in_short = "Two counts, added. Neither counts lost children."
    ruling.save()
    html = briefs.claim_html(published_claim)
    text = html_text(html[html.index("<body") :])
    order = [
        "The 323,000 adds two counts of other things",
        "They lost 325,000 migrant children",
        "In short Two counts, added.",
        "Rating False",
        "Our ruling The number adds two figures",
        "Findings",
        "Evidence: the figures behind the number",
        "The claimed number beside the figures",
        "Method",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Primary report" in text  # each source's reliability


def test_the_paper_follows_the_outlets_setting(settings, published_claim):
    assert settings.BRIEF_PAGE_SIZE == "letter"  # the default, for a US newsroom
    letter = briefs.render_pdf(briefs.claim_html(published_claim))
    assert page_size(letter) == LETTER
    settings.BRIEF_PAGE_SIZE = "a4"
    a4 = briefs.render_pdf(briefs.claim_html(published_claim))
    assert page_size(a4) == A4


def test_a_page_size_other_than_letter_or_a4_stops_start_up(monkeypatch):
    from factcheck.settings import env_choice

    monkeypatch.setenv("BRIEF_PAGE_SIZE", "legal")
    with pytest.raises(ImproperlyConfigured, match="BRIEF_PAGE_SIZE must be one of letter, a4"):
        env_choice("BRIEF_PAGE_SIZE", choices=("letter", "a4"), default="letter")
    monkeypatch.setenv("BRIEF_PAGE_SIZE", " A4 ")
    assert env_choice("BRIEF_PAGE_SIZE", choices=("letter", "a4"), default="letter") == "a4"


def test_the_cover_carries_the_editors_title_and_what_the_brief_holds(
    client, editor, journalist, django_capture_on_commit_callbacks, monkeypatch
):
    typeset: list[str] = []
    monkeypatch.setattr(
        briefs, "render_pdf", lambda html, **kwargs: typeset.append(html) or b"%PDF-1.7"
    )
    make_claim(author=journalist, status="published", claimant="Ann Example")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/claims/briefs/", {"claimant": "Ann", "brief_title": "  Ann's   claims "})
    job = BriefJob.objects.get()
    assert (job.title, job.scope) == ("Ann's claims", "Claims matching claimant: Ann")
    cover = html_text(typeset[0].split('<nav class="toc"')[0])
    assert "Ann's claims Claims matching claimant: Ann 1 claim" in cover


def test_an_over_long_brief_title_is_refused_and_nothing_is_started(client, editor, journalist):
    make_claim(author=journalist, status="published")
    client.force_login(editor)
    response = client.post(
        "/claims/briefs/", {"brief_title": "x" * (BriefJob.TITLE_MAX_LENGTH + 1)}, follow=True
    )
    assert "Keep the brief&#x27;s title to 120 characters" in response.content.decode()
    assert not BriefJob.objects.exists()


def test_the_claims_list_offers_a_title_field_for_the_brief(client, editor, journalist):
    make_claim(author=journalist, status="published")
    client.force_login(editor)
    page = client.get("/claims/").content.decode()
    assert '<label for="id_brief_title">' in page
    assert 'id="id_brief_title" name="brief_title" maxlength="120"' in page


def test_the_contents_never_cut_a_word(journalist, figures):
    claim = make_claim(
        author=journalist,
        status="published",
        figures=figures,
        text=LONG_QUOTE,
        headline="A headline that is long enough to wrap onto a second line of the contents "
        "page when it is set in the brief's type",
    )
    html = briefs.collection_html([claim.pk], title="Test")
    contents = html.split('<nav class="toc"')[1].split("</nav>")[0]
    assert claim.ruling.headline in html_text(contents)
    quote = re.search(r'<p class="toc-quote">.*?“(.*?)”', contents, re.S).group(1)
    assert quote.endswith("…")
    shown = quote.removesuffix("…").split()
    assert shown == LONG_QUOTE.split()[: len(shown)], "every word shown is whole"
    pdf = briefs.render_pdf(html)
    page = " ".join(pdf_reader(pdf).pages[1].extract_text().split())
    for word in claim.ruling.headline.split():
        assert word in page.split(), word


def test_no_page_is_opened_by_a_chart(journalist):
    """Sections of growing length move each chart across the page; wherever one lands, it
    never starts a page: it keeps the end of the evidence before it."""
    claims = []
    for n in range(4):
        figures = [
            make_figure(value=Decimal(291000), document=make_document()),
            make_figure(value=Decimal(32000 + n), document=make_document()),
        ]
        claim = make_claim(author=journalist, status="published", figures=figures)
        claim.ruling.summary = "A line of the ruling that fills about one line of the page. " * n
        claim.ruling.numbers = [{"text": "325,000", "value": "325000", "percent": False}]
        claim.ruling.save()
        claims.append(claim)
    pdf = briefs.render_pdf(briefs.collection_html([c.pk for c in claims], title="Charts"))
    heading = "the claimed number beside the figures"  # set in capitals
    opened = []
    for number, page in enumerate(pdf_reader(pdf).pages, 1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        body = [
            line
            for line in lines
            if not re.search(r"THE TEST LEDGER|Fact-check brief|Page \d+ of \d+|^CLAIM \d+", line)
        ]
        if body and body[0].lower().startswith(heading):
            opened.append(number)
    assert opened == []

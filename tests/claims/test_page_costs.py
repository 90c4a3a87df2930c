"""The pages the newsroom and readers load most run a fixed number of queries and keep their size
whatever the number of source documents; what they keep between requests (verdicts, rendered
evidence) is renewed when the ruling or the registry changes."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from datasets.models import Document, Figure
from datasets.signals import bump_generation
from factcheck import kept_pages
from tests.factories import make_claim, make_document, make_figure

pytestmark = pytest.mark.django_db

QUOTE = "The Biden administration has lost 80,000 migrant children."


def add_documents(count: int) -> None:
    """`count` more source documents, none cited, and the registry marked changed."""
    start = Document.objects.count()
    Document.objects.bulk_create(
        Document(
            slug=f"extra-{start + n}",
            title=f"Extra report {start + n}",
            agency=f"Agency {n % 7}",
            kind=Document.Kind.OVERSIGHT_AUDIT,
            report_number=f"X-{start + n}",
            tier=Document.Tier.INDEPENDENT_OVERSIGHT,
        )
        for n in range(count)
    )
    bump_generation()


def cost(client, url: str, headers: dict[str, str]) -> tuple[int, int, int]:
    """Queries of the first request after the registry changed, queries of the next one, and
    the page's size in bytes (after a first request, which starts a client's rate count)."""
    client.get(url, headers=headers)
    bump_generation()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(cold), len(warm), len(response.content)


PAGES = {
    "quick check": ("journalist", f"/check/?q={QUOTE}", {}),
    "quick check (htmx)": ("journalist", f"/check/?q={QUOTE}", {"HX-Request": "true"}),
    "claims list": ("journalist", "/claims/", {}),
    "claims list (reader)": ("anonymous", "/claims/", {}),
    "ruling page": ("journalist", "RULING", {}),
    "published ruling": ("anonymous", "RULING", {}),
    "api check": ("anonymous", f"/api/check?q={QUOTE}", {}),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_run_the_same_queries_and_keep_their_size_with_10_or_310_documents(
    client, journalist, reference_data, page
):
    persona, url, headers = PAGES[page]
    if persona == "journalist":
        client.force_login(journalist)
    figure = Figure.objects.order_by("slug").first()
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED, figures=[figure])
    target = claim.get_absolute_url() if url == "RULING" else url
    add_documents(10)
    before = cost(client, target, headers)
    add_documents(300)
    after = cost(client, target, headers)
    assert after[:2] == before[:2]
    assert abs(after[2] - before[2]) < 50, "the page grew with the documents"


def test_a_page_lists_no_document_it_does_not_cite(client, journalist, reference_data):
    client.force_login(journalist)
    add_documents(5)
    for url in ["/claims/", f"/check/?q={QUOTE}"]:
        page = client.get(url).content.decode()
        assert "Extra report" not in page, url
        assert "<option" not in page or page.count("<option") < 20, url


def test_the_quick_check_answers_a_repeated_check_without_the_engine_or_the_evidence_queries(
    client, journalist, reference_data
):
    client.force_login(journalist)
    cold, warm, _ = cost(client, f"/check/?q={QUOTE}", {})
    assert warm < cold


def test_a_verdict_is_kept_until_the_registry_changes(reference_data):
    from claims.checking import check_claim
    from claims.engine import ClaimInput

    claim = ClaimInput(text=QUOTE)
    first = check_claim(claim)
    assert check_claim(ClaimInput(text=QUOTE)) is first
    bump_generation()  # what every change to the registry does
    renewed = check_claim(claim)
    assert renewed is not first
    assert renewed.to_json() == first.to_json()


def test_the_kept_evidence_of_a_ruling_shows_a_document_renamed_since(client, journalist):
    document = make_document(title="The first title of the audit")
    figure = make_figure(document=document)
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED, figures=[figure])
    assert "The first title of the audit" in client.get(claim.get_absolute_url()).content.decode()
    document.title = "The audit renamed"
    document.save()  # the registry is marked changed
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "The audit renamed" in page
    assert "The first title of the audit" not in page


def test_the_kept_evidence_of_a_ruling_follows_its_new_proposal(client, editor, journalist):
    old = make_figure(document=make_document(title="The report of the old proposal"))
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED, figures=[old])
    assert (
        "The report of the old proposal" in client.get(claim.get_absolute_url()).content.decode()
    )
    new = make_figure(document=make_document(title="The report of the new proposal"))
    ruling = claim.ruling
    ruling.findings = [{**ruling.findings[0], "figures": [new.slug]}]
    ruling.save()
    ruling.traces.all().delete()
    ruling.traces.create(figure=new, position=0)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "The report of the new proposal" in page
    assert "The report of the old proposal" not in page


def test_the_claims_list_filters_by_a_documents_id_or_report_number(client, journalist):
    cited = make_document(report_number="OIG-18-83")
    shown = make_claim(
        author=journalist, status=Claim.Status.PUBLISHED, figures=[make_figure(document=cited)]
    )
    other = make_claim(author=journalist, status=Claim.Status.PUBLISHED, figures=[make_figure()])
    for value in [cited.slug, "oig-18-83", " OIG-18-83 "]:
        page = client.get("/claims/", {"document": value}).content.decode()
        assert shown.get_absolute_url() in page, value
        assert other.get_absolute_url() not in page, value


def test_an_unknown_document_in_the_claims_filter_says_so(client, journalist):
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    page = client.get("/claims/", {"document": "no-such-report"}).content.decode()
    assert "No document matches “no-such-report”." in page
    assert claim.get_absolute_url() in page  # the filter changes nothing


@pytest.mark.parametrize("options", [{}, {"selectable": True, "show_status": True}])
def test_a_kept_card_reads_as_the_card_template_and_follows_its_claim(journalist, options):
    from django.template.loader import render_to_string

    from claims.templatetags.rulings import ruling_card

    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    claim = Claim.objects.select_related("ruling").get(pk=claim.pk)
    expected = render_to_string("includes/ruling_card.html", {"claim": claim, **options})
    assert ruling_card(claim, **options) == expected
    assert ruling_card(claim, **options) == expected  # kept
    claim.ruling.headline = "A headline written since"
    changed = ruling_card(claim, **options)
    assert "A headline written since" in changed
    assert changed == render_to_string("includes/ruling_card.html", {"claim": claim, **options})


def test_a_readers_kept_ruling_reads_as_the_page_rendered_afresh_and_follows_every_change(
    client, editor, journalist
):
    from claims import evidence
    from claims.models import Correction, Ruling

    figure = make_figure(document=make_document(title="The audit behind the ruling"))
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED, figures=[figure])
    Ruling.objects.filter(claim=claim).update(editor=editor)
    url = claim.get_absolute_url()

    def fresh() -> str:
        evidence._rendered.clear()
        kept_pages.clear()
        return client.get(url).content.decode()

    def kept() -> str:
        return client.get(url).content.decode()

    def without_token(page: str) -> str:
        """The page without what differs on every request: the CSRF token and the nonce."""
        return re.sub(r'"X-CSRFToken": "[^"]+"|nonce="[^"]+"', "", page)

    first = fresh()
    assert without_token(kept()) == without_token(first)
    Ruling.objects.filter(claim=claim).update(headline="A headline written since")
    assert "A headline written since" in kept()
    Claim.objects.filter(pk=claim.pk).update(claimant="Another politician")
    assert "Another politician" in kept()
    Correction.objects.create(
        ruling=claim.ruling,
        note="A date fixed.",
        editor=editor,
        previous_rating="false",
        new_rating="false",
    )
    assert "A date fixed." in kept()
    editor.username = "renamed-editor"
    editor.save()
    assert "renamed-editor" in kept()
    assert without_token(kept()) == without_token(fresh())


def test_the_newsroom_never_gets_a_readers_kept_ruling(client, journalist):
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    reader = client.get(claim.get_absolute_url()).content.decode()
    assert "History" not in reader
    client.force_login(journalist)
    assert "History" in client.get(claim.get_absolute_url()).content.decode()


def test_the_newsrooms_kept_ruling_reads_as_the_page_rendered_afresh_and_follows_its_history(
    client, editor, journalist
):
    from claims import evidence

    claim = make_claim(author=journalist, status=Claim.Status.DRAFT)
    client.force_login(journalist)
    url = claim.get_absolute_url()

    def fresh() -> str:
        evidence._rendered.clear()
        kept_pages.clear()
        return client.get(url).content.decode()

    def without_token(page: str) -> str:
        return re.sub(r'value="[^"]{64}"|"X-CSRFToken": "[^"]+"|nonce="[^"]+"', "", page)

    page = fresh()
    assert "Submit for review" in page  # a form: this page is the journalist's own
    assert client.get(url).content.decode() != page
    claim.ruling.submit(by=journalist, expected_version=claim.ruling.version)
    first = fresh()
    assert "Submit for review" not in first
    assert "Edit ruling" not in first
    kept = client.get(url).content.decode()
    assert without_token(kept) == without_token(first)
    journalist.username = "renamed-journalist"
    journalist.save()
    assert "Saved as a draft by renamed-journalist" in client.get(url).content.decode()
    client.force_login(editor)
    publish = [client.get(url).content.decode() for _ in range(2)]
    assert "Publish…" in publish[0]
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', p) for p in publish]
    assert tokens[0]
    assert tokens[0] != tokens[1], "each page carries its own token"

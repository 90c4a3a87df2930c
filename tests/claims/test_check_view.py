"""The quick check page: the same view serves the page, its htmx region and the no-JS form."""

from __future__ import annotations

import pytest

from claims.models import Claim

pytestmark = pytest.mark.django_db

QUOTE = "The Biden administration has lost 80,000 migrant children."


@pytest.fixture
def newsroom(client, journalist, reference_data):
    client.force_login(journalist)
    return client


def test_the_shareable_url_renders_the_whole_page_with_the_result(newsroom):
    response = newsroom.get("/check/", {"q": QUOTE, "said_on": "2024-06-02"})
    page = response.content.decode()
    assert "<html" in page
    assert "Mostly false" in page
    assert "/figures/nyt23_unreachable_85000/" in page
    assert "category_mismatch" in page
    assert "Does not mean" in page


def test_htmx_gets_only_the_result_region(newsroom):
    response = newsroom.get(
        "/check/", {"q": QUOTE, "said_on": "2024-06-02"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="result"')
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_a_check_lists_claims_checked_before_on_the_same_figures(newsroom, journalist):
    Claim.create_checked(author=journalist, text="HHS lost 85,000 kids.", said_on=None)
    earlier = Claim.objects.get()
    assert earlier.ruling.figures.exists()
    slug = earlier.ruling.figures.first().slug
    response = newsroom.get("/check/", {"q": "HHS lost 85,000 kids."})
    page = response.content.decode()
    assert "Checked before" in page
    assert earlier.get_absolute_url() in page
    assert slug in page


def test_save_as_claim_creates_a_prefilled_draft(newsroom, journalist):
    response = newsroom.post(
        "/claims/new/",
        {
            "save-text": QUOTE,
            "save-claimant": "A host",
            "save-said_on": "2024-06-02",
            "save-attributed_to": "Biden",
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    assert claim.status == Claim.Status.DRAFT
    assert claim.author == journalist
    assert claim.ruling.proposed_rating == "mostly-false"


def test_a_bad_save_changes_nothing_and_says_why(newsroom):
    response = newsroom.post("/claims/new/", {"save-text": "", "save-said_on": "not a date"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Claim.objects.exists()


def test_a_hostile_quote_is_answered_and_shown_escaped(newsroom):
    hostile = (
        "<script>alert(1)</script> They lost 325,000 children \x00\x07 "
        + "<img src=x onerror=alert(2)> " * 300
    )[:10_000]
    response = newsroom.get("/check/", {"q": hostile})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "rating-label" in page


def test_a_quote_over_the_limit_gets_a_clear_message(newsroom):
    response = newsroom.get("/check/", {"q": "x" * 10_001})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The quote is 10001 characters long; a check reads at most 10,000." in page
    assert 'aria-invalid="true"' in page


def test_an_empty_check_shows_the_form_and_a_hint(newsroom):
    page = newsroom.get("/check/").content.decode()
    assert "Paste a quote or a number" in page
    assert "rating-label" not in page


def _field(page: str, field_id: str) -> str:
    """The opening tag of the form control with this id."""
    start = page.index(f'id="{field_id}"')
    return page[page.rindex("<", 0, start) : page.index(">", start) + 1]


def test_the_save_form_has_its_own_ids_and_labels(newsroom):
    page = newsroom.get("/check/", {"q": QUOTE}).content.decode()
    for name in ("text", "claimant", "said_on", "venue", "venue_url", "attributed_to"):
        assert page.count(f'id="id_save-{name}"') == 1
        assert f'for="id_save-{name}"' in page
    for name in ("q", "claimant", "said_on", "attributed_to"):
        assert page.count(f'id="id_{name}"') == 1
    assert 'name="save-text"' in page


def test_save_as_claim_sits_beside_the_rating_not_collapsed(newsroom):
    page = newsroom.get("/check/", {"q": QUOTE}).content.decode()
    head = page[page.index('class="result-head"') : page.index('id="evidence-title"')]
    assert "rating-label" in head
    assert "Save as draft claim" in head
    assert "<details" not in page


def test_the_check_result_does_not_carry_every_document(newsroom):
    from tests.factories import make_document

    for n in range(30):
        make_document(title=f"Unrelated bulletin number {n}")
    response = newsroom.get("/check/", {"q": QUOTE}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "Unrelated bulletin number" not in page
    assert "<option" not in page
    assert 'id="id_save-document_search"' in page


def test_an_empty_quote_gets_a_message_next_to_the_field(newsroom):
    response = newsroom.get("/check/", {"q": "  ", "claimant": "Someone"})
    page = response.content.decode()
    textarea = _field(page, "id_q")
    assert 'aria-invalid="true"' in textarea
    assert "id_q_error" in textarea
    assert 'id="id_q_error"' in page
    assert "Paste what was said, with its number, to check it." in page
    assert "rating-label" not in page


def test_emptying_the_box_while_typing_is_not_an_error(newsroom):
    response = newsroom.post(
        "/check/", {"q": ""}, headers={"HX-Request": "true", "HX-Trigger": "id_q"}
    )
    page = response.content.decode()
    assert "to check it." not in page
    assert "aria-invalid" not in page
    assert 'class="hint"' in page


def test_htmx_brings_the_message_to_the_field_and_takes_it_away(newsroom):
    response = newsroom.post(
        "/check/", {"q": "x" * 10_001}, headers={"HX-Request": "true", "HX-Trigger": "checker"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="result"')
    oob = page[page.index('id="quote-field"') - 30 :]
    assert 'hx-swap-oob="true"' in oob
    assert 'aria-invalid="true"' in _field(oob, "id_q")
    assert "a check reads at most 10,000" in oob
    assert 'name="q_error_shown"' in oob

    fixed = newsroom.post(
        "/check/",
        {"q": QUOTE, "q_error_shown": "1"},
        headers={"HX-Request": "true", "HX-Trigger": "id_q"},
    ).content.decode()
    assert 'hx-swap-oob="true"' in fixed
    assert "aria-invalid" not in _field(fixed, "id_q")
    assert "q_error_shown" not in fixed

    quiet = newsroom.post(
        "/check/", {"q": QUOTE}, headers={"HX-Request": "true", "HX-Trigger": "id_q"}
    ).content.decode()
    assert 'id="quote-field"' not in quiet


def test_a_short_quote_sent_by_post_lands_on_its_shareable_address(newsroom):
    response = newsroom.post("/check/", {"q": QUOTE, "said_on": "2024-06-02"})
    assert response.status_code == 303
    assert response["Location"].startswith("/check/?q=The+Biden+administration")
    assert "said_on=2024-06-02" in response["Location"]

    htmx = newsroom.post("/check/", {"q": QUOTE}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200
    assert htmx["HX-Push-Url"].startswith("/check/?q=The+Biden")


def test_a_long_quote_is_checked_by_post_without_a_link(newsroom):
    long_quote = QUOTE + " And more words about it." * 150
    assert len(long_quote) > 2_000
    response = newsroom.post("/check/", {"q": long_quote, "said_on": "2024-06-02"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "rating-label" in page
    assert "too long for a link" in page

    htmx = newsroom.post("/check/", {"q": long_quote}, headers={"HX-Request": "true"})
    assert htmx["HX-Push-Url"] == "/check/"


def test_the_check_form_posts_with_a_csrf_token(newsroom):
    page = newsroom.get("/check/").content.decode()
    form = page[page.index('<form class="checker"') :]
    form = form[: form.index(">") + 1]
    assert 'method="post"' in form
    assert 'hx-post="/check/"' in form
    assert "csrfmiddlewaretoken" in page


def test_the_check_refuses_a_post_without_csrf(journalist, reference_data):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(journalist)
    assert client.post("/check/", {"q": QUOTE}).status_code == 403


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("researcher", 403), ("journalist", 200), ("editor", 200)],
)
def test_the_document_picker_is_for_the_newsroom(client, people, persona, expected):
    from tests.personas import as_persona, outcome

    response = as_persona(client, people, persona).get("/claims/new/documents/", {"x": "1"})
    assert outcome(response) == expected


def test_the_picker_finds_a_bounded_few_and_keeps_the_chosen(client, journalist):
    from tests.factories import make_document

    chosen = make_document(title="Inspector general audit of releases")
    for n in range(40):
        make_document(title=f"Quarterly bulletin {n}")
    client.force_login(journalist)
    response = client.get(
        "/claims/new/documents/",
        {"save-document_search": "bulletin", "save-cited_documents": [chosen.slug]},
    )
    page = response.content.decode()
    assert page.count('name="save-cited_documents"') == 13  # 1 chosen + 12 found
    assert f'value="{chosen.slug}" checked' in page
    assert "More documents match" in page


def test_searching_documents_without_javascript_saves_nothing(newsroom):
    from tests.factories import make_document

    document = make_document(title="Inspector general audit of releases")
    response = newsroom.post(
        "/claims/new/",
        {"save-text": QUOTE, "save-find": "1", "save-document_search": "inspector general"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Claim.objects.exists()
    assert f'value="{document.slug}"' in page
    assert "Nothing is saved yet" in page

    saved = newsroom.post(
        "/claims/new/", {"save-text": QUOTE, "save-cited_documents": [document.slug]}
    )
    assert saved.status_code == 302
    assert list(Claim.objects.get().cited_documents.all()) == [document]


def _saved_on_the_same_quote(journalist, **ruling_fields):
    claim = Claim.create_checked(author=journalist, text=QUOTE, said_on=None)
    claim.status = Claim.Status.PUBLISHED
    claim.save()
    if ruling_fields:
        type(claim.ruling).objects.filter(pk=claim.ruling.pk).update(**ruling_fields)
    return claim


def _differs(page: str) -> str:
    start = page.index('class="checked-differs"')
    return page[start : page.index("</div>", start)]


def test_checked_before_says_when_the_same_quote_gets_another_rating_and_why(newsroom, journalist):
    _saved_on_the_same_quote(journalist, proposed_rating="false", engine_version="1.4")
    page = newsroom.get("/check/", {"q": QUOTE}).content.decode()
    box = _differs(page)
    assert "The ruling&#x27;s proposal was False; checked now, the same quote gets" in box
    assert "proposed by engine 1.4; this check ran engine" in box


def test_checked_before_names_a_figure_superseded_since_the_ruling(newsroom, journalist):
    from datasets.models import Figure
    from tests.factories import make_figure, relate

    claim = _saved_on_the_same_quote(journalist)
    traced = claim.ruling.figures.first()
    newer = make_figure(slug="later-snapshot", document=traced.document)
    relate(newer, "supersedes", traced)
    type(claim.ruling).objects.filter(pk=claim.ruling.pk).update(proposed_rating="false")
    assert Figure.objects.filter(slug="later-snapshot").exists()
    box = _differs(newsroom.get("/check/", {"q": QUOTE}).content.decode())
    assert f"The ruling traced to {traced.slug}, since superseded by later-snapshot." in box


def test_checked_before_names_a_different_trace_and_date(newsroom, journalist):
    from claims.models import TracedFigure
    from tests.factories import make_figure

    claim = _saved_on_the_same_quote(journalist)
    claim.ruling.traces.all().delete()
    TracedFigure.objects.create(ruling=claim.ruling, figure=make_figure(slug="other-count"))
    page = newsroom.get("/check/", {"q": QUOTE, "said_on": "2024-06-02"}).content.decode()
    box = _differs(page)
    assert "A different trace: the ruling traced to other-count; this check traces to" in box
    assert "The saved claim has no date said; this check reads it as said on 2 June 2024" in box


def test_checked_before_says_nothing_when_the_check_agrees(newsroom, journalist):
    _saved_on_the_same_quote(journalist)
    page = newsroom.get("/check/", {"q": QUOTE}).content.decode()
    assert "Checked before" in page
    assert "checked-differs" not in page


def test_changing_the_date_before_the_quote_is_not_an_error(newsroom):
    response = newsroom.post(
        "/check/",
        {"q": "", "said_on": "2024-06-02"},
        headers={"HX-Request": "true", "HX-Trigger": "checker-extra"},
    )
    page = response.content.decode()
    assert "to check it." not in page
    assert 'id="quote-field"' not in page


def test_checked_before_reads_figures_and_documents_only_for_a_claim_on_the_same_quote(
    journalist, reference_data, django_assert_num_queries
):
    from accounts.roles import role_names
    from claims.checking import check_claim
    from claims.engine import ClaimInput
    from claims.views import _checked_before

    checked = ClaimInput(text=QUOTE)
    verdict = check_claim(checked)
    Claim.create_checked(author=journalist, text=f"Again: {QUOTE}", said_on=None)
    role_names(journalist)  # read once per request, before
    with django_assert_num_queries(1):
        found = _checked_before(journalist, checked, verdict)
    assert [entry["claim"].text for entry in found] == [f"Again: {QUOTE}"]
    Claim.create_checked(author=journalist, text=QUOTE, said_on=None)
    with django_assert_num_queries(3):
        found = _checked_before(journalist, checked, verdict)
    assert {entry["claim"].text for entry in found} == {QUOTE, f"Again: {QUOTE}"}


def _checked_before_section(page: str) -> str:
    if "<h2>Checked before</h2>" not in page:
        return ""
    return page[page.index("<h2>Checked before</h2>") :]


def test_checked_before_finds_the_same_quote_whatever_its_case_spacing_and_quote_marks(
    newsroom, journalist, other_journalist, editor
):
    from tests.factories import make_claim

    quote = "They say “300 children” were   LOST at the border."
    same = make_claim(author=journalist, text=quote, said_on=None)
    published = make_claim(author=editor, status="published", text=quote.upper(), said_on=None)
    others_draft = make_claim(author=other_journalist, text=quote, said_on=None)
    other_quote = make_claim(author=journalist, text="They say 300 children were found.")
    section = _checked_before_section(
        newsroom.get(
            "/check/", {"q": 'They say "300 children" were lost at the border.'}
        ).content.decode()
    )
    assert same.get_absolute_url() in section
    assert published.get_absolute_url() in section
    assert others_draft.get_absolute_url() not in section, "another journalist's draft"
    assert other_quote.get_absolute_url() not in section


def test_checked_before_looks_claims_up_by_fingerprint_and_trace_in_fixed_queries(
    journalist, editor
):
    import dataclasses

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.checking import check_claim
    from claims.engine import ClaimInput
    from claims.views import _checked_before
    from tests.factories import make_claim, make_figure

    figure = make_figure()
    for n in range(8):
        make_claim(author=editor, status="published", figures=[figure], text=f"Other quote {n}.")
    make_claim(author=journalist, text=QUOTE)
    checked = ClaimInput(text=QUOTE)
    verdict = check_claim(checked)
    verdict = dataclasses.replace(verdict, figures=(figure.slug,))
    _checked_before(journalist, checked, verdict)  # the user's roles, read once
    with CaptureQueriesContext(connection) as captured:
        entries = _checked_before(journalist, checked, verdict)
    assert len(entries) == 5
    assert [e["claim"].said_on for e in entries] == sorted(
        (e["claim"].said_on for e in entries), reverse=True
    )
    # The claims, their traced figures, their cited documents.
    assert len(captured) == 3
    first = captured[0]["sql"]
    assert "text_fingerprint" in first
    assert "UPPER(" not in first, "no comparison of every claim's text"

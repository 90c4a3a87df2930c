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
        {"text": QUOTE, "claimant": "A host", "said_on": "2024-06-02", "attributed_to": "Biden"},
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    assert claim.status == Claim.Status.DRAFT
    assert claim.author == journalist
    assert claim.ruling.proposed_rating == "mostly-false"


def test_a_bad_save_changes_nothing_and_says_why(newsroom):
    response = newsroom.post("/claims/new/", {"text": "", "said_on": "not a date"})
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
    assert "at most 10000 characters" in response.content.decode()


def test_an_empty_check_shows_the_form_and_a_hint(newsroom):
    page = newsroom.get("/check/").content.decode()
    assert "Paste a quote or a number" in page
    assert "rating-label" not in page

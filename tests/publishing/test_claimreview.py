"""Every published ruling page carries one schema.org ClaimReview, and only published ones do."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.conf import settings

from publishing.claimreview import claim_review
from tests.factories import make_claim, make_document

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld_blocks(html: str) -> list[dict]:
    """Each JSON-LD block of a page, read the way a browser delimits it: up to the first
    `</script>`. A quote that broke out of the string would make the JSON invalid here."""
    return [json.loads(block) for block in LD_JSON.findall(html)]


def page(client, claim) -> str:
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def published(journalist, publish):
    claim = make_claim(
        author=journalist,
        text="She lost more than 325,000 migrant children.",
        claimant="Donald Trump",
        said_on=date(2024, 9, 23),
        venue="Rally in Indiana, Pennsylvania",
        venue_url="https://example.org/rally-video",
    )
    return publish(claim)


def test_a_published_ruling_carries_one_claimreview_with_every_required_field(client, published):
    (review,) = json_ld_blocks(page(client, published))

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "She lost more than 325,000 migrant children."
    assert review["url"] == f"{settings.SITE_URL}/claims/{published.pk}/"
    assert review["headline"] == published.ruling.headline
    assert review["datePublished"] == published.ruling.published_at.date().isoformat()
    assert review["author"] == {
        "@type": "Organization",
        "name": settings.OUTLET_NAME,
        "url": settings.SITE_URL,
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Donald Trump"}
    assert item["datePublished"] == "2024-09-23"
    assert item["appearance"]["url"] == "https://example.org/rally-video"
    assert item["appearance"]["name"] == "Rally in Indiana, Pennsylvania"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }


@pytest.mark.parametrize(
    ("rating", "value", "label"),
    [
        ("true", 5, "True"),
        ("mostly-true", 4, "Mostly true"),
        ("half-true", 3, "Half true"),
        ("mostly-false", 2, "Mostly false"),
        ("false", 1, "False"),
    ],
)
def test_the_rating_value_follows_the_canonical_scale(journalist, publish, rating, value, label):
    claim = make_claim(author=journalist)
    claim.ruling.proposed_rating = rating
    claim.ruling.save()
    review = claim_review(publish(claim))
    assert review["reviewRating"]["ratingValue"] == value
    assert review["reviewRating"]["alternateName"] == label


def test_an_unverifiable_ruling_carries_no_rating_value(journalist, publish):
    claim = make_claim(author=journalist)
    claim.ruling.proposed_rating = "unverifiable"
    claim.ruling.save()
    rating = claim_review(publish(claim))["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_the_review_rates_the_editors_ruling_not_the_proposal(journalist, publish):
    claim = make_claim(author=journalist)
    claim.ruling.rating = "half-true"
    claim.ruling.override_reason = "The figure is contested."
    claim.ruling.save()
    rating = claim_review(publish(claim))["reviewRating"]
    assert (rating["ratingValue"], rating["alternateName"]) == (3, "Half true")


def test_a_quote_containing_a_closing_script_tag_stays_inside_the_string(
    journalist, publish, client
):
    hostile = 'They lost 325,000 kids </script><script>alert("x")</script> <!-- & more'
    claim = publish(make_claim(author=journalist, text=hostile, claimant="</script>"))
    html = page(client, claim)

    (review,) = json_ld_blocks(html)
    assert review["claimReviewed"] == hostile
    assert review["itemReviewed"]["author"]["name"] == "</script>"
    assert '<script>alert("x")</script>' not in html
    block = LD_JSON.search(html).group(1)
    assert "<" not in block
    assert ">" not in block
    assert "&" not in block


@pytest.mark.parametrize("status", ["draft", "review"])
def test_an_unpublished_ruling_carries_no_claimreview_even_for_an_editor(
    client, journalist, editor, status
):
    claim = make_claim(author=journalist, status=status)
    client.force_login(editor)
    assert json_ld_blocks(page(client, claim)) == []


def test_the_claimreview_url_returns_the_same_object(client, published):
    embedded = json_ld_blocks(page(client, published))[0]
    response = client.get(f"/claims/{published.pk}/claimreview.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert json.loads(response.content) == embedded


@pytest.mark.parametrize("status", ["draft", "review"])
def test_the_claimreview_url_of_an_unpublished_claim_is_not_found(
    client, journalist, editor, status
):
    claim = make_claim(author=journalist, status=status)
    client.force_login(editor)
    assert client.get(f"/claims/{claim.pk}/claimreview.json").status_code == 404
    assert client.get("/claims/999999/claimreview.json").status_code == 404


def test_a_correction_sets_the_date_modified(published, editor):
    ruling = published.ruling
    assert "dateModified" not in claim_review(published)
    ruling.correct(
        by=editor, expected_version=ruling.version, note="A typo.", summary="Fixed summary."
    )
    published.refresh_from_db()
    review = claim_review(published)
    assert review["dateModified"] == ruling.corrections.get().corrected_at.date().isoformat()


@pytest.mark.parametrize(
    ("claimant", "kind"),
    [
        ("Donald Trump", "Person"),
        ("Rachel Campos-Duffy", "Person"),
        ("Biden administration", "Organization"),
        ("DHS", "Organization"),
        ("social media posts", "Organization"),
    ],
)
def test_the_claimant_is_a_person_unless_the_name_says_organization(
    journalist, publish, claimant, kind
):
    make_document(agency="DHS Office of Inspector General")
    claim = publish(make_claim(author=journalist, claimant=claimant))
    assert claim_review(claim)["itemReviewed"]["author"] == {"@type": kind, "name": claimant}


def test_an_agency_is_an_organization_once_the_registry_holds_its_documents(journalist, publish):
    claim = publish(make_claim(author=journalist, claimant="FEMA"))
    assert claim_review(claim)["itemReviewed"]["author"]["@type"] == "Person"
    make_document(agency="FEMA (as reported)")
    assert claim_review(claim)["itemReviewed"]["author"]["@type"] == "Organization"


def test_a_claim_without_venue_or_claimant_leaves_those_fields_out(journalist, publish):
    claim = publish(make_claim(author=journalist, claimant="", said_on=None))
    item = claim_review(claim)["itemReviewed"]
    assert item == {"@type": "Claim"}

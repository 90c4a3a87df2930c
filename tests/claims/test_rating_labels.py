"""An outlet may show its own rating labels; exports keep the canonical scale."""

from __future__ import annotations

import json
import re

import pytest
from django.core.checks import Error

from claims.checks import check_rating_labels
from claims.models import Claim
from tests.factories import make_claim

pytestmark = pytest.mark.django_db

OUTLET_LABEL = "Pants on Fire"


def _texts(pattern: str, html: str) -> list[str]:
    """The visible text of each element the pattern's group captures, tags dropped."""
    return [" ".join(re.sub(r"<[^>]+>", "", m).split()) for m in re.findall(pattern, html, re.S)]


@pytest.fixture
def published(settings, journalist, client):
    settings.RATING_LABELS = {"false": OUTLET_LABEL}
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    claim.ruling.published_at = claim.created_at
    claim.ruling.save()
    return claim


def test_home_and_claims_list_show_the_outlets_label_on_each_ruling(client, published):
    for url in ["/", "/claims/"]:
        page = client.get(url).content.decode()
        badges = _texts(r'<span class="rating-badge rating-false">(.*?</span>.*?)</span>', page)
        assert badges == [f"Rating: {OUTLET_LABEL}"]


def test_rating_selects_offer_the_outlets_labels(client, published, editor):
    page = client.get("/claims/").content.decode()
    assert f'<option value="false">{OUTLET_LABEL}</option>' in page
    review = make_claim(author=editor, status=Claim.Status.IN_REVIEW)
    client.force_login(editor)
    page = client.get(f"/claims/{review.pk}/edit/").content.decode()
    assert f'<option value="false">{OUTLET_LABEL}</option>' in page
    assert '<option value="false">False</option>' not in page


def test_the_claim_page_shows_the_outlets_label_as_its_rating_and_on_the_scale(client, published):
    page = client.get(published.get_absolute_url()).content.decode()
    assert _texts(r'<p class="rating-label">(.*?)</p>', page) == [f"Rating: {OUTLET_LABEL}"]
    current = _texts(r'<li aria-current="true" class="current">(.*?)</li>', page)
    assert current == [f"▼{OUTLET_LABEL} (this rating, step 5 of 5)"]


def test_the_feed_titles_each_ruling_with_the_outlets_label(client, published):
    feed = client.get("/feeds/rulings/").content.decode()
    titles = _texts(r"<entry><title>(.*?)</title>", feed)
    assert [title.split(":")[0] for title in titles] == [OUTLET_LABEL]


def test_the_pdf_brief_shows_the_outlets_label(published):
    from briefs import pdf

    html = pdf.claim_html(published)
    assert _texts(r'<span class="rating-label">(.*?)</span>', html) == [OUTLET_LABEL]


def test_claimreview_names_the_outlets_label_and_keeps_the_canonical_value(client, published):
    review = json.loads(client.get(f"/claims/{published.pk}/claimreview.json").content)
    assert review["reviewRating"]["alternateName"] == OUTLET_LABEL
    assert review["reviewRating"]["ratingValue"] == 1


def test_a_malformed_label_setting_stops_start_up_with_a_clear_message(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from factcheck.settings import env_rating_labels

    monkeypatch.setenv("RATING_LABELS", "almost-true=Close enough")
    with pytest.raises(ImproperlyConfigured, match="rating=Label"):
        env_rating_labels("RATING_LABELS")
    monkeypatch.setenv("RATING_LABELS", "mostly-false=Misleading; false=False")
    assert env_rating_labels("RATING_LABELS") == {"mostly-false": "Misleading", "false": "False"}


def test_the_system_check_refuses_a_label_for_a_rating_not_on_the_scale(settings):
    settings.RATING_LABELS = {"false": "Wrong", "pants-on-fire": "Liar"}
    (error,) = check_rating_labels()
    assert isinstance(error, Error)
    assert "'pants-on-fire'" in error.msg
    settings.RATING_LABELS = {"false": "Wrong"}
    assert check_rating_labels() == []

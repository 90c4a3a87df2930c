"""An outlet may show its own rating labels; exports keep the canonical scale."""

from __future__ import annotations

import json

import pytest

from claims.models import Claim
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


def test_pages_show_the_outlets_labels_and_claimreview_keeps_the_canonical_value(
    client, settings, journalist
):
    settings.RATING_LABELS = {"false": "Pants on Fire"}
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Pants on Fire" in page
    review = json.loads(client.get(f"/claims/{claim.pk}/claimreview.json").content)
    assert review["reviewRating"]["alternateName"] == "Pants on Fire"
    assert review["reviewRating"]["ratingValue"] == 1


def test_a_malformed_label_setting_stops_start_up_with_a_clear_message(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from factcheck.settings import env_rating_labels

    monkeypatch.setenv("RATING_LABELS", "almost-true=Close enough")
    with pytest.raises(ImproperlyConfigured, match="rating=Label"):
        env_rating_labels("RATING_LABELS")
    monkeypatch.setenv("RATING_LABELS", "mostly-false=Misleading; false=False")
    assert env_rating_labels("RATING_LABELS") == {"mostly-false": "Misleading", "false": "False"}

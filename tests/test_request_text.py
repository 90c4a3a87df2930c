"""Text that would break a query never reaches one: NUL characters are dropped from every query
string (PostgreSQL refuses text that holds one; nobody types it), so searches and filters, ours
and the admin site's, run on the rest; forms refuse them in their fields."""

from __future__ import annotations

import pytest

from publishing.models import Suggestion
from tests.factories import make_document

pytestmark = pytest.mark.django_db

PAGES = [
    "/sources/?q=Insp%00ector",
    "/sources/?agency=DHS%00",
    "/sources/?q=%00&agency=%00&kind=%00&year=%00&page=%00",
    "/claims/?q=a%00b&claimant=%00&document=%00&said_from=%00",
    "/check/?q=They+lost+5%00+children.",
    "/figures.csv?x%00=1",
    "/admin/datasets/figure/?q=a%00b",
    "/admin/datasets/document/?agency=a%00b",
    "/admin/datasets/document/?q=%00&kind__exact=%00",
    "/admin/autocomplete/?term=a%00b&app_label=datasets&model_name=figurerelation"
    "&field_name=target",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_nul_character_in_a_search_or_filter_is_dropped_not_an_error(client, admin_user, url):
    make_document(agency="DHS", title="Inspector's audit")
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_the_search_runs_on_what_is_left(client):
    make_document(agency="DHS", title="Inspector's audit")
    response = client.get("/sources/?q=Insp%00ector")
    assert b"Inspector&#x27;s audit" in response.content


def test_a_nul_character_in_a_form_field_is_refused_and_changes_nothing(client):
    response = client.post("/suggest/", {"text": "They lost 5 children.", "claimant": "A\x00B"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/figures?category=a%00b",
        "/api/claims?claimant=a%00b",
        "/api/documents/a%00b",
        "/api/check?q=They+lost+5%00+children.",
    ],
)
def test_the_api_handles_a_nul_character_itself_without_a_server_error(client, url):
    # Its filters refuse it (4xx); the check drops control characters from the quote.
    assert client.get(url).status_code < 500

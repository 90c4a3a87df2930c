"""What every response carries and every public address answers: HEAD wherever GET is answered,
and a Permissions-Policy that turns off the browser features no page uses."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import make_claim, make_figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(editor, journalist):
    cache.clear()
    figure = make_figure()
    claim = make_claim(author=journalist, status="review", figures=[figure])
    ruling = claim.ruling
    ruling.publish(by=editor, expected_version=ruling.version)
    return {"figure": figure, "document": figure.document, "claim": claim}


def sample_urls(site) -> list[str]:
    figure, document, claim = site["figure"], site["document"], site["claim"]
    return [
        "/",
        "/healthz/",
        "/sources/",
        f"/sources/{document.slug}/",
        f"/figures/{figure.slug}/",
        "/categories/",
        "/figures.csv",
        "/claims/",
        f"/claims/{claim.pk}/",
        f"/claims/{claim.pk}/claimreview.json",
        "/corrections/",
        "/feeds/rulings/",
        "/about/",
        "/suggest/",
        "/accounts/login/",
        "/admin/login/",
        "/api/documents",
        f"/api/figures/{figure.slug}",
        f"/api/claims/{claim.pk}",
        "/api/openapi.json",
        "/api/check?q=They+lost+5+children.",
    ]


def test_head_is_answered_wherever_get_is(client, site):
    for url in sample_urls(site):
        get = client.get(url)
        head = client.head(url)
        assert get.status_code == 200, url
        assert head.status_code == 200, url
        assert head["Content-Type"] == get["Content-Type"], url
        body = b"".join(head.streaming_content) if head.streaming else head.content
        assert body == b"", url  # the streamed CSV too


def test_head_is_answered_for_the_newsrooms_pages_too(client, editor, site):
    client.force_login(editor)
    for url in ["/check/?q=They+lost+5+children.", "/inbox/", f"/claims/{site['claim'].pk}/"]:
        assert client.get(url).status_code == 200, url
        assert client.head(url).status_code == 200, url


def test_a_head_request_changes_nothing_and_is_still_refused_where_get_is(client, site):
    assert client.head("/inbox/").status_code == 302  # to the login, as a GET is
    assert client.head("/api/figures/no-such-figure").status_code == 404


def test_every_response_sends_a_permissions_policy(client, site):
    for url in ["/", "/healthz/", "/api/documents", "/admin/login/", "/no-such-page/"]:
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy
        assert "geolocation=()" in policy
        assert "microphone=()" in policy

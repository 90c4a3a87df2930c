"""Refusals read as the site's own pages: a stale form (CSRF), a role's 403, and a login met
inside a region that htmx updates."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import Claim

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/check/?q=Some+quote"}
SAVE = {"save-text": "They lost 325,000 children.", "save-claimant": "A senator"}


@pytest.fixture
def strict(journalist):
    """A journalist's browser whose page holds a token that no longer matches its cookie: the
    page was opened before a log-in elsewhere rotated the token."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(journalist)
    browser.get("/check/")  # sets the CSRF cookie
    return browser


def test_a_stale_form_gets_the_sites_own_page_and_nothing_is_saved(strict):
    response = strict.post("/claims/new/", SAVE | {"csrfmiddlewaretoken": "x" * 64})
    page = response.content.decode()
    assert response.status_code == 403
    assert Claim.objects.count() == 0
    assert "<h1>This form could not be sent</h1>" in page
    assert "Nothing was saved or changed." in page
    assert "opened before you last logged in or out" in page
    assert 'class="site-header"' in page, "the page has the site's header and navigation"
    assert "Log out journalist" in page
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_form_sent_without_the_cookie_says_so(journalist):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(journalist)
    response = browser.post("/claims/new/", SAVE)
    assert response.status_code == 403
    assert "did not send this site's cookie" in response.content.decode()
    assert Claim.objects.count() == 0


def test_a_form_from_another_site_over_https_says_where_it_came_from(strict):
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        "/claims/new/",
        SAVE | {"csrfmiddlewaretoken": token},
        secure=True,
        headers={"Referer": "https://elsewhere.example/form"},
    )
    assert response.status_code == 403
    assert "came from one of this site's own pages" in response.content.decode()
    assert Claim.objects.count() == 0


def test_a_stale_htmx_request_gets_the_refusal_inside_its_region(strict):
    response = strict.post("/check/", {"q": "They lost 325,000 children."}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 403
    assert response["HX-Reswap"] == "innerHTML", "the region keeps its id"
    assert response["HX-Push-Url"] == "false"
    assert page.lstrip().startswith('<div class="refusal" role="alert">')
    assert "<html" not in page
    assert "<h1" not in page
    assert "<h2>This form could not be sent</h2>" in page
    assert '<a href="/check/?q=Some+quote">Reload this page</a>' in page


def test_the_reload_link_is_never_another_sites(strict):
    for current in ("http://elsewhere.example/check/", "http://testserver//elsewhere.example/x"):
        response = strict.post("/check/", {"q": "x 3"}, headers=HTMX | {"HX-Current-URL": current})
        assert '<a href="/">Reload this page</a>' in response.content.decode()


def test_a_role_refusal_for_htmx_is_a_fragment_and_a_page_otherwise(client, researcher):
    client.force_login(researcher)
    page = client.get("/check/?q=They+lost+325%2C000+children.")
    assert page.status_code == 403
    assert "<h1>This page is not for your role</h1>" in page.content.decode()
    assert "for journalists and editors" in page.content.decode()
    region = client.get("/check/?q=They+lost+325%2C000+children.", headers=HTMX)
    assert region.status_code == 403
    assert region["HX-Reswap"] == "innerHTML"
    assert "<h2>This page is not for your role</h2>" in region.content.decode()
    assert "<html" not in region.content.decode()


def test_a_login_met_by_htmx_sends_the_whole_page_to_the_login_form(client):
    response = client.get("/claims/new/documents/?save-document_search=audit", headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/check/%3Fq%3DSome%2Bquote"
    assert response.content == b""


def test_a_login_met_without_htmx_is_the_usual_redirect(client):
    response = client.get("/claims/new/documents/?save-document_search=audit")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/claims/new/documents/")
    assert "HX-Redirect" not in response


def test_other_htmx_redirects_are_left_to_htmx(rf):
    from django.http import HttpResponseRedirect
    from django_htmx.middleware import HtmxMiddleware

    from accounts.middleware import HtmxLoginRedirectMiddleware

    elsewhere = HttpResponseRedirect("/claims/7/")
    chain = HtmxMiddleware(HtmxLoginRedirectMiddleware(lambda request: elsewhere))
    response = chain(rf.get("/claims/7/submit/", headers=HTMX))
    assert response is elsewhere
    assert "HX-Redirect" not in response

"""The journalist's and editor's day in a real browser against the live server."""

from __future__ import annotations

import re

import pytest

from claims.models import Claim
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)

QUOTE = "The Biden administration has lost 80,000 migrant children."


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_paste_check_save_submit_and_publish(browser, live_server, reference_data):
    make_user("jo", "journalist")
    make_user("ed", "editor")
    page = browser.new_page()
    log_in(page, live_server, "jo")

    page.evaluate("window.__samePage = true")
    page.fill("#id_said_on", "2024-06-02")
    page.fill("#id_q", QUOTE)
    page.wait_for_selector("#result a[href='/figures/nyt23_unreachable_85000/']")
    assert page.evaluate("window.__samePage === true"), (
        "the result must arrive without a page load"
    )
    assert "nyt23_unreachable_85000" in page.inner_html("#result")
    assert "category_mismatch" in page.inner_text("#result")

    page.click(".save-claim button:has-text('Save as draft claim')")
    page.wait_for_selector(".claim-quote")
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.DRAFT
    page.click("text=Submit for review")
    page.wait_for_selector("text=Submitted for review.")

    page.click("text=Log out")
    log_in(page, live_server, "ed")
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    page.click("button:has-text('Publish')")
    page.wait_for_selector("text=Write a headline before publishing.")
    page.goto(f"{live_server.url}/claims/{claim.pk}/edit/")
    assert "80,000" in page.input_value("#id_in_short"), "the engine drafts the in-short"
    page.fill("#id_headline", "The 80,000 are children who did not answer a phone call")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("text=Ruling saved.")
    page.click("button:has-text('Publish')")
    page.wait_for_selector("text=What readers will see")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW, "nothing is published before confirming"
    page.click("button:has-text('Publish the ruling')")
    page.wait_for_selector("text=Published.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    page.close()


def test_the_quick_check_works_without_javascript(browser, live_server, reference_data):
    make_user("jo", "journalist")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "jo")
    page.fill("#id_said_on", "2024-06-02")
    page.fill("#id_q", QUOTE)
    page.click(".checker button[type=submit]")
    page.wait_for_url("**/check/?q=*")
    assert "nyt23_unreachable_85000" in page.content()
    assert page.inner_text(".rating-label").strip()
    context.close()


def test_a_stale_page_and_an_ended_session_are_told_in_the_page(browser, live_server):
    make_user("jo", "journalist")
    page = browser.new_page()
    log_in(page, live_server, "jo")
    page.goto(f"{live_server.url}/check/")
    page.evaluate("window.__samePage = true")

    # A log-in in another tab changed the token: "Check" says so where the result goes.
    page.context.add_cookies([{"name": "csrftoken", "value": "a" * 32, "url": live_server.url}])
    page.fill("#id_q", QUOTE)
    page.click(".checker button:has-text('Check')")
    page.wait_for_selector("#result .refusal[role=alert]")
    assert "This form could not be sent" in page.inner_text("#result")
    assert page.evaluate("window.__samePage === true")
    assert page.url == f"{live_server.url}/check/"
    page.click("#result a:has-text('Reload this page')")
    page.wait_for_url(f"{live_server.url}/check/")
    page.fill("#id_q", QUOTE)
    page.click(".checker button:has-text('Check')")
    page.wait_for_selector("#result .rating-label")
    shared = page.url
    assert "/check/?q=" in shared

    # The session ends: the next check (here, changing the date) goes to the login form, and
    # back to the check after it.
    page.context.clear_cookies(name="sessionid")
    page.fill("#id_said_on", "2024-06-02")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/check/%3Fq%3D"))
    assert page.locator(".result").count() == 0, "no page inside the page"
    page.fill("#id_username", "jo")
    page.fill("#id_password", "pw-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_url(shared)
    page.wait_for_selector("#result .rating-label")

"""Every login form goes through one throttle: it counts the username as Django's login reads
it, refuses an account only to the addresses that failed on it, and cannot be reset by a forged
X-Forwarded-For."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts import forms as login_forms

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"
RIGHT = "pw-for-tests"


def login(client: Client, username: str, password: str, *, path="/accounts/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_admin_login_is_refused_after_five_failures_even_with_the_right_password(
    client, admin_user
):
    for _ in range(5):
        assert login(client, "admin", WRONG, path="/admin/login/").status_code == 200
    response = login(client, "admin", RIGHT, path="/admin/login/")
    assert "Too many failed attempts" in response.content.decode()
    assert not logged_in(client)


def test_our_login_and_the_admin_login_count_in_one_throttle(client, admin_user):
    for _ in range(3):
        login(client, "admin", WRONG, path="/admin/login/")
    for _ in range(2):
        login(client, "admin", WRONG)
    response = login(client, "admin", RIGHT)
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_admin_logs_in_through_the_throttled_form(client, admin_user):
    response = login(client, "admin", RIGHT, path="/admin/login/")
    assert response.status_code == 302
    assert logged_in(client)


def test_a_refusal_says_how_long_to_wait(client, journalist):
    for _ in range(5):
        login(client, "journalist", WRONG)
    refused = login(client, "journalist", RIGHT)
    assert refused.status_code == 429
    assert 60 <= int(refused["Retry-After"]) <= 15 * 60
    assert "Wait 15 minutes" in refused.content.decode()


def test_the_username_is_counted_as_login_reads_it_full_width_letters_included(client, editor):
    for _ in range(5):
        login(client, "editor", WRONG)
    # Full-width letters: NFKC makes them "editor", the account that is locked.
    response = login(client, "ｅｄｉｔｏｒ", RIGHT)
    assert response.status_code == 429
    assert not logged_in(client)
    response = login(client, " editor ", RIGHT)
    assert response.status_code == 429


def test_full_width_failures_count_against_the_account(client, editor):
    for _ in range(5):
        login(client, "ｅｄｉｔｏｒ", WRONG)
    assert login(client, "editor", RIGHT).status_code == 429


def test_failures_under_invented_usernames_do_not_lock_real_accounts(client, editor):
    for number in range(40):
        assert login(client, f"nobody-{number}", WRONG).status_code == 200
    response = login(client, "editor", RIGHT)
    assert response.status_code == 302
    assert logged_in(client)


def test_an_account_is_refused_only_to_the_address_that_failed_on_it(editor):
    attacker, colleague = Client(), Client()
    for _ in range(6):
        login(attacker, "editor", WRONG, REMOTE_ADDR="203.0.113.66")
    assert login(attacker, "editor", RIGHT, REMOTE_ADDR="203.0.113.66").status_code == 429
    response = login(colleague, "editor", RIGHT, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302


def test_a_successful_login_clears_the_count(client, editor):
    for _ in range(4):
        login(client, "editor", WRONG)
    assert login(client, "editor", RIGHT).status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "editor", WRONG).status_code == 200
    assert login(client, "editor", RIGHT).status_code == 302


def test_failures_on_real_accounts_across_the_site_slow_every_login_down(
    monkeypatch, journalist, editor
):
    monkeypatch.setattr(login_forms, "MAX_SITE_FAILURES_PER_MINUTE", 3)
    for number in range(3):
        login(Client(), "journalist", WRONG, REMOTE_ADDR=f"203.0.113.{number + 1}")
    response = login(Client(), "editor", RIGHT, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many failed logins on this site" in response.content.decode()


def test_invented_usernames_never_reach_the_sites_ceiling(monkeypatch, editor):
    monkeypatch.setattr(login_forms, "MAX_SITE_FAILURES_PER_MINUTE", 3)
    for number in range(10):
        login(Client(), f"nobody-{number}", WRONG, REMOTE_ADDR=f"203.0.113.{number + 1}")
    assert login(Client(), "editor", RIGHT, REMOTE_ADDR="198.51.100.20").status_code == 302


def test_a_forged_forwarded_header_cannot_reset_the_count(client, settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        # The client writes a new address each time; the proxy appends the one it saw.
        forged = f"10.0.{number}.1, 198.51.100.7"
        login(client, "editor", WRONG, HTTP_X_FORWARDED_FOR=forged, REMOTE_ADDR="10.0.0.2")
    response = login(client, "editor", RIGHT, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    assert response.status_code == 429


@pytest.mark.parametrize(
    "username",
    ["İ" * 150, "İ" * 151, "x" * 5000],
    ids=["dotted-capital-i-150", "dotted-capital-i-151", "long"],
)
def test_a_strange_username_is_a_failed_login_not_an_error(client, editor, username):
    response = login(client, username, WRONG)
    assert response.status_code == 200
    assert not logged_in(client)


@pytest.mark.parametrize("username", ["edi\x00tor", "\x00"])
def test_a_username_with_a_nul_character_is_a_form_error_not_a_server_error(
    client, editor, username
):
    response = login(client, username, RIGHT)
    assert response.status_code == 200
    assert "Null characters are not allowed" in str(response.context["form"].errors)
    assert not logged_in(client)


def test_a_long_or_garbled_forwarded_header_is_no_error(client, settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    for header in ["1.2.3.4, " * 1000 + "x" * 400, "\x00", "[::1]:80", "," * 500]:
        response = login(client, "editor", WRONG, HTTP_X_FORWARDED_FOR=header)
        assert response.status_code == 200

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_person_logs_in_and_out(client, journalist):
    response = client.post(
        "/accounts/login/", {"username": "journalist", "password": "pw-for-tests"}
    )
    assert response.status_code == 302
    assert client.get("/check/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/check/").status_code == 302


def test_login_is_refused_after_five_failures_even_with_the_right_password(client, journalist):
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "journalist", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(
        "/accounts/login/", {"username": "journalist", "password": "pw-for-tests"}
    )
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, journalist, editor):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "journalist", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "editor", "password": "pw-for-tests"})
    assert response.status_code == 302


def test_changing_a_password_needs_a_login(client, journalist):
    assert client.get("/accounts/password_change/").status_code == 302
    client.force_login(journalist)
    assert client.get("/accounts/password_change/").status_code == 200


def test_the_login_form_is_protected_against_cross_site_posts(journalist):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/accounts/login/", {"username": "journalist", "password": "pw-for-tests"}
    )
    assert response.status_code == 403

"""The session and the logged-in user, read with plain statements (accounts.sessions,
accounts.backends): the same user, roles and refusals as Django's own store and backend."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.backends import NewsroomBackend, read_user
from accounts.roles import role_names
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_user_without_roles_is_read_with_none():
    user = make_user("no-roles-yet")
    assert role_names(read_user(user.pk)) == frozenset()


def test_a_user_reads_as_the_orm_reads_them():
    user = make_user("reader-of-rows", "journalist", "editor")
    user.first_name, user.last_login = "Ana", timezone.now()
    user.save()
    read = read_user(user.pk)
    expected = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        value, wanted = getattr(read, field.attname), getattr(expected, field.attname)
        assert value == wanted, field.name
        assert type(value) is type(wanted), field.name
    assert read._state.db == "default"
    assert not read._state.adding
    with CaptureQueriesContext(connection) as captured:
        assert role_names(read) == {"journalist", "editor"}
    assert len(captured) == 0  # read with the user


def test_an_unknown_or_malformed_user_id_is_nobody():
    assert read_user(10**9) is None
    assert read_user("not a number") is None
    assert NewsroomBackend().get_user(10**9) is None


def test_an_inactive_user_is_not_logged_in():
    user = make_user("gone-quiet", "journalist")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert NewsroomBackend().get_user(user.pk) is None


def test_a_logged_in_page_reads_session_user_and_roles_in_two_statements(client, journalist):
    client.force_login(journalist)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/about/").status_code == 200
    statements = [query["sql"] for query in captured]
    assert sum("django_session" in sql for sql in statements) == 1
    assert sum('"auth_user"' in sql for sql in statements) == 1
    assert sum('"auth_group"' in sql for sql in statements) == 1  # the same statement


@pytest.mark.parametrize("change", ["expired", "deleted", "user deleted", "password changed"])
def test_a_session_that_no_longer_holds_is_anonymous(client, journalist, change):
    client.force_login(journalist)
    assert "Log out journalist" in client.get("/about/").content.decode()
    key = client.cookies["sessionid"].value
    if change == "expired":
        past = timezone.now() - datetime.timedelta(seconds=1)
        Session.objects.filter(session_key=key).update(expire_date=past)
    elif change == "deleted":
        Session.objects.filter(session_key=key).delete()
    elif change == "user deleted":
        journalist.delete()
    else:
        journalist.set_password("a-new-password-for-tests")
        journalist.save()
    page = client.get("/about/").content.decode()
    assert "Log out" not in page
    assert "Log in" in page
    assert client.get("/check/").status_code == 302  # to the login page


def test_roles_given_or_taken_are_read_on_the_next_request(client, journalist):
    client.force_login(journalist)
    assert client.get("/queue/").status_code == 403
    journalist.groups.add(Group.objects.get_or_create(name="editor")[0])
    assert client.get("/queue/").status_code == 200
    journalist.groups.remove(Group.objects.get_or_create(name="editor")[0])
    assert client.get("/queue/").status_code == 403


def test_logging_in_and_out_work_through_the_login_page(client):
    user = make_user("signs-in", "journalist")
    user.set_password("pw-for-the-login-page")
    user.save()
    response = client.post(
        "/accounts/login/", {"username": "signs-in", "password": "pw-for-the-login-page"}
    )
    assert response.status_code == 302
    assert "Log out signs-in" in client.get("/about/").content.decode()
    client.post("/accounts/logout/")
    assert "Log in" in client.get("/about/").content.decode()

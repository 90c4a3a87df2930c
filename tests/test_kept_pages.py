"""Pages kept rendered until something they show changes (factcheck.kept_pages), and the site's
generation that says when (factcheck.site_generation)."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Correction, Ruling, TracedFigure
from datasets.models import Generation
from datasets.models.generations import SITE
from factcheck import kept_pages
from factcheck.site_generation import (
    CONTENT_APPS,
    ContentQuerySet,
    generations,
)
from tests.factories import make_claim, make_figure

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]{64})"|"X-CSRFToken": "([^"]{64})"')
NONCE = re.compile(r'nonce="([^"]+)"')


def without_secrets(page: str) -> str:
    return NONCE.sub("", TOKEN.sub("", page))


def statements(client, url: str, **headers) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("label", [label for label in CONTENT_APPS if label != "auth"])
def test_every_content_model_of_ours_writes_through_the_content_queryset(label):
    for model in apps.get_app_config(label).get_models():
        assert isinstance(model._default_manager.all(), ContentQuerySet), model


def site() -> str:
    return generations()[0]


def published_site() -> str:
    """The site's token as other connections read it."""
    return Generation.objects.get(name=SITE).token


def test_every_kind_of_write_changes_the_site_generation(journalist, editor):
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    figure = make_figure()
    writes = [
        lambda: Ruling.objects.filter(claim=claim).update(headline="Changed"),
        lambda: Claim.objects.filter(pk=claim.pk).update(claimant="Someone else"),
        lambda: TracedFigure.objects.bulk_create(
            [TracedFigure(ruling=claim.ruling, figure=figure)]
        ),
        lambda: Claim.objects.bulk_update([claim], ["venue"]),
        lambda: Correction.objects.create(ruling=claim.ruling, note="n", editor=editor),
        lambda: Correction.objects.filter(ruling=claim.ruling).delete(),
        lambda: journalist.groups.add(Group.objects.get_or_create(name="researcher")[0]),
        lambda: editor.save(),
    ]
    for write in writes:
        before = site()
        write()
        assert site() != before, write
    before = site()
    Ruling.objects.filter(pk=-1).update(headline="Nothing")  # no row: nothing changed
    assert site() == before


def test_a_kept_page_is_given_with_the_requests_own_token_and_nonce(client, journalist):
    make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    client.force_login(journalist)
    rendered, first = statements(client, "/claims/")
    given, second = statements(client, "/claims/")
    assert given < rendered
    assert given == 3  # the session, the user with their roles, the two generations (one read)
    assert without_secrets(second) == without_secrets(first)
    assert TOKEN.findall(first) != TOKEN.findall(second)  # a token masked afresh
    assert NONCE.findall(first) != NONCE.findall(second)  # a nonce of its own
    nonce = NONCE.findall(second)[0]
    assert NONCE.findall(second) == [nonce] * len(NONCE.findall(second))
    # The token given is one this session may post with.
    token = next(value for pair in TOKEN.findall(second) for value in pair if value)
    client.handler.enforce_csrf_checks = True
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_page_is_never_given_to_someone_else(client, journalist, other_journalist, editor):
    mine = make_claim(author=journalist, text="My own draft said 12,345 children.")
    client.force_login(journalist)
    assert mine.get_absolute_url() in client.get("/claims/").content.decode()
    client.force_login(other_journalist)
    page = client.get("/claims/").content.decode()
    assert mine.get_absolute_url() not in page  # another journalist's draft
    assert "Log out other-journalist" in page
    client.logout()
    page = client.get("/claims/").content.decode()
    assert "Log in" in page
    assert mine.get_absolute_url() not in page
    client.force_login(editor)
    assert mine.get_absolute_url() in client.get("/claims/").content.decode()


def test_roles_are_part_of_what_a_page_is_kept_under(client, journalist):
    client.force_login(journalist)
    assert "Review queue" not in client.get("/claims/").content.decode()
    journalist.groups.add(Group.objects.get_or_create(name="editor")[0])
    assert "Review queue" in client.get("/claims/").content.decode()


def test_a_change_made_anywhere_is_on_the_next_page(client, journalist):
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    url = claim.get_absolute_url()
    client.get(url)
    Ruling.objects.filter(claim=claim).update(headline="A headline written since")
    assert "A headline written since" in client.get(url).content.decode()
    Generation.objects.filter(name=SITE).update(token="0123456789abcdef" * 2)  # another process
    rendered, _ = statements(client, url)
    given, _ = statements(client, url)
    assert given < rendered


def test_the_htmx_region_and_the_full_page_are_kept_apart(client, journalist):
    client.force_login(journalist)
    full = client.get("/check/?q=They+lost+325%2C000+children.").content.decode()
    region = client.get(
        "/check/?q=They+lost+325%2C000+children.", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" in full
    assert "<html" not in region
    again = client.get("/check/?q=They+lost+325%2C000+children.").content.decode()
    assert "<html" in again


def test_a_page_shown_with_a_message_is_not_kept_and_the_message_shows_once(client, journalist):
    client.force_login(journalist)
    client.get("/claims/")  # kept without the message
    response = client.post(
        "/claims/new/",
        {"save-text": "They lost 325,000 children.", "save-claimant": "A senator"},
    )
    assert response.status_code == 302
    message = "Saved as a draft claim with the engine"
    assert message in client.get(response["Location"]).content.decode()
    assert message not in client.get(response["Location"]).content.decode()
    assert message not in client.get("/claims/").content.decode()


def test_what_is_not_a_plain_page_is_not_kept(client, journalist):
    kept_pages.clear()
    client.force_login(journalist)
    assert client.get("/claims/999999/").status_code == 404
    assert client.get("/claims/999999/").status_code == 404
    assert len(kept_pages._pages) == 0
    response = client.post("/check/", {"q": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert len(kept_pages._pages) == 0


@pytest.mark.django_db(transaction=True)
def test_a_transactions_changes_are_its_own_until_it_commits(journalist):
    from django.db import transaction

    shared = published_site()
    with transaction.atomic():
        make_claim(author=journalist)
        inside = generations()[0]
        assert inside != shared  # this connection sees its change at once
        assert published_site() == shared  # nobody else's yet
    published = published_site()
    assert published != shared
    assert generations()[0] == published


@pytest.mark.django_db(transaction=True)
def test_a_change_survives_a_savepoint_rolled_back_before_it(journalist):
    from django.db import transaction

    shared = generations()[0]
    with transaction.atomic():
        try:
            with transaction.atomic():
                make_claim(author=journalist)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        make_claim(author=journalist)
    assert published_site() != shared


def test_both_generations_are_read_in_one_statement_and_made_when_missing():
    from datasets.signals import bump_generation, registry_generation

    with CaptureQueriesContext(connection) as captured:
        site_token, registry_token = generations()
    assert len(captured) == 1
    assert registry_token == registry_generation()
    bump_generation()
    assert generations() == (site_token, registry_generation())
    assert registry_generation() != registry_token
    Generation.objects.all().delete()  # a database emptied (as a test's flush does)
    made = generations()
    assert made == generations()
    assert site_token not in made

"""Who may use each newsroom view: the four personas and anonymous visitors."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests.factories import make_claim
from tests.personas import as_persona, outcome

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "journalist", "other_journalist", "editor", "researcher"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 404),
        ("journalist", 200),
        ("other_journalist", 404),
        ("editor", 200),
        ("researcher", 200),
    ],
)
def test_a_draft_is_seen_by_its_author_editors_and_researchers_only(
    client, people, persona, expected
):
    draft = make_claim(author=people["journalist"])
    response = as_persona(client, people, persona).get(draft.get_absolute_url())
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_published_ruling_is_seen_by_everyone(client, people, persona):
    published = make_claim(author=people["journalist"], status=Claim.Status.PUBLISHED)
    assert as_persona(client, people, persona).get(published.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_claim_list_never_shows_drafts_to_those_who_may_not_read_them(client, people, persona):
    make_claim(author=people["journalist"], text="A secret draft about 12,000 children.")
    make_claim(author=people["journalist"], status=Claim.Status.PUBLISHED, text="A public ruling.")
    page = as_persona(client, people, persona).get("/claims/").content.decode()
    assert "A public ruling." in page
    sees_draft = persona in {"journalist", "editor", "researcher"}
    assert ("A secret draft" in page) is sees_draft


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("journalist", 200),
        ("other_journalist", 404),
        ("editor", 200),
        ("researcher", 403),
    ],
)
def test_editing_a_draft(client, people, persona, expected):
    draft = make_claim(author=people["journalist"])
    response = as_persona(client, people, persona).get(f"/claims/{draft.pk}/edit/")
    assert outcome(response) == expected


def test_a_journalist_cannot_edit_another_journalists_draft_by_changing_the_id(client, people):
    theirs = make_claim(author=people["other_journalist"])
    client.force_login(people["journalist"])
    response = client.post(f"/claims/{theirs.pk}/edit/", {"summary": "Overwritten", "version": 1})
    assert response.status_code == 404
    theirs.ruling.refresh_from_db()
    assert theirs.ruling.summary == ""


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("journalist", 302),
        ("other_journalist", 404),
        ("editor", 302),
        ("researcher", 403),
    ],
)
def test_submitting_a_draft_for_review(client, people, persona, expected):
    draft = make_claim(author=people["journalist"])
    response = as_persona(client, people, persona).post(
        f"/claims/{draft.pk}/submit/", {"version": 1}
    )
    assert outcome(response) == expected
    draft.refresh_from_db()
    assert (draft.status == Claim.Status.IN_REVIEW) is (expected == 302)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("journalist", 403),
        ("other_journalist", 404),
        ("editor", 302),
        ("researcher", 403),
    ],
)
def test_only_editors_publish(client, people, persona, expected):
    reviewed = make_claim(author=people["journalist"], status=Claim.Status.IN_REVIEW)
    response = as_persona(client, people, persona).post(
        f"/claims/{reviewed.pk}/publish/", {"version": 1, "confirm": "yes"}
    )
    assert outcome(response) == expected
    reviewed.refresh_from_db()
    assert (reviewed.status == Claim.Status.PUBLISHED) is (expected == 302)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("journalist", 403),
        ("other_journalist", 403),
        ("editor", 200),
        ("researcher", 403),
    ],
)
def test_only_editors_correct_a_published_ruling(client, people, persona, expected):
    published = make_claim(author=people["journalist"], status=Claim.Status.PUBLISHED)
    response = as_persona(client, people, persona).get(f"/claims/{published.pk}/correct/")
    assert outcome(response) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("journalist", 403),
        ("editor", 302),
        ("researcher", 403),
    ],
)
def test_only_editors_accept_a_revised_proposal(client, people, persona, expected):
    claim = make_claim(author=people["journalist"], status=Claim.Status.IN_REVIEW)
    response = as_persona(client, people, persona).post(
        f"/claims/{claim.pk}/accept-revision/", {"version": 1}
    )
    assert outcome(response) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("journalist", 200),
        ("editor", 200),
        ("researcher", 403),
    ],
)
def test_the_quick_check_is_for_the_newsroom(client, people, persona, expected):
    response = as_persona(client, people, persona).get("/check/", {"q": "325,000 children"})
    assert outcome(response) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("journalist", 302), ("editor", 302), ("researcher", 403)],
)
def test_saving_a_claim_is_for_the_newsroom(client, people, persona, expected):
    response = as_persona(client, people, persona).post(
        "/claims/new/", {"save-text": "They lost 80,000 migrant children."}
    )
    assert outcome(response) == expected
    assert Claim.objects.exists() is (expected == 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_public_pages_are_open_to_everyone(client, people, persona):
    user_client = as_persona(client, people, persona)
    for url in ["/", "/claims/", "/corrections/"]:
        assert user_client.get(url).status_code == 200, url


@pytest.mark.parametrize("url", ["/claims/{pk}/submit/", "/claims/{pk}/publish/", "/claims/new/"])
def test_state_changes_refuse_get(client, people, url):
    claim = make_claim(author=people["journalist"])
    client.force_login(people["editor"])
    assert client.get(url.format(pk=claim.pk)).status_code == 405


def test_an_admin_may_do_everything_an_editor_may(client, people):
    admin = people["admin"]
    client.force_login(admin)
    draft = make_claim(author=people["journalist"])
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(f"/claims/{draft.pk}/edit/").status_code == 200
    assert client.get("/check/").status_code == 200
    assert client.post(f"/claims/{draft.pk}/submit/", {"version": 1}).status_code == 302
    published = client.post(f"/claims/{draft.pk}/publish/", {"version": 2, "confirm": "yes"})
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Claim.Status.PUBLISHED
    assert client.get(f"/claims/{draft.pk}/correct/").status_code == 200
    assert client.get("/admin/claims/claim/").status_code == 200
    assert client.get(f"/admin/claims/claim/{draft.pk}/change/").status_code == 200
    assert client.get("/admin/datasets/figure/").status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "journalist", "editor", "researcher"])
def test_the_admin_site_is_for_admins_only(client, people, persona):
    response = as_persona(client, people, persona).get("/admin/datasets/figure/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_shows_rulings_but_cannot_change_them_around_the_workflow(client, people):
    client.force_login(people["admin"])
    claim = make_claim(author=people["journalist"])
    response = client.post(
        f"/admin/claims/ruling/{claim.ruling.pk}/change/", {"summary": "Rewritten."}
    )
    assert response.status_code == 403
    claim.ruling.refresh_from_db()
    assert claim.ruling.summary == ""

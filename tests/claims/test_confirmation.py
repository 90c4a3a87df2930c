"""Publishing and correcting ask first, and say what readers will see."""

from __future__ import annotations

import pytest

from claims.models import Claim, Correction
from tests.factories import make_claim
from tests.personas import as_persona, outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(journalist):
    claim = make_claim(author=journalist, status=Claim.Status.IN_REVIEW)
    claim.ruling.summary = "The figure counts children with no court date."
    claim.ruling.save()
    return claim


def test_publish_without_confirming_shows_what_readers_will_see_and_changes_nothing(
    client, editor, reviewed, settings
):
    settings.SITE_URL = "https://desk.example.org"
    client.force_login(editor)
    response = client.post(f"/claims/{reviewed.pk}/publish/", {"version": 1})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Publish this ruling?" in page
    assert "What readers will see" in page
    assert "The figure counts children with no court date." in page
    assert f"https://desk.example.org/claims/{reviewed.pk}/" in page
    assert 'name="confirm" value="yes"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    reviewed.refresh_from_db()
    assert reviewed.status == Claim.Status.IN_REVIEW


def test_the_confirmation_publishes(client, editor, reviewed):
    client.force_login(editor)
    response = client.post(f"/claims/{reviewed.pk}/publish/", {"version": 1, "confirm": "yes"})
    assert response.status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.status == Claim.Status.PUBLISHED


def test_the_claim_page_publish_button_asks_first(client, editor, reviewed):
    client.force_login(editor)
    page = client.get(reviewed.get_absolute_url()).content.decode()
    form = page[page.index(f'action="/claims/{reviewed.pk}/publish/"') :]
    form = form[: form.index("</form>")]
    assert 'name="confirm"' not in form
    assert "Publish…" in form


def test_publishing_is_post_only(client, editor, reviewed):
    client.force_login(editor)
    assert client.get(f"/claims/{reviewed.pk}/publish/").status_code == 405


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("journalist", 403),
        ("other_journalist", 404),
        ("researcher", 403),
        ("editor", 200),
    ],
)
def test_only_editors_see_the_publish_confirmation(client, people, persona, expected):
    claim = make_claim(author=people["journalist"], status=Claim.Status.IN_REVIEW)
    response = as_persona(client, people, persona).post(
        f"/claims/{claim.pk}/publish/", {"version": 1}
    )
    assert outcome(response) == expected
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def _correction(**extra):
    return {
        "note": "The figure was for FY2023, not FY2024.",
        "headline": "The count was for another year",
        "in_short": "The figure is from FY2023. The claim says FY2024.",
        "summary": "Corrected ruling text.",
        "rating": "mostly-false",
        "override_reason": "The count is real but describes something else.",
        "version": 1,
    } | extra


def test_a_correction_is_confirmed_before_it_is_published(client, editor, journalist):
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    client.force_login(editor)
    response = client.post(f"/claims/{claim.pk}/correct/", _correction())
    page = response.content.decode()
    assert "Publish this correction?" in page
    assert "The figure was for FY2023, not FY2024." in page
    assert "rating changed from False to Mostly false" in page
    assert "Corrected ruling text." in page
    assert 'type="hidden" name="note"' in page
    assert not Correction.objects.exists()

    revised = client.post(f"/claims/{claim.pk}/correct/", _correction(revise="1"))
    assert "Public correction note" in revised.content.decode()
    assert not Correction.objects.exists()

    done = client.post(f"/claims/{claim.pk}/correct/", _correction(confirm="yes"))
    assert done.status_code == 302
    correction = Correction.objects.get()
    assert correction.new_rating == "mostly-false"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("journalist", 403), ("researcher", 403), ("editor", 302)],
)
def test_only_editors_confirm_a_correction(client, people, persona, expected):
    claim = make_claim(author=people["journalist"], status=Claim.Status.PUBLISHED)
    response = as_persona(client, people, persona).post(
        f"/claims/{claim.pk}/correct/", _correction(confirm="yes")
    )
    assert outcome(response) == expected
    assert Correction.objects.exists() is (expected == 302)


def test_a_bad_correction_is_not_confirmed(client, editor, journalist):
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    client.force_login(editor)
    response = client.post(f"/claims/{claim.pk}/correct/", _correction(note=""))
    page = response.content.decode()
    assert "Publish this correction?" not in page
    assert "This field is required." in page


def test_the_confirmation_shows_the_headline_and_in_short(client, editor, journalist):
    claim = make_claim(
        author=journalist,
        status=Claim.Status.IN_REVIEW,
        headline="The 80,000 did not answer a phone call",
        in_short="The number counts calls that went unanswered. It does not count lost children.",
    )
    client.force_login(editor)
    page = client.post(f"/claims/{claim.pk}/publish/", {"version": 1}).content.decode()
    assert "The 80,000 did not answer a phone call" in page
    assert "The number counts calls that went unanswered." in page
    assert page.index("did not answer a phone call") < page.index("rating-label")


def test_a_ruling_without_a_headline_is_not_offered_for_publication(client, editor, journalist):
    claim = make_claim(author=journalist, status=Claim.Status.IN_REVIEW, headline="")
    client.force_login(editor)
    page = client.post(f"/claims/{claim.pk}/publish/", {"version": 1}).content.decode()
    assert "Not ready to publish" in page
    assert "Write a headline before publishing." in page
    assert 'name="confirm"' not in page
    assert f'href="/claims/{claim.pk}/edit/"' in page

"""Drafts, review, publication, corrections, history, optimistic locking and re-checks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from claims.models import Claim, ConflictError, Correction, WorkflowError
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


def test_a_claim_moves_from_draft_to_review_to_published(journalist, editor):
    claim = make_claim(author=journalist)
    ruling = claim.ruling
    ruling.submit(by=journalist, expected_version=1)
    assert claim.__class__.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW
    ruling.publish(by=editor, expected_version=2)
    claim.refresh_from_db()
    ruling.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert ruling.editor == editor
    assert ruling.published_at is not None


def test_a_draft_cannot_be_published_without_review(journalist, editor):
    claim = make_claim(author=journalist)
    with pytest.raises(WorkflowError):
        claim.ruling.publish(by=editor, expected_version=1)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_every_change_keeps_the_previous_version(journalist, editor):
    claim = make_claim(author=journalist)
    ruling = claim.ruling
    ruling.edit(by=journalist, expected_version=1, summary="First summary.")
    ruling.edit(by=editor, expected_version=2, summary="Second summary.")
    versions = list(ruling.versions.order_by("number"))
    assert [v.summary for v in versions] == ["", "First summary."]
    assert [v.changed_by for v in versions] == [journalist, editor]
    assert ruling.summary == "Second summary."


def test_the_second_of_two_concurrent_saves_is_refused_and_both_texts_survive(editor):
    claim = make_claim(author=editor)
    first_tab = Claim.objects.get(pk=claim.pk).ruling
    second_tab = Claim.objects.get(pk=claim.pk).ruling
    first_tab.edit(by=editor, expected_version=1, summary="Text from the first editor.")
    with pytest.raises(ConflictError) as caught:
        second_tab.edit(by=editor, expected_version=1, summary="Text from the second editor.")
    assert caught.value.current.summary == "Text from the first editor."
    claim.ruling.refresh_from_db()
    assert claim.ruling.summary == "Text from the first editor."


def test_the_conflict_page_shows_the_saved_text_and_keeps_the_refused_one(client, editor):
    claim = make_claim(author=editor)
    client.force_login(editor)
    client.post(f"/claims/{claim.pk}/edit/", {"summary": "Saved by the first.", "version": 1})
    response = client.post(
        f"/claims/{claim.pk}/edit/", {"summary": "Typed by the second.", "version": 1}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this ruling" in page
    assert "Saved by the first." in page
    assert "Typed by the second." in page
    assert 'name="version" value="2"' in page


def test_overriding_the_proposed_rating_needs_a_written_reason(editor):
    ruling = make_claim(author=editor).ruling
    with pytest.raises(ValidationError):
        ruling.edit(by=editor, expected_version=1, summary="", rating="half-true")
    ruling.edit(
        by=editor,
        expected_version=1,
        summary="",
        rating="half-true",
        override_reason="The figure is close and the category is partly right.",
    )
    assert ruling.final_rating == "half-true"
    assert ruling.is_overridden


def test_a_journalist_cannot_override_the_rating_through_the_form(client, journalist):
    claim = make_claim(author=journalist)
    client.force_login(journalist)
    client.post(
        f"/claims/{claim.pk}/edit/",
        {"summary": "Mine.", "rating": "true", "override_reason": "I like it", "version": 1},
    )
    claim.ruling.refresh_from_db()
    assert claim.ruling.summary == "Mine."
    assert claim.ruling.rating == ""


def test_a_published_ruling_changes_only_through_a_dated_correction(journalist, editor):
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    ruling = claim.ruling
    with pytest.raises(WorkflowError):
        ruling.edit(by=editor, expected_version=1, summary="Quietly changed.")
    correction = ruling.correct(
        by=editor,
        expected_version=1,
        note="The period was FY2019 to FY2023, not calendar years.",
        summary="Corrected summary.",
        rating="mostly-false",
        override_reason="A rounding, not an invention.",
    )
    assert correction.previous_rating == "false"
    assert correction.new_rating == "mostly-false"
    assert ruling.summary == "Corrected summary."
    assert ruling.versions.get(number=1).change == "corrected"


def test_corrections_are_shown_on_the_ruling_and_in_the_log(client, journalist, editor):
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    Correction.objects.create(
        ruling=claim.ruling,
        note="We misread the as-of date.",
        editor=editor,
        previous_rating="false",
        new_rating="false",
    )
    assert "We misread the as-of date." in client.get(claim.get_absolute_url()).content.decode()
    assert "We misread the as-of date." in client.get("/corrections/").content.decode()


def test_a_hostile_quote_is_stored_and_shown_escaped(client, journalist):
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> 325,000 \x07" + "a" * 9000
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED, text=hostile)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page
    assert "<img src=x" not in page

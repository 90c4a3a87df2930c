"""A ruling's history reads as what happened, in order, with the rating each version had."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


def _history(page: str) -> list[str]:
    section = page[page.index('id="history-title"') :]
    section = section[: section.index("</ol>")]
    return [item.split("</li>")[0] for item in section.split("<li>")[1:]]


def test_the_history_tells_what_happened_in_order(client, journalist, editor, settings):
    settings.RATING_LABELS = {"mostly-false": "Misleading"}
    claim = make_claim(author=journalist)
    claim.ruling.proposed_rating = "mostly-false"
    claim.ruling.save()
    ruling = claim.ruling
    ruling.submit(by=journalist, expected_version=1)
    ruling.edit(
        by=editor,
        expected_version=2,
        summary="Our ruling.",
        rating="false",
        override_reason="The count describes something else entirely.",
    )
    ruling.publish(by=editor, expected_version=3)
    ruling.correct(
        by=editor,
        expected_version=4,
        note="The audit was from 2024.",
        summary="Our corrected ruling.",
        rating="false",
        override_reason="The count describes something else entirely.",
    )
    client.force_login(editor)
    entries = _history(client.get(claim.get_absolute_url()).content.decode())
    assert len(entries) == 5
    assert (
        "Saved as a draft by journalist with the engine&#x27;s proposal, Misleading" in entries[0]
    )
    assert "Version 1: Misleading." in entries[0]
    assert "Submitted for review by journalist" in entries[1]
    assert (
        "Rating overridden from Misleading to False by editor: "
        "The count describes something else entirely." in entries[2]
    )
    assert "Ruling edited by editor" in entries[2]
    assert "Version 3: False." in entries[2]
    assert "Published by editor" in entries[3]
    assert "Corrected by editor: “The audit was from 2024.”" in entries[4]
    assert "Version 5: False." in entries[4]


def test_a_rating_set_back_to_the_proposal_says_so(client, journalist, editor):
    claim = make_claim(author=journalist, status=Claim.Status.IN_REVIEW)
    ruling = claim.ruling
    ruling.edit(by=editor, expected_version=1, summary="", rating="true", override_reason="Why.")
    ruling.edit(by=editor, expected_version=2, summary="", rating="")
    client.force_login(editor)
    entries = _history(client.get(claim.get_absolute_url()).content.decode())
    assert "Rating overridden from False to True by editor: Why." in entries[1]
    assert "Rating set back to the engine&#x27;s proposal, False, by editor" in entries[2]


def test_readers_do_not_see_the_newsroom_history(client, journalist, editor):
    claim = make_claim(author=journalist, status=Claim.Status.IN_REVIEW)
    claim.ruling.publish(by=editor, expected_version=1)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert 'id="history-title"' not in page

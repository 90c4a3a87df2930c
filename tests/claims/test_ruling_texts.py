"""The headline and "in short" a ruling needs before readers see it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from claims.claimfile import read_claim_file
from claims.demo import DEMO_RULINGS, DEV_CLAIMS, read_demo_rulings
from claims.models import Claim, WorkflowError
from claims.models.ruling import HEADLINE_MAX_LENGTH
from tests.factories import make_category, make_claim, make_document, make_figure

pytestmark = pytest.mark.django_db


def _in_review(author, **fields) -> Claim:
    return make_claim(author=author, status=Claim.Status.IN_REVIEW, **fields)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"headline": ""}, "Write a headline"),
        ({"headline": "   "}, "Write a headline"),
        ({"in_short": ""}, 'Write the "in short"'),
        ({"in_short_is_draft": True}, "still the engine's draft"),
    ],
)
def test_publishing_is_refused_without_a_headline_or_a_person_written_in_short(
    journalist, editor, fields, message
):
    claim = _in_review(journalist, **fields)
    with pytest.raises(WorkflowError, match=message):
        claim.ruling.publish(by=editor, expected_version=1)
    claim.refresh_from_db()
    claim.ruling.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    assert claim.ruling.version == 1
    assert not claim.ruling.versions.exists()


def test_the_publish_button_says_what_is_missing_and_changes_nothing(client, journalist, editor):
    claim = _in_review(journalist, headline="", in_short="")
    client.force_login(editor)
    response = client.post(f"/claims/{claim.pk}/publish/", {"version": 1}, follow=True)
    text = response.content.decode()
    assert "Write a headline before publishing." in text
    assert "in short" in text
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_saving_the_form_makes_the_drafted_in_short_the_editors(client, journalist, editor):
    claim = _in_review(journalist, headline="", in_short="Drafted text.", in_short_is_draft=True)
    client.force_login(editor)
    page = client.get(f"/claims/{claim.pk}/edit/").content.decode()
    assert "a draft until you save it" in page
    response = client.post(
        f"/claims/{claim.pk}/edit/",
        {
            "headline": "  A headline   the editor wrote ",
            "in_short": "Drafted text, edited.",
            "summary": "Our ruling.",
            "version": 1,
        },
    )
    assert response.status_code == 302
    ruling = claim.ruling
    ruling.refresh_from_db()
    assert ruling.headline == "A headline the editor wrote"
    assert ruling.in_short == "Drafted text, edited."
    assert not ruling.in_short_is_draft
    ruling.publish(by=editor, expected_version=ruling.version)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED


def test_an_edit_that_leaves_the_in_short_out_keeps_it_a_draft(journalist):
    claim = make_claim(author=journalist, in_short="Drafted.", in_short_is_draft=True)
    claim.ruling.edit(by=journalist, expected_version=1, summary="Only the ruling text.")
    claim.ruling.refresh_from_db()
    assert claim.ruling.in_short == "Drafted."
    assert claim.ruling.in_short_is_draft


def test_an_over_long_headline_is_refused_with_a_message(client, journalist, editor):
    claim = _in_review(journalist)
    client.force_login(editor)
    response = client.post(
        f"/claims/{claim.pk}/edit/",
        {"headline": "x" * (HEADLINE_MAX_LENGTH + 1), "in_short": "Short.", "version": 1},
    )
    assert response.status_code == 200
    assert "(it has 161)" in response.content.decode()
    claim.ruling.refresh_from_db()
    assert claim.ruling.version == 1


def test_a_correction_may_not_empty_the_headline_or_in_short(journalist, editor):
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    with pytest.raises(ValidationError) as caught:
        claim.ruling.correct(
            by=editor,
            expected_version=1,
            note="Fixed a date.",
            summary="",
            headline="",
            in_short=" ",
        )
    assert set(caught.value.message_dict) == {"headline", "in_short"}
    claim.ruling.refresh_from_db()
    assert claim.ruling.headline
    assert claim.ruling.version == 1


def test_history_keeps_the_headline_and_in_short_each_version_had(journalist, editor):
    claim = make_claim(author=journalist, headline="First headline", in_short="First.")
    claim.ruling.edit(
        by=editor, expected_version=1, summary="", headline="Second headline", in_short="Second."
    )
    version = claim.ruling.versions.get()
    assert (version.headline, version.in_short) == ("First headline", "First.")


def test_a_saved_check_comes_with_a_drafted_in_short_naming_what_the_figures_count(journalist):
    audit = make_document(agency="Office of the Auditor")
    counted = make_category(
        label="Letters never delivered",
        does_not_mean="Letters that were lost. Many were returned to the sender.",
        lay_terms=("lost letters",),
    )
    make_figure(
        slug="undelivered",
        value=4200,
        qualifier="more than",
        unit="letters",
        category=counted,
        document=audit,
        quote="More than 4,200 letters were never delivered.",
    )
    claim = Claim.create_checked(author=journalist, text="They lost 4,200 letters.")
    ruling = claim.ruling
    assert ruling.in_short_is_draft
    assert "4,200" in ruling.in_short
    assert "“Letters never delivered”" in ruling.in_short
    assert "Office of the Auditor" in ruling.in_short
    ruling.submit(by=journalist, expected_version=ruling.version)
    with pytest.raises(WorkflowError, match="headline"):
        ruling.publish(by=journalist, expected_version=ruling.version)


def test_every_demo_claim_has_a_headline_and_an_in_short_a_person_wrote():
    texts = read_demo_rulings(DEMO_RULINGS)
    ids = [row.claim.id for row in read_claim_file(DEV_CLAIMS)]
    assert set(texts) == set(ids)
    for ident in ids:
        assert 10 < len(texts[ident]["headline"]) <= HEADLINE_MAX_LENGTH
        sentences = texts[ident]["in_short"].count(". ") + 1
        assert 2 <= sentences <= 3, ident


def test_lists_show_the_first_sentence_of_the_in_short_and_never_cut_a_word():
    from claims.models.claim import whole_words
    from claims.templatetags.rulings import summary_line

    assert summary_line("The 1,475 is right: the U.S. count. “Lost” is not.") == (
        "The 1,475 is right: the U.S. count."
    )
    long = "word " * 60
    assert summary_line(long) == whole_words(long, limit=160)
    assert summary_line(long).endswith("word…")
    assert whole_words("one two three", limit=9) == "one two…"
    assert whole_words("unbreakable", limit=5) == "unbr…"  # a single word longer than the line


def test_the_claims_search_finds_words_of_the_headline_and_the_in_short(journalist):
    claim = make_claim(
        author=journalist,
        headline="Unanswered telephone calls",
        in_short="Sponsors did not pick up.",
    )
    make_claim(author=journalist)
    assert list(Claim.objects.search("telephone")) == [claim]
    assert list(Claim.objects.search("sponsors")) == [claim]

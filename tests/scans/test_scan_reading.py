"""How a text is read: speaker turns, sentences with numbers, candidates and numbers not in our
sources, the same number said twice, claims already ruled on, and the order a desk reads."""

from __future__ import annotations

from datetime import date

import pytest

from claims.checking import current_registry
from claims.models import Claim
from scans.highlight import segments
from scans.matching import checked_before, digits, ranked
from scans.scanner import scan_text, severity, turns

pytestmark = pytest.mark.django_db


def test_speaker_turns_are_recognised_where_the_transcript_marks_them():
    text = (
        "Opening remarks before anyone is named.\n"
        "TRUMP: They lost 325,000 children.\n"
        "Q. Where is that from?\n"
        "MR. SMITH: Not from us.\n"
        "SEN. WARREN (D-MA): It is wrong.\n"
        "A: It is from the report.\n"
        "Note that lower-case words: are not a speaker."
    )
    found = turns(text, speaker="The Governor")
    assert [(turn.label, turn.speaker) for turn in found] == [
        ("", "The Governor"),
        ("TRUMP", "Trump"),
        ("Q", ""),
        ("MR. SMITH", "Mr. Smith"),
        ("SEN. WARREN (D-MA)", "Sen. Warren (D-MA)"),
        ("A", "The Governor"),
    ]
    assert text[found[1].start : found[1].end].strip() == "They lost 325,000 children."
    assert found[-1].end == len(text)


def test_a_text_without_turns_is_all_the_speakers():
    found = turns("They lost 85,000 kids. Really.", speaker="Smith")
    assert [(t.start, t.end, t.speaker) for t in found] == [(0, 30, "Smith")]


def test_numbers_the_registry_knows_become_candidates_others_are_listed_apart(
    reference_data, transcript
):
    found = scan_text(transcript, registry=current_registry(), said_on=date(2024, 6, 2))
    by_text = {item.text: item for item in found}
    lost = by_text["The Biden administration has lost 85,000 migrant children."]
    assert lost.candidate
    assert lost.verdict.figures
    assert lost.speaker == "Smith"
    assert lost.turn == "SMITH"
    taxes = by_text["We will cut taxes by 20 percent in all 50 states."]
    assert not taxes.candidate
    assert ("50", "states") in taxes.not_traced
    bridges = by_text["We also built 12 bridges last year."]
    assert not bridges.candidate
    assert bridges.not_traced == [("12", "bridges")]
    # Offsets point into the text as given, for highlighting in place.
    for item in found:
        assert transcript[item.start : item.end] == item.text
    # Sentences without a number are not listed at all.
    assert not any("Nobody knows" in item.text for item in found)


def test_the_same_number_said_twice_is_counted(reference_data, transcript):
    found = scan_text(transcript, registry=current_registry(), said_on=date(2024, 6, 2))
    candidates = [item for item in found if item.candidate]
    assert len(candidates) == 3
    assert all(item.repeats == 2 for item in candidates)  # 85,000, said three times


def test_a_claim_already_ruled_on_is_matched_and_read_first(reference_data, editor, transcript):
    earlier = Claim.create_checked(
        author=editor,
        text="HHS could not reach 85,000 children by phone after their release.",
        claimant="A reporter",
        said_on=date(2023, 10, 4),
    )
    ruling = earlier.ruling
    ruling.edit(
        by=editor,
        expected_version=ruling.version,
        summary="",
        rating=ruling.proposed_rating,
        override_reason="",
        headline="The calls went unanswered",
        in_short="HHS could not reach them by phone. That is all the figure says.",
    )
    ruling.submit(by=editor, expected_version=ruling.version)
    ruling.publish(by=editor, expected_version=ruling.version)
    found = scan_text(transcript, registry=current_registry(), said_on=date(2024, 6, 2))
    candidates = [item for item in found if item.candidate]
    matches = checked_before(candidates, user=editor)
    jones = next(item for item in candidates if item.speaker == "Jones")
    [match] = matches[jones.position]
    assert match["claim"] == earlier.pk
    assert match["published"]
    assert match["ruled_on"]
    assert match["by"] == ["figures", "wording"]
    assert match["score"] == 100
    # Two candidates share its rating; the one ruled on before comes first of them.
    order = ranked(candidates, matches)
    same = [item for item in order if severity(item.rating) == severity(jones.rating)]
    assert same[0] is jones


def test_ranking_puts_the_most_severe_rating_first(reference_data, transcript):
    found = scan_text(transcript, registry=current_registry(), said_on=date(2024, 6, 2))
    order = ranked([item for item in found if item.candidate], {})
    severities = [severity(item.rating) for item in order]
    assert severities == sorted(severities, reverse=True)
    assert severity("false") > severity("unverifiable") > severity("half-true")


def test_wording_alone_matches_only_with_a_shared_number(reference_data, journalist):
    Claim.create_checked(author=journalist, text="They lost 325,000 migrant children.")
    Claim.create_checked(author=journalist, text="They lost 85,000 migrant children, he said.")
    found = scan_text(
        "They lost 85,000 migrant children.", registry=current_registry(), speaker="Smith"
    )
    matches = checked_before([item for item in found if item.candidate], user=journalist)
    texts = [match["text"] for match in matches[0]]
    assert texts == ["They lost 85,000 migrant children, he said."]
    assert digits("Some 85,000 or 1.5 million, in 2024.") == {"85000", "1.5", "2024"}


def test_drafts_of_others_are_not_shown_as_checked_before(
    reference_data, journalist, other_journalist
):
    Claim.create_checked(author=other_journalist, text="They lost 85,000 migrant children.")
    found = scan_text("They lost 85,000 migrant children.", registry=current_registry())
    assert checked_before([item for item in found if item.candidate], user=journalist) == {}


def test_segments_cover_the_text_once_in_order():
    class S:
        def __init__(self, start, end):
            self.start, self.end = start, end

    text = "abcdefghij"
    pieces = segments(text, [S(6, 8), S(1, 3), S(2, 4)])  # the third overlaps the second
    assert "".join(piece["text"] for piece in pieces) == text
    assert [piece["text"] for piece in pieces if piece["sentence"]] == ["bc", "gh"]


def test_a_claim_on_the_same_quote_matches_however_old_as_in_the_quick_check(
    reference_data, journalist, monkeypatch
):
    monkeypatch.setattr("scans.matching.WORDING_POOL", 1)
    old = Claim.create_checked(author=journalist, text="they LOST 85,000 migrant  children.")
    Claim.create_checked(author=journalist, text="A later claim on 12 shelters.")
    found = scan_text("They lost 85,000 migrant children.", registry=current_registry())
    matches = checked_before([item for item in found if item.candidate], user=journalist)
    [match] = [m for m in matches[0] if m["claim"] == old.pk]
    assert "wording" in match["by"]
    assert match["score"] == 100

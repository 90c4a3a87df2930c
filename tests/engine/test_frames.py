"""Claim frames: each number gets the words, time, party and source of its own place."""

from __future__ import annotations

from datetime import date

from engine_factories import TENURES, claim, registry

from claims.engine.parse import parse_claim
from claims.engine.sentences import split_sentences
from claims.engine.text import normalise, tokenize

REGISTRY = registry()


def frames(text: str, **fields):
    return parse_claim(claim(text, **fields), REGISTRY).frames


def test_sentences_end_at_full_stops_but_not_at_abbreviations():
    text = normalise("The U.S. lost track of 1,475 kids. Sen. Smith said so! Was it 85,000?")
    sentences = split_sentences(tokenize(text), text)
    assert len(sentences) == 3


def test_a_number_of_something_the_registry_does_not_count_is_read_but_not_traced():
    (children, states) = sorted(
        frames("1,475 children in 10 states"), key=lambda f: f.number.start
    )
    assert children.traceable
    assert children.unit == "children"
    assert not states.traceable
    assert states.other == "states"


def test_a_plural_noun_right_after_a_number_is_what_it_counts_whatever_follows():
    for text in (
        "Officials in 44 states sent letters to children's sponsors",
        "The agency sent 12 teams looking for children",
        "The audit counted two groups of children",
    ):
        (frame,) = [f for f in frames(text) if f.number.text in ("44", "12", "two")]
        assert frame.unit == "", text
        assert not frame.traceable, text
    assert frames("Officials in 44 states sent letters")[0].other == "states"


def test_words_that_only_describe_what_a_number_counts_do_not_end_its_noun():
    for text, number in (
        ("1,475 innocent children were separated", "1,475"),
        ("1,475 unaccompanied migrant children were separated", "1,475"),
        ("1,475 Texas children were separated", "1,475"),
        ("1,475 numerous children were separated", "1,475"),
    ):
        (frame,) = frames(text)
        assert frame.number.text == number
        assert frame.unit == "children", text


def test_a_number_standing_as_a_noun_may_be_followed_by_its_verb():
    for text in (
        "The 85,000 represents children nobody reached",
        "That count (85,000) represents children nobody reached",
    ):
        (frame,) = frames(text)
        assert frame.unit == "children", text


def test_a_number_the_claimant_denies_is_not_traced():
    found = frames("The real number is 85,000 children, not the 300,000 kids cited by the senator")
    denied = [frame for frame in found if not frame.traceable]
    assert [frame.number.text for frame in denied] == ["300,000"]
    assert denied[0].denied


def test_words_attach_to_the_nearest_number_of_their_clause():
    first, second = sorted(
        frames("1,475 children were separated; 85,000 kids were unreachable"),
        key=lambda f: f.number.start,
    )
    assert first.asserted_categories == ("separated",)
    assert second.asserted_categories == ("unreachable",)


def test_a_party_named_as_the_speaker_is_not_blamed():
    (frame,) = frames("As Harris pointed out, 85,000 children were unreachable")
    assert frame.tenures == ()
    (frame,) = frames("Under Harris, 85,000 children were unreachable")
    assert frame.tenures == (TENURES[1].slug,)


def test_a_time_frame_in_another_sentence_does_not_reach_the_number():
    found = frames(
        "In 2019 the senator held 40 rallies. 85,000 children were unreachable.",
        said_on=date(2024, 1, 1),
    )
    (frame,) = [frame for frame in found if frame.traceable]
    assert frame.frame is None


def test_harm_said_of_some_of_them_does_not_describe_the_number():
    (frame,) = frames("32,000 children missed court, and some of them were sold")
    assert [m.term for m in frame.harms] == ["sold"]
    assert frame.describing_harms == ()
    (frame,) = frames("325,000 children, who are now dead")
    assert [m.term for m in frame.describing_harms] == ["dead"]


def test_time_frames_joined_by_and_make_one_span():
    (frame,) = frames("17,500 children were released in March and April 2021")
    assert (frame.frame.start, frame.frame.end) == (date(2021, 3, 1), date(2021, 4, 30))

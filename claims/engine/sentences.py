"""The shape of a quote: its sentences and clauses, where a token stands, what a number counts
and whether the quote asserts it at all. English grammar only; frames.py attaches the
registry's words to each number on this shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claims.engine.number_words import GRAMMAR_WORDS, NOUN_MODIFIERS
from claims.engine.numerals import word_set
from claims.engine.text import Token

if TYPE_CHECKING:
    from claims.engine.lexicon import Lexicon

# English function words: after a number, one of these means the quote does not say what the
# number counts ("325,000 are missing", "80,000 of them", "more than 300,000 that they can't
# find"), so the number may count what the registry counts.
FUNCTION_WORDS = GRAMMAR_WORDS | word_set(
    "am being might shall onto whom whose whereas ever also even according what whatever "
    "including like"
)
# Before a number: the claimant does not assert it ("not the 300,000", "rather than 300,000").
DENIALS = (("not",), ("rather", "than"), ("instead", "of"), ("contrary", "to"), ("nor",))
# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATIONS = word_set(
    "mr mrs ms dr sen rep gov st jr sr vs etc no gen lt col sgt jan feb mar apr jun jul aug sep "
    "sept oct nov dec inc corp dept approx est fig vol pp"
)
_UNIT_REACH = 4  # words after a number (or after "of") in which its noun may stand
# Before a number, words that make it a noun of its own ("the 325,000 represents ...").
_NOUN_DETERMINERS = word_set("the this that these those")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # token positions: tokens[start:end]
    end: int
    clauses: tuple[int, ...]  # the clause number of each of its tokens


def split_sentences(tokens: Sequence[Token], text: str) -> list[Sentence]:
    """Split the tokens into sentences, and each sentence into clauses."""
    sentences: list[Sentence] = []
    start = 0
    count = len(tokens)
    clauses: list[int] = []
    clause = 0
    for index, token in enumerate(tokens):
        clauses.append(clause)
        if token.break_after:
            clause += 1
        if index + 1 < count and _ends_sentence(token, tokens[index + 1], text):
            sentences.append(Sentence(start, index + 1, tuple(clauses)))
            start, clauses, clause = index + 1, [], 0
    if start < count:
        sentences.append(Sentence(start, count, tuple(clauses)))
    return sentences


def _ends_sentence(token: Token, following: Token, text: str) -> bool:
    gap = text[token.end : following.start]
    if "!" in gap or "?" in gap or ";" in gap or "\n" in gap:
        return True
    if "." not in gap:
        return False
    if "." in token.text or token.norm in _ABBREVIATIONS:
        return False  # "U.S.", "Sen."
    first = following.text[:1]
    return first.isupper() or first.isdigit() or gap.rstrip().endswith(('"', "'"))


def classify_noun(
    tokens: Sequence[Token], end: int, lexicon: Lexicon, *, start: int | None = None
) -> tuple[str, str]:
    """Return (unit slug, other noun) for the number ending at tokens[end]: what it counts.

    ("children", "") for "1,500 innocent children"; ("", "states") for "10 states" and for "44
    states sent letters"; ("", "") when the quote does not say ("325,000 are missing").
    `start`, the number's first token, tells whether it stands as a noun of its own.
    """
    count = len(tokens)
    if end == 0 or end > count or tokens[end - 1].break_after:
        return "", ""
    position = end
    if position < count and tokens[position].norm == "of":
        position += 1  # "28% of the children", "tens of thousands of kids"
        while position < count and tokens[position].norm in ("the", "all", "those", "these"):
            position += 1
    first_content = ""
    for index in range(position, min(position + _UNIT_REACH, count)):
        if unit := lexicon.unit_at(tokens, index):
            return unit, ""
        norm = tokens[index].norm
        if norm in NOUN_MODIFIERS:
            if tokens[index].break_after:
                break
            continue
        if not first_content:
            if norm in FUNCTION_WORDS or norm in lexicon.terms or not norm[:1].isalpha():
                return "", ""
            first_content = norm
            if _head_noun(tokens[index]) and not _stands_alone(tokens, start, end):
                break  # "44 states sent letters": the states are counted, not the letters
        if tokens[index].break_after:
            break
    return "", first_content


def _stands_alone(tokens: Sequence[Token], start: int | None, end: int) -> bool:
    """Whether the number is a noun of its own, so that an -s word after it may be its verb:
    "the 325,000 represents children", "(127,000-129,143) represents children"."""
    if start is None:
        return False
    if tokens[end - 1].bracket_after:
        return True
    return (
        start > 0
        and not tokens[start - 1].break_after
        and tokens[start - 1].norm in _NOUN_DETERMINERS
    )


def _head_noun(token: Token) -> bool:
    """Whether a word right after a number (its modifiers passed) is the plural noun it counts,
    which ends the noun phrase: "44 states", "12 agencies". A word that only describes what is
    counted ("1,500 innocent children", "300 unaccompanied migrant children") is no plural; a
    capitalised one is a name ("2,000 Texas children", "600 Customs officers"), and "-ous"
    words are adjectives ("numerous", "dangerous")."""
    norm = token.norm
    return (
        len(norm) > 3
        and norm.isalpha()
        and norm.endswith("s")
        and not norm.endswith(("ss", "ous", "us", "is"))
        and not token.text[:1].isupper()
    )


def denied(tokens: Sequence[Token], first: int) -> bool:
    """Whether the words right before a number deny it ("not the 300,000", "rather than")."""
    for phrase in DENIALS:
        for gap in (0, 1):  # "not 300,000", "not the 300,000"
            begin = first - gap - len(phrase)
            if begin < 0:
                continue
            if gap and tokens[first - 1].norm not in ("the", "a", "an", "some", "all"):
                continue
            if tuple(token.norm for token in tokens[begin : begin + len(phrase)]) == phrase:
                return not any(token.break_after for token in tokens[begin : first - 1])
    return False


def token_position(tokens: Sequence[Token], char: int) -> int:
    """The index of the token that begins at or after a character offset."""
    low, high = 0, len(tokens)
    while low < high:
        middle = (low + high) // 2
        if tokens[middle].start < char:
            low = middle + 1
        else:
            high = middle
    return low

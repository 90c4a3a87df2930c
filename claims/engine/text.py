"""Split a quote into word tokens that remember their place, quotation marks and clause breaks.

One linear pass with a single-class regular expression: nothing here can backtrack, so hostile
input costs time in proportion to its length. Text past MAX_CHARS is not read at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# A quote longer than this is cut before any work is done: no spoken claim is longer, and the cut
# bounds the cost of a check whatever is pasted in.
MAX_CHARS = 20_000

# Curly quotes and apostrophes become straight ones so the lexicon needs one spelling; each
# replacement is one character for one, so offsets still point into the text the user gave.
_STRAIGHTEN = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"'})

_CHUNK = re.compile(r"[^\s—–…]+")  # runs of anything but spaces and dashes used as punctuation
_OPENERS = frozenset("\"'([{«")
_CLOSERS = frozenset("\"')]}».,;:!?")
_QUOTES = frozenset("\"'«»")
_BREAKS = frozenset(".,;:!?")
_INNER_BREAKS = frozenset(",;:!?")


@dataclass(frozen=True, slots=True)
class Token:
    """One word or numeral as written, with what surrounds it."""

    text: str  # as written, with surrounding punctuation peeled off
    norm: str  # lower case
    start: int
    end: int
    quote_before: bool = False  # a quotation mark opens right before it
    quote_after: bool = False  # a quotation mark closes right after it
    break_before: bool = False  # a clause break (. , ; : ! ? or a dash) comes before it
    break_after: bool = False
    bracket_before: bool = False  # "(1)" and the like
    bracket_after: bool = False
    line_start: bool = False  # first token on its line ("1." in a list)


def normalise(text: str) -> str:
    """Return the quote as the engine reads it: cut to MAX_CHARS, quotes straightened."""
    return text[:MAX_CHARS].translate(_STRAIGHTEN)


def _split_inner(core: str, offset: int) -> list[tuple[str, int, bool]]:
    """Split "slaves,sex" at inner punctuation, but keep "325,000" and "7:30" whole."""
    pieces: list[tuple[str, int, bool]] = []
    begin = 0
    for index, char in enumerate(core):
        if char not in _INNER_BREAKS:
            continue
        between_digits = (
            0 < index < len(core) - 1 and core[index - 1].isdigit() and core[index + 1].isdigit()
        )
        if between_digits:
            continue
        if index > begin:
            pieces.append((core[begin:index], offset + begin, True))
        begin = index + 1
    if begin < len(core):
        pieces.append((core[begin:], offset + begin, False))
    return pieces


def tokenize(text: str) -> list[Token]:
    """Return the tokens of an already normalised text, in order."""
    tokens: list[Token] = []
    previous_end = 0
    for match in _CHUNK.finditer(text):
        chunk, chunk_start = match.group(), match.start()
        gap = text[previous_end:chunk_start]
        previous_end = match.end()
        dash_before = any(char in "—–…" for char in gap)
        line_start = not tokens or "\n" in gap
        head, tail = 0, len(chunk)
        quote_before = bracket_before = False
        while head < tail and chunk[head] in _OPENERS:
            quote_before |= chunk[head] in _QUOTES
            bracket_before |= chunk[head] in "([{"
            head += 1
        quote_after = bracket_after = break_after = False
        while tail > head and chunk[tail - 1] in _CLOSERS:
            char = chunk[tail - 1]
            quote_after |= char in _QUOTES
            bracket_after |= char in ")]}"
            break_after |= char in _BREAKS
            tail -= 1
        if dash_before and tokens:
            tokens[-1] = _with(tokens[-1], break_after=True)
        if head == tail:  # punctuation alone ("-", "...")
            if tokens and any(char in _BREAKS for char in chunk):
                tokens[-1] = _with(tokens[-1], break_after=True)
            continue
        pieces = _split_inner(chunk[head:tail], chunk_start + head)
        for number, (piece, start, breaks_after) in enumerate(pieces):
            first, last = number == 0, number == len(pieces) - 1
            tokens.append(
                Token(
                    text=piece,
                    norm=piece.lower(),
                    start=start,
                    end=start + len(piece),
                    quote_before=quote_before and first,
                    quote_after=quote_after and last,
                    break_before=(dash_before and first)
                    or (not first)
                    or bool(tokens and tokens[-1].break_after and first),
                    break_after=breaks_after or (break_after and last),
                    bracket_before=bracket_before and first,
                    bracket_after=bracket_after and last,
                    line_start=line_start and first,
                )
            )
    return tokens


def _with(token: Token, *, break_after: bool) -> Token:
    return Token(
        text=token.text,
        norm=token.norm,
        start=token.start,
        end=token.end,
        quote_before=token.quote_before,
        quote_after=token.quote_after,
        break_before=token.break_before,
        break_after=break_after,
        bracket_before=token.bracket_before,
        bracket_after=token.bracket_after,
        line_start=token.line_start,
    )


def words_of(phrase: str) -> tuple[str, ...]:
    """Return a phrase as the token norms a quote would give ("can’t find" → can't, find)."""
    return tuple(token.norm for token in tokenize(normalise(phrase)))


def find_phrase(norms: Sequence[str], phrase: tuple[str, ...], start: int = 0) -> int:
    """Return where the token sequence phrase first occurs in norms from start, or -1."""
    width = len(phrase)
    if not width:
        return -1
    first = phrase[0]
    for index in range(start, len(norms) - width + 1):
        if norms[index] == first and tuple(norms[index : index + width]) == phrase:
            return index
    return -1

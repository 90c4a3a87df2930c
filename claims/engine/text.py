"""Split a quote into word tokens that remember their place, quotation marks and clause breaks.

One linear pass with a single-class regular expression: nothing here can backtrack, so hostile
input costs time in proportion to its length. Text past MAX_CHARS is not read at all.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

# A quote longer than this is cut before any work is done: no spoken claim is longer (it is
# some 1,700 words), and the cut bounds the cost of a check whatever is pasted in.
MAX_CHARS = 10_000

# Curly quotes and apostrophes become straight ones so the lexicon needs one spelling; each
# replacement is one character for one, so offsets still point into the text the user gave.
_STRAIGHTEN = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"'})

_CHUNK = re.compile(r"[^\s—–…]+")  # runs of anything but spaces and dashes used as punctuation
_OPENERS = frozenset("\"'([{«")
_CLOSERS = frozenset("\"')]}».,;:!?")
_QUOTES = frozenset("\"'«»")
_BREAKS = frozenset(".,;:!?")
_INNER_BREAKS = frozenset(",;:!?")
_INNER_SEARCH = re.compile(r"[,;:!?]").search


class Token(NamedTuple):
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


# Markup pasted with a quote: HTML tags and comments, a Markdown link's address, emphasis marks
# (**, *, __, _ at a word's edge, `, ~~) and character entities. Every quantifier is possessive
# and each alternative starts only where its run starts, so the pass stays linear whatever is
# pasted ("a" followed by ten thousand underscores is read once, not once per underscore).
_MARKUP = re.compile(
    r"<[/!]?[A-Za-z-][^<>]*+>"
    r"|\]\([^()\s]*+\)"
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,30}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
    r"|[*`]++|~~++|(?<!\w)_++|(?<!_)_++(?!\w)"
)

_MARKUP_HINT = re.compile(r"[<&*_`~\]]").search


def _blank(match: re.Match[str]) -> str:
    """Markup becomes spaces, one for one, so offsets still point into the text the user gave.

    An entity becomes its character followed by spaces ("&amp;" → "&    "); a link keeps its
    closing bracket ("[325,000](url)" → "[325,000]     ").
    """
    found = match.group()
    if found[0] == "&":
        char = html.unescape(found)
        if len(char) != 1 or char == found:
            return found  # not an entity this engine knows: leave the text as written
        char = " " if char.isspace() else char
        return char + " " * (len(found) - 1)
    if found[0] == "]":
        return "]" + " " * (len(found) - 1)
    return " " * len(found)


def normalise(text: str) -> str:
    """Return the quote as the engine reads it: cut to MAX_CHARS, markup blanked out, quotes
    straightened. The result is exactly as long as the text read, so offsets carry over."""
    cut = text[:MAX_CHARS]
    if _MARKUP_HINT(cut):  # most quotes have no markup: skip the substitution
        cut = _MARKUP.sub(_blank, cut)
    return cut.translate(_STRAIGHTEN)


def _split_inner(core: str, offset: int) -> list[tuple[str, int, bool]]:
    """Split "slaves,sex" at inner punctuation, but keep "325,000" and "7:30" whole."""
    pieces: list[tuple[str, int, bool]] = []
    begin = 0
    last = len(core) - 1
    for index, char in enumerate(core):
        if char not in _INNER_BREAKS:
            continue
        if 0 < index < last and core[index - 1].isdigit() and core[index + 1].isdigit():
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
    append = tokens.append
    new = tuple.__new__  # Token(...) goes through a Python-level __new__; this does not
    previous_end = 0
    broken = True  # whether a clause break stands before the next token
    for match in _CHUNK.finditer(text):
        chunk_start, chunk_end = match.span()
        chunk = text[chunk_start:chunk_end]
        if chunk_start - previous_end == 1 and text[previous_end] == " ":
            dash_before = line_start = False  # the common case: one space between words
        else:
            gap = text[previous_end:chunk_start]
            dash_before = "—" in gap or "–" in gap or "…" in gap
            line_start = not tokens or "\n" in gap
        previous_end = chunk_end
        if dash_before:
            broken = True
            if tokens and not tokens[-1].break_after:
                tokens[-1] = tokens[-1]._replace(break_after=True)
        if chunk.isalnum():  # the common case: a plain word or number, nothing around it
            append(new(Token, (chunk, chunk.lower(), chunk_start, chunk_end, False, False,
                               broken, False, False, False, line_start)))  # fmt: skip
            broken = False
            continue
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
        if head == tail:  # punctuation alone ("-", "...")
            if any(char in _BREAKS for char in chunk):
                broken = True
                if tokens and not tokens[-1].break_after:
                    tokens[-1] = tokens[-1]._replace(break_after=True)
            continue
        core = chunk[head:tail]
        pieces = (
            [(core, chunk_start + head, False)]
            if core.isalnum() or not _INNER_SEARCH(core)
            else _split_inner(core, chunk_start + head)
        )
        last = len(pieces) - 1
        for number, (piece, start, breaks_after) in enumerate(pieces):
            first, final = number == 0, number == last
            piece_break = breaks_after or (break_after and final)
            append(
                Token(
                    piece,
                    piece.lower(),
                    start,
                    start + len(piece),
                    quote_before and first,
                    quote_after and final,
                    broken if first else True,
                    piece_break,
                    bracket_before and first,
                    bracket_after and final,
                    line_start and first,
                )
            )
            broken = piece_break
    return tokens


def words_of(phrase: str) -> tuple[str, ...]:
    """Return a phrase as the token norms a quote would give ("can’t find" → can't, find)."""
    return tuple(token.norm for token in tokenize(normalise(phrase)))

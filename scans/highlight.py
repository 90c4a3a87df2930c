"""The scanned text cut into pieces for the page: plain text, and the candidates' sentences.

The template writes each piece with autoescaping on (a sentence inside a link to its row), so
nothing the user pasted is ever marked safe.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def segments(text: str, sentences: Iterable[Any]) -> list[dict[str, Any]]:
    """[{"text", "sentence"}] in the text's order: "sentence" is the candidate a piece is, or
    None for the text between candidates. Sentences are given with their offsets (`start`,
    `end`); any that overlaps the one before it is left plain."""
    pieces: list[dict[str, Any]] = []
    position = 0
    for sentence in sorted(sentences, key=lambda s: (s.start, s.end)):
        if sentence.start < position or sentence.end > len(text):
            continue
        if sentence.start > position:
            pieces.append({"text": text[position : sentence.start], "sentence": None})
        pieces.append({"text": text[sentence.start : sentence.end], "sentence": sentence})
        position = sentence.end
    if position < len(text):
        pieces.append({"text": text[position:], "sentence": None})
    return pieces

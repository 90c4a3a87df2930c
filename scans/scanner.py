"""Read a long text (a transcript, an article) for checkable numbers.

The text is cut into speaker turns where the transcript marks them at the start of a line
("TRUMP:", "MR. SMITH:", "Q.", "A:"), each turn into paragraphs and each paragraph into
sentences with the engine's own sentence splitter. A sentence with a number is read by the
engine: it becomes a candidate when the engine traces its number to the registry, when it names
a category the registry knows, or when its number counts something the registry counts; its
other numbers (of things the registry cannot speak to) are listed apart, "not in our sources".

No database here: `scan_text()` takes the registry, so the page, the background task, the API
and `manage.py scantext` read a text the same way. Offsets are character offsets into the text
as given, so a page can highlight each sentence in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from claims.engine import ClaimInput, Registry, Verdict, check
from claims.engine.numbers import read_numbers
from claims.engine.parse import parse_claim
from claims.engine.policy import ORDERED_SCALE
from claims.engine.sentences import split_sentences
from claims.engine.text import MAX_CHARS, normalise, tokenize

# The longest text a scan reads: a 20,000-word transcript (some 110,000 characters) fits.
MAX_SCAN_CHARS = 120_000
# A speaker's label at the start of a line: a name in capitals ("TRUMP:", "MR. SMITH:",
# "SEN. WARREN (D-MA):") before a colon, or the questioner and answerer of a press transcript
# ("Q." / "Q:", "A." / "A:").
TURN = re.compile(
    r"^[ \t]*(?:(?P<qa>[QA])[.:]|(?P<name>[A-Z][A-Z.'\-]*(?:[ ][A-Z][A-Z.'\-]*){0,3}"
    r"(?:[ ]\([A-Za-z.\- ]{1,20}\))?):)[ \t]+",
    re.MULTILINE,
)
QUESTION = "Q"
ANSWER = "A"
_SENTENCE_END = frozenset(".!?\"')]”’")


@dataclass(frozen=True)
class Turn:
    start: int  # where the turn's words begin (after its label)
    end: int
    label: str  # as the transcript writes it: "TRUMP", "Q"; "" before any label
    speaker: str  # who says it: the label as a name, or the scan's speaker


@dataclass
class ScannedSentence:
    """One sentence with a number, read by the engine."""

    position: int
    start: int
    end: int
    text: str
    turn: str  # the turn's label as written, "" when the transcript marks none
    speaker: str
    candidate: bool
    verdict: Verdict | None  # the engine's, for a candidate
    numbers: list[str] = field(default_factory=list)
    not_traced: list[tuple[str, str]] = field(default_factory=list)  # (number, why)
    repeats: int = 0  # other candidates of the same text that trace to the same figures

    @property
    def rating(self) -> str:
        return self.verdict.rating if self.verdict is not None else ""

    @property
    def figures(self) -> tuple[str, ...]:
        return self.verdict.figures if self.verdict is not None else ()


def severity(rating: str) -> int:
    """How much a rating matters to a desk: the further from true, the more; unverifiable sits
    in the middle (someone must look)."""
    if rating in ORDERED_SCALE:
        return ORDERED_SCALE.index(rating) * 2
    return len(ORDERED_SCALE)  # between half-true (4) and mostly-false (6)


def speaker_name(label: str) -> str:
    """A label as a name: "MR. SMITH" → "Mr. Smith"; "(D-MA)" stays as written."""
    words = []
    for word in label.split(" "):
        words.append(word if word.startswith("(") else word.capitalize())
    return " ".join(words)


def turns(text: str, *, speaker: str = "") -> list[Turn]:
    """The speaker turns of a text; one turn for the whole text when it marks none."""
    found: list[Turn] = []
    marks = list(TURN.finditer(text))
    if not marks or marks[0].start() > 0:
        first_end = marks[0].start() if marks else len(text)
        found.append(Turn(0, first_end, "", speaker))
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        name, qa = mark.group("name"), mark.group("qa")
        if qa:
            label = qa
            who = "" if qa == QUESTION else speaker
        else:
            label = " ".join(name.split())
            who = speaker_name(label)
        found.append(Turn(mark.end(), end, label, who))
    return found


def paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The lines of text[start:end] as spans, each cut to at most the engine's MAX_CHARS at a
    sentence's end where one comes near the limit."""
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        line_end = end if newline < 0 else newline
        while line_end - position > MAX_CHARS:
            window = text[position : position + MAX_CHARS]
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = position + (cut + 1 if cut > MAX_CHARS // 2 else MAX_CHARS)
            yield position, cut
            position = cut
        if text[position:line_end].strip():
            yield position, line_end
        position = line_end + 1


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int, list]]:
    """The sentences of a paragraph with a number in them: (start, end, numbers read)."""
    paragraph = normalise(text[start:end])
    tokens = tokenize(paragraph)
    for sentence in split_sentences(tokens, paragraph):
        own = tokens[sentence.start : sentence.end]
        if not own:
            continue
        numbers = read_numbers(own, paragraph)
        if not numbers:
            continue
        begin, finish = own[0].start, own[-1].end
        while finish < len(paragraph) and paragraph[finish] in _SENTENCE_END:
            finish += 1
        while begin > 0 and paragraph[begin - 1] in "\"'(“‘":
            begin -= 1
        yield start + begin, start + finish, numbers


def read_sentence(
    text: str, *, speaker: str, said_on: date | None, registry: Registry
) -> tuple[Verdict | None, list[str], list[tuple[str, str]]]:
    """The engine's verdict on a candidate (None for a sentence that is not one), the numbers
    read, and those the registry cannot speak to (with why).

    The sentence is parsed first: with no number the engine could trace and no category named,
    it is no candidate, and checking it would add nothing (the engine traces only traceable
    numbers), so it is not checked. What its numbers count is said as `Verdict.read` says it."""
    claim = ClaimInput(text=text, claimant=speaker, said_on=said_on)
    parsed = parse_claim(claim, registry)
    if not parsed.traceable and not parsed.mentions:
        read = [
            (frame.number, frame.other or ("denied" if frame.denied else "no context"))
            for frame in parsed.frames
        ]
        return None, [n.serialise() for n, _ in read], [(n.text, why) for n, why in read]
    verdict = check(claim, registry)
    counted = any(frame.unit for frame in parsed.traceable)
    numbers = [number.serialise() for number in verdict.numbers] or [
        number.serialise() for number, _ in verdict.read
    ]
    not_traced = [(number.text, why) for number, why in verdict.read]
    if verdict.figures or verdict.series or parsed.mentions or counted:
        return verdict, numbers, not_traced
    return None, numbers, not_traced


def scan_text(
    text: str,
    *,
    registry: Registry,
    speaker: str = "",
    said_on: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ScannedSentence]:
    """Every sentence of the text with a number, read by the engine, in the text's order.

    `progress(done, total)` is called as the text's characters are read."""
    text = text[:MAX_SCAN_CHARS]
    found: list[ScannedSentence] = []
    total = len(text)
    for turn in turns(text, speaker=speaker):
        for start, end in paragraphs(text, turn.start, turn.end):
            for begin, finish, _numbers in sentences(text, start, end):
                sentence = text[begin:finish]
                verdict, numbers, not_traced = read_sentence(
                    sentence, speaker=turn.speaker, said_on=said_on, registry=registry
                )
                found.append(
                    ScannedSentence(
                        position=len(found),
                        start=begin,
                        end=finish,
                        text=sentence,
                        turn=turn.label,
                        speaker=turn.speaker,
                        candidate=verdict is not None,
                        verdict=verdict,
                        numbers=numbers,
                        not_traced=not_traced,
                    )
                )
            if progress is not None:
                progress(end, total)
    _count_repeats([item for item in found if item.candidate])
    return found


def _count_repeats(candidates: list[ScannedSentence]) -> None:
    """How many other candidates of the text say the same number or trace to the same figure."""
    for item in candidates:
        figures = set(item.figures)
        values = set(item.numbers)
        item.repeats = sum(
            1
            for other in candidates
            if other is not item
            and ((figures and figures & set(other.figures)) or values & set(other.numbers))
        )

"""Read a claim: its numbers, the words that say what they count, when, whom it blames, and
which sources it names.

The category words come from the registry's lexicon (lay terms and harm terms of categories).
A word is not taken as asserted when it is negated ("they are not missing") or held at arm's
length in quotation marks ("went 'missing'"); it is still reported, marked as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import NamedTuple

from claims.engine.lexicon import Lexicon
from claims.engine.numbers import QuotedNumber, read_numbers
from claims.engine.numerals import word_set
from claims.engine.registry import Registry
from claims.engine.text import Token, normalise, tokenize
from claims.engine.timeframe import TimeFrame, read_time_frame
from claims.engine.verdict import ClaimInput

NEGATORS = word_set("not never no none neither nor hardly barely nobody")
_NEGATION_REACH = 4  # words before a term that a negation can stand in ("none of them were")
# Category words past this many are not read: enough for any claim, and a bound on the work.
MAX_MENTIONS = 100
# Words that, right after a source's name, say the source is being cited for the number.
_CITING_AFTER = word_set(
    "said says say found finds find reported reports report data figures numbers "
    "statistics stats audit audits review testified testimony estimates estimated "
    "estimate admitted acknowledged confirmed shows showed show letter memo statement "
    "analysis study investigation records documents announced revealed concluded "
    "determined told wrote alert count counted counts tally"
)
_CITING_BEFORE = (("according", "to"), ("per",), ("cited", "by"), ("says",), ("said",))
_DATA_WORDS = word_set("data figures numbers records report statistics")
# After a noun like these, a verb like these reports a finding ("the audit found 300"), and so
# does one followed by "that" ("officials found that"): it does not describe children.
_REPORTING_NOUNS = _DATA_WORDS | word_set(
    "audit audits study review investigation analysis watchdog inspector general officials "
    "agency department auditors investigators researchers"
)
_REPORTING_VERBS = word_set(
    "found finds find reported reports counted identified determined concluded estimated "
    "showed shows documented"
)


class TermMention(NamedTuple):
    """A word or phrase of the quote that says what a number counts, or asserts harm."""

    term: str  # as written in the quote
    category: str
    harm: bool
    negated: bool
    quoted: bool  # in scare quotes: "went 'missing'"
    start: int
    end: int

    @property
    def asserted(self) -> bool:
        return not self.negated and not self.quoted


@dataclass(frozen=True)
class ParsedClaim:
    """What the quote says, read: the matcher and the checks work from this alone."""

    text: str  # the quote as read (normalised, cut to text.MAX_CHARS)
    numbers: tuple[QuotedNumber, ...]
    mentions: tuple[TermMention, ...]
    frame: TimeFrame | None  # the time frame the quote states
    tenures: tuple[str, ...]  # tenure slugs the claim blames or credits
    named_sources: tuple[str, ...]  # document slugs the quote names ("according to DHS")
    cited_sources: tuple[str, ...]  # document slugs given with the claim
    said_on: date | None

    @property
    def sources(self) -> tuple[str, ...]:
        """Every document the claim should be checked against first."""
        return tuple(sorted(set(self.named_sources) | set(self.cited_sources)))

    @cached_property
    def asserted_categories(self) -> tuple[str, ...]:
        """The categories the claim's asserted words describe, in order of first mention."""
        seen: dict[str, None] = {}
        for mention in self.mentions:
            if mention.asserted:
                seen.setdefault(mention.category, None)
        return tuple(seen)

    @cached_property
    def harms(self) -> tuple[TermMention, ...]:
        return tuple(mention for mention in self.mentions if mention.harm and mention.asserted)


def _negated(tokens: Sequence[Token], start: int) -> bool:
    for index in range(start - 1, max(start - 1 - _NEGATION_REACH, -1), -1):
        token = tokens[index]
        if token.break_after:
            return False
        if token.norm in NEGATORS or token.norm.endswith("n't"):
            return True
    return False


def _matches(tokens: Sequence[Token], start: int, words: tuple[str, ...]) -> bool:
    end = start + len(words)
    if end > len(tokens):
        return False
    for offset, word in enumerate(words):
        token = tokens[start + offset]
        if token.norm != word:
            return False
        if offset < len(words) - 1 and token.break_after:
            return False
    return True


def _reports(tokens: Sequence[Token], start: int, end: int, cues: set[int]) -> bool:
    """Whether a one-word term is a reporting verb here ("the audit found", "found that")."""
    if end - start != 1:
        return False
    if start in cues:
        return True
    if tokens[start].norm not in _REPORTING_VERBS:
        return False
    before = tokens[start - 1].norm if start else ""
    after = tokens[end].norm if end < len(tokens) else ""
    return after == "that" or (before in _REPORTING_NOUNS and not tokens[start - 1].break_after)


def find_mentions(
    tokens: Sequence[Token], text: str, lexicon: Lexicon, *, cues: set[int] = frozenset()
) -> list[TermMention]:
    """Return the category words in the quote, longest phrase first at each place.

    cues: positions of words that cite a named source ("DHS found"), which are not category
    words.
    """
    mentions: list[TermMention] = []
    terms = lexicon.terms
    starts = [index for index, token in enumerate(tokens) if token.norm in terms]
    following = 0
    for index in starts:
        if index < following:
            continue  # inside the phrase just matched
        if len(mentions) >= MAX_MENTIONS:
            break
        width = 0
        for term in lexicon.terms.get(tokens[index].norm, ()):
            if width and len(term.words) < width:
                break  # a longer phrase already matched here
            if _matches(tokens, index, term.words) and not _reports(
                tokens, index, index + len(term.words), cues
            ):
                width = len(term.words)
                first, last = tokens[index], tokens[index + width - 1]
                mentions.append(
                    TermMention(
                        term=text[first.start : last.end],
                        category=term.category,
                        harm=term.harm,
                        negated=_negated(tokens, index),
                        quoted=first.quote_before and last.quote_after,
                        start=first.start,
                        end=last.end,
                    )
                )
        following = index + (width or 1)
    return mentions


def find_tenures(
    tokens: Sequence[Token], lexicon: Lexicon, registry: Registry, *, said_on: date | None
) -> set[str]:
    """Return the tenures whose aliases the tokens name, never one that began after said_on."""
    began = {
        tenure.slug for tenure in registry.tenures if said_on is None or tenure.start <= said_on
    }
    found: set[str] = set()
    aliases = lexicon.aliases
    norms = [token.norm for token in tokens]
    bare = [norm.removesuffix("'s") for norm in norms]
    starts = [
        index for index, word in enumerate(bare) if word in aliases or norms[index] in aliases
    ]
    for index in starts:
        for words in (norms, bare):
            for alias in lexicon.aliases.get(words[index], ()):
                end = index + len(alias.words)
                if tuple(words[index:end]) == alias.words:
                    found.update(slug for slug in alias.tenures if slug in began)
    return found


def find_named_sources(tokens: Sequence[Token], lexicon: Lexicon) -> tuple[set[str], set[int]]:
    """Return the documents the quote names as the source of its number, and the positions of
    the words that cite them ("found" in "the inspector general found")."""
    named: set[str] = set()
    cues: set[int] = set()
    bare = [token.norm.removesuffix("'s").removesuffix("'") for token in tokens]
    count = len(tokens)
    sources = lexicon.sources
    for index in [index for index, word in enumerate(bare) if word in sources]:
        for key in sources[bare[index]]:
            end = index + len(key.words)
            if end > count:
                continue
            if key.acronym:
                written = tokens[index].text.removesuffix("'s").removesuffix("'")
                if len(key.words) != 1 or written != key.words[0]:
                    continue
            elif tuple(bare[index:end]) != key.words:
                continue
            if (cue := _cited(tokens, bare, index, end)) is not None:
                named.update(key.documents)
                if cue >= 0:
                    cues.add(cue)
    return named, cues


def _cited(tokens: Sequence[Token], bare: Sequence[str], start: int, end: int) -> int | None:
    """Whether a source's name at tokens[start:end] is given as the source of a number: None
    if not, else the position of the citing word after the name (-1 when it comes before)."""
    first = start - 1 if start and bare[start - 1] == "the" else start
    for phrase in _CITING_BEFORE:
        begin = first - len(phrase)
        if begin >= 0 and tuple(bare[begin:first]) == phrase:
            return -1
    if first >= 2 and bare[first - 1] == "from" and bare[first - 2] in _DATA_WORDS:
        return -1
    if tokens[end - 1].break_after:
        return None
    for position in (end, end + 1):
        if position < len(bare) and bare[position] in _CITING_AFTER:
            return position
        if position < len(tokens) and tokens[position].break_after:
            break
    return None


def parse_claim(claim: ClaimInput, registry: Registry) -> ParsedClaim:
    """Read a claim with the registry's lexicon; never raises, whatever the text."""
    text = normalise(claim.text)
    tokens = tokenize(text)
    lexicon = registry.lexicon
    numbers = read_numbers(tokens, text)
    tenures = find_tenures(tokens, lexicon, registry, said_on=claim.said_on)
    if claim.attributed_to:
        attributed = tokenize(normalise(claim.attributed_to))
        tenures |= find_tenures(attributed, lexicon, registry, said_on=claim.said_on)
    known = set(registry.documents)
    by_report = {
        document.report_number.lower(): slug
        for slug, document in registry.documents.items()
        if document.report_number
    }
    cited = set()
    for source in claim.cited_sources:
        slug = source if source in known else by_report.get(source.strip().lower())
        if slug:
            cited.add(slug)
    named, cues = find_named_sources(tokens, lexicon)
    return ParsedClaim(
        text=text,
        numbers=tuple(numbers),
        mentions=tuple(find_mentions(tokens, text, lexicon, cues=cues)),
        frame=read_time_frame(tokens, text, said_on=claim.said_on),
        tenures=tuple(sorted(tenures)),
        named_sources=tuple(sorted(named)),
        cited_sources=tuple(sorted(cited)),
        said_on=claim.said_on,
    )

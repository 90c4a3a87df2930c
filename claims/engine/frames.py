"""Claim frames: what the quote says about each number, attached to it by its place in the text.

A quote is rarely one number with one set of words. "The report did not say the children were
missing", "newly released data", "in August 2024 the inspector general found", "not the 300,000
cited by the senator": words that describe the report, deny a reading, or name a critic must not
be applied to the number. So the text is split into sentences and clauses, and each quoted
number gets its own frame:

- what it counts: the noun after it, looked up in the registry's units ("1,500 innocent
  children"); a number of something the registry does not count ("10 states", "two more
  operations") is read but not traced;
- the category and harm words, the time frame, the party blamed and the source named, each
  attached to the nearest number of its sentence (fewest clause breaks between them, then fewest
  words). Category and harm words of a sentence with no number of its own reach the number of
  the sentence next to it when they point back to it ("Many of them are dead"); time frames,
  blame and sources never leave their sentence;
- whether the claimant asserts the number at all ("not the 300,000 cited by the senator" does
  not).

Nothing here is specific to a domain: the nouns, words, names and sources all come from the
registry's lexicon. The only words written here are English grammar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from claims.engine.number_words import MONEY_WORDS
from claims.engine.numbers import QuotedNumber
from claims.engine.numerals import word_set
from claims.engine.sentences import (
    Sentence,
    classify_noun,
    denied,
    split_sentences,
    token_position,
)
from claims.engine.text import Token
from claims.engine.timeframe import TimeFrame

if TYPE_CHECKING:
    from claims.engine.lexicon import Lexicon
    from claims.engine.parse import TermMention

# A sentence with no number of its own points back (or forward) to the neighbouring number when
# it says one of these: "They're gone", "Many of them are dead".
ANAPHORA = word_set("they them their those these theirs many most some none half")
# Words that turn a sentence: a party or time named before one does not reach past it.
TURNS = word_set("but yet although though however whereas")
# Words that open a clause about something else ("while students were starving") or about a
# part of the group ("some of them", "many were").
SUBORDINATORS = word_set("while whereas although though because when if unless")
PARTITIVES = word_set("some many most several few half part")
RELATIVES = word_set("who which that whom whose")
# A sentence of at most this many words is a fragment ("The real number? 325,000.") and may
# borrow its neighbour's context.
FRAGMENT_WORDS = 6
ELLIPSIS_WORDS = 3  # a clause this short has no subject of its own
# A time frame, a party or a source speaks of a number at most this many clauses away:
# "Under Biden, 85,000 ..." (one), not "Over 14 days, the senator repeated: 32,000 ..." (two).
CLAUSE_REACH = 1
# "... 85,000 children in 2021, and 1,475 in 2017": a number right after one of these, naming
# nothing, repeats what the number before it in its sentence counts (its verb and noun left out).
COORDINATORS = word_set("and or but while whereas versus vs")
# A clause that opens with one of these restates the clause just before it: "Dead or in the
# hands of traffickers: that is where 291,000 children are now".
DEMONSTRATIVES = word_set("that this such")


class WordsSaid:
    """What a claim, or one number of it, says: its sources and asserted categories."""

    mentions: tuple[TermMention, ...]
    named_sources: tuple[str, ...]
    cited_sources: tuple[str, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """Every document to check first: named in the quote or given with it."""
        return sources_of(self.named_sources, self.cited_sources)

    @cached_property
    def asserted_categories(self) -> tuple[str, ...]:
        """The categories asserted words describe (see asserted_in)."""
        return asserted_in(self.mentions)

    @cached_property
    def not_counted(self) -> frozenset[str]:
        """The categories whose "does not mean" the asserted words describe ("deported 32,000
        children", of orders of removal): the words describe a count the registry does not
        hold, and a count of those categories would be misread. Words that also name the
        category itself ("ordered 32,000 children deported in absentia") are part of its
        phrase, not a reading it excludes."""
        excluded = {m.category for m in self.mentions if m.asserted and m.not_counted}
        return frozenset(excluded - set(self.asserted_categories))


@dataclass(frozen=True)
class ClaimFrame(WordsSaid):
    """One quoted number (or several wordings of one value) and what the quote says about it.

    It answers the same questions as ParsedClaim (mentions, frame, tenures, sources), so the
    matcher and the checks read a frame exactly as they would a whole claim.
    """

    text: str
    numbers: tuple[QuotedNumber, ...]
    traceable: bool
    unit: str  # the unit slug the number counts; "" when the quote does not say
    other: str  # the noun it counts when the registry counts no such thing ("states")
    denied: bool  # the claimant does not assert the number ("not the 300,000 ...")
    mentions: tuple[TermMention, ...]
    frame: TimeFrame | None  # the first time frame said of the number
    tenures: tuple[str, ...]
    named_sources: tuple[str, ...]
    cited_sources: tuple[str, ...]
    said_on: date | None
    times: tuple[TimeFrame, ...] = ()  # every time frame said of it ("from 2020 to 2022")
    # Harm words that say what the number itself is ("325,000 children ... who are dead"), as
    # against harm said of some of them ("and some of them were sold") or of others.
    describing_harms: tuple[TermMention, ...] = ()
    claimant: str = ""  # who made the claim: their own statement is no independent source
    # The sentences its numbers stand in ("" for the whole text): where the places and
    # breakdowns of a table's rows are named for it.
    own_text: str = ""

    @property
    def number(self) -> QuotedNumber:
        return self.numbers[0]

    @cached_property
    def harms(self) -> tuple[TermMention, ...]:
        return tuple(mention for mention in self.mentions if mention.harm and mention.asserted)


def sources_of(named: tuple[str, ...], cited: tuple[str, ...]) -> tuple[str, ...]:
    """Every document a claim should be checked against first: named in it or given with it."""
    return tuple(sorted(set(named) | set(cited)))


def asserted_in(mentions: Sequence[TermMention]) -> tuple[str, ...]:
    """The categories asserted words describe: plain words first, then harm words, each in
    order of first mention."""
    seen: dict[str, None] = {}
    for harm in (False, True):
        for mention in mentions:
            if mention.asserted and mention.harm is harm and not mention.not_counted:
                seen.setdefault(mention.category, None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class Hit:
    """Something found in the text at a token position, to be attached to a number."""

    position: int
    value: tuple[str, ...]  # tenure slugs, or document slugs


@dataclass(slots=True)
class _Said:
    """What the quote says of one number, gathered before its frame is made."""

    mentions: list[TermMention] = field(default_factory=list)
    times: list[TimeFrame] = field(default_factory=list)
    tenures: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Number:
    number: QuotedNumber
    first: int
    last: int
    sentence: int
    unit: str
    other: str
    denied: bool


def build_frames(
    *,
    tokens: Sequence[Token],
    text: str,
    lexicon: Lexicon,
    numbers: Sequence[QuotedNumber],
    mentions: Sequence[TermMention],
    times: Sequence[tuple[TimeFrame, int]],
    tenures: Sequence[Hit],
    sources: Sequence[Hit],
    attributed: frozenset[str],
    cited: tuple[str, ...],
    said_on: date | None,
    claimant: str = "",
) -> tuple[ClaimFrame, ...]:
    """Give each quoted number its frame (see the module's docstring)."""
    if not numbers:
        return ()
    sentences = split_sentences(tokens, text)
    sentence_of = [0] * len(tokens)
    clause_of = [0] * len(tokens)
    for order, sentence in enumerate(sentences):
        for offset, position in enumerate(range(sentence.start, sentence.end)):
            sentence_of[position] = order
            clause_of[position] = sentence.clauses[offset]
    gate = bool(lexicon.units)
    read: list[_Number] = []
    for number in numbers:
        first = min(token_position(tokens, number.start), len(tokens) - 1)
        last = max(first, token_position(tokens, number.end) - 1)
        gated = gate and not number.change  # "doubled between ..." counts what its clause says
        unit, other = classify_noun(tokens, last + 1, lexicon, start=first) if gated else ("", "")
        if gate and not unit and number.noun in MONEY_WORDS:
            # "$61 million": an amount of money is traced only where the registry counts it.
            unit = lexicon.unit_of_word(number.noun)
            other = "" if unit else number.noun
        read.append(
            _Number(number, first, last, sentence_of[first], unit, other, denied(tokens, first))
        )
    mention_positions = [token_position(tokens, mention.start) for mention in mentions]
    inside_numbers = {index for item in read for index in range(item.first, item.last + 1)}
    # What unit, if any, each token begins: looked up once, read by every helper below.
    units_at = [lexicon.unit_at(tokens, index) for index in range(len(tokens))]
    anchored = _anchored_sentences(
        tokens, sentences, sentence_of, units_at, mention_positions, sources, inside_numbers
    )
    single = len(sentences) == 1

    def traceable(item: _Number) -> bool:
        if item.denied or item.other:
            return False
        if item.unit:
            return True
        if item.number.percent or item.number.change:
            # A share or a change must say, in its own clause, what it is of.
            return _clause_anchored(
                item, tokens, sentences, clause_of, units_at, mention_positions
            )
        if anchored[item.sentence]:
            return True
        if single:
            return True
        sentence = sentences[item.sentence]
        # "The real number? 325,000." or "...; we have 10,000 of them back": a fragment, or a
        # sentence that points back, borrows its neighbour's context.
        if _points_back(tokens, sentence, units_at):
            return any(
                anchored[near]
                for near in (item.sentence - 1, item.sentence + 1)
                if 0 <= near < len(anchored)
            )
        return False

    live = [item for item in read if traceable(item)]
    dropped = [item for item in read if not any(item is kept for kept in live)]
    # A number that does not say what it counts counts what its sentence speaks of: "32,000
    # children missed court, and 5,000 of them ..." (the nearest unit word, before it first);
    # a share or a change, what its own clause speaks of.
    if gate:
        live = [
            item
            if item.unit
            else _parallel(item, live, tokens)
            or _with_unit(item, tokens, sentences, units_at, clause_of)
            for item in live
        ]
    by_sentence: dict[int, list[_Number]] = {}
    for item in live:
        by_sentence.setdefault(item.sentence, []).append(item)

    def nearest(position: int, *, reach: bool) -> _Number | None:
        """The number a word at this position speaks of. Category and harm words (reach)
        may speak of a number anywhere in their sentence, or next to it; a time, a party or a
        source only of one in their own clause or the next."""
        sentence = sentence_of[position]
        here = by_sentence.get(sentence)
        if here:
            clause = clause_of[position]
            best = min(
                here,
                key=lambda item: (
                    # A number in brackets glosses the words before it, not those after:
                    # "those never served a notice (291,000) and those who failed ... (32,000)".
                    tokens[item.first].bracket_before and position > item.last,
                    abs(clause_of[item.first] - clause),
                    min(abs(item.first - position), abs(item.last - position)),
                ),
            )
            between = range(min(best.last, position) + 1, max(best.first, position))
            if any(tokens[index].norm in TURNS for index in between):
                return None  # "Mayorkas pushed back on the report, but ... 32,000"
            if clause_of[best.first] == clause:
                return best
            if reach:
                # Words of another clause speak of the number only when that clause points
                # back to it: "..., who are dead", "and some of them were sold"; not "the
                # reform bill is dead"; or when the number's clause restates theirs.
                if _clause_points_back(tokens, clause_of, position, units_at) or _restates(
                    tokens, best.first, position
                ):
                    return best
                return None
            return best if abs(clause_of[best.first] - clause) <= CLAUSE_REACH else None
        if not reach or not _points_back(tokens, sentences[sentence], units_at):
            return None
        if previous := by_sentence.get(sentence - 1):
            return previous[-1]
        if following := by_sentence.get(sentence + 1):
            return following[0]
        return None

    attached: dict[int, _Said] = {id(item): _Said() for item in live}
    for mention, position in zip(mentions, mention_positions, strict=True):
        if (owner := nearest(position, reach=True)) is not None:
            attached[id(owner)].mentions.append(mention)
    for time, position in times:
        if (owner := nearest(position, reach=False)) is not None:
            attached[id(owner)].times.append(time)
    for hit in tenures:
        if (owner := nearest(hit.position, reach=False)) is not None:
            attached[id(owner)].tenures.extend(hit.value)
    for hit in sources:
        if (owner := nearest(hit.position, reach=False)) is not None:
            attached[id(owner)].sources.extend(hit.value)
    # One frame per value: "more than 325,000" and "three hundred and twenty-five thousand"
    # are one number said twice, and what is said of either is said of it.
    groups: dict[tuple[bool, Decimal, Decimal | None], list[_Number]] = {}
    for item in live:
        key = (item.number.percent, item.number.value, item.number.stated_high)
        groups.setdefault(key, []).append(item)
    frames: list[ClaimFrame] = []
    for members in groups.values():
        parts = [attached[id(item)] for item in members]
        times_found = [time for part in parts for time in part.times]
        frames.append(
            ClaimFrame(
                text=text,
                numbers=tuple(item.number for item in members),
                traceable=True,
                unit=next((item.unit for item in members if item.unit), ""),
                other="",
                denied=False,
                mentions=tuple(
                    sorted({m for part in parts for m in part.mentions}, key=lambda m: m.start)
                ),
                frame=times_found[0] if times_found else None,
                tenures=tuple(sorted({t for part in parts for t in part.tenures} | attributed)),
                named_sources=tuple(sorted({s for part in parts for s in part.sources})),
                cited_sources=cited,
                said_on=said_on,
                times=tuple(times_found),
                claimant=claimant,
                own_text=" ".join(
                    text[tokens[sentence.start].start : tokens[sentence.end - 1].end]
                    for sentence in (
                        sentences[order] for order in sorted({item.sentence for item in members})
                    )
                ),
                describing_harms=tuple(
                    mention
                    for item, part in zip(members, parts, strict=True)
                    for mention in part.mentions
                    if mention.harm
                    and _describes(item, token_position(tokens, mention.start), tokens, clause_of)
                ),
            )
        )
    for item in dropped:
        frames.append(
            ClaimFrame(
                text=text,
                numbers=(item.number,),
                traceable=False,
                unit=item.unit,
                other=item.other,
                denied=item.denied,
                mentions=(),
                frame=None,
                tenures=(),
                named_sources=(),
                cited_sources=cited,
                said_on=said_on,
            )
        )
    return tuple(frames)


def _describes(
    item: _Number, position: int, tokens: Sequence[Token], clause_of: Sequence[int]
) -> bool:
    """Whether a harm word at this position says what the number's group is: in the number's
    own clause with nothing turning it to another subject, or in a relative clause hung on
    it ("325,000 children ..., who are dead"); never when it speaks of a part ("some of them
    were sold")."""
    clause = clause_of[position]
    start = position
    while start > 0 and clause_of[start - 1] == clause and start > item.last + 1:
        start -= 1
    between = range(min(item.last + 1, position), max(item.first, position))
    words = [tokens[index].norm for index in range(start, position)]
    before = [tokens[index].norm for index in range(max(0, item.first - 3), item.first)]
    if any(word in PARTITIVES for word in words) or (
        "of" in before and any(word in PARTITIVES for word in before)
    ):
        return False  # "some of them were sold", "some of the 43,000 ... were sold"
    if any(tokens[index].norm in SUBORDINATORS for index in between):
        return False
    if clause == clause_of[item.first] or _restates(tokens, item.first, position):
        return True
    return any(word in RELATIVES for word in words)  # "403 sponsors, traffickers who sold"


def _parallel(item: _Number, live: Sequence[_Number], tokens: Sequence[Token]) -> _Number | None:
    """A count said right after a coordinator with nothing of its own ("..., and 1,475 in late
    2017") counts what the count before it in its sentence counts, by its own noun."""
    if item.number.percent or item.number.change or not item.first:
        return None
    if tokens[item.first - 1].norm not in COORDINATORS:
        return None
    earlier = [
        other
        for other in live
        if other.sentence == item.sentence
        and other.last < item.first
        and other.unit
        and not (other.number.percent or other.number.change)
    ]
    if not earlier:
        return None
    unit = earlier[-1].unit
    return _Number(item.number, item.first, item.last, item.sentence, unit, "", item.denied)


def _clause_start(tokens: Sequence[Token], position: int) -> int:
    while position and not tokens[position - 1].break_after:
        position -= 1
    return position


def _restates(tokens: Sequence[Token], number: int, position: int) -> bool:
    """Whether the number's clause opens with a word that restates the clause of the word at
    position, which comes right before it ("Dead or missing: that is where 300 are")."""
    start = _clause_start(tokens, number)
    if not start or position >= start or tokens[start].norm not in DEMONSTRATIVES:
        return False
    return _clause_start(tokens, start - 1) <= position


def _with_unit(
    item: _Number,
    tokens: Sequence[Token],
    sentences: Sequence[Sentence],
    units_at: Sequence[str],
    clause_of: Sequence[int],
) -> _Number:
    sentence = sentences[item.sentence]
    before = range(item.first - 1, sentence.start - 1, -1)
    after = range(item.last + 1, sentence.end)
    own = item.number.percent or item.number.change
    # A count whose sentence points back may count what the sentence before it names.
    earlier: range = range(0)
    if not own and item.sentence and _points_back(tokens, sentence, units_at):
        previous = sentences[item.sentence - 1]
        earlier = range(previous.end - 1, previous.start - 1, -1)
    for index in (*before, *after, *earlier):
        if own and clause_of[index] != clause_of[item.first]:
            continue
        if unit := units_at[index]:
            return _Number(
                item.number, item.first, item.last, item.sentence, unit, "", item.denied
            )
    return item


def _clause_anchored(
    item: _Number,
    tokens: Sequence[Token],
    sentences: Sequence[Sentence],
    clause_of: Sequence[int],
    units_at: Sequence[str],
    mention_positions: Sequence[int],
) -> bool:
    """Whether the number's own clause names what the registry counts."""
    sentence = sentences[item.sentence]
    clause = clause_of[item.first]
    if any(
        sentence.start <= position < sentence.end and clause_of[position] == clause
        for position in mention_positions
    ):
        return True
    return any(
        clause_of[index] == clause and not item.first <= index <= item.last and units_at[index]
        for index in range(sentence.start, sentence.end)
    )


def _anchored_sentences(
    tokens: Sequence[Token],
    sentences: Sequence[Sentence],
    sentence_of: Sequence[int],
    units_at: Sequence[str],
    mention_positions: Sequence[int],
    sources: Sequence[Hit],
    inside_numbers: set[int],
) -> list[bool]:
    """Which sentences speak of what the registry counts: a category or harm word, a unit's
    word (not one inside a number: "8 percent"), or a source the registry holds."""
    anchored = [False] * len(sentences)
    for position in mention_positions:
        if position < len(sentence_of):
            anchored[sentence_of[position]] = True
    for hit in sources:
        anchored[sentence_of[hit.position]] = True
    for number, sentence in enumerate(sentences):
        if anchored[number]:
            continue
        for index in range(sentence.start, sentence.end):
            if index not in inside_numbers and units_at[index]:
                anchored[number] = True
                break
    return anchored


def _clause_points_back(
    tokens: Sequence[Token], clause_of: Sequence[int], position: int, units_at: Sequence[str]
) -> bool:
    """Whether the clause around a word speaks of the group a number counts: a pronoun that
    points back, a relative pronoun, a unit's word, or no subject of its own."""
    clause = clause_of[position]
    start = position
    while start > 0 and clause_of[start - 1] == clause and start - 1 >= position - 12:
        start -= 1
    end = position
    while end + 1 < len(tokens) and clause_of[end + 1] == clause and end + 1 <= position + 12:
        end += 1
    if end - start + 1 <= ELLIPSIS_WORDS:
        return True  # a clause with no subject of its own: "..., lost"
    for index in range(start, end + 1):
        norm = tokens[index].norm
        if norm in ANAPHORA or norm in RELATIVES or units_at[index]:
            return True
    return False


def _points_back(tokens: Sequence[Token], sentence: Sentence, units_at: Sequence[str]) -> bool:
    """Whether a sentence without a number of its own speaks of a neighbour's number."""
    if sentence.end - sentence.start <= FRAGMENT_WORDS:
        return True
    for index in range(sentence.start, sentence.end):
        if tokens[index].norm in ANAPHORA or units_at[index]:
            return True
    return False

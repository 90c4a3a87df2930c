"""Read a claim: its numbers, the words that say what they count, when, whom it blames, and
which sources it names; then give each number its own frame (frames.py) of those words.

The category words come from the registry's lexicon (lay terms and harm terms of categories),
misspellings included. A word is not taken as asserted when its clause negates it ("the report
did not say they were missing") or holds it at arm's length in quotation marks ("went
'missing'"); it is still reported, marked as such. A word that describes a publication rather
than the people counted ("newly released data") is not a category word at all.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from claims.engine.changes import read_changes
from claims.engine.frames import ClaimFrame, Hit, WordsSaid, build_frames
from claims.engine.lexicon import Lexicon
from claims.engine.number_words import GRAMMAR_WORDS
from claims.engine.numbers import QuotedNumber, read_numbers
from claims.engine.numerals import word_set
from claims.engine.registry import Registry
from claims.engine.sentences import token_position
from claims.engine.text import Token, normalise, tokenize
from claims.engine.timeframe import TimeFrame, find_time_frames
from claims.engine.verdict import ClaimInput

NEGATORS = word_set("not never no none neither nor hardly barely nobody")
# A negation reaches a term this many words later in its clause ("did not say the children
# were missing"), unless a word that turns the clause around stands between them.
_NEGATION_REACH = 8
_NEGATION_CLAUSE = 20
# "without" denies only the noun phrase right after it: "without a lawyer", not the rest of
# its clause ("released without checks and later found missing").
_PRIVATIVES = word_set("without")
_PRIVATIVE_REACH = 3
_EVIDENCE = word_set("evidence proof sign signs indication record records")
_TURNS = word_set("but yet although though however instead rather only")
# "No doubt they are missing", "not only ... but", "no wonder": a negator that negates nothing.
_IDIOMS = word_set("doubt question wonder surprise secret longer only just matter")
# A phrase of time or cause ends what a negation denies: in "could not be determined after
# follow-up calls" the calls were made; only the determining was not.
_CIRCUMSTANCE = word_set("after before during when whenever while since because until following")
# After one of these, a category word describes a publication, not people: "newly released
# data", "a report released in May".
_PUBLICATION_NOUNS = word_set(
    "data figures numbers statistics stats report reports records documents audit audits "
    "study studies review analysis findings table tables files memo letter dataset datasets "
    "information details tally"
)
_PUBLICATION_ADVERBS = word_set("newly recently just publicly officially")
# Words that, right after a person's name, make the name the one who speaks or cites, not the
# one blamed ("300,000 cited by the senator", "Trump said", "according to Biden").
_SPEECH_AFTER = word_set(
    "said says say claimed claims claim told tells tweeted posted wrote writes argued argues "
    "asked asks stated states insisted insists added adds noted notes cited cites repeated "
    "repeats suggested suggests alleged alleges warned warns testified testifies quoted quotes "
    "mentioned mentions pointed points explained explains remarked observed recalled "
    "complained boasted bragged predicted promised vowed pushed disputed denied rejected "
    "criticized criticised questioned defended responded countered point note argue"
)
_SPEECH_REACH = 5
_SPEECH_BY = word_set("cited quoted used repeated mentioned said claimed touted given offered")
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
    "agency department auditors investigators researchers it"
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
    # The words name what the category does not count ("deported", for orders of removal).
    not_counted: bool = False

    @property
    def asserted(self) -> bool:
        return not self.negated and not self.quoted


@dataclass(frozen=True)
class ParsedClaim(WordsSaid):
    """What the quote says, read: the matcher and the checks work from this alone."""

    text: str  # the quote as read (normalised, cut to text.MAX_CHARS)
    numbers: tuple[QuotedNumber, ...]
    mentions: tuple[TermMention, ...]
    frame: TimeFrame | None  # the time frame the quote states
    tenures: tuple[str, ...]  # tenure slugs the claim blames or credits
    named_sources: tuple[str, ...]  # document slugs the quote names ("according to DHS")
    cited_sources: tuple[str, ...]  # document slugs given with the claim
    said_on: date | None
    frames: tuple[ClaimFrame, ...] = ()  # one per number (per value said more than once)

    @cached_property
    def harms(self) -> tuple[TermMention, ...]:
        """The harm the claim asserts: what the frames of its traced numbers say, or, when no
        number can be traced, every harm word of the quote."""
        traceable = [frame for frame in self.frames if frame.traceable]
        if traceable:
            found = {mention for frame in traceable for mention in frame.harms}
            return tuple(sorted(found, key=lambda mention: mention.start))
        return tuple(mention for mention in self.mentions if mention.harm and mention.asserted)

    @property
    def traceable(self) -> tuple[ClaimFrame, ...]:
        return tuple(frame for frame in self.frames if frame.traceable)


def _negated(tokens: Sequence[Token], start: int) -> bool:
    """Whether a negation earlier in the term's clause governs it: within a few words, or
    anywhere in the clause when it denies the evidence itself ("no evidence any of them were
    trafficked")."""
    for index in range(start - 1, max(start - 1 - _NEGATION_CLAUSE, -1), -1):
        token = tokens[index]
        if token.break_after or token.norm in _TURNS or token.norm in _CIRCUMSTANCE:
            return False
        if token.norm in _PRIVATIVES and start - index <= _PRIVATIVE_REACH:
            return True
        if token.norm in NEGATORS or token.norm.endswith("n't"):
            following = tokens[index + 1].norm if index + 1 < len(tokens) else ""
            if start - index <= _NEGATION_REACH:
                return following not in _IDIOMS
            if following in _EVIDENCE:
                return True
    return False


def _describes_publication(
    tokens: Sequence[Token], start: int, end: int, numbers_at: frozenset[int] | set[int]
) -> bool:
    """ "newly released data", "the released figures", "a report released in May": the word
    says something about a publication, not about the people counted. numbers_at: the token
    positions where a quoted number begins."""
    if start and tokens[start - 1].norm in _PUBLICATION_ADVERBS:
        return True
    if (
        end - start == 1
        and end < len(tokens)
        and tokens[end].norm in ("a", "an")
        and end not in numbers_at  # "lost a third of a million children" counts them
    ):
        return True  # a verb with an object of its own: "missing an apartment number"
    if (
        end < len(tokens)
        and not tokens[end - 1].break_after
        and tokens[end].norm in _PUBLICATION_NOUNS
    ):
        return True
    return (
        start >= 1
        and not tokens[start - 1].break_after
        and tokens[start - 1].norm in _PUBLICATION_NOUNS
    )


# A phrase that begins with "not" ("not served") is said with any word of negation ("never
# served", "hasn't served"), and with a few words of tense or aspect after it ("not been
# served", "not yet served", "never been served").
_NOT_FORMS = word_set("not never")
_AUXILIARIES = word_set("be been being yet ever once")
_MAX_AUXILIARIES = 2


def _says_not(norm: str) -> bool:
    return norm in _NOT_FORMS or norm.endswith("n't")


def _match_end(
    tokens: Sequence[Token], norms: Sequence[str], start: int, words: tuple[str, ...]
) -> int:
    """Where the phrase that begins at tokens[start] ends (a token position), or 0 when the
    words there are not the phrase."""
    position = start
    count = len(tokens)
    for offset, word in enumerate(words):
        if position >= count:
            return 0
        norm = norms[position]
        if word == "not" and _says_not(norm):
            pass
        elif norm != word and not (
            # a slip in a later word of a phrase already begun: "lost trak of"
            offset and len(word) >= 4 and Levenshtein.distance(norm, word, score_cutoff=1) <= 1
        ):
            if not (offset and offset == len(words) - 1 and _modifies(tokens, position, word)):
                return 0
            position += 1  # "in HHS custody", "crossed the southern border"
        if offset < len(words) - 1:
            if tokens[position].break_after:
                return 0
            if word == "not":
                skipped = 0
                while (
                    skipped < _MAX_AUXILIARIES
                    and position + 1 < count
                    and norms[position + 1] in _AUXILIARIES
                    and norms[position + 1] != words[offset + 1]
                    and not tokens[position].break_after
                ):
                    position += 1
                    skipped += 1
        position += 1
    return position


def _modifies(tokens: Sequence[Token], position: int, last: str) -> bool:
    """Whether tokens[position] is one word that qualifies the last word of a phrase, which
    follows it: "in HHS custody" for "in custody", "crossed the southern border" for "crossed
    the border". A word of grammar ("placed them with", "released to their sponsors") or a
    number is not one, nor a particle that makes another verb ("came out in" is not "came
    in")."""
    token = tokens[position]
    return (
        position + 1 < len(tokens)
        and tokens[position + 1].norm == last
        and not token.break_after
        and token.norm.isalpha()
        and token.norm not in GRAMMAR_WORDS
        and token.norm not in _PARTICLES
    )


_PARTICLES = word_set("out up down off back away around along through forward apart aside")


def _reports(
    tokens: Sequence[Token], start: int, end: int, cues: frozenset[int] | set[int]
) -> bool:
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


def _names_source(tokens: Sequence[Token], index: int, lexicon: Lexicon) -> bool:
    """Whether an organisation's name begins at tokens[index] (after an optional "the"): an
    acronym, or the name of a source the registry holds. A verb whose object is an
    organisation says what the counted things did to it ("20,000 referrals reached ORR"), not
    what was done to them ("reached 20,000 children")."""
    if not index or index >= len(tokens) or tokens[index - 1].break_after:
        return False
    if tokens[index].norm == "the" and not tokens[index].break_after:
        index += 1
    if index >= len(tokens):
        return False
    written = tokens[index].text.removesuffix("'s").removesuffix("'")
    if 2 <= len(written) <= 6 and written.isalpha() and written.isupper():
        return True
    bare = tokens[index].norm.removesuffix("'s").removesuffix("'")
    for key in lexicon.sources.get(bare, ()):
        end = index + len(key.words)
        if key.acronym:
            if len(key.words) == 1 and written == key.words[0]:
                return True
        elif end <= len(tokens) and tuple(
            token.norm.removesuffix("'s").removesuffix("'") for token in tokens[index:end]
        ) == tuple(key.words):
            return True
    return False


def find_mentions(
    tokens: Sequence[Token],
    text: str,
    lexicon: Lexicon,
    *,
    cues: frozenset[int] | set[int] = frozenset(),
    numbers_at: frozenset[int] | set[int] = frozenset(),
) -> list[TermMention]:
    """Return the category words in the quote, longest phrase first at each place.

    cues: positions of words that cite a named source ("DHS found"), which are not category
    words; numbers_at: positions where a quoted number begins.
    """
    mentions: list[TermMention] = []
    terms = lexicon.terms
    norms = [
        token.norm if token.norm in terms else lexicon.spelled(token.norm) for token in tokens
    ]
    negative = terms.get("not", ())
    starts = [
        index
        for index, norm in enumerate(norms)
        if norm in terms or (negative and _says_not(norm))
    ]
    following = 0
    for index in starts:
        if index < following:
            continue  # inside the phrase just matched
        if len(mentions) >= MAX_MENTIONS:
            break
        width = 0
        here = terms.get(norms[index], ())
        if norms[index] != "not" and _says_not(norms[index]):
            here = tuple(sorted((*here, *negative), key=lambda term: -len(term.words)))
        for term in here:
            if width and len(term.words) < width:
                break  # a longer phrase already matched here
            end = _match_end(tokens, norms, index, term.words)
            if (
                end
                and not _reports(tokens, index, end, cues)
                and not _describes_publication(tokens, index, end, numbers_at)
                and not (end - index == 1 and _names_source(tokens, end, lexicon))
            ):
                width = end - index
                first, last = tokens[index], tokens[end - 1]
                mentions.append(
                    TermMention(
                        term=text[first.start : last.end],
                        category=term.category,
                        harm=term.harm,
                        negated=_negated(tokens, index),
                        quoted=first.quote_before and last.quote_after,
                        start=first.start,
                        end=last.end,
                        not_counted=term.not_counted,
                    )
                )
        following = index + (width or 1)
    return mentions


def find_tenures(
    tokens: Sequence[Token], lexicon: Lexicon, registry: Registry, *, said_on: date | None
) -> list[Hit]:
    """Return where the tokens name a tenure the claim blames or credits, never one that began
    after said_on, and never a name that only speaks or cites ("cited by Trump")."""
    began = {
        tenure.slug for tenure in registry.tenures if said_on is None or tenure.start <= said_on
    }
    found: list[Hit] = []
    aliases = lexicon.aliases
    norms = [token.norm for token in tokens]
    bare = [norm.removesuffix("'s") for norm in norms]
    starts = [
        index for index, word in enumerate(bare) if word in aliases or norms[index] in aliases
    ]
    following = 0
    for index in starts:
        if index < following:
            continue
        for words in (norms, bare):
            for alias in lexicon.aliases.get(words[index], ()):
                end = index + len(alias.words)
                if tuple(words[index:end]) != alias.words:
                    continue
                following = max(following, end)
                if _speaks(tokens, bare, index, end):
                    continue
                slugs = tuple(slug for slug in alias.tenures if slug in began)
                if slugs:
                    found.append(Hit(index, slugs))
    return found


def _speaks(tokens: Sequence[Token], bare: Sequence[str], start: int, end: int) -> bool:
    """Whether the name at tokens[start:end] is the one who says or cites something."""
    possessive = tokens[end - 1].norm.endswith("'s")
    if not possessive:
        # "Trump said", "Trump was right to point out": speech within a few words.
        for index in range(end, min(end + _SPEECH_REACH, len(tokens))):
            if tokens[index - 1].break_after or tokens[index].norm[:1].isdigit():
                break
            if bare[index] in _SPEECH_AFTER:
                return True
    begin = start - 1 if start and bare[start - 1] == "the" else start
    if begin and bare[begin - 1] == "as" and not possessive:
        return True  # "As Trump pointed out"
    if begin >= 2 and bare[begin - 1] == "by" and bare[begin - 2] in _SPEECH_BY:
        return True
    return begin >= 2 and (bare[begin - 2], bare[begin - 1]) == ("according", "to")


def find_named_sources(tokens: Sequence[Token], lexicon: Lexicon) -> tuple[list[Hit], set[int]]:
    """Return where the quote names a document as the source of its number, and the positions
    of the words that cite them ("found" in "the inspector general found")."""
    named: list[Hit] = []
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
                named.append(Hit(index, key.documents))
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


def _time_frames(
    tokens: Sequence[Token], text: str, *, said_on: date | None, fiscal_year_start: tuple[int, int]
) -> list[tuple[TimeFrame, int]]:
    """Every time frame the quote states for a count, each with the token where it begins; a
    date that dates a publication ("in August 2024 the inspector general found", "a report
    released in May") is not one."""
    frames = _joined(
        tokens,
        text,
        find_time_frames(tokens, text, said_on=said_on, fiscal_year_start=fiscal_year_start),
    )
    return [
        (frame, frame.first)
        for frame in frames
        if not frame.reporting
        and not _dates_publication(tokens, text, frame.first, frame.last + 1)
    ]


_JOINERS = word_set("and to through or")


def _joined(tokens: Sequence[Token], text: str, frames: list[TimeFrame]) -> list[TimeFrame]:
    """Frames joined by "and" or "through" make one span: "in March and April 2021" (the
    first month takes the year of the second), "over fiscal 2019 and 2020"."""
    joined: list[TimeFrame] = []
    for frame in frames:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and frame.first == previous.last + 2
            and tokens[previous.last + 1].norm in _JOINERS
            and not tokens[previous.last].break_after
        ):
            start, end = previous.start, previous.end
            if previous.granularity == "month" and not any(c.isdigit() for c in previous.text):
                # "March and April 2021": the first month takes the second's year
                start = start.replace(year=frame.start.year)
                end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
            if start <= frame.end:
                joined[-1] = replace(
                    previous,
                    start=min(start, frame.start),
                    end=max(end, frame.end),
                    text=text[tokens[previous.first].start : tokens[frame.last].end],
                    last=frame.last,
                    granularity="range",
                )
                continue
        joined.append(frame)
    return joined


_PUBLISHING_VERBS = word_set("released published issued dated updated posted unveiled out")


def _dates_publication(tokens: Sequence[Token], text: str, first: int, end: int) -> bool:
    """ "a report released in May 2024", "the May 2024 report": the date of a publication."""
    for verb in (first - 1, first - 2):
        # "a report released in May 2024", "a report that came out in February 2020"; not
        # "children were released in May 2024"
        if verb >= 1 and tokens[verb].norm in _PUBLISHING_VERBS:
            before = range(max(0, verb - 3), verb)
            if any(tokens[i].norm in _PUBLICATION_NOUNS | _REPORTING_NOUNS for i in before):
                return True
    # "the May 2024 report", "on December 19 - numbers she repeated"; not "... in fiscal
    # 2023. Officials said", where the noun begins another sentence
    return (
        end < len(tokens)
        and not _SENTENCE_END.search(text, tokens[end - 1].end, tokens[end].start)
        and tokens[end].norm in _PUBLICATION_NOUNS | _REPORTING_NOUNS
    )


_SENTENCE_END = re.compile(r"[.!?]")


def parse_claim(claim: ClaimInput, registry: Registry) -> ParsedClaim:
    """Read a claim with the registry's lexicon; never raises, whatever the text."""
    text = normalise(claim.text)
    tokens = tokenize(text)
    lexicon = registry.lexicon
    numbers = read_changes(tokens, text, read_numbers(tokens, text))
    tenure_hits = find_tenures(tokens, lexicon, registry, said_on=claim.said_on)
    attributed: set[str] = set()
    if claim.attributed_to:
        words = tokenize(normalise(claim.attributed_to))
        for hit in find_tenures(words, lexicon, registry, said_on=claim.said_on):
            attributed.update(hit.value)
    known, by_report = registry.documents, registry.report_numbers
    cited = set()
    for source in claim.cited_sources:
        slug = source if source in known else by_report.get(source.strip().lower())
        if slug:
            cited.add(slug)
    source_hits, cues = find_named_sources(tokens, lexicon)
    numbers_at = {token_position(tokens, number.start) for number in numbers}
    mentions = tuple(find_mentions(tokens, text, lexicon, cues=cues, numbers_at=numbers_at))
    times = _time_frames(
        tokens, text, said_on=claim.said_on, fiscal_year_start=registry.fiscal_year_start
    )
    frames = build_frames(
        tokens=tokens,
        text=text,
        lexicon=lexicon,
        numbers=numbers,
        mentions=mentions,
        times=times,
        tenures=tenure_hits,
        sources=source_hits,
        attributed=frozenset(attributed),
        cited=tuple(sorted(cited)),
        said_on=claim.said_on,
        claimant=claim.claimant,
    )
    return ParsedClaim(
        text=text,
        numbers=tuple(numbers),
        mentions=mentions,
        frame=times[0][0] if times else None,
        tenures=tuple(sorted(attributed | {s for hit in tenure_hits for s in hit.value})),
        named_sources=tuple(sorted({s for hit in source_hits for s in hit.value})),
        cited_sources=tuple(sorted(cited)),
        said_on=claim.said_on,
        frames=frames,
    )

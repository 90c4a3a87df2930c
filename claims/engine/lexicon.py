"""The words the engine listens for, built once per registry from its data.

- lay terms and harm terms of categories ("lost track of" → not reached on a follow-up call,
  "trafficked" → certified trafficking victims);
- which categories a category's "does not mean" names: the misreadings its own definition warns
  against (the no-NTA category "does not mean ... missing, trafficked or dead");
- the words of what a category does not count when no category counts it either (orders of
  removal do not mean "a removal that was carried out": "deported"); a number they describe
  is a count the registry does not hold, and a count of that category misread;
- tenure aliases ("biden", "kamala harris", "democrats");
- the names of sources ("DHS", "GAO", "the inspector general", "OIG-24-46");
- the units figures count and the words quotes use for them ("kids", "minors" → children);
- the vocabulary of all these words, so that a misspelled one ("mising", "traficking") is
  still read, through rapidfuzz's edit-distance ratio.

Nothing here is specific to one claim or one domain: every word comes from the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from claims.engine.numerals import word_set
from claims.engine.registry import CategoryRecord, DocumentRecord, Registry
from claims.engine.text import Token, words_of

_STOPWORDS = word_set("of for and the on in to at by a an")
# Capitalised words that do not make an agency's name distinctive.
_GENERIC = word_set(
    "us u.s usa news the a an of for and on in office department committee press release "
    "report reports data secretary official statement white house president"
)


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]
    category: str
    harm: bool  # the words assert that children came to harm
    # The words name what the category does not count, not the category.
    not_counted: bool = False


@dataclass(frozen=True, slots=True)
class Alias:
    words: tuple[str, ...]
    tenures: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceKey:
    words: tuple[str, ...]  # lower case, except acronyms, which must be written in capitals
    documents: tuple[str, ...]
    acronym: bool


@dataclass(frozen=True, slots=True)
class UnitWords:
    words: tuple[str, ...]
    unit: str  # the unit's slug


# A misspelling is read as the word it resembles only when the word is this long (shorter
# words are too close to other words: "lost"/"last") and the ratio reaches this score.
FUZZY_MIN_LENGTH = 6
FUZZY_SCORE = 87.0


@dataclass(frozen=True)
class Lexicon:
    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)  # by first word
    single_word_categories: dict[str, frozenset[str]] = field(default_factory=dict)
    named_by: dict[str, frozenset[str]] = field(default_factory=dict)
    # For each category, the categories whose one-word lay terms are the word its definition
    # begins with: what it counts ("Releases without required checks" counts releases).
    defined_with: dict[str, frozenset[str]] = field(default_factory=dict)
    aliases: dict[str, tuple[Alias, ...]] = field(default_factory=dict)  # by first word
    sources: dict[str, tuple[SourceKey, ...]] = field(default_factory=dict)  # by first word
    units: dict[str, tuple[UnitWords, ...]] = field(default_factory=dict)  # by first word
    # Words of category, harm and unit phrases, by first letter and length, for spelling.
    vocabulary: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    _spelled: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def unit_at(self, tokens: Sequence[Token], index: int) -> str:
        """The unit whose words begin at tokens[index] ("unaccompanied minors"), or ""."""
        norm = tokens[index].norm
        if norm not in self.units and "'" not in norm:
            return ""  # most words: no unit begins with them, possessive or not
        bare = norm.removesuffix("'s").removesuffix("'")
        for key in (norm, bare) if bare != norm else (norm,):
            for entry in self.units.get(key, ()):
                end = index + len(entry.words)
                if end > len(tokens):
                    continue
                words = [token.norm for token in tokens[index:end]]
                words[-1] = words[-1].removesuffix("'s").removesuffix("'")
                words[0] = key
                if tuple(words) == entry.words and not any(
                    token.break_after for token in tokens[index : end - 1]
                ):
                    return entry.unit
        return ""

    def unit_of_word(self, word: str) -> str:
        """The unit one word names ("dollars"), or ""."""
        for entry in self.units.get(word, ()):
            if entry.words == (word,):
                return entry.unit
        return ""

    def spelled(self, norm: str) -> str:
        """The lexicon word a misspelled word stands for ("mising" → "missing"), else the word
        itself. Only words the lexicon does not know are looked at; results are remembered."""
        if len(norm) < FUZZY_MIN_LENGTH or not norm.isalpha():
            return norm
        known = self._spelled.get(norm)
        if known is not None:
            return known
        choices: list[str] = []
        for length in (len(norm) - 1, len(norm), len(norm) + 1):
            choices.extend(self.vocabulary.get((norm[0], length), ()))
        best = norm
        if choices and norm not in choices:
            found = process.extractOne(norm, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
            # A longer or shorter form of the same word ("separate", "separated") is another
            # word, not a misspelling of it.
            if found is not None and not (found[0].startswith(norm) or norm.startswith(found[0])):
                best = found[0]
        if len(self._spelled) < 50_000:  # bounded, whatever is pasted in
            self._spelled[norm] = best
        return best


def _group[T: (Term, Alias, SourceKey, UnitWords)](
    items: Iterable[T], key: Callable[[T], str]
) -> dict[str, tuple[T, ...]]:
    grouped: dict[str, list[T]] = {}
    for item in items:
        grouped.setdefault(key(item), []).append(item)
    # Longest phrases first, so "lost track of" wins over "lost".
    return {
        first: tuple(sorted(entries, key=lambda entry: (-len(entry.words), entry.words)))
        for first, entries in grouped.items()
    }


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    width = len(needle)
    return any(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))


def _named_by(
    categories: dict[str, CategoryRecord], terms: list[Term]
) -> dict[str, frozenset[str]]:
    """Return, for each category, the other categories its "does not mean" text names."""
    named: dict[str, frozenset[str]] = {}
    for slug, category in categories.items():
        text = words_of(category.does_not_mean)
        hits = {
            term.category
            for term in terms
            if term.category != slug and _contains(text, term.words)
        }
        named[slug] = frozenset(hits)
    return named


_SUFFIXES = ("ing", "ed", "es", "s", "d", "e")


def _stem(word: str) -> str:
    """A word without its inflection ("releases", "released", "release" → "releas")."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _defined_with(
    categories: dict[str, CategoryRecord],
    terms: list[Term],
    named_by: dict[str, frozenset[str]],
) -> dict[str, frozenset[str]]:
    """Return, for each category, the other categories named by the word its definition
    begins with (the thing it counts), unless its "does not mean" warns against them."""
    by_stem: dict[str, set[str]] = {}
    for term in terms:
        if len(term.words) == 1 and not term.harm:
            by_stem.setdefault(_stem(term.words[0]), set()).add(term.category)
    found: dict[str, frozenset[str]] = {}
    for slug, category in categories.items():
        words = words_of(category.means)
        if not words:
            continue
        hits = by_stem.get(_stem(words[0]), set()) - {slug} - named_by.get(slug, frozenset())
        if hits:
            found[slug] = frozenset(hits)
    return found


def _source_keys(documents: dict[str, DocumentRecord]) -> list[SourceKey]:
    by_key: dict[tuple[tuple[str, ...], bool], set[str]] = {}

    def add(words: tuple[str, ...], slug: str, *, acronym: bool = False) -> None:
        if words and not all(word.lower() in _GENERIC for word in words):
            by_key.setdefault((words, acronym), set()).add(slug)

    for slug, document in documents.items():
        add(words_of(slug), slug)
        if document.report_number:
            add(words_of(document.report_number), slug)
        # The publisher's own name comes before any aside: "NewsNation (news), HHS official".
        name = document.agency.split("(")[0].split(",")[0]
        for part in name.split("/"):
            raw = part.split()
            for word in raw:
                bare = word.strip(".'")
                if 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper():
                    add((bare,), slug, acronym=True)  # DHS, HHS, ICE, GAO
            capitalised = [
                word for word in raw if word[:1].isupper() or word.lower() in _STOPWORDS
            ]
            words = tuple(word.lower() for word in capitalised)
            while words and words[0] in _STOPWORDS | {"us", "u.s."}:
                words = words[1:]
            if len(words) >= 2:
                for start in range(len(words) - 1):
                    if words[start] not in _STOPWORDS:
                        add(words[start:], slug)  # "inspector general", "new york times"
                initials = "".join(
                    word[0]
                    for original, word in zip(capitalised[-len(words) :], words, strict=True)
                    if word not in _STOPWORDS and not original.isupper()
                )
                if len(initials) >= 3:
                    add((initials.upper(),), slug, acronym=True)  # "Office of Inspector General"
            elif len(words) == 1 and len(words[0]) >= 4:
                add(words, slug)  # "Reuters", "Axios"
    return [
        SourceKey(words=words, documents=tuple(sorted(slugs)), acronym=acronym)
        for (words, acronym), slugs in sorted(by_key.items())
    ]


def phrasings(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The ways a quote may say a lay term's words, the term's own first:

    - an adverb and the word it qualifies, either way round ("illegally brought", "brought
      illegally"): an English adverb stands before or after its verb;
    - a phrase led by a verb's past participle ("failed to appear", "skipped court"), also
      with its "-ing" form ("failing to appear", "skipping court"); one led by a common
      irregular verb ("lost track of", "came across the border") with its other forms too
      ("losing track of", "lose track of", "comes across the border").

    A single word is said only as it is written: "reached" is not "reaching" ("reaching the
    border"), nor "referred" "referring", nor "lost" "losing" ("losing the election")."""
    found = [words]
    if len(words) == 2 and sum(_adverb(word) for word in words) == 1:
        found.append(words[::-1])
    if len(words) >= 2:
        first, rest = words[0], words[1:]
        if first in _IRREGULAR_FORMS:
            found.extend((form, *rest) for form in _IRREGULAR_FORMS[first])
        elif first.endswith("ed") and len(first) > 4:
            found.append((_present_participle(first), *rest))
    return found


# The other forms of common irregular verbs, by their past form or participle: English grammar,
# the same for any registry.
_IRREGULAR_FORMS = {
    past: tuple(forms.split())
    for past, forms in {
        "brought": "bring brings bringing",
        "came": "come comes coming",
        "caught": "catch catches catching",
        "found": "find finds finding",
        "given": "give gives giving",
        "lost": "lose loses losing",
        "ran": "run runs running",
        "sent": "send sends sending",
        "taken": "take takes taking",
        "torn": "tear tears tearing",
    }.items()
}


# The endings of the adjectives most adverbs are made from ("illegal-ly", "unlawful-ly",
# "forcib-ly", "repeated-ly", "knowing-ly"); a noun such as "family" or "assembly" has none.
_ADVERB_STEMS = ("al", "ful", "ous", "ent", "ant", "ive", "ed", "ing", "ct", "ib", "ab")


def _adverb(word: str) -> bool:
    return word.endswith("ly") and word[:-2].endswith(_ADVERB_STEMS)


def _present_participle(participle: str) -> str:
    """ "ripped" → "ripping", "released" → "releasing", "handed" → "handing", "freed" →
    "freeing": the "-ing" form of a regular past participle (the "-ed" dropped, with the
    silent "e" before it and a doubled consonant kept as they are in the "-ing" form)."""
    if participle.endswith("eed"):
        return participle[:-1] + "ing"
    return participle[:-2] + "ing"


def build_lexicon(registry: Registry) -> Lexicon:
    terms: list[Term] = []
    for slug in sorted(registry.categories):
        category = registry.categories[slug]
        for phrase in category.lay_terms:
            if words := words_of(phrase):
                terms.append(Term(words, slug, harm=False))
        for phrase in category.harm_terms:
            if words := words_of(phrase):
                terms.append(Term(words, slug, harm=True))
    # What categories do not count: read in quotes, but never what a category is named by.
    excluded = [
        Term(words, slug, harm=False, not_counted=True)
        for slug in sorted(registry.categories)
        for phrase in registry.categories[slug].not_counted_terms
        if (words := words_of(phrase))
    ]
    # What quotes are read for: every term as a quote may phrase it.
    spoken = list(
        {
            (said, term.category, term.harm, term.not_counted): Term(
                said, term.category, term.harm, term.not_counted
            )
            for term in [*terms, *excluded]
            for said in phrasings(term.words)
        }.values()
    )
    single: dict[str, set[str]] = {}
    for term in terms:
        if len(term.words) == 1:
            single.setdefault(term.words[0], set()).add(term.category)
    alias_tenures: dict[tuple[str, ...], set[str]] = {}
    for tenure in registry.tenures:
        for alias in tenure.aliases:
            if words := words_of(alias):
                alias_tenures.setdefault(words, set()).add(tenure.slug)
    aliases = [
        Alias(words, tuple(sorted(slugs))) for words, slugs in sorted(alias_tenures.items())
    ]
    sources = _source_keys(registry.documents)
    unit_words: dict[tuple[str, ...], str] = {}
    for unit in sorted(registry.units, key=lambda unit: unit.slug):
        for phrase in (unit.slug.replace("_", " "), unit.label, *unit.words):
            if words := words_of(phrase):
                unit_words.setdefault(words, unit.slug)
    units = [UnitWords(words, slug) for words, slug in sorted(unit_words.items())]
    vocabulary: dict[tuple[str, int], set[str]] = {}
    for words in [term.words for term in [*terms, *excluded]] + list(unit_words):
        for word in words:
            if len(word) >= FUZZY_MIN_LENGTH - 1 and word.isalpha():
                vocabulary.setdefault((word[0], len(word)), set()).add(word)
    named_by = _named_by(registry.categories, terms)
    return Lexicon(
        terms=_group(spoken, lambda term: term.words[0]),
        single_word_categories={word: frozenset(slugs) for word, slugs in single.items()},
        named_by=named_by,
        defined_with=_defined_with(registry.categories, terms, named_by),
        aliases=_group(aliases, lambda alias: alias.words[0]),
        sources=_group(sources, lambda key: key.words[0].lower()),
        units=_group(units, lambda entry: entry.words[0]),
        vocabulary={key: tuple(sorted(words)) for key, words in vocabulary.items()},
    )

"""The words the engine listens for, built once per registry from its data.

- lay terms and harm terms of categories ("lost track of" → not reached on a follow-up call,
  "trafficked" → certified trafficking victims);
- which categories a category's "does not mean" names: the misreadings its own definition warns
  against (the no-NTA category "does not mean ... missing, trafficked or dead");
- tenure aliases ("biden", "kamala harris", "democrats");
- the names of sources ("DHS", "GAO", "the inspector general", "OIG-24-46").

Nothing here is specific to one claim or one domain: every word comes from the registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from claims.engine.numerals import word_set
from claims.engine.registry import CategoryRecord, DocumentRecord, Registry
from claims.engine.text import words_of

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


@dataclass(frozen=True, slots=True)
class Alias:
    words: tuple[str, ...]
    tenures: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceKey:
    words: tuple[str, ...]  # lower case, except acronyms, which must be written in capitals
    documents: tuple[str, ...]
    acronym: bool


@dataclass(frozen=True)
class Lexicon:
    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)  # by first word
    single_word_categories: dict[str, frozenset[str]] = field(default_factory=dict)
    named_by: dict[str, frozenset[str]] = field(default_factory=dict)
    aliases: dict[str, tuple[Alias, ...]] = field(default_factory=dict)  # by first word
    sources: dict[str, tuple[SourceKey, ...]] = field(default_factory=dict)  # by first word


def _group(items: Iterable, key) -> dict:
    grouped: dict = {}
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


def _named_by(categories: dict[str, CategoryRecord], terms: list[Term]) -> dict[str, frozenset]:
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
    return Lexicon(
        terms=_group(terms, lambda term: term.words[0]),
        single_word_categories={word: frozenset(slugs) for word, slugs in single.items()},
        named_by=_named_by(registry.categories, terms),
        aliases=_group(aliases, lambda alias: alias.words[0]),
        sources=_group(sources, lambda key: key.words[0].lower()),
    )

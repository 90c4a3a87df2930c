"""The "in short" the engine drafts for an editor to rewrite: two or three sentences, written
from templates, deterministic, that say what the quoted number is made of and what is wrong
with it, naming what each figure counts, where it was published and when.

Pure code: the ruling hands in its stored findings and numbers and a `FigureFacts` per traced
figure; nothing here imports Django. Every word of the subject matter comes from the data (the
figures' units, the categories' labels and definitions, the documents' kinds and publishers).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from claims.engine.describe import amount, and_list

SMALL_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}

# The finding codes that say what is wrong, most telling first; at most two are drafted.
PROBLEM_ORDER = (
    "no_matching_figure",
    "category_mismatch",
    "period_mismatch",
    "unsupported_assertion",
    "source_mismatch",
    "outdated_figure",
    "figure_after_claim",
    "mixed_snapshots",
    "unverified_source",
)
PROBLEM_SENTENCES = 2
PLAIN_QUALIFIER = re.compile(r"[a-z]+(?: [a-z]+)*")


@dataclass(frozen=True, slots=True)
class FigureFacts:
    """What a reader needs to know of a traced figure to read the draft."""

    slug: str
    value: Decimal
    qualifier: str  # "more than", "about", or ""
    unit: str  # what is counted: "children", "families"
    counts: str  # the category's label: what the figure counts
    does_not_mean: str  # the category's own warning
    document_kind: str  # "oversight audit", "agency announcement"
    publisher: str
    published: datetime.date | None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    as_of: datetime.date | None = None


def draft_in_short(
    *,
    findings: Sequence[Mapping],
    numbers: Sequence[Mapping],
    figures: Mapping[str, FigureFacts],
    limit: int,
) -> str:
    """Two or three sentences from the findings: what the quoted number is, then what is wrong
    with it, in at most `limit` characters (the last sentences give way first). Empty when
    there is nothing to say (no findings)."""
    if not findings:
        return ""
    sentences = [_opening(findings, numbers, figures)]
    codes = {finding["code"]: finding for finding in findings}
    for code in PROBLEM_ORDER:
        if len(sentences) > PROBLEM_SENTENCES:
            break
        finding = codes.get(code)
        if finding is None:
            continue
        if code == "no_matching_figure" and sentences[0].startswith("No "):
            continue  # the opening already said it
        facts = [figures[slug] for slug in finding.get("figures", ()) if slug in figures]
        sentence = _problem(code, finding.get("degree", ""), facts)
        if sentence and sentence not in sentences:
            sentences.append(sentence)
    while len(sentences) > 1 and len(" ".join(sentences)) > limit:
        sentences.pop()
    return " ".join(sentences)[:limit]


def _opening(
    findings: Sequence[Mapping], numbers: Sequence[Mapping], figures: Mapping[str, FigureFacts]
) -> str:
    """What the quoted number is: a sum of counts, one count, or nothing in the registry."""
    by_code = {finding["code"]: finding for finding in reversed(findings)}
    if combined := by_code.get("combined_figures"):
        facts = _facts(combined, figures)
        if facts:
            number = _quoted(numbers, sum((f.value for f in facts), Decimal(0)))
            verb = _combination_verb(combined.get("degree", ""), len(facts))
            return f"{number} {verb} {_source(facts)}: {and_list(_count(f) for f in facts)}."
    for code, verb in (("figure_match", "matches"), ("rounded", "is a loose rounding of")):
        if found := by_code.get(code):
            facts = _facts(found, figures)
            if facts:
                number = _quoted(numbers, facts[0].value)
                return f"{number} {verb} {_count(facts[0])} {_source(facts[:1])}."
    if missing := by_code.get("no_matching_figure"):
        facts = _facts(missing, figures)
        if missing.get("degree") == "contradicted" and facts:
            return f"The official figure says otherwise: {_count(facts[0])} {_source(facts[:1])}."
        number = _quoted(numbers, None)
        return f"No figure in our registry of sources explains {_lower_first(number)}."
    facts = [f for finding in findings for f in _facts(finding, figures)]
    if facts:
        number = _quoted(numbers, facts[0].value)
        return f"{number} traces to {_count(facts[0])} {_source(facts[:1])}."
    return f"{_quoted(numbers, None)} could not be traced to a published figure."


def _problem(code: str, degree: str, facts: list[FigureFacts]) -> str:
    """One sentence on what a finding says is wrong, naming the figures' own terms."""
    if code == "category_mismatch":
        warning = _first_clause(facts[0].does_not_mean) if facts else ""
        if warning:
            return (
                f"By the source's own definition, “{facts[0].counts}” does not mean "
                f"{_lower_first(warning)}."
            )
        return "The words of the claim describe something the figures do not count."
    if code == "period_mismatch":
        span = _span(facts)
        if degree == "wholly":
            return f"The figures cover {span}, a period that belongs to another administration."
        return f"The figures cover {span}, not the period the claim blames."
    if code == "unsupported_assertion":
        return "No figure counts the harm the claim asserts."
    if code == "source_mismatch":
        return "The source the claim names does not hold the number."
    if code == "outdated_figure":
        return "A newer count had already replaced the figure when the claim was made."
    if code == "figure_after_claim":
        return "Only a publication dated after the claim holds the number."
    if code == "mixed_snapshots":
        dates = sorted({f.as_of for f in facts if f.as_of})
        if len(dates) > 1:
            return (
                f"The counts were taken at different dates ({and_list(_month(d) for d in dates)})."
            )
        return "The counts were taken at different dates."
    if code == "unverified_source":
        return "The figure comes from an announcement with no published method."
    if code == "no_matching_figure":
        return "No official figure explains the number."
    return ""


def _facts(finding: Mapping, figures: Mapping[str, FigureFacts]) -> list[FigureFacts]:
    return [figures[slug] for slug in finding.get("figures", ()) if slug in figures]


def _quoted(numbers: Sequence[Mapping], target: Decimal | None) -> str:
    """The quoted number nearest `target` (a count, not a share), as "The 325,000"."""
    counts = [n for n in numbers if not n.get("percent")] or list(numbers)
    if not counts:
        return "The number"
    if target is None:
        chosen = counts[0]
    else:
        chosen = min(counts, key=lambda n: abs(Decimal(n["value"]) - target))
    return f"The {amount(Decimal(chosen['value']))}"


def _combination_verb(degree: str, n: int) -> str:
    many = SMALL_NUMBERS.get(n, str(n))
    return {
        "disjoint": f"adds {many} different counts",
        "unchecked": f"adds {many} counts that may overlap",
        "part_of_whole": "takes one count away from another",
        "consecutive": f"adds up one count over {many} periods",
        "share": "is worked out from two counts",
        "change": "is worked out from two counts",
    }.get(degree, f"adds {many} counts")


def _count(facts: FigureFacts) -> str:
    """A figure named by what it counts: "more than 291,000 children counted as “No Notice
    to Appear served”". A qualifier is kept only when it reads as plain words."""
    qualifier = facts.qualifier.strip()
    if not PLAIN_QUALIFIER.fullmatch(qualifier) or qualifier.startswith("exact"):
        qualifier = ""
    words = " ".join(w for w in (qualifier, amount(facts.value), facts.unit) if w)
    return f"{words} counted as “{facts.counts}”" if facts.counts else words


def _source(facts: Sequence[FigureFacts]) -> str:
    """Where the figures were published: "from a 2024 oversight audit by DHS OIG", or "from
    three documents (2023 to 2024)"."""
    documents = sorted(
        {(f.publisher, f.document_kind, f.published) for f in facts},
        key=lambda d: (d[2] or datetime.date.min, d[0]),
    )
    if len(documents) == 1:
        publisher, kind, published = documents[0]
        year = f"{published.year} " if published else ""
        kind = _lower_first(kind) if kind else "document"
        return f"from {_article(year or kind)} {year}{kind} by {publisher}".replace("  ", " ")
    years = sorted({d[2].year for d in documents if d[2]})
    when = f" ({years[0]} to {years[-1]})" if len(years) > 1 else f" ({years[0]})" if years else ""
    return f"from {SMALL_NUMBERS.get(len(documents), str(len(documents)))} documents{when}"


def _span(facts: Sequence[FigureFacts]) -> str:
    starts = [f.period_start for f in facts if f.period_start]
    ends = [f.period_end for f in facts if f.period_end]
    if starts and ends:
        return f"{_month(min(starts))} to {_month(max(ends))}"
    return "another period"


def _month(day: datetime.date) -> str:
    return day.strftime("%B %Y")


def _first_clause(text: str) -> str:
    """The words before the first full stop, colon or semicolon of a definition."""
    return re.split(r"[.:;](?:\s|$)", " ".join(text.split()), maxsplit=1)[0].strip()


def _lower_first(text: str) -> str:
    """Lower the first letter of a label unless it starts an acronym ("DHS", "ICE")."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeio" or word.startswith("8") else "a"

"""The engine's corpus: constructed quotes with the ruling each should get, grouped by the
mechanism they exercise (tests/engine/corpus/README.md has the format).

Every quote is checked four ways: as written, in each of its two rewordings, and inside a
paragraph of about 200 words made of distractor sentences chosen deterministically for it. All
four must meet the same expectations: that is what "the engine generalises" means here. The
test suite and `checkclaims --evaluate` both read the corpus through this module.
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from claims.engine import RATING_SCALE, ClaimInput, Verdict
from claims.engine.checks import FINDING_CODES

PARAGRAPH_WORDS = 200
VARIANTS = ("quote", "rewording 1", "rewording 2", "paragraph")


class CorpusError(Exception):
    """A corpus file that does not follow the format; the message names the case and field."""


@dataclass(frozen=True, slots=True)
class Expectation:
    rating: str
    figures: tuple[str, ...]
    findings: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    confirmed_later: tuple[str, ...] | None = None
    explain: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    mechanism: str
    text: str
    rewordings: tuple[str, ...]
    expect: Expectation
    said_on: datetime.date | None = None
    attributed_to: str = ""
    cited_sources: tuple[str, ...] = ()

    def claim(self, text: str) -> ClaimInput:
        return ClaimInput(
            id=self.id,
            text=text,
            said_on=self.said_on,
            attributed_to=self.attributed_to,
            cited_sources=self.cited_sources,
        )


@dataclass(frozen=True, slots=True)
class Result:
    case: Case
    variant: str
    text: str
    verdict: Verdict
    problems: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        return not self.problems


def _words(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise CorpusError(f"{where}: must be a list of strings")
    return tuple(value)


def _case(data: Any, mechanism: str, where: str) -> Case:
    if not isinstance(data, dict):
        raise CorpusError(f"{where}: a case must be a mapping")
    case_id = data.get("id")
    if not isinstance(case_id, str) or not case_id:
        raise CorpusError(f"{where}: id is required")
    where = f"{where} ({case_id})"
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: text is required")
    rewordings = _words(data.get("rewordings"), f"{where}, rewordings")
    if len(rewordings) != 2:
        raise CorpusError(f"{where}, rewordings: exactly two are required")
    said_on = data.get("said_on")
    if said_on is not None and not isinstance(said_on, datetime.date):
        raise CorpusError(f"{where}, said_on: must be a date (YYYY-MM-DD)")
    expect = data.get("expect")
    if not isinstance(expect, dict):
        raise CorpusError(f"{where}: expect is required")
    rating = str(expect.get("rating", ""))
    if rating not in RATING_SCALE:
        raise CorpusError(f"{where}, expect.rating: {rating!r} is not on the scale")
    codes = {
        name: _words(expect.get(name), f"{where}, expect.{name}")
        for name in ("findings", "absent")
    }
    for name, listed in codes.items():
        if unknown := [code for code in listed if code not in FINDING_CODES]:
            raise CorpusError(f"{where}, expect.{name}: unknown codes {unknown}")
    confirmed = expect.get("confirmed_later")
    return Case(
        id=case_id,
        mechanism=mechanism,
        text=text,
        rewordings=rewordings,
        said_on=said_on,
        attributed_to=str(data.get("attributed_to") or ""),
        cited_sources=_words(data.get("cited_sources"), f"{where}, cited_sources"),
        expect=Expectation(
            rating=rating,
            figures=_words(expect.get("figures"), f"{where}, expect.figures"),
            findings=codes["findings"],
            absent=codes["absent"],
            confirmed_later=None
            if confirmed is None
            else _words(confirmed, f"{where}, expect.confirmed_later"),
            explain=_words(expect.get("explain"), f"{where}, expect.explain"),
        ),
    )


def read_corpus(path: Path) -> tuple[list[Case], list[str]]:
    """Read every corpus file of a folder (or one file): the cases, and the distractor
    sentences of `distractors.yaml` beside them."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    folder = path if path.is_dir() else path.parent
    cases: list[Case] = []
    seen: set[str] = set()
    for file in files:
        if file.name == "distractors.yaml":
            continue
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
            raise CorpusError(f"{file.name}: expected a mapping with 'mechanism' and 'cases'")
        mechanism = str(data.get("mechanism") or file.stem)
        for number, item in enumerate(data["cases"], start=1):
            case = _case(item, mechanism, f"{file.name}, case {number}")
            if case.id in seen:
                raise CorpusError(f"{file.name}, case {number}: id {case.id!r} is used twice")
            seen.add(case.id)
            cases.append(case)
    distractors: list[str] = []
    distractor_file = folder / "distractors.yaml"
    if distractor_file.exists():
        data = yaml.safe_load(distractor_file.read_text(encoding="utf-8")) or {}
        distractors = [str(sentence) for sentence in data.get("sentences", [])]
    return cases, distractors


def paragraph(case: Case, distractors: Sequence[str]) -> str:
    """The quote among distractor sentences, about PARAGRAPH_WORDS words in all, chosen and
    placed by a hash of the case's id so that every run builds the same paragraph."""
    if not distractors:
        return case.text
    seed = zlib.crc32(case.id.encode())
    chosen: list[str] = []
    words = len(case.text.split())
    step = 1 + seed % 7
    position = seed % len(distractors)
    while words < PARAGRAPH_WORDS and len(chosen) < len(distractors):
        sentence = distractors[position % len(distractors)]
        if sentence not in chosen:
            chosen.append(sentence)
            words += len(sentence.split())
        position += step if len(distractors) % step else 1
    place = seed % (len(chosen) + 1)
    return " ".join([*chosen[:place], case.text, *chosen[place:]])


def variants(case: Case, distractors: Sequence[str]) -> list[tuple[str, str]]:
    texts = [case.text, *case.rewordings, paragraph(case, distractors)]
    return list(zip(VARIANTS, texts, strict=True))


def problems(verdict: Verdict, expect: Expectation) -> tuple[str, ...]:
    """What the verdict gets wrong against the expectation; empty when it agrees."""
    found: list[str] = []
    if verdict.rating != expect.rating:
        found.append(f"rating {verdict.rating}, expected {expect.rating}")
    if set(verdict.figures) != set(expect.figures):
        found.append(f"figures {sorted(verdict.figures)}, expected {sorted(expect.figures)}")
    codes = set(verdict.codes)
    if missing := [code for code in expect.findings if code not in codes]:
        found.append(f"missing findings {missing}")
    if present := [code for code in expect.absent if code in codes]:
        found.append(f"findings that must be absent {present}")
    if expect.confirmed_later is not None and set(verdict.confirmed_later) != set(
        expect.confirmed_later
    ):
        found.append(
            f"confirmed later {sorted(verdict.confirmed_later)},"
            f" expected {sorted(expect.confirmed_later)}"
        )
    text = " ".join(finding.explanation for finding in verdict.findings)
    if unexplained := [words for words in expect.explain if words not in text]:
        found.append(f"explanations do not say {unexplained}")
    return tuple(found)


def evaluate(
    cases: Iterable[Case], distractors: Sequence[str], check: Callable[[ClaimInput], Verdict]
) -> list[Result]:
    results = []
    for case in cases:
        for variant, text in variants(case, distractors):
            verdict = check(case.claim(text))
            results.append(Result(case, variant, text, verdict, problems(verdict, case.expect)))
    return results


def report_lines(results: Sequence[Result]) -> list[str]:
    """Agreement by mechanism: cases whose quote agrees, and cases whose four variants all do."""
    by_mechanism: dict[str, dict[str, list[Result]]] = {}
    for result in results:
        by_mechanism.setdefault(result.case.mechanism, {}).setdefault(result.case.id, []).append(
            result
        )
    header = f"{'mechanism':<16} {'cases':>5} {'quote agrees':>13} {'all 4 agree':>12}"
    lines = [header, "-" * len(header)]
    totals = [0, 0, 0]
    for mechanism in sorted(by_mechanism):
        cases = by_mechanism[mechanism]
        quote = sum(1 for runs in cases.values() if runs[0].agrees)
        every = sum(1 for runs in cases.values() if all(run.agrees for run in runs))
        lines.append(f"{mechanism:<16} {len(cases):>5} {quote:>13} {every:>12}")
        totals = [totals[0] + len(cases), totals[1] + quote, totals[2] + every]
    lines.append(f"{'all':<16} {totals[0]:>5} {totals[1]:>13} {totals[2]:>12}")
    failing = [result for result in results if not result.agrees]
    if failing:
        lines.append("")
        lines.extend(
            f"{result.case.id} ({result.variant}): {'; '.join(result.problems)}"
            for result in failing
        )
    return lines

"""Claims files for `manage.py checkclaims`: read and validate them, print verdicts, and measure
agreement with the rulings a file expects.

A claims file is YAML (a list of rows, or a mapping with a `claims` list) or CSV with a header
row. Fields: id, text (required), claimant, said_on (YYYY-MM-DD), attributed_to, cited_sources
(document ids; in CSV separated by ";"), and, only read by --evaluate, expected: {rating,
findings, figures, rated_by} (in CSV: expected_rating, expected_findings, expected_figures).
Every row is validated before any claim is checked; all problems are reported together, each
naming its row and field.
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from claims.engine import FINDING_CODES, RATING_SCALE, ClaimInput, Verdict
from claims.engine.policy import steps_between
from datasets.tables import read_csv, split_list

FIELDS = ("id", "text", "claimant", "said_on", "attributed_to", "cited_sources", "expected")
EXPECTED_FIELDS = ("rating", "findings", "figures", "rated_by")
CSV_EXPECTED = {
    "expected_rating": "rating",
    "expected_findings": "findings",
    "expected_figures": "figures",
    "expected_rated_by": "rated_by",
}


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad one ("2024-13-45") is reported with its
    row and field instead of failing the whole file."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class ClaimFileError(Exception):
    """The file cannot be used; `problems` name the row and field of each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            self.problems[0] if count == 1 else f"{count} problems in the claims file."
        )


@dataclass(frozen=True)
class Expected:
    rating: str
    findings: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimRow:
    row: int  # 1-based row of a YAML list; line number for CSV (the header is line 1)
    claim: ClaimInput
    expected: Expected | None = None


@dataclass
class _Row:
    number: int
    data: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        ident = self.data.get("id")
        return f"row {self.number}" + (f" (id {ident})" if isinstance(ident, str | int) else "")

    def problem(self, name: str, message: str) -> None:
        self.problems.append(f"{self.label}, field {name}: {message}")


# -- reading --------------------------------------------------------------------------------


def _load(path: Path) -> tuple[list[Any], int]:
    """Return the raw rows and the number of the first one."""
    suffix = path.suffix.lower()
    if suffix not in {".yaml", ".yml", ".csv"}:
        raise ClaimFileError([f"{path.name}: give a .yaml, .yml or .csv file."])
    try:
        if suffix == ".csv":
            return read_csv(path), 2
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except OSError as exc:
        raise ClaimFileError([f"{path}: cannot be read ({exc.strerror or exc})."]) from exc
    except (yaml.YAMLError, UnicodeDecodeError, csv.Error) as exc:
        raise ClaimFileError([f"{path.name}: not valid {suffix[1:].upper()} ({exc})."]) from exc
    if isinstance(data, dict) and isinstance(data.get("claims"), list):
        data = data["claims"]
    if not isinstance(data, list):
        raise ClaimFileError([f"{path.name}: the YAML must be a list of claims."])
    return data, 1


def _text(row: _Row, name: str, *, required: bool = False) -> str:
    value = row.data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            row.problem(name, "is required.")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        row.problem(name, f"must be text, not {type(value).__name__}.")
        return ""
    return " ".join(str(value).split()) if name == "text" else str(value).strip()


def _date(row: _Row) -> datetime.date | None:
    value = row.data.get("said_on")
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        row.problem("said_on", f"{value!r} is not a date (write YYYY-MM-DD).")
        return None


def _words(row: _Row, name: str, value: Any) -> tuple[str, ...]:
    """A list of ids, written as a YAML list or in one string as a spreadsheet cell holds a list
    (datasets.tables.split_list: "doc_a; doc_b")."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(split_list(value, ids=True))
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(item.strip() for item in value if item.strip())
    row.problem(name, "must be a list of ids.")
    return ()


def _expected(row: _Row) -> Expected | None:
    value = row.data.get("expected")
    if value is None:
        return None
    if not isinstance(value, dict):
        row.problem("expected", "must map rating, findings and figures.")
        return None
    for key in sorted(set(value) - set(EXPECTED_FIELDS)):
        row.problem(f"expected.{key}", f"is not a known field ({', '.join(EXPECTED_FIELDS)}).")
    rating = value.get("rating")
    if rating not in RATING_SCALE:
        row.problem("expected.rating", f"{rating!r} is not one of {', '.join(RATING_SCALE)}.")
    findings = _words(row, "expected.findings", value.get("findings"))
    for code in findings:
        if code not in FINDING_CODES:
            row.problem("expected.findings", f"{code!r} is not a finding code.")
    figures = _words(row, "expected.figures", value.get("figures"))
    return Expected(rating=str(rating), findings=findings, figures=figures)


def _from_csv(data: dict[str | None, Any]) -> dict[str, Any]:
    """Fold a CSV row's expected_* columns into an `expected` mapping like YAML's."""
    row: dict[str, Any] = {}
    expected: dict[str, Any] = {}
    for key, value in data.items():
        name = (key or "").strip()
        if name in CSV_EXPECTED:
            if value not in (None, ""):
                expected[CSV_EXPECTED[name]] = value
        else:
            row[name or "(unnamed column)"] = value
    if expected:
        row["expected"] = expected
    return row


def _validate(number: int, data: Any, *, from_csv: bool) -> tuple[ClaimRow | None, list[str]]:
    if not isinstance(data, dict):
        return None, [f"row {number}: must be a mapping of fields, not {type(data).__name__}."]
    row = _Row(number, _from_csv(data) if from_csv else data)
    for name in sorted(set(map(str, row.data)) - set(FIELDS)):
        row.problem(name, f"is not a known field ({', '.join(FIELDS)}).")
    ident = _text(row, "id", required=True)
    claim = ClaimInput(
        id=ident,
        text=_text(row, "text", required=True),
        claimant=_text(row, "claimant"),
        said_on=_date(row),
        attributed_to=_text(row, "attributed_to"),
        cited_sources=_words(row, "cited_sources", row.data.get("cited_sources")),
    )
    expected = _expected(row)
    if row.problems:
        return None, row.problems
    return ClaimRow(row=number, claim=claim, expected=expected), []


def read_claim_file(path: Path) -> list[ClaimRow]:
    """Read and validate every row; raise ClaimFileError listing every problem found."""
    raw, first = _load(path)
    rows: list[ClaimRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for offset, data in enumerate(raw):
        row, found = _validate(first + offset, data, from_csv=first == 2)
        problems.extend(found)
        if row is None:
            continue
        if row.claim.id in seen:
            problems.append(
                f"row {row.row} (id {row.claim.id}), field id: repeats row {seen[row.claim.id]}."
            )
        seen.setdefault(row.claim.id, row.row)
        rows.append(row)
    if not raw:
        problems.append(f"{path.name}: contains no claims.")
    if problems:
        raise ClaimFileError(problems)
    return rows


# -- output ---------------------------------------------------------------------------------


def jsonl_lines(verdicts: Iterable[Verdict]) -> list[str]:
    """One JSON object per claim: id, rating, findings, figures, numbers."""
    return [json.dumps(verdict.to_dict(), ensure_ascii=False) for verdict in verdicts]


def _table(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(cells[i])) for cells in (header, *body)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True))

    return [line(header).rstrip(), line(["-" * width for width in widths]).rstrip()] + [
        line(cells).rstrip() for cells in body
    ]


def table_lines(verdicts: Sequence[Verdict]) -> list[str]:
    """A table for people: one line per claim, then each finding's explanation beneath it."""
    body = [
        [v.id, v.rating, ", ".join(v.codes) or "-", ", ".join(v.figures) or "-"] for v in verdicts
    ]
    lines = _table(["id", "rating", "findings", "figures"], body)
    for verdict in verdicts:
        lines.append("")
        lines.append(f"{verdict.id}: {verdict.rating}")
        lines.extend(f"  - {f.code}: {f.explanation}" for f in verdict.findings)
    return lines


# -- agreement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """How one verdict compares with the ruling its row expects."""

    id: str
    expected: Expected
    rating: str
    missing_findings: tuple[str, ...]
    missing_figures: tuple[str, ...]

    @property
    def rating_exact(self) -> bool:
        return self.rating == self.expected.rating

    @property
    def within_one_step(self) -> bool:
        apart = steps_between(self.rating, self.expected.rating)
        return self.rating_exact or (apart is not None and apart <= 1)

    @property
    def figures_traced(self) -> bool:
        return not self.missing_figures

    @property
    def findings_present(self) -> bool:
        return not self.missing_findings


def compare(rows: Sequence[ClaimRow], verdicts: Sequence[Verdict]) -> list[Agreement]:
    """Compare each verdict with its row's expected ruling (rows without one are left out)."""
    agreements = []
    for row, verdict in zip(rows, verdicts, strict=True):
        if row.expected is None:
            continue
        agreements.append(
            Agreement(
                id=row.claim.id,
                expected=row.expected,
                rating=verdict.rating,
                missing_findings=tuple(c for c in row.expected.findings if c not in verdict.codes),
                missing_figures=tuple(f for f in row.expected.figures if f not in verdict.figures),
            )
        )
    return agreements


def agreement_lines(agreements: Sequence[Agreement]) -> list[str]:
    """Per-claim comparison, then the agreement totals."""

    def mark(ok: bool) -> str:
        return "yes" if ok else "NO"

    def missing(names: Sequence[str]) -> str:
        return f" (missing {', '.join(names)})" if names else ""

    body = [
        [
            a.id,
            a.expected.rating,
            a.rating,
            mark(a.rating_exact),
            mark(a.within_one_step),
            mark(a.figures_traced) + missing(a.missing_figures),
            mark(a.findings_present) + missing(a.missing_findings),
        ]
        for a in agreements
    ]
    header = ["id", "expected", "engine", "exact", "within one", "figures", "findings"]
    lines = _table(header, body)
    total = len(agreements)

    def share(name: str, count: int) -> str:
        percent = f" ({100 * count / total:.0f}%)" if total else ""
        return f"{name}: {count}/{total}{percent}"

    lines += [
        "",
        share("rating exact", sum(a.rating_exact for a in agreements)),
        share("rating within one step", sum(a.within_one_step for a in agreements)),
        share("figures traced", sum(a.figures_traced for a in agreements)),
        share("findings present", sum(a.findings_present for a in agreements)),
    ]
    return lines

"""The evidence behind a ruling or a quick check, ready for a page: each finding with its
plain-language title and the figures it rests on, the traced figures, the comparison chart,
and the source documents with their reliability. The claim page, the quick check and the
editor's page show it through `templates/includes/evidence.html`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from claims.charts import Chart, comparison_chart
from claims.engine.verdict import finding_title
from claims.models import Ruling, claimed_values
from datasets.models import Document, Figure
from datasets.signals import registry_generation
from factcheck.kept import Kept


@dataclass(frozen=True)
class EvidenceFinding:
    code: str
    degree: str
    title: str
    text: str
    figures: list[Figure]
    documents: list[Document]
    # The series rows the finding cites: stored {"series", "start", "end", "geo"} dicts, or the
    # engine's (slug, start, end, geo) tuples.
    series: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """A document the evidence cites, with the traced figures it holds."""

    document: Document
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class Evidence:
    findings: list[EvidenceFinding]
    traced: list[Figure]
    chart: Chart | None
    sources: list[Source]


def _plain(finding: Any) -> dict:
    """A stored finding (a dict) or an engine one, as a dict."""
    if isinstance(finding, dict):
        return finding
    return {
        "code": finding.code,
        "degree": finding.degree,
        "text": finding.explanation,
        "figures": list(finding.figures),
        "documents": list(finding.documents),
        "series": list(getattr(finding, "series", ())),
    }


def gather_evidence(
    findings: Iterable[Any], traced: Sequence[Figure], *, numbers: Sequence[dict]
) -> Evidence:
    """The evidence for stored or engine findings and the traced figures (fetched with their
    category and document). At most two queries, whatever the number of findings: figures
    named by findings but not traced, and documents named by findings."""
    plain = [_plain(finding) for finding in findings]
    figures = {figure.slug: figure for figure in traced}
    wanted = {slug for f in plain for slug in f.get("figures", ())} - set(figures)
    if wanted:
        figures |= Figure.objects.with_related().in_bulk(list(wanted), field_name="slug")
    named = {slug for f in plain for slug in f.get("documents", ())}
    documents = Document.objects.in_bulk(list(named), field_name="slug") if named else {}
    evidence_findings = [
        EvidenceFinding(
            code=f.get("code", ""),
            degree=f.get("degree", ""),
            title=finding_title(f.get("code", ""), f.get("degree", "")),
            text=f.get("text", ""),
            figures=[figures[s] for s in f.get("figures", ()) if s in figures],
            documents=[documents[s] for s in f.get("documents", ()) if s in documents],
            series=list(f.get("series", ())),
        )
        for f in plain
    ]
    sources: dict[int, Source] = {}
    for figure in traced:
        sources.setdefault(figure.document_id, Source(figure.document)).figures.append(figure)
    for finding in evidence_findings:
        for document in finding.documents:
            sources.setdefault(document.pk, Source(document))
    return Evidence(
        findings=evidence_findings,
        traced=list(traced),
        chart=comparison_chart(claimed_values(list(numbers)), list(traced)),
        sources=list(sources.values()),
    )


def ruling_evidence(ruling: Ruling) -> Evidence:
    """The evidence of a saved ruling: its stored findings and the figures it traces, in order."""
    traced = list(
        Figure.objects.with_related().filter(traces__ruling=ruling).order_by("traces__position")
    )
    return gather_evidence(ruling.findings, traced, numbers=ruling.numbers)


# Rendered HTML kept per process (the evidence, a reader's ruling): it depends only on what its
# key names. The evidence's key names the ruling's version and stored proposal, or the checked
# quote, with the registry generation. The latest RENDERED_KEPT of them are kept.
RENDERED_KEPT = 512
_rendered: Kept[SafeString] = Kept(RENDERED_KEPT)


def kept_html(key: tuple, render: Callable[[], str]) -> SafeString:
    """What `render()` returns (HTML a template escaped as it printed it), rendered once for
    `key` and kept."""
    return _rendered.get(key, lambda: SafeString(render()))


def rendered_evidence(key: tuple, build: Callable[[], Evidence]) -> SafeString:
    """`includes/evidence.html` for the evidence `build()` gathers, rendered once for `key`."""
    return kept_html(
        ("evidence", *key),
        lambda: render_to_string("includes/evidence.html", {"evidence": build()}),
    )


def ruling_evidence_html(ruling: Ruling, *, generation: str | None = None) -> SafeString:
    """The rendered evidence of a saved ruling, for the ruling's current version and proposal
    and the registry as it stands (a figure or document edited since renders again). The
    registry generation is read unless given."""
    stored = json.dumps(
        [ruling.findings, ruling.numbers, ruling.engine_version], sort_keys=True, default=str
    )
    key = (
        "ruling",
        ruling.pk,
        ruling.version,
        hashlib.sha256(stored.encode()).hexdigest(),
        generation if generation is not None else registry_generation(),
    )
    return rendered_evidence(key, lambda: ruling_evidence(ruling))

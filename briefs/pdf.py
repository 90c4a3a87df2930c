"""PDF fact-check briefs: what editors send to a desk, a lawyer or a partner newsroom, and archive.

A brief is the claim page's content set for print: Django templates under templates/briefs/,
styled by static/css/brief.css with the fonts shipped in static/fonts/, typeset by WeasyPrint.
This is the only module that imports WeasyPrint; views and tasks import it when they need a brief.

Safety: quotes and summaries are written by strangers. The templates escape them, and WeasyPrint
loads resources only through `StaticOnlyFetcher`, which serves our own static files under the
`static:` scheme (`static:css/brief.css`) and inline `data:` URIs, and refuses every other scheme
and host, so that markup slipping through could still fetch nothing.

Caching: a brief is stored once, as MEDIA_ROOT/briefs/<sha256>.pdf. The hash covers the rendered
HTML (without the generation date), the stylesheet, WeasyPrint's version and RENDERER_VERSION, so
the same content gives back the same file and any change to it (an edit, a correction, a re-traced
figure) gives a new one. The date printed on a brief is the day that file was first typeset.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import mimetypes
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from weasyprint.urls import URLFetcher, URLFetcherResponse

from briefs.models import BriefJob
from claims.charts import comparison_chart
from claims.engine import RATING_SCALE_VERSION
from claims.engine.verdict import finding_title
from claims.models import Claim, TracedFigure, TracedRow, claimed_values
from claims.models.claim import whole_words
from claims.ratings import Rating, ordered_scale, rating_label
from datasets.charts import series_chart_svg
from datasets.models import Document, SeriesRow
from datasets.permalinks import permalink
from datasets.series_links import series_url

logger = logging.getLogger(__name__)

# Bump when the fonts or the typesetting options change: template and stylesheet changes alter
# the hash by themselves, these would otherwise leave stale PDFs in the cache.
RENDERER_VERSION = "1"
STYLESHEET = "css/brief.css"
PDF_VARIANT = "pdf/ua-1"  # tagged, with the document language and title, as far as WeasyPrint goes
STORAGE_FOLDER = "briefs"
TOC_QUOTE_LENGTH = 140  # the contents quote each claim up to here, ending on a whole word

# The generation date is not part of the content: the templates print these markers, the hash is
# taken with them in place, and they are replaced just before typesetting. Autoescaped user text
# cannot contain "<!--", so only the templates can produce them.
GENERATED_ON = mark_safe("<!--brief:generated-on-->")
GENERATED_AT = mark_safe("<!--brief:generated-at-->")

Progress = Callable[[int, int], None]


# --- what WeasyPrint may load


class RefusedResource(ValueError):
    """WeasyPrint asked for something a brief may not load. WeasyPrint catches it, logs a
    warning and renders without the resource."""


class StaticOnlyFetcher(URLFetcher):
    """Serve `static:<path>` from Django's staticfiles finders and decode `data:` URIs; refuse
    everything else (file://, http(s)://, ftp:, any host) without opening a file or a socket.
    `served` and `refused` record the URLs asked for."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme, _, rest = url.partition(":")
        found = None
        if scheme.lower() == "static":
            found = _static_file(rest)
        elif scheme.lower() == "data":
            found = _data_uri(rest)
        if found is None:
            self.refused.append(url)
            logger.warning("A brief asked for %.200s; refused", url)
            raise RefusedResource(f"Briefs load only static: and data: URLs, not {url[:200]!r}")
        body, content_type = found
        self.served.append(url)
        return URLFetcherResponse(url, body, headers={"Content-Type": content_type})


def _static_file(path: str) -> tuple[bytes, str] | None:
    """The bytes of one of our static files, found as `{% static %}` would find it."""
    path = unquote(path.split("#", 1)[0].split("?", 1)[0])
    parts = path.split("/")
    if not path or "\\" in path or "\x00" in path or any(p in {"", ".", ".."} for p in parts):
        return None
    found = finders.find(path)
    if not found:
        return None
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return Path(found).read_bytes(), content_type


def _data_uri(rest: str) -> tuple[bytes, str] | None:
    header, comma, payload = rest.partition(",")
    if not comma:
        return None
    params = header.split(";")
    content_type = params[0].strip() or "text/plain"
    if "base64" in params[1:]:
        return base64.b64decode(payload, validate=False), content_type
    return unquote_to_bytes(payload), content_type


# --- typesetting and the cache


def render_pdf(html: str, *, identifier: str = "", fetcher: URLFetcher | None = None) -> bytes:
    """Typeset a brief's HTML. Only `fetcher` (a StaticOnlyFetcher by default) loads anything."""
    document = weasyprint.HTML(
        string=html, base_url=None, url_fetcher=fetcher or StaticOnlyFetcher()
    )
    return document.write_pdf(
        pdf_variant=PDF_VARIANT, pdf_identifier=identifier.encode() if identifier else None
    )


@dataclass(frozen=True)
class StoredBrief:
    sha256: str
    cached: bool  # True when an identical brief had been typeset before

    @property
    def name(self) -> str:
        return storage_name(self.sha256)


def storage_name(sha256: str) -> str:
    return f"{STORAGE_FOLDER}/{sha256}.pdf"


def open_brief(sha256: str) -> File:
    return default_storage.open(storage_name(sha256), "rb")


def content_hash(html: str) -> str:
    digest = hashlib.sha256()
    for part in (RENDERER_VERSION, weasyprint.__version__):
        digest.update(part.encode() + b"\0")
    stylesheet = _static_file(STYLESHEET)
    digest.update(stylesheet[0] if stylesheet else b"")
    digest.update(b"\0" + html.encode())
    return digest.hexdigest()


def store(html: str) -> StoredBrief:
    """Typeset `html` unless a brief of the same content is stored already; say where it is."""
    sha256 = content_hash(html)
    name = storage_name(sha256)
    if default_storage.exists(name):
        return StoredBrief(sha256=sha256, cached=True)
    pdf = render_pdf(_stamped(html), identifier=sha256[:32])
    saved = default_storage.save(name, ContentFile(pdf))
    if saved != name:  # another process stored the same brief meanwhile: keep theirs
        default_storage.delete(saved)
    return StoredBrief(sha256=sha256, cached=False)


def is_stored(sha256: str) -> bool:
    return default_storage.exists(storage_name(sha256))


# The marker that says a brief is being typeset lives this long at most, so that a renderer
# killed mid-way (an out-of-memory kill, a lost machine) blocks nobody for longer.
RENDERING_MARKER_SECONDS = 180
WAIT_STEP_SECONDS = 0.2


def _rendering_key(sha256: str) -> str:
    return f"brief-rendering:{sha256}"


def is_rendering(sha256: str) -> bool:
    return cache.get(_rendering_key(sha256)) is not None


def store_once(html: str, *, wait: float = 0.0) -> StoredBrief | None:
    """Store the brief of `html`, typesetting it only if no other request or task is typesetting
    the same content (single flight: an atomic marker in the shared cache). Whoever finds the
    marker taken waits up to `wait` seconds for the other's PDF; None when it is still not
    stored then, so that a burst of requests for one uncached brief costs one typesetting and
    ties up no worker for long."""
    sha256 = content_hash(html)
    if is_stored(sha256):
        return StoredBrief(sha256=sha256, cached=True)
    key = _rendering_key(sha256)
    if cache.add(key, "1", timeout=RENDERING_MARKER_SECONDS):
        try:
            return store(html)
        finally:
            cache.delete(key)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        if is_stored(sha256):
            return StoredBrief(sha256=sha256, cached=True)
    return None


def _stamped(html: str) -> str:
    now = timezone.localtime()
    return html.replace(GENERATED_ON, now.strftime("%-d %B %Y")).replace(
        GENERATED_AT, now.isoformat(timespec="seconds")
    )


# --- content


def _traces() -> Prefetch:
    return Prefetch(
        "ruling__traces",
        queryset=TracedFigure.objects.select_related("figure__category", "figure__document"),
    )


def _traced_rows() -> Prefetch:
    return Prefetch(
        "ruling__traced_rows", queryset=TracedRow.objects.select_related("series__document")
    )


def load_claims(pks: Iterable[int]) -> list[Claim]:
    """The claims with everything a brief shows, in the order given, in a fixed number of
    queries (and one more per claim traced to official data series). Claims deleted since they
    were chosen are left out."""
    pks = list(pks)
    claims = Claim.objects.filter(pk__in=pks).select_related("ruling", "ruling__editor")
    by_pk = {
        c.pk: c for c in claims.prefetch_related(_traces(), _traced_rows(), "ruling__corrections")
    }
    return [by_pk[pk] for pk in pks if pk in by_pk]


def series_charts(traced_rows: Iterable[TracedRow]) -> list[dict]:
    """The official tables a ruling's numbers were traced to, each drawn by the series page's
    own chart code with the rows the ruling used highlighted, and the permalink to those rows.
    A table by state shows every state's row for the periods used; any other table, its rows
    for the places used. One query, whatever the number of tables."""
    used: dict[int, list[TracedRow]] = {}
    for traced in traced_rows:
        used.setdefault(traced.series_id, []).append(traced)
    if not used:
        return []
    wanted = Q()
    for series_id, rows in used.items():
        if rows[0].series.period_kind == "state_fiscal_year":
            for row in rows:
                wanted |= Q(
                    series_id=series_id, period_start=row.period_start, period_end=row.period_end
                )
        else:
            wanted |= Q(series_id=series_id, geo__in={row.geo for row in rows})
    drawn: dict[int, list[SeriesRow]] = {}
    for series_row in SeriesRow.objects.filter(wanted).order_by(
        "series_id", "period_start", "geo"
    ):
        drawn.setdefault(series_row.series_id, []).append(series_row)
    charts = []
    for series_id, rows in used.items():
        series = rows[0].series
        marked = [(row.period_start, row.period_end, row.geo) for row in rows]
        charts.append(
            {
                "series": series,
                "svg": series_chart_svg(series, drawn.get(series_id, []), marked=marked),
                "periods": [row.period_start for row in rows],
                "url": permalink(series_url(series.slug, marked)),
            }
        )
    return charts


def _cited_documents(claims: list[Claim]) -> dict[str, Document]:
    slugs = {
        slug
        for claim in claims
        for finding in claim.ruling.findings
        for slug in finding.get("documents", ())
    }
    return Document.objects.in_bulk(list(slugs), field_name="slug") if slugs else {}


def section_context(claim: Claim, *, number: int, documents: dict[str, Document]) -> dict:
    """What one claim's section of a brief shows. Evidence rows are numbered, and each finding
    cites the rows of the figures it rests on."""
    ruling = claim.ruling
    traced = [trace.figure for trace in ruling.traces.all()]
    rows = {figure.slug: n for n, figure in enumerate(traced, 1)}
    # Documents behind the evidence rows are cited there in full; name only the others.
    in_evidence = {figure.document.slug for figure in traced}
    findings = [
        {
            "code": finding.get("code", ""),
            "title": finding_title(finding.get("code", ""), finding.get("degree", "")),
            "text": finding.get("text", ""),
            "rows": [rows[s] for s in finding.get("figures", ()) if s in rows],
            "untraced": [s for s in finding.get("figures", ()) if s not in rows],
            "documents": [
                documents[s]
                for s in finding.get("documents", ())
                if s in documents and s not in in_evidence
            ],
        }
        for finding in ruling.findings
    ]
    rating = ruling.final_rating
    scale = ordered_scale()
    return {
        "claim": claim,
        "ruling": ruling,
        "number": number,
        "anchor": f"claim-{claim.pk}",
        "traced": traced,
        "findings": findings,
        "chart": comparison_chart(claimed_values(ruling.numbers), traced),
        "series_charts": series_charts(ruling.traced_rows.all()),
        "rating": rating,
        "rating_label": rating_label(rating),
        "scale": scale,
        "scale_position": scale.index(rating) + 1 if rating in scale else None,
        "corrections": list(ruling.corrections.all()),
        "permalink": permalink(claim),
        "toc_quote": whole_words(claim.text, limit=TOC_QUOTE_LENGTH),
        "rating_scale_version": RATING_SCALE_VERSION,
    }


@dataclass(frozen=True)
class Paper:
    size: str  # the CSS @page size
    height: str  # a full page, for the cover


PAPER = {"letter": Paper("letter", "279.4mm"), "a4": Paper("A4", "297mm")}


def _page_context(title: str, description: str) -> dict:
    return {
        "paper": PAPER[settings.BRIEF_PAGE_SIZE],
        "outlet": settings.OUTLET_NAME,
        "title": title,
        "description": description,
        "generated_on": GENERATED_ON,
        "generated_at": GENERATED_AT,
    }


def claim_html(claim: Claim) -> str:
    """The single-claim brief as HTML, ready for `store`."""
    prefetch_related_objects([claim], _traces(), _traced_rows(), "ruling__corrections")
    section = section_context(claim, number=1, documents=_cited_documents([claim]))
    title = f"Fact-check: “{claim.short_text}”"
    description = f"{settings.OUTLET_NAME} fact-check, rated {section['rating_label']}" + (
        f": a claim by {claim.claimant}" if claim.claimant else ""
    )
    return render_to_string(
        "briefs/claim.html",
        _page_context(title, description)
        | {"section": _render_section(section), "keywords": f"fact-check, {section['rating']}"},
    )


def claim_brief(claim: Claim) -> StoredBrief:
    """The PDF brief of one claim, typeset now or found in the cache."""
    return store(claim_html(claim))


def collection_html(
    pks: Iterable[int], *, title: str, scope: str = "", progress: Progress | None = None
) -> str:
    """A brief of several claims: a cover (the title, and what the brief holds in words when
    the title was typed), a table of contents and a section per claim. `progress(done, total)`
    is called as each section is set; the typesetting is one more step."""
    claims = load_claims(pks)
    documents = _cited_documents(claims)
    total = len(claims) + 1
    entries, sections = [], []
    for number, claim in enumerate(claims, 1):
        section = section_context(claim, number=number, documents=documents)
        entries.append(section)
        sections.append(_render_section(section))
        if progress:
            progress(number, total)
    tally = Counter(entry["rating"] for entry in entries)
    ratings = [
        (rating_label(rating), tally[rating])
        for rating in [*ordered_scale(), Rating.UNVERIFIABLE]
        if tally[rating]
    ]
    description = f"{settings.OUTLET_NAME} fact-check brief of {len(claims)} claims"
    return render_to_string(
        "briefs/collection.html",
        _page_context(title, description)
        | {
            "scope": scope,
            "entries": entries,
            "sections": sections,
            "ratings": ratings,
            "keywords": "fact-check",
        },
    )


def collection_brief(
    pks: Iterable[int], *, title: str, scope: str = "", progress: Progress | None = None
) -> StoredBrief:
    return store(collection_html(pks, title=title, scope=scope, progress=progress))


def _render_section(section: dict) -> SafeString:
    return render_to_string("briefs/section.html", section)


def prune(*, older_than: timedelta) -> tuple[int, int]:
    """Delete multi-claim brief jobs and stored PDFs older than `older_than`; return how many of
    each. Safe at any time: a single-claim brief is typeset again when next asked for, and a
    job younger than the limit only refers to PDFs at least as young."""
    cutoff = timezone.now() - older_than
    jobs, _ = BriefJob.objects.filter(created_at__lt=cutoff).delete()
    files = 0
    try:
        _, names = default_storage.listdir(STORAGE_FOLDER)
    except FileNotFoundError:
        return jobs, 0
    for name in names:
        path = f"{STORAGE_FOLDER}/{name}"
        if name.endswith(".pdf") and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            files += 1
    return jobs, files

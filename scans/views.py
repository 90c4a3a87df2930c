"""The scan pages: a text scanned for checkable numbers, its result, and its candidates saved.

Journalists and editors scan. A scan is seen by the person who made it and by editors; to
anyone else it is 404, as a draft claim is.
"""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from accounts import roles
from claims.models import Claim
from claims.ratings import ordered_scale
from datasets.http import HtmxHttpRequest
from scans.forms import ScanForm, max_upload_bytes
from scans.highlight import segments
from scans.models import Scan, ScanSentence

# Room for the form's other fields and the multipart framing around an uploaded file.
BODY_MARGIN_BYTES = 2 * 1024 * 1024
MAX_SAVED_AT_ONCE = 100


def _newsroom_only(request: HttpRequest) -> None:
    if not roles.can_check(request.user):
        raise PermissionDenied("Scans are for journalists and editors.")


def _visible_scan(request: HttpRequest, pk: UUID) -> Scan:
    scans = Scan.objects.all()
    if not roles.is_editor(request.user):
        scans = scans.filter(author=cast(User, request.user))
    return get_object_or_404(scans, pk=pk)


class LimitedUpload(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit, so that a file too large is
    never written out in full (Django would otherwise stream it to a temporary file)."""

    def __init__(self, limit: int, request=None) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_big = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@csrf_exempt
def scan_new(request: HttpRequest) -> HttpResponse:
    """Journalists and editors: paste a text or upload a file to scan. A text of up to
    SCAN_INLINE_CHARS characters is read within the request; a longer one by a background task,
    its page showing the progress. Either way the result has its own URL.

    CSRF is checked (below) once the upload's size guard is in place: the guard must be set
    before anything reads the body, and the CSRF check reads it."""
    guard = LimitedUpload(max_upload_bytes(), request)
    request.upload_handlers.insert(0, guard)
    return _scan_new(request, guard)


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def _scan_new(request: HttpRequest, guard: LimitedUpload) -> HttpResponse:
    _newsroom_only(request)
    recent = Scan.objects.filter(author=cast(User, request.user)).only(
        "id", "speaker", "venue", "said_on", "source_name", "created_at", "status", "words"
    )[:10]
    context = {"form": ScanForm(), "recent": recent}
    if request.method != "POST":
        return render(request, "scans/scan_new.html", context)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    too_big = (
        f"The upload is larger than {settings.SCAN_MAX_FILE_MB} MB, the most a scan takes. "
        "Nothing was stored."
    )
    if length > max_upload_bytes() + BODY_MARGIN_BYTES:
        return render(request, "scans/scan_new.html", context | {"refused": too_big}, status=413)
    form = ScanForm(request.POST, request.FILES)
    if guard.too_big:
        return render(request, "scans/scan_new.html", context | {"refused": too_big}, status=413)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "scans/scan_new.html", context | {"form": form})
    data = form.cleaned_data
    text = data["scan_text"]
    scan = Scan.objects.create(
        author=cast(User, request.user),
        source_name=data["source_name"],
        speaker=" ".join(data["speaker"].split()),
        said_on=data["said_on"],
        venue=" ".join(data["venue"].split()),
        text=text,
        words=len(text.split()),
        total=len(text),
    )
    if len(text) <= settings.SCAN_INLINE_CHARS:
        scan.run()
    else:
        transaction.on_commit(scan.start)
    return redirect(scan)


@require_safe
@login_required
@vary_on_headers("HX-Request")
def scan_detail(request: HtmxHttpRequest, pk: UUID) -> HttpResponse:
    """The journalist who made the scan, and editors: the text with each candidate highlighted
    in place (each a link to its row), the candidates ranked, the sentences whose numbers are
    not in our sources, and the form that saves ticked candidates as draft claims. While a
    background task reads it, the progress (htmx polls the status region every second)."""
    from workers.heartbeat import task_state

    _newsroom_only(request)
    scan = _visible_scan(request, pk)
    if not scan.is_finished:
        task = task_state(scan.task_id) if scan.task_id else None
        template = "scans/scan_detail.html#status" if request.htmx else "scans/scan_detail.html"
        return render(request, template, {"scan": scan, "task": task})
    found = list(scan.sentences.select_related("claim").order_by("position"))
    candidates = sorted((s for s in found if s.is_candidate), key=lambda s: s.rank or 0)
    context = {
        "scan": scan,
        "segments": segments(scan.text, [s for s in found if s.is_candidate]),
        "candidates": candidates,
        "elsewhere": [s for s in found if not s.is_candidate],
        "scale": ordered_scale(),
    }
    return render(request, "scans/scan_detail.html", context)


@require_POST
@login_required
def scan_save(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The journalist who made the scan, and editors: save the ticked candidates as draft
    claims, each with its sentence, its speaker, the scan's date and venue, and a link back to
    the scan; with "send for review", each goes to the editors' review queue at once. A
    candidate saved before is not saved twice."""
    _newsroom_only(request)
    scan = _visible_scan(request, pk)
    ticked = {int(value) for value in request.POST.getlist("sentence") if value.isdigit()}
    chosen = list(
        scan.sentences.filter(is_candidate=True, position__in=ticked, claim__isnull=True).order_by(
            "rank"
        )[: MAX_SAVED_AT_ONCE + 1]
    )
    if not chosen:
        messages.error(request, "Tick the candidates to save; nothing was saved.")
        return redirect(scan)
    if len(chosen) > MAX_SAVED_AT_ONCE:
        messages.error(
            request, f"Save at most {MAX_SAVED_AT_ONCE} candidates at once; nothing was saved."
        )
        return redirect(scan)
    review = request.POST.get("review") == "yes"
    with transaction.atomic():
        for sentence in chosen:
            _save(request.user, scan, sentence, review=review)
    count = len(chosen)
    sent = " and sent them for review" if review else ""
    messages.success(request, f"Saved {count} candidate{pluralize(count)} as draft claims{sent}.")
    return redirect(f"{scan.get_absolute_url()}#candidates")


def _save(user, scan: Scan, sentence: ScanSentence, *, review: bool) -> Claim:
    claim = Claim.create_checked(
        author=user,
        text=sentence.text,
        claimant=sentence.speaker or scan.speaker,
        said_on=scan.said_on,
        venue=scan.venue,
    )
    if review:
        ruling = claim.ruling
        ruling.submit(by=user, expected_version=ruling.version)
    ScanSentence.objects.filter(pk=sentence.pk).update(claim=claim)
    return claim

"""PDF briefs: one claim's brief on demand, and multi-claim briefs made in the background.

briefs.pdf (and WeasyPrint with it) is imported only when a brief is made or served, so that
its weight stays off every other page.
"""

from __future__ import annotations

from datetime import date
from typing import cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils.text import Truncator
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from accounts import roles
from accounts.throttling import ClientRateThrottle
from briefs.models import BriefJob
from claims.forms import ClaimFilterForm
from claims.views import filtered_claims, visible_claim
from datasets.http import HtmxHttpRequest

# Typesetting on request happens only when a brief is not stored yet (the worker typesets a
# ruling's brief when it is published or corrected): a few a minute per address is plenty.
RENDER_RATE = "6/min"
# How long a request for a brief someone else is typesetting waits before it is told to come back.
RENDER_WAIT_SECONDS = 3.0
RETRY_AFTER_SECONDS = 5


def _brief_makers_only(request: HttpRequest) -> None:
    if not roles.is_staff_reader(request.user):
        raise PermissionDenied("Briefs of several claims are made by editors and researchers.")


def _pdf_response(sha256: str, *, filename: str, as_attachment: bool) -> FileResponse:
    from briefs import pdf

    try:
        stored = pdf.open_brief(sha256)
    except FileNotFoundError:
        raise Http404("That brief is no longer stored.") from None
    response = FileResponse(
        stored, as_attachment=as_attachment, filename=filename, content_type="application/pdf"
    )
    response["ETag"] = f'"{sha256}"'
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
def claim_brief(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The claim as a PDF brief, for whoever may read the claim: editors and researchers for any
    claim, journalists for published claims and their own, anonymous visitors for published
    rulings only. Drafts are 404 for everyone else, as on the claim page."""
    from briefs import pdf

    claim = visible_claim(request, pk)
    html = pdf.claim_html(claim)
    sha256 = pdf.content_hash(html)
    if not pdf.is_stored(sha256) and not pdf.is_rendering(sha256):
        throttle = ClientRateThrottle(RENDER_RATE, scope="brief-render")
        if not throttle.allow_request(request):
            return _being_prepared(request, claim=claim, status=429, wait=throttle.retry_after())
    brief = pdf.store_once(html, wait=RENDER_WAIT_SECONDS)
    if brief is None:
        return _being_prepared(request, claim=claim, status=503, wait=RETRY_AFTER_SECONDS)
    return _pdf_response(
        brief.sha256, filename=f"fact-check-claim-{claim.pk}.pdf", as_attachment=False
    )


def _being_prepared(request: HttpRequest, *, claim, status: int, wait: int) -> HttpResponse:
    """The brief cannot be had right now: it is being typeset (503), or this address asked for
    too many new briefs (429). Either way, when to come back."""
    response = render(
        request,
        "briefs/preparing.html",
        {"claim": claim, "wait": wait, "too_many": status == 429},
        status=status,
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def brief_create(request: HttpRequest) -> HttpResponse:
    """Editors and researchers: start a PDF brief of several claims, made in the background:
    the claims ticked on the claims list or, when none is ticked, those matching the list's
    filter (the first BriefJob.MAX_CLAIMS). The cover names what the brief holds: the filter in
    words, or the title the editor typed with the filter beneath it. Journalists export one
    claim at a time."""
    _brief_makers_only(request)  # and login_required: the user is a real account
    typed = " ".join(request.POST.get("brief_title", "").split())
    if len(typed) > BriefJob.TITLE_MAX_LENGTH:
        messages.error(
            request,
            f"Keep the brief's title to {BriefJob.TITLE_MAX_LENGTH} characters; no brief was "
            "started.",
        )
        return redirect("claim_list")
    form = ClaimFilterForm(request.POST)
    claims = filtered_claims(request.user, form)
    ticked = {int(value) for value in request.POST.getlist("claim") if value.isdigit()}
    if ticked:
        claims = claims.filter(pk__in=ticked)
    limit = BriefJob.MAX_CLAIMS
    ids = list(claims.values_list("pk", flat=True)[: limit + 1])
    if not ids:
        messages.error(request, "No claim to put in a brief: tick some, or change the filter.")
        return redirect("claim_list")
    suffix = ""
    if len(ids) > limit:
        ids = ids[:limit]
        suffix = f" (the first {limit} of {claims.count()})"
    # Filters of the longest allowed lengths make a title longer than its column: shorten the
    # filters' part, keep what follows it.
    room = BriefJob.TITLE_LENGTH - len(suffix)
    title = Truncator(_brief_title(form, ticked=bool(ticked), count=len(ids))).chars(room)
    title += suffix
    scope = ""
    if typed:  # the editor's title on the cover, with what the brief holds beneath it
        title, scope = typed, title
    job = BriefJob.objects.create(
        requested_by=cast(User, request.user),
        title=title,
        scope=scope,
        claim_ids=ids,
        total=len(ids) + 1,
    )
    transaction.on_commit(job.start)
    return redirect(job)


def _brief_title(form: ClaimFilterForm, *, ticked: bool, count: int) -> str:
    if ticked:
        return f"{count} selected claim{pluralize(count)}"
    if not form.is_valid():
        return "Claims"
    terms = []
    for name, value in form.cleaned_data.items():
        if value in (None, ""):
            continue
        if isinstance(value, date):
            value = value.strftime("%-d %B %Y")
        elif name in {"rating", "status"}:
            value = dict(form.fields[name].choices)[value]  # type: ignore[attr-defined]
        terms.append(f"{str(form[name].label).lower()}: {value}")
    return "Claims matching " + "; ".join(terms) if terms else "All claims"


@require_safe
@login_required
@vary_on_headers("HX-Request")
def brief_job(request: HtmxHttpRequest, pk: UUID) -> HttpResponse:
    """The editor or researcher who started a multi-claim brief: its progress, then the download
    link. htmx polls the same URL every second for the status region until the brief is ready
    or failed. What it says of the background task (waiting, running with its last progress,
    stalled and to be retried, failed and why) comes from the task's heartbeat."""
    from workers.heartbeat import task_state

    _brief_makers_only(request)
    job = get_object_or_404(BriefJob, pk=pk, requested_by=request.user)
    task = None if job.is_finished else task_state(job.task_id)
    template = "briefs/job.html#status" if request.htmx else "briefs/job.html"
    return render(request, template, {"job": job, "task": task})


@require_safe
@login_required
def brief_download(request: HttpRequest, pk: UUID) -> HttpResponseBase:
    """The editor or researcher who started a multi-claim brief: the PDF, once it is ready."""
    _brief_makers_only(request)
    job = get_object_or_404(
        BriefJob, pk=pk, requested_by=request.user, status=BriefJob.Status.READY
    )
    return _pdf_response(
        job.sha256, filename=f"fact-check-brief-{job.created_at:%Y-%m-%d}.pdf", as_attachment=True
    )

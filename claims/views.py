"""The newsroom's pages: the quick check, claims and their rulings, and the editorial workflow.

Who may use each view is stated on it. Claims a user may not see are 404, never 403, so that
drafts do not reveal that they exist.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from accounts import roles
from briefs.models import BriefJob
from claims import permissions
from claims.checking import check_claim
from claims.engine import ClaimInput
from claims.evidence import gather_evidence, ruling_evidence
from claims.forms import (
    CheckForm,
    ClaimFilterForm,
    ClaimForm,
    CorrectionForm,
    RulingForm,
    VersionForm,
)
from claims.models import (
    Claim,
    ClaimQuerySet,
    ConflictError,
    Correction,
    Ruling,
    WorkflowError,
    verdict_numbers,
)
from claims.ratings import ordered_scale, rating_label
from datasets.http import HtmxHttpRequest
from datasets.models import Figure

RECENT_RULINGS = 5
CHECKED_BEFORE = 5


def _newsroom_only(request: HttpRequest) -> None:
    if not roles.can_check(request.user):
        raise PermissionDenied


@require_safe
@vary_on_headers("HX-Request", "Cookie")
def home(request: HttpRequest) -> HttpResponse:
    """Everyone: the latest published rulings; journalists and editors also get the quick check."""
    recent = Claim.objects.latest_published()[:RECENT_RULINGS]
    context = {"recent": recent, "scale": ordered_scale()}
    if roles.can_check(request.user):
        context |= _check_context(request, CheckForm(request.GET or None))
    return render(request, "claims/home.html", context)


@require_safe
@login_required
@vary_on_headers("HX-Request")
def check(request: HtmxHttpRequest) -> HttpResponse:
    """Journalists and editors: the quick check. `/check/?q=…` is shareable; the same view answers
    htmx with the result region only, and works as a plain form without JavaScript."""
    _newsroom_only(request)
    context = _check_context(request, CheckForm(request.GET or None))
    template = "claims/check.html#result" if request.htmx else "claims/check.html"
    return render(request, template, context)


def _check_context(request: HttpRequest, form: CheckForm) -> dict:
    context: dict = {"form": form, "scale": ordered_scale()}
    if not form.is_bound or not form.is_valid() or not form.cleaned_data["q"].strip():
        return context
    data = form.cleaned_data
    verdict = check_claim(
        ClaimInput(
            text=data["q"],
            claimant=data["claimant"],
            said_on=data["said_on"],
            attributed_to=data["attributed_to"],
        )
    )
    figures = Figure.objects.with_related().in_bulk(list(verdict.figures), field_name="slug")
    traced = [figures[slug] for slug in verdict.figures if slug in figures]
    context |= {
        "verdict": verdict,
        "evidence": gather_evidence(verdict.findings, traced, numbers=verdict_numbers(verdict)),
        "rating_label": rating_label(verdict.rating),
        "checked_before": _checked_before(request.user, verdict.figures),
        "save_form": ClaimForm(
            initial={
                "text": data["q"],
                "claimant": data["claimant"],
                "said_on": data["said_on"],
                "attributed_to": data["attributed_to"],
            }
        ),
        "share_query": urlencode({k: v for k, v in request.GET.items() if k in form.fields and v}),
    }
    return context


def _checked_before(user, figure_slugs) -> list[Claim]:
    if not figure_slugs:
        return []
    return list(
        Claim.objects.visible_to(user)
        .filter(ruling__figures__slug__in=list(figure_slugs))
        .select_related("ruling")
        .distinct()
        .order_by("-said_on", "-pk")[:CHECKED_BEFORE]
    )


@require_POST
@login_required
def claim_create(request: HttpRequest) -> HttpResponse:
    """Journalists and editors: save a check as a draft claim."""
    _newsroom_only(request)
    form = ClaimForm(request.POST)
    if not form.is_valid():
        return render(request, "claims/claim_form.html", {"form": form}, status=200)
    data = form.cleaned_data
    claim = Claim.create_checked(
        author=request.user,
        cited_documents=data.pop("cited_documents"),
        **data,
    )
    messages.success(request, "Saved as a draft claim with the engine's proposal.")
    return redirect(claim)


@require_safe
@vary_on_headers("HX-Request", "Cookie")
def claim_list(request: HtmxHttpRequest) -> HttpResponse:
    """Everyone: published claims; the newsroom also sees the drafts it may read."""
    form = ClaimFilterForm(request.GET or None)
    claims = filtered_claims(request.user, form)
    page = Paginator(claims, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "form": form,
        "page": page,
        "query_string": urlencode(query),
        "show_status": request.user.is_authenticated,
        "can_make_briefs": roles.is_staff_reader(request.user),
        "max_brief_claims": BriefJob.MAX_CLAIMS,
        "brief_title_max": BriefJob.TITLE_MAX_LENGTH,
    }
    template = "claims/claim_list.html#results" if request.htmx else "claims/claim_list.html"
    return render(request, template, context)


def filtered_claims(user: Any, form: ClaimFilterForm) -> ClaimQuerySet:
    """The claims list's filter (also what a multi-claim brief takes when none is ticked)."""
    claims = Claim.objects.visible_to(user).select_related("ruling", "author")
    if form.is_valid():
        claims = claims.matching(form.cleaned_data)
    return claims.order_by("-said_on", "-pk")


def visible_claim(request: HttpRequest, pk: int) -> Claim:
    """The claim if this user may read it; 404 otherwise, so that drafts stay unseen."""
    return get_object_or_404(
        Claim.objects.visible_to(request.user).select_related(
            "ruling", "author", "ruling__editor"
        ),
        pk=pk,
    )


@require_safe
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone for published claims; authors, editors and researchers for drafts."""
    claim = visible_claim(request, pk)
    ruling = claim.ruling
    versions = ruling.versions.select_related("changed_by")
    corrections = ruling.corrections.select_related("editor")
    user = request.user
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "ruling": ruling,
            "evidence": ruling_evidence(ruling),
            "versions": versions,
            "corrections": corrections,
            "scale": ordered_scale(),
            "can_edit": permissions.can_edit(user, claim),
            "can_submit": permissions.can_submit(user, claim),
            "can_publish": permissions.can_publish(user, claim),
            "can_correct": permissions.can_correct(user, claim),
            "can_accept_revision": roles.is_editor(user) and ruling.has_pending_revision,
        },
    )


def _editable_claim(request: HttpRequest, pk: int, allowed) -> Claim:
    claim = visible_claim(request, pk)
    if not allowed(request.user, claim):
        raise PermissionDenied
    return claim


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Journalists: their own drafts (summary); editors: any unpublished claim (and the rating)."""
    claim = _editable_claim(request, pk, permissions.can_edit)
    ruling = claim.ruling

    def save(data: dict) -> None:
        ruling.edit(
            by=request.user,
            expected_version=data["version"],
            summary=data["summary"],
            rating=data.get("rating", ruling.rating),
            override_reason=data.get("override_reason", ruling.override_reason),
            headline=data["headline"],
            in_short=data["in_short"],
        )

    return _ruling_form_page(
        request,
        claim,
        RulingForm,
        save,
        can_override=roles.can_override(request.user),
        mode="edit",
        done="Ruling saved.",
    )


def _ruling_form_page(request, claim, form_class, save, *, can_override, mode, done):
    """Show a ruling form; on a valid POST call `save(cleaned_data)`. A concurrent save keeps
    this user's text on the form beside the saved version; nothing is written."""
    ruling = claim.ruling
    form = form_class(request.POST or None, initial=_initial(ruling), can_override=can_override)
    if ruling.in_short_is_draft:
        form.fields["in_short"].help_text = (
            "Drafted by the engine from its findings: a draft until you save it. "
            + str(form.fields["in_short"].help_text)
        )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ConflictError as exc:
            conflict = exc.current
            form = _conflict_form(form_class, request, conflict, can_override=can_override)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(claim)
    return render(
        request,
        "claims/ruling_form.html",
        {"claim": claim, "ruling": ruling, "form": form, "conflict": conflict, "mode": mode},
    )


def _initial(ruling: Ruling) -> dict:
    """A ruling form's starting values, with the version the edit starts from."""
    return {
        "headline": ruling.headline,
        "in_short": ruling.in_short,
        "summary": ruling.summary,
        "rating": ruling.rating,
        "override_reason": ruling.override_reason,
        "version": ruling.version,
    }


def _conflict_form(form_class, request, current: Ruling, **kwargs):
    """Keep what this user typed and move it onto the version that is now saved, so they can
    merge the two texts and save again: nothing is lost."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(
        None,
        "Someone else saved this ruling while you were editing. Their version is shown below; "
        "your text is kept in the form. Merge the two and save again.",
    )
    return form


def _add_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
@login_required
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author of a draft, or an editor: send it for review."""
    claim = _editable_claim(request, pk, permissions.can_submit)
    return _transition(request, claim, "submit", "Submitted for review.")


@require_POST
@login_required
def claim_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors: publish a reviewed claim."""
    claim = _editable_claim(request, pk, permissions.can_publish)
    return _transition(request, claim, "publish", "Published.")


def _transition(request: HttpRequest, claim: Claim, verb: str, done: str) -> HttpResponse:
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The form was incomplete; nothing changed. Please try again.")
        return redirect(claim)
    try:
        getattr(claim.ruling, verb)(by=request.user, expected_version=form.cleaned_data["version"])
    except ConflictError:
        messages.error(
            request,
            "The ruling changed since you opened it; nothing changed. Review it and retry.",
        )
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(claim)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def claim_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors: correct a published ruling with a dated public note."""
    claim = _editable_claim(request, pk, permissions.can_correct)

    def save(data: dict) -> None:
        claim.ruling.correct(
            by=request.user,
            expected_version=data["version"],
            note=data["note"],
            summary=data["summary"],
            rating=data["rating"],
            override_reason=data["override_reason"],
            headline=data["headline"],
            in_short=data["in_short"],
        )

    return _ruling_form_page(
        request,
        claim,
        CorrectionForm,
        save,
        can_override=True,
        mode="correct",
        done="Correction published.",
    )


@require_POST
@login_required
def claim_accept_revision(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors: make a re-checked proposal the proposal after a source changed."""
    claim = _editable_claim(request, pk, lambda user, _claim: roles.is_editor(user))
    form = VersionForm(request.POST)
    if not form.is_valid() or not claim.ruling.has_pending_revision:
        messages.error(request, "There is no revised proposal to accept.")
        return redirect(claim)
    try:
        claim.ruling.accept_revision(
            by=request.user,
            expected_version=form.cleaned_data["version"],
            verdict=check_claim(claim.engine_input()),
        )
    except ConflictError:
        messages.error(request, "The ruling changed since you opened it; nothing changed.")
    else:
        messages.success(request, "The revised proposal is now the proposal.")
    return redirect(claim)


@require_safe
def corrections_log(request: HttpRequest) -> HttpResponse:
    """Everyone: every correction to a published ruling, newest first."""
    corrections = Correction.objects.filter(
        ruling__claim__status=Claim.Status.PUBLISHED
    ).select_related("ruling__claim", "editor")
    page = Paginator(corrections, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/corrections.html", {"page": page})

"""The newsroom's pages: the quick check, claims and their rulings, and the editorial workflow.

Who may use each view is stated on it. Claims a user may not see are 404, never 403, so that
drafts do not reveal that they exist.
"""

from __future__ import annotations

import hashlib
import json
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from accounts import roles
from briefs.models import BriefJob
from claims import permissions
from claims.checking import check_claim
from claims.comparison import describe, differences
from claims.engine import ClaimInput
from claims.evidence import (
    Evidence,
    gather_evidence,
    kept_html,
    rendered_evidence,
    ruling_evidence,
    ruling_evidence_html,
)
from claims.forms import (
    MAX_CITED_DOCUMENTS,
    CheckForm,
    ClaimFilterForm,
    ClaimForm,
    CorrectionForm,
    RulingForm,
    VersionForm,
)
from claims.models import (
    LIST_ORDER,
    Claim,
    ClaimQuerySet,
    ConflictError,
    Correction,
    Ruling,
    TracedFigure,
    WorkflowError,
    quote_fingerprint,
    ruling_history,
    verdict_numbers,
)
from claims.ratings import ordered_scale, rating_label
from datasets.http import HtmxHttpRequest
from datasets.models import Document, Figure
from datasets.pagination import (
    BadCursor,
    KeysetPage,
    bounded_count,
    keyset_page,
    numbered_page,
)
from datasets.permalinks import permalink
from datasets.signals import registry_generation
from factcheck.kept_pages import kept_page

RECENT_RULINGS = 5
CHECKED_BEFORE = 5
PICKER_RESULTS = 12
DOCUMENT_SUGGESTIONS = 12
MAX_PICKER_QUERY = 200


def _newsroom_only(request: HttpRequest) -> None:
    if not roles.can_check(request.user):
        raise PermissionDenied(
            "The quick check and saving claims are for journalists and editors."
        )


@require_safe
@kept_page
@vary_on_headers("HX-Request", "Cookie")
def home(request: HttpRequest) -> HttpResponse:
    """Everyone: the latest published rulings; journalists and editors also get the quick check."""
    recent = Claim.objects.latest_published()[:RECENT_RULINGS]
    context = {"recent": recent, "scale": ordered_scale()}
    if roles.can_check(request.user):
        context |= _check_context(request, _check_form(request, request.GET))
    return render(request, "claims/home.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@kept_page
@vary_on_headers("HX-Request")
def check(request: HtmxHttpRequest) -> HttpResponse:
    """Journalists and editors: the quick check. `/check/?q=…` is shareable. The form posts, so
    that a long quote never meets a URL's length limit: a short one is then answered at its
    shareable address (a redirect, or for htmx the address pushed to the history), a long one
    on the spot. The same view answers htmx with the result region only, and works as a plain
    form without JavaScript."""
    _newsroom_only(request)
    data = request.POST if request.method == "POST" else request.GET
    form = _check_form(request, data)
    share_query = form.share_query() if form.is_bound and form.is_valid() else None
    if request.method == "POST" and not request.htmx and share_query is not None:
        see_other = redirect(f"{reverse('check')}?{share_query}")
        see_other.status_code = 303
        return see_other
    context = _check_context(request, form)
    if not request.htmx:
        return render(request, "claims/check.html", context)
    response = render(request, "claims/check.html#result", context)
    # The quote's field, with or without its message, travels along (out of band) only when its
    # message changes, so that what someone is typing is never replaced under them.
    if form.errors.get("q") or "q_error_shown" in data:
        response.content += render_to_string(
            "claims/check.html#quote-field", context | {"oob": True}, request=request
        ).encode()
    if request.method == "POST":
        response["HX-Push-Url"] = (
            f"{reverse('check')}?{share_query}" if share_query else reverse("check")
        )
    return response


def _check_form(request: HttpRequest, data) -> CheckForm:
    """The quick check's form, bound when a quote was sent. While someone types the quote or
    changes who said it and when (htmx, triggered by those fields), an empty quote is a pause
    and gets the hint; pressing "Check" with no quote gets the message."""
    if "q" not in data:
        return CheckForm()
    adjusting = getattr(request, "htmx", False) and request.headers.get("HX-Trigger") in {
        "id_q",
        "checker-extra",
    }
    return CheckForm(data, require_quote=not adjusting)


def _check_context(request: HttpRequest, form: CheckForm) -> dict:
    context: dict = {"form": form, "scale": ordered_scale()}
    if not form.is_bound or not form.is_valid() or not form.cleaned_data["q"].strip():
        return context
    data = form.cleaned_data
    checked = ClaimInput(
        text=data["q"],
        claimant=data["claimant"],
        said_on=data["said_on"],
        attributed_to=data["attributed_to"],
    )
    generation = registry_generation()
    verdict = check_claim(checked, generation=generation)

    def evidence() -> Evidence:
        figures = Figure.objects.with_related().in_bulk(list(verdict.figures), field_name="slug")
        traced = [figures[slug] for slug in verdict.figures if slug in figures]
        return gather_evidence(verdict.findings, traced, numbers=verdict_numbers(verdict))

    context |= {
        "verdict": verdict,
        "evidence_html": rendered_evidence(("check", checked, generation), evidence),
        "rating_label": rating_label(verdict.rating),
        "checked_before": _checked_before(request.user, checked, verdict),
        "save_form": ClaimForm(
            initial={
                "text": data["q"],
                "claimant": data["claimant"],
                "said_on": data["said_on"],
                "attributed_to": data["attributed_to"],
            }
        ),
        "picker": DocumentPicker(),
        "share_query": form.share_query(),
    }
    return context


def _checked_before(user, checked: ClaimInput, verdict) -> list[dict]:
    """Claims this user may read that were saved on the same quote (claims.comparison's
    same_quote) or trace to the same figures, the latest said first; for one on the same quote
    whose saved proposal differs from this check, the difference and why. One query, and two
    more when one of them is on the same quote (their traced figures and cited documents),
    whatever the number: each look-up goes through an index (the quote's fingerprint, the
    traces' figure), and only the claims found are ordered."""
    same = Claim.objects.filter(text_fingerprint=quote_fingerprint(checked.text)).values("pk")
    if verdict.figures:
        traced = TracedFigure.objects.filter(figure__slug__in=list(verdict.figures))
        same = same.union(traced.values("ruling__claim_id"))
    claims = list(
        Claim.objects.visible_to(user)
        .filter(pk__in=same)
        .select_related("ruling")
        .order_by("-said_on", "-pk")[:CHECKED_BEFORE]
    )
    found = differences(claims, checked=checked, verdict=verdict)
    return [
        {
            "claim": claim,
            "difference": found.get(claim.pk),
            "summary": describe(found[claim.pk]) if claim.pk in found else "",
        }
        for claim in claims
    ]


class DocumentPicker:
    """The cited-documents picker of the save form: the documents chosen so far (as chips) and
    at most PICKER_RESULTS others that match what was typed. Never a list of every document:
    the registry may hold thousands."""

    def __init__(self, *, query: str = "", chosen: list[str] | tuple[str, ...] = ()) -> None:
        self.query = " ".join(query.split())[:MAX_PICKER_QUERY]
        slugs = list(dict.fromkeys(slug for slug in chosen if slug))[:MAX_CITED_DOCUMENTS]
        self.chosen = (
            list(Document.objects.filter(slug__in=slugs).order_by("agency", "title"))
            if slugs
            else []
        )
        self.results: list[Document] = []
        self.more = False
        if self.query:
            found = list(
                Document.objects.matching({"q": self.query})
                .exclude(slug__in=slugs)
                .order_by("agency", "title")[: PICKER_RESULTS + 1]
            )
            self.results, self.more = found[:PICKER_RESULTS], len(found) > PICKER_RESULTS

    @classmethod
    def from_data(cls, data) -> DocumentPicker:
        prefix = ClaimForm.prefix
        return cls(
            query=data.get(f"{prefix}-document_search", ""),
            chosen=data.getlist(f"{prefix}-cited_documents"),
        )


@require_safe
@login_required
def document_picker(request: HttpRequest) -> HttpResponse:
    """Journalists and editors: the save form's cited-documents picker, narrowed as they type."""
    _newsroom_only(request)
    picker = DocumentPicker.from_data(request.GET)
    return render(request, "claims/includes/save_form.html#choices", {"picker": picker})


@require_POST
@login_required
def claim_create(request: HttpRequest) -> HttpResponse:
    """Journalists and editors: save a check as a draft claim. Without JavaScript, the picker's
    "Search" button comes here too: the form comes back with the documents found, unsaved."""
    _newsroom_only(request)
    picker = DocumentPicker.from_data(request.POST)
    if f"{ClaimForm.prefix}-find" in request.POST:
        form = ClaimForm(
            initial={
                name: request.POST.get(f"{ClaimForm.prefix}-{name}", "")
                for name in ClaimForm.base_fields
                if name != "cited_documents"
            }
        )
        context = {"form": form, "picker": picker, "searching": True}
        return render(request, "claims/claim_form.html", context)
    form = ClaimForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "picker": picker}
        return render(request, "claims/claim_form.html", context, status=200)
    data = form.cleaned_data
    claim = Claim.create_checked(
        author=request.user,
        cited_documents=data.pop("cited_documents"),
        **data,
    )
    messages.success(request, "Saved as a draft claim with the engine's proposal.")
    return redirect(claim)


@require_safe
@kept_page
@vary_on_headers("HX-Request", "Cookie")
def claim_list(request: HtmxHttpRequest) -> HttpResponse:
    """Everyone: published claims; the newsroom also sees the drafts it may read. Pages follow
    one another by cursor (`after`, `before`), so a page deep in the list costs what the first
    costs; the numbered addresses (`page`) of the first MAX_NUMBERED_PAGES still answer. Two
    queries for a reader (the count, exact up to COUNT_LIMIT, and the page; the document
    filter's check when one is named), whatever the number of claims."""
    form = ClaimFilterForm(request.GET or None)
    claims = filtered_claims(request.user, form)
    page, page_error = _claims_page(claims, request.GET)
    query = {k: v for k, v in request.GET.items() if k not in PAGE_PARAMETERS and v}
    context = {
        "form": form,
        "page": page,
        "count": bounded_count(claims),
        "page_error": page_error,
        "query_string": urlencode(query),
        "show_status": request.user.is_authenticated,
        "can_make_briefs": roles.is_staff_reader(request.user),
        "max_brief_claims": BriefJob.MAX_CLAIMS,
        "brief_title_max": BriefJob.TITLE_MAX_LENGTH,
    }
    template = "claims/claim_list.html#results" if request.htmx else "claims/claim_list.html"
    return render(request, template, context)


PAGE_PARAMETERS = {"page", "after", "before"}
MAX_NUMBERED_PAGES = 40


def _claims_page(claims: ClaimQuerySet, params) -> tuple[KeysetPage, str]:
    """The page the address asks for, and what was wrong with the address (then the first
    page is shown). The page's claims are chosen before their rulings and authors are joined
    (`narrow`), so that a search reads the list's index or the words' indexes, whichever its
    words make cheaper."""
    size = settings.PAGE_SIZE
    after, before, number = params.get("after"), params.get("before"), params.get("page")
    keyset = partial(keyset_page, claims, LIST_ORDER, size, narrow=True)
    if after or before:
        try:
            return keyset(after=after, before=before), ""
        except BadCursor as exc:
            return keyset(), str(exc)
    if number and number != "1":
        if not number.isdigit() or not 1 <= int(number) <= MAX_NUMBERED_PAGES:
            return keyset(), (
                f"Numbered pages go up to {MAX_NUMBERED_PAGES}; from there, follow “Next”. "
                "Here is the first page."
            )
        return numbered_page(claims, LIST_ORDER, size, int(number), narrow=True), ""
    return keyset(), ""


@require_safe
def document_options(request: HttpRequest) -> HttpResponse:
    """Everyone who may read the claims list (everyone): the document filter's suggestions, at
    most DOCUMENT_SUGGESTIONS documents matching what was typed, never the whole registry."""
    text = " ".join(request.GET.get("document", "").split())[:MAX_PICKER_QUERY]
    documents = []
    if text:
        documents = list(
            Document.objects.matching({"q": text}).order_by("agency", "title")[
                :DOCUMENT_SUGGESTIONS
            ]
        )
    return render(
        request, "claims/claim_list.html#document-options", {"document_options": documents}
    )


@require_safe
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Editors: the claims in review, the longest waiting first."""
    if not roles.is_editor(request.user):
        raise PermissionDenied("The review queue is for editors: they publish what is in it.")
    claims = Claim.objects.awaiting_review()
    page = Paginator(claims, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/queue.html", {"page": page})


def filtered_claims(user: Any, form: ClaimFilterForm) -> ClaimQuerySet:
    """The claims list's filter (also what a multi-claim brief takes when none is ticked)."""
    claims = Claim.objects.visible_to(user).select_related("ruling", "author")
    if form.is_valid():
        claims = claims.matching(form.cleaned_data)
    return LIST_ORDER.apply(claims)


def visible_claim(request: HttpRequest, pk: int) -> Claim:
    """The claim if this user may read it; 404 otherwise, so that drafts stay unseen."""
    return get_object_or_404(
        Claim.objects.visible_to(request.user).select_related(
            "ruling", "author", "ruling__editor"
        ),
        pk=pk,
    )


@require_safe
@kept_page
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone for published claims; authors, editors and researchers for drafts."""
    claim = visible_claim(request, pk)
    ruling = claim.ruling
    versions = ruling.versions.select_related("changed_by")
    corrections = list(ruling.corrections.select_related("editor"))
    user = request.user
    # The newsroom reads how the ruling came to be; readers see the corrections.
    history = ruling_history(ruling, versions, corrections) if user.is_authenticated else []
    generation = registry_generation()
    # The scan a claim was saved from, for those who may read that scan: its author and editors.
    found_in = None
    if user.is_authenticated:
        sentences = claim.scan_sentences.select_related("scan").order_by("pk")
        if not roles.is_editor(user):
            sentences = sentences.filter(scan__author=user)
        found_in = sentences.first()
    context = {
        "claim": claim,
        "ruling": ruling,
        "evidence_html": ruling_evidence_html(ruling, generation=generation),
        "registry_generation": generation,
        "history": history,
        "found_in": found_in,
        "corrections": corrections,
        "scale": ordered_scale(),
        "can_edit": permissions.can_edit(user, claim),
        "can_submit": permissions.can_submit(user, claim),
        "can_publish": permissions.can_publish(user, claim),
        "can_correct": permissions.can_correct(user, claim),
        "can_accept_revision": roles.is_editor(user) and ruling.has_pending_revision,
    }
    if not (context["can_submit"] or context["can_publish"] or context["can_accept_revision"]):
        # No form on the ruling, so no CSRF token of this user's in it: it is kept under
        # everything it shows (every reader sees the same).
        key = _ruling_key(
            claim,
            corrections,
            generation,
            newsroom=(versions, found_in, context["can_edit"], context["can_correct"])
            if user.is_authenticated
            else None,
        )
        context["ruling_html"] = kept_html(
            key,
            lambda: render_to_string("claims/claim_detail.html#ruling", context, request=request),
        )
    return render(request, "claims/claim_detail.html", context)


def _ruling_key(
    claim: Claim, corrections: list[Correction], generation: str, *, newsroom: tuple | None
) -> tuple:
    """Everything a ruling page shows: every column of the claim, its ruling, its corrections
    and the people named, the registry generation (the evidence, ClaimReview's publishers), the
    address the page's links start from and the time zone of its dates; for the newsroom also
    the ruling's versions (its history), the scan it was found in and the links it may follow.
    """

    def row(instance) -> list:
        return [getattr(instance, field.attname) for field in instance._meta.concrete_fields]

    ruling = claim.ruling
    shown: list[Any] = [
        row(claim),
        row(ruling),
        ruling.editor.get_username() if ruling.editor else None,
        [[*row(correction), correction.editor.get_username()] for correction in corrections],
    ]
    if newsroom is not None:
        versions, found_in, *links = newsroom
        shown += [
            claim.author.get_username(),
            [[*row(v), v.changed_by.get_username() if v.changed_by else None] for v in versions],
            [row(found_in), row(found_in.scan)] if found_in else None,
            links,
        ]
    digest = hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()
    where = (get_script_prefix(), timezone.get_current_timezone_name())
    return ("ruling", claim.pk, newsroom is not None, digest, generation, where)


def _editable_claim(request: HttpRequest, pk: int, allowed, reason: str) -> Claim:
    """The claim if this user may take this step with it; a 403 that says why otherwise (and a
    404 for a claim they may not even read)."""
    claim = visible_claim(request, pk)
    if not allowed(request.user, claim):
        raise PermissionDenied(reason)
    return claim


EDIT_REASON = (
    "Editors edit any ruling that is not yet published; journalists edit their own drafts. "
    "A published ruling changes only through a correction."
)
SUBMIT_REASON = "Only the author of a draft, or an editor, sends it for review."
PUBLISH_REASON = "Only editors publish, and only a claim that is in review."
CORRECT_REASON = "Only editors correct a ruling, and only once it is published."
REVISION_REASON = "Only editors accept a revised proposal."


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Journalists: their own drafts (summary); editors: any unpublished claim (and the rating)."""
    claim = _editable_claim(request, pk, permissions.can_edit, EDIT_REASON)
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


def _ruling_form_page(
    request, claim, form_class, save, *, can_override, mode, done, confirm=False
):
    """Show a ruling form; on a valid POST call `save(cleaned_data)`. A concurrent save keeps
    this user's text on the form beside the saved version; nothing is written. With `confirm`,
    a valid form first comes back as a confirmation that shows what readers will see: only the
    confirmation's own POST (`confirm=yes`) saves, and its "Change it" returns to the form."""
    ruling = claim.ruling
    form = form_class(request.POST or None, initial=_initial(ruling), can_override=can_override)
    if ruling.in_short_is_draft:
        form.fields["in_short"].help_text = (
            "Drafted by the engine from its findings: a draft until you save it. "
            + str(form.fields["in_short"].help_text)
        )
    conflict = None
    if request.method == "POST" and form.is_valid():
        confirmed = not confirm or request.POST.get("confirm") == "yes"
        if not confirmed and "revise" not in request.POST:
            return _confirmation(request, claim, mode=mode, form=form)
        try:
            if confirmed:
                save(form.cleaned_data)
        except ConflictError as exc:
            conflict = exc.current
            form = _conflict_form(form_class, request, conflict, can_override=can_override)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if confirmed:
                messages.success(request, done)
                return redirect(claim)
    context = {
        "claim": claim,
        "ruling": ruling,
        "form": form,
        "conflict": conflict,
        "mode": mode,
        # The evidence beside the form: the editor rules with the findings in view.
        "evidence": ruling_evidence(ruling),
    }
    return render(request, "claims/ruling_form.html", context)


def _confirmation(request, claim: Claim, *, mode: str, form=None) -> HttpResponse:
    """The step before publishing or correcting: what readers will see once it is done, and a
    POST form that does it (carrying the correction's fields, if any, as they were typed)."""
    ruling = claim.ruling
    preview: dict[str, Any] = {
        "rating": ruling.final_rating,
        "headline": ruling.headline,
        "in_short": ruling.in_short,
        "summary": ruling.summary,
        "override_reason": ruling.override_reason if ruling.is_overridden else "",
    }
    missing = ruling.missing_for_publication() if mode == "publish" else []
    if form is not None:
        data = form.cleaned_data
        rating = data.get("rating") or ruling.proposed_rating
        preview = {
            "rating": rating,
            "headline": " ".join(data["headline"].split()),
            "in_short": data["in_short"].strip(),
            "summary": data["summary"],
            "note": data["note"],
            "previous_rating": ruling.final_rating,
            "override_reason": (
                data.get("override_reason", "") if rating != ruling.proposed_rating else ""
            ),
        }
    context = {
        "claim": claim,
        "ruling": ruling,
        "mode": mode,
        "form": form,
        "preview": preview,
        "missing": missing,
        "scale": ordered_scale(),
        "permalink": permalink(claim.get_absolute_url()),
        "today": timezone.localdate(),
    }
    return render(request, "claims/confirm.html", context)


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
    claim = _editable_claim(request, pk, permissions.can_submit, SUBMIT_REASON)
    return _transition(request, claim, "submit", "Submitted for review.")


@require_POST
@login_required
def claim_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors: publish a reviewed claim. The claim page's "Publish" asks first: it posts here
    without `confirm`, and gets the confirmation of what readers will see, whose own button
    posts `confirm=yes`."""
    claim = _editable_claim(request, pk, permissions.can_publish, PUBLISH_REASON)
    if request.POST.get("confirm") != "yes":
        return _confirmation(request, claim, mode="publish")
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
    claim = _editable_claim(request, pk, permissions.can_correct, CORRECT_REASON)

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
        confirm=True,
    )


@require_POST
@login_required
def claim_accept_revision(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors: make a re-checked proposal the proposal after a source changed."""
    claim = _editable_claim(
        request, pk, lambda user, _claim: roles.is_editor(user), REVISION_REASON
    )
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

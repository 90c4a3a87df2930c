"""What the outlet publishes about itself and for other systems: the methodology, the about
page, ClaimReview, and the public's claim suggestions with the editors' inbox.

Who may use each view is stated on it.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import roles
from accounts.throttling import ClientRateThrottle
from claims.models import Claim
from publishing.claimreview import claim_review
from publishing.forms import SuggestionForm
from publishing.methodology import methodology as methodology_content
from publishing.models import Suggestion

SUGGESTION_RATE = "10/hour"


@require_safe
def claim_review_json(request: HttpRequest, pk: int) -> JsonResponse:
    """Everyone: the schema.org ClaimReview of a published ruling (404 for anything else,
    whoever asks: a draft has no review to publish)."""
    claim = get_object_or_404(Claim.objects.published().select_related("ruling"), pk=pk)
    response = JsonResponse(claim_review(claim), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return response


@require_safe
def methodology(request: HttpRequest) -> HttpResponse:
    """Everyone: how the engine works, generated from the engine's own policy and data."""
    return render(request, "publishing/methodology.html", methodology_content())


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    """Everyone: the outlet, its team and funding, the corrections policy and a contact."""
    return render(
        request,
        "publishing/about.html",
        {
            "description": settings.OUTLET_DESCRIPTION,
            "team": settings.OUTLET_TEAM,
            "funding": settings.OUTLET_FUNDING,
            "contact_email": settings.CONTACT_EMAIL,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest) -> HttpResponse:
    """Everyone: suggest a claim to check. Each address may send a few an hour; a refusal is
    429 with Retry-After, and the form keeps what was typed."""
    form = SuggestionForm(request.POST or None)
    if request.method == "POST":
        throttle = ClientRateThrottle(SUGGESTION_RATE, scope="suggest")
        if not throttle.allow_request(request):
            wait = throttle.retry_after()
            form.is_valid()
            response = render(
                request,
                "publishing/suggest.html",
                {"form": form, "retry_minutes": math.ceil(wait / 60)},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            form.save()
            messages.success(request, "Thank you: the editors will read your suggestion.")
            return redirect("suggest")
    return render(request, "publishing/suggest.html", {"form": form})


def _editors_only(request: HttpRequest) -> None:
    if not roles.is_editor(request.user):
        raise PermissionDenied("Readers' suggestions are read and handled by editors.")


@require_safe
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Editors: the claims readers suggested, oldest unhandled first; `?handled=1` shows the
    handled ones, newest first."""
    _editors_only(request)
    show_handled = request.GET.get("handled") == "1"
    suggestions = Suggestion.objects.select_related("handled_by")
    if show_handled:
        suggestions = suggestions.filter(handled_at__isnull=False).order_by("-handled_at", "-pk")
    else:
        suggestions = suggestions.unhandled().order_by("created_at", "pk")
    page = Paginator(suggestions, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/inbox.html",
        {
            "page": page,
            "show_handled": show_handled,
            "query_string": "handled=1" if show_handled else "",
            "unhandled_count": Suggestion.objects.unhandled().count(),
        },
    )


@require_POST
@login_required
def suggestion_handled(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors: take a suggestion out of the inbox."""
    _editors_only(request)
    suggestion = get_object_or_404(Suggestion, pk=pk)
    suggestion.mark_handled(by=request.user)
    messages.success(request, "Marked as handled.")
    return redirect(reverse("inbox"))

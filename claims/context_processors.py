from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from accounts import roles


def outlet(request: HttpRequest) -> dict[str, str]:
    """The publishing outlet's name, shown in every page's header and title."""
    return {"outlet_name": settings.OUTLET_NAME}


class Links(dict):
    """The addresses every page's header and footer link to, by URL name (`links.claim_list`
    in a template): each reversed the first time a page of this process asks for it, for the
    script prefix and URL configuration in force, instead of on every page."""

    def __missing__(self, name: str) -> str:
        url = self[name] = reverse(name)
        return url


_links: dict[tuple[str, object], Links] = {}


def links(request: HttpRequest) -> dict[str, Links]:
    key = (get_script_prefix(), get_urlconf())
    found = _links.get(key)
    if found is None:
        found = _links.setdefault(key, Links())
    return {"links": found}


def desk(request: HttpRequest) -> dict:
    """For editors, how many claims wait in the review queue (the navigation's count). It is
    counted once per request, and only when a page shows it to an editor."""

    def review_count() -> int | None:
        if not hasattr(request, "_review_count"):
            from claims.models import Claim

            user = getattr(request, "user", None)
            request._review_count = (  # type: ignore[attr-defined]
                Claim.objects.filter(status=Claim.Status.IN_REVIEW).count()
                if user is not None and roles.is_editor(user)
                else None
            )
        return request._review_count  # type: ignore[attr-defined]

    return {"review_count": review_count}

from __future__ import annotations

import threading

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from accounts import roles


def outlet(request: HttpRequest) -> dict[str, str]:
    """The publishing outlet's name, shown in every page's header and title."""
    return {"outlet_name": settings.OUTLET_NAME}


class Links:
    """The addresses every page's header and footer link to, by URL name (`links.claim_list`
    in a template): each reversed once per process for the script prefix and URL
    configuration in force, instead of on every page."""

    _kept: dict[tuple[str, object, str], str] = {}
    _lock = threading.Lock()

    def __getitem__(self, name: str) -> str:
        key = (get_script_prefix(), get_urlconf(), name)
        url = self._kept.get(key)
        if url is None:
            url = reverse(name)
            with self._lock:
                self._kept[key] = url
        return url


LINKS = Links()


def links(request: HttpRequest) -> dict[str, Links]:
    return {"links": LINKS}


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

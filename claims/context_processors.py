from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from accounts import roles


def outlet(request: HttpRequest) -> dict[str, str]:
    """The publishing outlet's name, shown in every page's header and title."""
    return {"outlet_name": settings.OUTLET_NAME}


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

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def outlet(request: HttpRequest) -> dict[str, str]:
    """The publishing outlet's name, shown in every page's header and title."""
    return {"outlet_name": settings.OUTLET_NAME}

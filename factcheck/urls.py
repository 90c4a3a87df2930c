"""The project's URLs: each app's pages, and the JSON API built from each app's router."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from ninja import NinjaAPI
from ninja.errors import Throttled

import claims.api
import datasets.api
import scans.api

api = NinjaAPI(
    title=f"{settings.OUTLET_NAME} API",
    version="1",
    description=(
        "Read-only: the source registry (documents, categories, figures), the published "
        "rulings, and the verdict engine (`/api/check`). Lists are paginated with `page` (up to "
        "100) and `page_size`, and beyond with each page's `next` cursor (`cursor`). "
        "Decimal values are strings, so that no precision is lost."
    ),
    docs_url=None,
    urls_namespace="api",
)
handler403 = "accounts.views.forbidden"

api.add_exception_handler(Throttled, claims.api.too_many_requests)
api.add_router("/", datasets.api.router)
api.add_router("/", claims.api.router)
api.add_router("/", claims.api.check_router)
api.add_router("/", scans.api.router)

# The API first: its addresses are resolved without trying every page's pattern before them.
urlpatterns = [
    path("api/", api.urls),
    path("", include("claims.urls")),
    path("", include("claims.spread_urls")),
    path("", include("briefs.urls")),
    path("", include("scans.urls")),
    path("", include("publishing.urls")),
    path("", include("datasets.urls")),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

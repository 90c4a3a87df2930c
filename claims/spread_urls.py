from __future__ import annotations

from django.urls import path

from claims import spread_views

urlpatterns = [
    path("spread/", spread_views.spread_list, name="spread_list"),
    path("figures/<slug:slug>/spread/", spread_views.figure_spread, name="figure_spread"),
    path("datasets/<slug:slug>/spread/", spread_views.row_spread, name="row_spread"),
    path("claims/<int:pk>/family/", spread_views.claim_family, name="claim_family"),
]

from __future__ import annotations

from django.urls import path

from briefs import views

urlpatterns = [
    path("claims/<int:pk>/brief.pdf", views.claim_brief, name="claim_brief"),
    path("claims/briefs/", views.brief_create, name="brief_create"),
    path("claims/briefs/<uuid:pk>/", views.brief_job, name="brief_job"),
    path("claims/briefs/<uuid:pk>/brief.pdf", views.brief_download, name="brief_download"),
]

from __future__ import annotations

from django.urls import path

from claims import views

urlpatterns = [
    path("", views.home, name="home"),
    path("check/", views.check, name="check"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/documents/", views.document_options, name="document_options"),
    path("queue/", views.review_queue, name="review_queue"),
    path("claims/new/", views.claim_create, name="claim_create"),
    path("claims/new/documents/", views.document_picker, name="document_picker"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim_submit"),
    path("claims/<int:pk>/publish/", views.claim_publish, name="claim_publish"),
    path("claims/<int:pk>/correct/", views.claim_correct, name="claim_correct"),
    path(
        "claims/<int:pk>/accept-revision/",
        views.claim_accept_revision,
        name="claim_accept_revision",
    ),
    path("corrections/", views.corrections_log, name="corrections_log"),
]

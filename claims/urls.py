from __future__ import annotations

from django.urls import path

from claims import pages, views
from claims.feeds import RulingsFeed

urlpatterns = [
    path("", views.home, name="home"),
    path("check/", views.check, name="check"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/new/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim_submit"),
    path("claims/<int:pk>/publish/", views.claim_publish, name="claim_publish"),
    path("claims/<int:pk>/correct/", views.claim_correct, name="claim_correct"),
    path("claims/<int:pk>/brief.pdf", views.claim_brief, name="claim_brief"),
    path("claims/briefs/", views.brief_create, name="brief_create"),
    path("claims/briefs/<uuid:pk>/", views.brief_job, name="brief_job"),
    path("claims/briefs/<uuid:pk>/brief.pdf", views.brief_download, name="brief_download"),
    path(
        "claims/<int:pk>/accept-revision/",
        views.claim_accept_revision,
        name="claim_accept_revision",
    ),
    path("corrections/", views.corrections_log, name="corrections_log"),
    path("claims/<int:pk>/claimreview.json", pages.claim_review_json, name="claim_review"),
    path("feeds/rulings/", RulingsFeed(), name="rulings_feed"),
    path("methodology/", pages.methodology, name="methodology"),
    path("about/", pages.about, name="about"),
    path("suggest/", pages.suggest, name="suggest"),
    path("inbox/", pages.inbox, name="inbox"),
    path("inbox/<int:pk>/handled/", pages.suggestion_handled, name="suggestion_handled"),
]

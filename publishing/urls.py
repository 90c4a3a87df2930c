from __future__ import annotations

from django.urls import path

from publishing import views
from publishing.feeds import RulingsFeed

urlpatterns = [
    path("claims/<int:pk>/claimreview.json", views.claim_review_json, name="claim_review"),
    path("feeds/rulings/", RulingsFeed(), name="rulings_feed"),
    path("methodology/", views.methodology, name="methodology"),
    path("about/", views.about, name="about"),
    path("suggest/", views.suggest, name="suggest"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/handled/", views.suggestion_handled, name="suggestion_handled"),
]

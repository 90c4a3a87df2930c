from __future__ import annotations

from django.urls import path

from scans import views

urlpatterns = [
    path("scan/", views.scan_new, name="scan_new"),
    path("scan/<uuid:pk>/", views.scan_detail, name="scan_detail"),
    path("scan/<uuid:pk>/save/", views.scan_save, name="scan_save"),
]

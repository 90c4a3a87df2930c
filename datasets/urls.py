from __future__ import annotations

from django.urls import path

from datasets import views

urlpatterns = [
    path("sources/", views.document_list, name="document_list"),
    path("sources/<slug:slug>/", views.document_detail, name="document_detail"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
    path("figures/<slug:slug>/", views.figure_detail, name="figure_detail"),
    path("categories/", views.category_list, name="category_list"),
    path("healthz/", views.healthz, name="healthz"),
]

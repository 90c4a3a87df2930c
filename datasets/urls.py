from __future__ import annotations

from django.urls import path

from datasets import views

urlpatterns = [
    path("sources/", views.document_list, name="document_list"),
    path("sources/<slug:slug>/", views.document_detail, name="document_detail"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
    path("figures/<slug:slug>/", views.figure_detail, name="figure_detail"),
    path("categories/", views.category_list, name="category_list"),
    path("datasets/", views.series_list, name="series_list"),
    path("datasets/<slug:slug>/", views.series_detail, name="series_detail"),
    path("datasets/<slug:slug>.csv", views.series_csv, name="series_csv"),
    path("healthz/", views.healthz, name="healthz"),
]

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from datasets.models import (
    Category,
    Document,
    Figure,
    FigureRelation,
    LayTerm,
    RegistrySettings,
    Series,
    SeriesRow,
    Tenure,
    Unit,
)


class LayTermInline(admin.TabularInline):
    model = LayTerm
    extra = 1


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["slug", "label", "means", "does_not_mean", "lay_terms__term"]
    inlines = [LayTermInline]
    list_select_related = ["parent"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "report_number", "date", "kind", "tier", "method_published"]
    list_filter = ["kind", "tier", "method_published", "agency"]
    search_fields = ["slug", "title", "agency", "report_number", "notes"]
    date_hierarchy = "date"


class OutgoingRelationInline(admin.TabularInline):
    model = FigureRelation
    fk_name = "source"
    extra = 1
    autocomplete_fields = ["target"]
    verbose_name = "relation to another figure"


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["slug", "value", "qualifier", "unit", "category", "document", "as_of"]
    list_filter = ["kind", "confidence", "category", "document__agency"]
    search_fields = ["slug", "population", "quote", "notes", "document__title"]
    list_select_related = ["category", "document"]
    autocomplete_fields = ["document", "category"]
    inlines = [OutgoingRelationInline]


@admin.register(FigureRelation)
class FigureRelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    search_fields = ["source__slug", "target__slug"]
    list_select_related = ["source", "target"]
    autocomplete_fields = ["source", "target"]


@admin.register(Tenure)
class TenureAdmin(admin.ModelAdmin):
    list_display = ["label", "start", "end"]
    search_fields = ["label", "slug"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "word_list"]
    search_fields = ["slug", "label", "words"]

    @admin.display(description="words")
    def word_list(self, unit: Unit) -> str:
        return ", ".join(unit.words)


@admin.register(RegistrySettings)
class RegistrySettingsAdmin(admin.ModelAdmin):
    """One row: it can be changed, never added twice nor deleted (the defaults stand in)."""

    list_display = ["__str__", "fiscal_year_start_month", "fiscal_year_start_day"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not RegistrySettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SeriesRowInline(admin.TabularInline):
    model = SeriesRow
    extra = 0
    fields = ["period_text", "period_start", "period_end", "partial", "value", "qualifier", "geo"]
    show_change_link = True


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "publisher", "unit", "category", "period_kind", "confidence"]
    list_filter = ["period_kind", "confidence", "category", "unit"]
    search_fields = ["slug", "title", "publisher", "notes"]
    list_select_related = ["unit", "category"]
    autocomplete_fields = ["document", "category"]
    inlines = [SeriesRowInline]


@admin.register(SeriesRow)
class SeriesRowAdmin(admin.ModelAdmin):
    list_display = ["series", "period_text", "period_start", "period_end", "geo", "value"]
    list_filter = ["series"]
    search_fields = ["series__slug", "period_text", "geo"]
    list_select_related = ["series"]
    autocomplete_fields = ["figures"]

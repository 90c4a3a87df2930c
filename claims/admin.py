"""Claims in the admin are for looking, not editing: every change to a ruling goes through the
workflow (versions, corrections, optimistic locking), which the admin would bypass."""

from __future__ import annotations

from django.contrib import admin

from claims.models import Claim, Correction, Ruling, RulingVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "claimant", "said_on", "status", "author", "created_at"]
    list_filter = ["status", "said_on"]
    search_fields = ["text", "claimant", "venue", "attributed_to"]
    list_select_related = ["author"]
    date_hierarchy = "created_at"


@admin.register(Ruling)
class RulingAdmin(ReadOnlyAdmin):
    list_display = [
        "claim",
        "headline",
        "proposed_rating",
        "rating",
        "engine_version",
        "published_at",
        "version",
    ]
    list_filter = ["proposed_rating", "rating", "engine_version"]
    search_fields = ["claim__text", "headline", "in_short", "summary", "override_reason"]
    list_select_related = ["claim"]


@admin.register(RulingVersion)
class RulingVersionAdmin(ReadOnlyAdmin):
    list_display = ["ruling", "number", "status", "rating", "change", "changed_by", "changed_at"]
    list_filter = ["status", "rating"]
    list_select_related = ["ruling__claim", "changed_by"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["ruling", "corrected_at", "previous_rating", "new_rating", "editor"]
    search_fields = ["note"]
    list_select_related = ["ruling__claim", "editor"]

from __future__ import annotations

from django.contrib import admin

from claims.admin import ReadOnlyAdmin
from publishing.models import Suggestion


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "created_at"]
    search_fields = ["text"]

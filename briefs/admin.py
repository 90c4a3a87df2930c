from __future__ import annotations

from django.contrib import admin

from briefs.models import BriefJob
from claims.admin import ReadOnlyAdmin


@admin.register(BriefJob)
class BriefJobAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "created_at"]

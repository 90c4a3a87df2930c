from __future__ import annotations

from typing import Any

from django import template

from accounts import roles

register = template.Library()


@register.filter
def is_editor(user: Any) -> bool:
    return roles.is_editor(user)

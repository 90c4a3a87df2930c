from __future__ import annotations

from typing import Any

from django import template

from accounts import roles

register = template.Library()


@register.filter
def is_editor(user: Any) -> bool:
    return roles.is_editor(user)


@register.filter
def can_check(user: Any) -> bool:
    return roles.can_check(user)


@register.filter
def is_staff_reader(user: Any) -> bool:
    return roles.is_staff_reader(user)

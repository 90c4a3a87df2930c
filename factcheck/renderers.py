"""The form renderer of every form: Django's, keeping what it rendered from plain values.

A widget (a text box, a select of ratings, a date field) is rendered by a template from a
context of plain values: its name, value, attributes and options. The same context always gives
the same HTML, yet each page renders its forms' widgets again, which costs a page more than its
queries. So the HTML of a context made only of plain values (text, numbers, dates, and lists and
dicts of them) is kept per process, the latest KEPT of them, under the context itself; a context
holding anything else (a model instance, a lazy text) is rendered every time.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.forms.renderers import DjangoTemplates

from factcheck.kept import Kept

KEPT = 2048
# A longer widget (a long quote in its box) is rendered every time rather than kept.
MAX_KEPT_CHARS = 4096
_PLAIN = (str, int, float, bool, type(None), datetime.date, datetime.time)


class _NotPlain(Exception):
    pass


def _frozen(value: Any) -> Any:
    """`value` as a key: a tuple that tells apart everything the template could print
    differently (marked-safe text from text, a list from a tuple, the order of a dict)."""
    if isinstance(value, _PLAIN):
        return (type(value), value)
    if isinstance(value, dict):
        return (dict, tuple((_frozen(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value), tuple(_frozen(item) for item in value))
    raise _NotPlain


class KeptWidgetsRenderer(DjangoTemplates):
    def __init__(self) -> None:
        super().__init__()
        self._kept: Kept[str] = Kept(KEPT)

    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        if request is not None:
            return super().render(template_name, context, request=request)
        try:
            key = (template_name, _frozen(context))
        except _NotPlain:
            return super().render(template_name, context)
        return self._kept.get(
            key,
            lambda: super(KeptWidgetsRenderer, self).render(template_name, context),
            keep=lambda html: len(html) <= MAX_KEPT_CHARS,
        )

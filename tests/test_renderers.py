"""Widgets rendered from plain values are kept, and read exactly as Django renders them."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from claims.forms import CheckForm, ClaimFilterForm
from factcheck.renderers import KeptWidgetsRenderer


def test_a_kept_widget_reads_as_djangos_own_rendering_and_follows_its_value():
    kept, plain = KeptWidgetsRenderer(), DjangoTemplates()
    for data in [{"q": "They lost 325,000 children."}, {"q": "<b>80,000</b> & more"}, {}]:
        for form_class in (CheckForm, ClaimFilterForm):
            form = form_class(data or None)
            for field in form:
                form.renderer = plain
                expected = field.as_widget()
                form.renderer = kept
                assert field.as_widget() == expected
                assert field.as_widget() == expected  # kept
    assert len(kept._kept) > 0


def test_marked_safe_text_and_text_are_kept_apart():
    renderer = KeptWidgetsRenderer()
    widget = forms.TextInput()
    text = widget.render("q", "<b>", renderer=renderer)
    safe = widget.render("q", mark_safe("<b>"), renderer=renderer)
    assert "&lt;b&gt;" in text
    assert text == widget.render("q", "<b>", renderer=DjangoTemplates())
    assert safe == widget.render("q", mark_safe("<b>"), renderer=DjangoTemplates())


def test_a_context_of_other_objects_is_rendered_every_time():
    class Label:
        def __init__(self, text: str) -> None:
            self.text = text

        def __str__(self) -> str:
            return self.text

    renderer = KeptWidgetsRenderer()
    widget = forms.Select(choices=[("a", Label("First"))])
    first = widget.render("rating", "a", renderer=renderer)
    label = widget.choices[0][1]
    label.text = "Renamed"
    assert "Renamed" in widget.render("rating", "a", renderer=renderer)
    assert "First" in first

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict

from datasets.models import Document

MAX_QUERY_LENGTH = 200


class DocumentFilterForm(forms.Form):
    """The sources list's filters, read from GET. A value that does not fit (an unknown kind, a
    year that is not four digits) filters nothing, so an old or hand-edited link still lists
    documents instead of an error."""

    q = forms.CharField(required=False, strip=True)
    agency = forms.CharField(required=False, strip=True)
    kind = forms.ChoiceField(choices=[("", "All kinds"), *Document.Kind.choices], required=False)
    year = forms.RegexField(regex=r"^\d{4}$", required=False)

    def clean_q(self) -> str:
        return str(self.cleaned_data["q"])[:MAX_QUERY_LENGTH]

    def clean_agency(self) -> str:
        return str(self.cleaned_data["agency"])[:MAX_QUERY_LENGTH]

    def filters(self) -> dict[str, str]:
        """Each filter's valid value, or "" where it is missing or does not fit."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


MARK = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})(?:/(.{1,80}))?$")


@dataclass(frozen=True)
class SeriesView:
    """What a series page shows: rows within [start, end] (either open), of one state or all,
    with some rows highlighted ((start, end, geo), geo "" for national rows)."""

    start: date | None = None
    end: date | None = None
    geo: str | None = None
    marks: frozenset[tuple[date, date, str]] = frozenset()

    def query(self) -> str:
        """The filter as a query string (without the highlights), for the CSV download."""
        pairs = [
            ("start", self.start.isoformat() if self.start else ""),
            ("end", self.end.isoformat() if self.end else ""),
            ("geo", self.geo or ""),
        ]
        return urlencode([(k, v) for k, v in pairs if v])


class SeriesFilterForm(forms.Form):
    """A series page's filters, read from GET: a period range, a state, and rows to highlight.

    A value that does not fit is reported on the page and filters nothing."""

    start = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label="From")
    end = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label="To")
    geo = forms.ChoiceField(required=False, label="State")

    def __init__(self, data: QueryDict, *, states: list[str]) -> None:
        super().__init__(data)
        self.fields["geo"].choices = [("", "All states"), *((s, s) for s in states)]  # type: ignore[attr-defined]
        self.marks = data.getlist("mark")[:50]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end comes before the start.")
        marks = set()
        for mark in self.marks:
            match = MARK.match(mark)
            try:
                if match is None:
                    raise ValueError
                first, last = date.fromisoformat(match[1]), date.fromisoformat(match[2])
            except ValueError:
                self.add_error(
                    None,
                    f"“{mark[:60]}” does not name a row: write YYYY-MM-DD/YYYY-MM-DD, "
                    "and /State for a state's row.",
                )
                continue
            marks.add((first, last, match[3] or ""))
        cleaned["marks"] = frozenset(marks)
        return cleaned

    def view(self) -> SeriesView:
        """The filters to apply: all of them when the form is valid, none otherwise (bad input
        changes nothing)."""
        if not self.is_valid():
            return SeriesView()
        data = self.cleaned_data
        return SeriesView(data["start"], data["end"], data["geo"] or None, data["marks"])

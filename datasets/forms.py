from __future__ import annotations

from django import forms

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

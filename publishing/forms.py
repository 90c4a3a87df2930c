from __future__ import annotations

from django import forms

from claims.forms import DateInput, QuoteField
from publishing.models import Suggestion


class SuggestionForm(forms.ModelForm):
    """The public's "suggest a claim to check"."""

    text = QuoteField(
        label="The claim to check",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The words as they were said or written, with the number in them.",
    )
    claimant = forms.CharField(label="Who said it", max_length=200, required=False)
    note = forms.CharField(
        label="Why it should be checked",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        required=False,
    )

    class Meta:
        model = Suggestion
        fields = ["text", "claimant", "said_on", "source_url", "note", "email"]
        widgets = {"said_on": DateInput}

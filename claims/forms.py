from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from claims.models import MAX_QUOTE_LENGTH, Claim
from claims.models.ruling import HEADLINE_MAX_LENGTH, IN_SHORT_MAX_LENGTH
from claims.ratings import rating_choices
from datasets.models import Document

CONTROL_CHARACTERS = {chr(n) for n in range(32)} - {"\t", "\n", "\r"}


def strip_control_characters(text: str) -> str:
    """Keep what a person typed; drop the invisible control characters pasted along with it."""
    return "".join(ch for ch in text if ch not in CONTROL_CHARACTERS)


# A quick check whose query string is longer than this is sent by POST and gets no shareable
# link: well under the 4,094-byte request line gunicorn accepts, and under every browser's limit.
SHAREABLE_QUERY_LIMIT = 2_000


class QuoteField(forms.CharField):
    """A quote of at most MAX_QUOTE_LENGTH characters. The limit is checked by the server, not by
    the browser's `maxlength` (which cuts a pasted quote silently), so that the person who pasted
    too much is told so."""

    default_error_messages = {
        "max_length": (
            f"The quote is %(show_value)s characters long; a check reads at most "
            f"{MAX_QUOTE_LENGTH:,}. Keep the sentences with the number."
        ),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_QUOTE_LENGTH)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def to_python(self, value):
        return strip_control_characters(super().to_python(value) or "")


class DateInput(forms.DateInput):
    input_type = "date"


class CheckForm(forms.Form):
    """The quick check: a quote, and optionally who said it, when, and whom it blames."""

    q = QuoteField(
        label="Paste a quote or a number",
        required=False,
        help_text=f"Up to {MAX_QUOTE_LENGTH:,} characters. A short quote gets a link to share.",
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True, "spellcheck": "false"}),
    )
    claimant = forms.CharField(label="Who said it", max_length=200, required=False)
    said_on = forms.DateField(label="Date said", required=False, widget=DateInput)
    attributed_to = forms.CharField(
        label="Whom it blames or credits", max_length=200, required=False
    )

    def __init__(self, *args, require_quote: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # While someone types, an emptied box is a pause, not a mistake.
        self.require_quote = require_quote
        # The result follows the typing: the quote's own field sends the form (so the server can
        # tell typing from pressing "Check"), into the same region the form fills.
        self.fields["q"].widget.attrs.update(
            {
                "hx-post": reverse("check"),
                "hx-trigger": "input changed delay:400ms",
                "hx-include": "closest form",
                "hx-sync": "closest form:replace",
            }
        )

    def clean_q(self) -> str:
        quote = self.cleaned_data["q"]
        if self.require_quote and not quote.strip():
            raise forms.ValidationError(
                "Paste what was said, with its number, to check it.", code="required"
            )
        return quote

    def share_query(self) -> str | None:
        """The query string of this check's shareable link, or None when the quote is too long to
        travel in a URL."""
        query = urlencode({name: self.data[name] for name in self.fields if self.data.get(name)})
        return query if len(query) <= SHAREABLE_QUERY_LIMIT else None


MAX_CITED_DOCUMENTS = 20


class ClaimForm(forms.ModelForm):
    """Save a check as a draft claim. It sits on the quick check's page beside the check's own
    form, so it always takes the prefix "save" (its ids and names never collide)."""

    prefix = "save"

    text = QuoteField(label="Quote", widget=forms.Textarea(attrs={"rows": 4}))
    # Chosen with the document picker (a search, never a list of every document); the field
    # checks that each slug names a document.
    cited_documents = forms.ModelMultipleChoiceField(
        queryset=Document.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.MultipleHiddenInput,
        help_text="Documents the claim cites; it is checked against these first.",
    )

    def clean_cited_documents(self):
        documents = self.cleaned_data["cited_documents"]
        if len(documents) > MAX_CITED_DOCUMENTS:
            raise forms.ValidationError(
                f"Cite at most {MAX_CITED_DOCUMENTS} documents; the check reads these first."
            )
        return documents

    class Meta:
        model = Claim
        fields = [
            "text",
            "claimant",
            "said_on",
            "venue",
            "venue_url",
            "attributed_to",
            "cited_documents",
        ]
        widgets = {"said_on": DateInput}


class RulingForm(forms.Form):
    """Edit a ruling. `version` is the version the edit started from (optimistic locking)."""

    headline = forms.CharField(
        max_length=HEADLINE_MAX_LENGTH,
        required=False,
        help_text=f"Required to publish; at most {HEADLINE_MAX_LENGTH} characters.",
    )
    in_short = forms.CharField(
        label="In short",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=IN_SHORT_MAX_LENGTH,
        help_text="Two or three sentences readers see first. Required to publish.",
    )
    summary = forms.CharField(
        label="Our ruling",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20_000,
    )
    rating = forms.ChoiceField(
        choices=partial(rating_choices, "Keep the proposed rating"),
        required=False,
        help_text="Only editors may override the proposed rating, and must say why.",
    )
    override_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5_000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, can_override: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not can_override:
            del self.fields["rating"]
            del self.fields["override_reason"]


class CorrectionForm(RulingForm):
    note = forms.CharField(
        label="Public correction note",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        help_text="Dated and shown with the ruling and in the corrections log.",
    )

    field_order = [
        "note",
        "headline",
        "in_short",
        "summary",
        "rating",
        "override_reason",
        "version",
    ]


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1)


class DocumentField(forms.CharField):
    """A document named by its slug, or by words of its title, publisher or report number that
    fit it alone. Never a list of every document: the registry may hold thousands. At most two
    queries."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=200, **kwargs)

    def clean(self, value) -> Document | None:
        text = " ".join(super().clean(value).split())
        if not text:
            return None
        if document := Document.objects.filter(slug=text).first():
            return document
        found = list(Document.objects.matching({"q": text}).order_by("agency", "title")[:2])
        if not found:
            raise forms.ValidationError(f"No document matches “{text}”.")
        if len(found) > 1:
            raise forms.ValidationError(
                f"More than one document matches “{text}”: type more of its title, or choose "
                "one of the suggestions."
            )
        return found[0]


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label="Search", max_length=200, required=False)
    rating = forms.ChoiceField(choices=partial(rating_choices, "Any rating"), required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *Claim.Status.choices], required=False)
    claimant = forms.CharField(max_length=200, required=False)
    document = DocumentField(required=False)
    said_from = forms.DateField(label="Said from", required=False, widget=DateInput)
    said_to = forms.DateField(label="Said until", required=False, widget=DateInput)

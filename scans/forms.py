"""The scan form: a text pasted or a file uploaded, with who said it, when and where."""

from __future__ import annotations

from django import forms
from django.conf import settings

from claims.forms import DateInput, strip_control_characters
from scans.extract import ExtractionError, extract_text
from scans.scanner import MAX_SCAN_CHARS


def max_upload_bytes() -> int:
    return settings.SCAN_MAX_FILE_MB * 1024 * 1024


class ScanForm(forms.Form):
    text = forms.CharField(
        label="Paste a transcript or an article",
        required=False,
        strip=False,
        help_text=f"Up to {MAX_SCAN_CHARS:,} characters (some 20,000 words). Speaker turns are "
        "recognised where a line starts with a name in capitals and a colon (“SMITH:”) or with "
        "“Q.” and “A.”.",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
    file = forms.FileField(
        label="Or upload a file",
        required=False,
        help_text="A .txt, .docx or .pdf file with a text layer.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
    )
    speaker = forms.CharField(
        label="Speaker",
        max_length=200,
        required=False,
        help_text="Who speaks, where the transcript names no one.",
    )
    said_on = forms.DateField(label="Date said", required=False, widget=DateInput)
    venue = forms.CharField(
        label="Venue", max_length=300, required=False, help_text="A rally, a debate, a hearing…"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.SCAN_MAX_FILE_MB
        self.fields[
            "file"
        ].help_text = f"A .txt, .docx or .pdf file with a text layer, at most {limit} MB."

    def clean(self):
        super().clean()
        data = self.cleaned_data
        pasted = (data.get("text") or "").strip()
        upload = data.get("file")
        if pasted and upload:
            raise forms.ValidationError(
                "Paste a text or upload a file, not both: which one should be scanned?"
            )
        if upload:
            if upload.size > max_upload_bytes():
                self.add_error(
                    "file",
                    f"The file is {upload.size / (1024 * 1024):.1f} MB; a scan takes files of "
                    f"at most {settings.SCAN_MAX_FILE_MB} MB. Nothing was stored.",
                )
                return data
            try:
                text = extract_text(upload.name, upload)
            except ExtractionError as exc:
                self.add_error("file", str(exc))
                return data
            data["source_name"] = upload.name[:200]
            field = "file"
        else:
            text = data.get("text") or ""
            data["source_name"] = ""
            field = "text"
        text = strip_control_characters(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
        if not text:
            if field == "file":
                self.add_error("file", "The file holds no text to scan.")
            elif "text" not in self.errors:
                self.add_error("text", "Paste a transcript or an article, or upload a file.")
            return data
        if len(text) > MAX_SCAN_CHARS:
            self.add_error(
                field,
                f"The text is {len(text):,} characters long; a scan reads at most "
                f"{MAX_SCAN_CHARS:,}. Split it and scan each part.",
            )
            return data
        data["scan_text"] = text
        return data

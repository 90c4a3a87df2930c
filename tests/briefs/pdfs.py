"""Reading the PDFs the tests make."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The PDF's text with runs of whitespace made single spaces, as a reader would search it."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def without_spaces(text: str) -> str:
    """For text that may wrap anywhere (markup, URLs): compare it with every space removed."""
    return "".join(text.split())


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def response_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


def html_text(html: str) -> str:
    """The brief's HTML as a reader sees its text: tags dropped, entities read, spaces single."""
    import html as html_module
    import re

    text = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", text)).split())

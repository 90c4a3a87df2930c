"""Uploaded files: a .txt, .docx or .pdf is read; a hostile or malformed one is refused with a
message, and nothing is stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scans.models import Scan
from tests.scans import files

pytestmark = pytest.mark.django_db

SAID = ["SMITH: The Biden administration has lost 85,000 migrant children.",
        "We will rebuild 12 bridges."]  # fmt: skip


def upload(client, name: str, content: bytes, **fields):
    return client.post(
        "/scan/", {"file": SimpleUploadedFile(name, content), "said_on": "2024-06-02", **fields}
    )


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("debate.txt", lambda: "\n".join(SAID).encode()),
        ("debate-utf16.txt", lambda: "\n".join(SAID).encode("utf-16")),
        ("debate.docx", lambda: files.docx(SAID)),
        ("linked.docx", lambda: files.docx_with_hyperlink(SAID)),
        ("debate.pdf", lambda: files.pdf_of(SAID)),
    ],
)
def test_a_file_is_read_and_scanned(newsroom, name, make):
    response = upload(newsroom, name, make())
    scan = Scan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == scan.get_absolute_url()
    assert scan.source_name == name
    candidate = scan.sentences.get(is_candidate=True)
    assert "85,000 migrant children" in candidate.text
    assert candidate.speaker == "Smith"
    assert scan.sentences.filter(is_candidate=False, text__contains="12 bridges").exists()


REFUSED = [
    ("notes.rtf", b"{\\rtf1 They lost 85,000 children.}", "none of these"),
    ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "its content is not a file a scan reads"),
    ("debate.docx", b"%PDF-1.4\n%%EOF\n", "named as a Word document but its content is a PDF"),
    ("debate.txt", files.docx(SAID), "named as a text file but its content is a Word document"),
    ("latin1.txt", "Les 85 000 enfants, à Noël.".encode("latin-1"), "not UTF-8 text"),
    ("bomb.pdf", files.pdf_bomb(), "PDF bomb"),
    ("scanned.pdf", files.pdf_without_text(), "no text layer"),
    ("broken.pdf", b"%PDF-1.7\n" + b"garbage " * 50, "The PDF is damaged"),
    ("bomb.docx", files.docx_bomb(), "unpacks to 64 MB"),
    ("template.docx", files.docx_with_external_template(SAID), "loads content from outside"),
    ("laughs.docx", files.docx_with_entities(), "damaged or unsafe"),
    ("broken.docx", b"PK\x03\x04" + b"\0" * 200, "damaged"),
    ("empty.txt", b"   \n  ", "no text to scan"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_hostile_or_malformed_file_is_refused_with_a_message_and_nothing_stored(
    newsroom, name, content, message
):
    response = upload(newsroom, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Scan.objects.exists()


@pytest.mark.parametrize("megabytes", [1.5, 4])
def test_an_upload_over_the_limit_is_refused_and_not_read_through(newsroom, settings, megabytes):
    """Over the limit by less than the form's other fields might take, the upload is stopped as
    it passes the limit; far over, the request is refused from its announced length."""
    settings.SCAN_MAX_FILE_MB = 1
    big = b"x" * int(megabytes * 1024 * 1024)
    response = upload(newsroom, "big.txt", big)
    assert response.status_code == 413
    assert "larger than 1 MB, the most a scan takes" in response.content.decode()
    assert not Scan.objects.exists()


def test_a_file_with_more_text_than_a_scan_reads_is_refused(newsroom):
    text = ("They lost 85,000 children. " * 5_000).encode()  # 135,000 characters
    response = upload(newsroom, "long.txt", text)
    assert "a scan reads at most 120,000" in response.content.decode()
    assert not Scan.objects.exists()


def test_a_text_and_a_file_together_are_refused(newsroom):
    response = newsroom.post(
        "/scan/",
        {"text": "They lost 85,000 children.", "file": SimpleUploadedFile("a.txt", b"Hello 12.")},
    )
    assert "not both" in response.content.decode()
    assert not Scan.objects.exists()

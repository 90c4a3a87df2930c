"""The text of an uploaded file: plain text, a Word document (.docx) or a PDF.

The file's type is read from its first bytes, never from its name alone, and must agree with
its name. Each reader bounds its work before it starts:

- .txt: UTF-8 (with or without a byte-order mark) or UTF-16 with its byte-order mark; a NUL
  byte means it is not text.
- .docx: a ZIP archive read with zipfile: at most MAX_DOCX_MEMBERS parts, and the sizes the
  archive declares once unpacked (checked before anything is unpacked, and again while
  reading, in case they lie) at most MAX_UNPACKED_BYTES; XML parsed with defusedxml (no
  entities, no DTDs). A document that refers to anything outside itself (an attached
  template, a linked picture or frame, an embedded object or sub-document that lives
  elsewhere) is refused: nothing is ever fetched, and a file built to fetch is not one a desk
  needs to scan. Hyperlinks are links, not content, and are allowed.
- .pdf: pypdf with its decompression limits lowered to MAX_UNPACKED_BYTES, at most
  MAX_PDF_PAGES pages and MAX_PDF_SECONDS of reading; a PDF with no text layer (a scan of
  paper) is refused with a message saying so.

Whatever goes wrong, the caller gets an ExtractionError with a message for the person who
uploaded the file; nothing is stored.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import time
import zipfile
from typing import IO

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_DOCX_MEMBERS = 2_000
MAX_PDF_PAGES = 500
MAX_PDF_SECONDS = 20.0
MAX_TEXT_CHARS = 400_000  # more than any scan takes: the form then says how long it is

KINDS = {".txt": "text", ".docx": "docx", ".pdf": "pdf"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


class ExtractionError(ValueError):
    """Why a file's text cannot be read, in words for the person who uploaded it."""


def extract_text(name: str, upload: IO[bytes]) -> str:
    """The text of an uploaded file, by what its first bytes say it is."""
    extension = posixpath.splitext(name.lower())[1]
    kind = KINDS.get(extension)
    if kind is None:
        raise ExtractionError(
            f"A scan reads .txt, .docx and .pdf files; “{name}” is none of these."
        )
    data = upload.read()
    sniffed = _sniff(data)
    if sniffed != kind:
        said = {"text": "a text file", "docx": "a Word document", "pdf": "a PDF"}
        what = said.get(sniffed or "", "not a file a scan reads")
        raise ExtractionError(
            f"“{name}” is named as {said[kind]} but its content is {what}; nothing was read."
        )
    if kind == "text":
        return _text(data)
    if kind == "docx":
        return _docx(data)
    return _pdf(data)


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    if b"\x00" in data[:8192]:
        return None
    return "text"


def _text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ExtractionError(
            "The text file is not UTF-8 text; save it as UTF-8 (“Unicode”) and upload it again."
        ) from None
    if "\x00" in text:
        raise ExtractionError("The file holds binary data, not text; nothing was read.")
    return text


# --- Word documents


def _docx(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ExtractionError("The Word document is damaged: it could not be opened.") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_DOCX_MEMBERS:
            raise ExtractionError(
                f"The Word document has {len(members):,} parts; a document to scan has far "
                "fewer. Nothing was read."
            )
        declared = sum(member.file_size for member in members)
        if declared > MAX_UNPACKED_BYTES:
            raise ExtractionError(
                f"The Word document unpacks to {declared // (1024 * 1024):,} MB, more than the "
                f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB a scan reads. Nothing was read."
            )
        names = {member.filename for member in members}
        if "word/document.xml" not in names:
            raise ExtractionError("This is not a Word document: it has no document text.")
        external = [
            target
            for member in sorted(names)
            if member.endswith(".rels")
            for target in _external_targets(_read(archive, member))
        ]
        if external:
            raise ExtractionError(
                "The Word document loads content from outside the file ("
                + ", ".join(sorted(set(external))[:3])
                + "). Save it without linked templates, pictures or objects and upload it "
                "again; nothing was read or fetched."
            )
        return _docx_text(_read(archive, "word/document.xml"))


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part of the archive, read in pieces so that a part that unpacks past its declared
    size is stopped at MAX_UNPACKED_BYTES."""
    chunks = []
    size = 0
    try:
        with archive.open(name) as part:
            while chunk := part.read(65536):
                size += len(chunk)
                if size > MAX_UNPACKED_BYTES:
                    raise ExtractionError(
                        "The Word document unpacks to more than it says; nothing was read."
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise ExtractionError("The Word document is damaged: a part could not be read.") from None
    return b"".join(chunks)


def _parse(xml: bytes):
    try:
        return ElementTree.fromstring(xml, forbid_dtd=True)
    except (DefusedXmlException, ElementTree.ParseError, ValueError):
        raise ExtractionError(
            "The Word document's XML is damaged or unsafe (entities or a DTD); nothing was read."
        ) from None


def _external_targets(xml: bytes) -> list[str]:
    """The relationship types (their last word) of a .rels part that point outside the file,
    hyperlinks aside."""
    root = _parse(xml)
    found = []
    for relationship in root.iter(f"{_RELS}Relationship"):
        if relationship.get("TargetMode", "").lower() != "external":
            continue
        kind = relationship.get("Type", "")
        if kind == _HYPERLINK:
            continue
        found.append(kind.rsplit("/", 1)[-1] or "an unnamed link")
    return found


def _docx_text(xml: bytes) -> str:
    """The paragraphs of document.xml, one a line: runs of text, tabs and line breaks."""
    root = _parse(xml)
    lines = []
    length = 0
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        line = "".join(parts)
        lines.append(line)
        length += len(line) + 1
        if length > MAX_TEXT_CHARS:
            break
    return "\n".join(lines)


# --- PDF


def _pdf(data: bytes) -> str:
    import pypdf
    from pypdf.errors import LimitReachedError, PyPdfError

    limits = {
        "maximum_declared_stream_length": MAX_UNPACKED_BYTES,
        "array_based_stream_maximum_output_length": MAX_UNPACKED_BYTES,
        "zlib_maximum_output_length": MAX_UNPACKED_BYTES,
        "lzw_maximum_output_length": MAX_UNPACKED_BYTES,
        "run_length_maximum_output_length": MAX_UNPACKED_BYTES,
        "jbig2_maximum_output_length": MAX_UNPACKED_BYTES,
        "brotli_maximum_output_length": MAX_UNPACKED_BYTES,
        "image_maximum_buffer_size": MAX_UNPACKED_BYTES,
        "stream_decoding_work_maximum_length": 4 * MAX_UNPACKED_BYTES,
    }
    started = time.monotonic()
    try:
        with pypdf.apply_configuration(pypdf.get_configuration().with_overwrites(**limits)):
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ExtractionError(
                    "The PDF is encrypted; save a copy without a password and upload it again."
                )
            pages = len(reader.pages)
            if pages > MAX_PDF_PAGES:
                raise ExtractionError(
                    f"The PDF has {pages:,} pages; a scan reads at most {MAX_PDF_PAGES}."
                )
            texts = []
            length = 0
            for page in reader.pages:
                if time.monotonic() - started > MAX_PDF_SECONDS:
                    raise ExtractionError(
                        "The PDF takes too long to read (it may be built to); nothing was read."
                    )
                text = page.extract_text() or ""
                texts.append(text)
                length += len(text)
                if length > MAX_TEXT_CHARS:
                    break
    except LimitReachedError:
        raise ExtractionError(
            "The PDF unpacks to far more than its size (a “PDF bomb”); nothing was read."
        ) from None
    except ExtractionError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError, MemoryError):  # fmt: skip
        raise ExtractionError("The PDF is damaged: its text could not be read.") from None
    text = "\n".join(texts)
    if not text.strip():
        raise ExtractionError(
            "The PDF has no text layer: it is an image of the pages (a scan of paper). Run it "
            "through text recognition (OCR) first, or paste the text."
        )
    return text

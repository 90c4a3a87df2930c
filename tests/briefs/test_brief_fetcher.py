"""Briefs are made from text strangers wrote: WeasyPrint may read our static files and inline
data, and nothing else. A listening socket on the loopback address proves that nothing is
fetched from the network; the fetcher's own record shows what WeasyPrint asked for."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from briefs import pdf as briefs
from tests.briefs.pdfs import pdf_text, response_bytes, without_spaces
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP socket listening on 127.0.0.1 that must receive no connection."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


@pytest.fixture
def spy(monkeypatch) -> list[briefs.StaticOnlyFetcher]:
    """Every fetcher the briefs module makes, to read what WeasyPrint asked it for."""
    made: list[briefs.StaticOnlyFetcher] = []

    class SpyFetcher(briefs.StaticOnlyFetcher):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(briefs, "StaticOnlyFetcher", SpyFetcher)
    return made


def hostile_markup(port: int) -> str:
    return (
        '<img src="file:///etc/passwd">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css">'
        f"<style>@import url(http://127.0.0.1:{port}/import.css);</style>"
        f'<img src="https://127.0.0.1:{port}/pixel.png">'
    )


def test_the_listening_socket_notices_a_connection(listener):
    """The check the other tests rely on: a connection to the listener is counted."""
    with socket.create_connection(listener.getsockname(), timeout=2):
        pass
    assert connections(listener) == 1


def test_markup_in_a_quote_and_summary_renders_as_text_and_fetches_nothing(
    client, journalist, listener, spy
):
    port = listener.getsockname()[1]
    claim = make_claim(author=journalist, status="published", text=hostile_markup(port))
    claim.ruling.summary = hostile_markup(port)
    claim.ruling.save()

    response = client.get(f"/claims/{claim.pk}/brief.pdf")

    assert response.status_code == 200
    text = without_spaces(pdf_text(response_bytes(response)))
    assert without_spaces(hostile_markup(port)) in text
    assert "root:" not in text
    assert connections(listener) == 0
    (fetcher,) = spy
    assert fetcher.refused == []
    assert fetcher.served
    assert all(url.startswith("static:") for url in fetcher.served)


def test_the_fetcher_refuses_hostile_markup_that_reaches_weasyprint_unescaped(listener, spy):
    """The second wall: were markup ever to get past the templates' escaping, WeasyPrint would
    ask for the resources, and the fetcher would refuse them all."""
    port = listener.getsockname()[1]
    html = f"<html><head>{hostile_markup(port)}</head><body><p>Text</p></body></html>"

    text = pdf_text(briefs.render_pdf(html))

    assert "Text" in text
    assert "root:" not in text
    assert connections(listener) == 0
    (fetcher,) = spy
    assert fetcher.served == []
    assert set(fetcher.refused) == {
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/evil.css",
        f"http://127.0.0.1:{port}/import.css",
        f"https://127.0.0.1:{port}/pixel.png",
    }


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/hostname",
        "http://127.0.0.1/brief.css",
        "https://example.org/font.ttf",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1:70/",
        "javascript:alert(1)",
        "//127.0.0.1/x.css",
        "/etc/passwd",
        "static:../../../etc/passwd",
        "static:css/../../factcheck/settings.py",
        "static:/etc/passwd",
        "static:",
        "static:css/no-such-file.css",
        "data:text/plain",
    ],
)
def test_the_fetcher_refuses_every_other_scheme_host_and_path(url):
    fetcher = briefs.StaticOnlyFetcher()
    with pytest.raises(briefs.RefusedResource):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_our_static_files_and_inline_data():
    fetcher = briefs.StaticOnlyFetcher()
    stylesheet = fetcher.fetch("static:css/brief.css")
    assert b"@font-face" in stylesheet.read()
    assert stylesheet.content_type == "text/css"
    font = fetcher.fetch("static:fonts/NotoSerif-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    assert fetcher.fetch("data:,hi%20there").read() == b"hi there"
    assert fetcher.refused == []

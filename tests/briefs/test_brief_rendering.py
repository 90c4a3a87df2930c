"""A published ruling's brief is typeset by the worker when it is published or corrected, and
served from storage; a brief typeset on request is typeset once at a time, and each address may
ask for only a few new ones a minute."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from briefs import pdf as briefs
from briefs import views
from tests.briefs.conftest import make_published_claim
from tests.briefs.pdfs import pdf_text, response_bytes
from tests.factories import make_claim

FAKE_PDF = b"%PDF-1.7\n% a stand-in for a typeset brief\n%%EOF\n"


class Typesetter:
    """Stands in for WeasyPrint: counts the briefs typeset, the most typeset at one time, and
    takes `seconds` over each."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.calls = 0
        self.running = 0
        self.most_at_once = 0
        self.lock = threading.Lock()

    def __call__(self, html: str, **kwargs) -> bytes:
        with self.lock:
            self.calls += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            time.sleep(self.seconds)
            return FAKE_PDF
        finally:
            with self.lock:
                self.running -= 1


@pytest.fixture
def typesetter(monkeypatch) -> Typesetter:
    fake = Typesetter()
    monkeypatch.setattr(briefs, "render_pdf", fake)
    return fake


def stored_briefs() -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "briefs").glob("*.pdf"))


@pytest.mark.django_db
def test_publishing_a_ruling_typesets_its_brief_in_the_background(
    client, editor, journalist, figures, django_capture_on_commit_callbacks, monkeypatch
):
    claim = make_claim(author=journalist, status="review", figures=figures)
    ruling = claim.ruling
    with django_capture_on_commit_callbacks(execute=True):
        ruling.publish(by=editor, expected_version=ruling.version)
    (stored,) = stored_briefs()

    def refuse(html, **kwargs):
        raise AssertionError("a stored brief was typeset again on request")

    monkeypatch.setattr(briefs, "render_pdf", refuse)
    response = client.get(f"/claims/{claim.pk}/brief.pdf")

    assert response.status_code == 200
    assert response["ETag"] == f'"{stored.stem}"'
    assert response_bytes(response) == stored.read_bytes()


@pytest.mark.django_db
def test_a_correction_typesets_the_corrected_brief_in_the_background(
    client, editor, published_claim, django_capture_on_commit_callbacks
):
    ruling = published_claim.ruling
    with django_capture_on_commit_callbacks(execute=True):
        ruling.correct(
            by=editor,
            expected_version=ruling.version,
            note="The second figure is from the court's own count.",
            summary=ruling.summary,
        )
    (stored,) = stored_briefs()

    assert "The second figure is from the court's own count." in pdf_text(stored.read_bytes())
    response = client.get(f"/claims/{published_claim.pk}/brief.pdf")
    assert response["ETag"] == f'"{stored.stem}"'


@pytest.mark.django_db
def test_editing_a_draft_typesets_nothing(
    editor, journalist, figures, typesetter, django_capture_on_commit_callbacks
):
    ruling = make_claim(author=journalist, figures=figures).ruling
    with django_capture_on_commit_callbacks(execute=True):
        ruling.edit(by=editor, expected_version=ruling.version, summary="Still a draft.")

    assert typesetter.calls == 0
    assert stored_briefs() == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads writing at once (the render counter) need PostgreSQL: SQLite locks the table",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_an_uncached_brief_typeset_it_once(
    settings, journalist, editor, figures, monkeypatch
):
    # A cache in memory that the threads share, so that only reads reach the test database.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    slow = Typesetter(seconds=1.5)
    monkeypatch.setattr(briefs, "render_pdf", slow)
    monkeypatch.setattr(views, "RENDER_WAIT_SECONDS", 0.3)
    claim = make_published_claim(author=journalist, editor=editor, figures=figures)
    url = f"/claims/{claim.pk}/brief.pdf"
    start = threading.Barrier(8)
    responses: list = []

    def reader(n: int) -> None:
        start.wait()
        try:
            responses.append(Client(REMOTE_ADDR=f"192.0.2.{n}").get(url))
        finally:
            connections.close_all()  # each thread has its own connection: leave none open

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(r.status_code for r in responses)
    assert slow.calls == 1
    assert slow.most_at_once == 1
    assert len(responses) == 8
    assert statuses.count(200) >= 1
    assert set(statuses) <= {200, 503}
    for response in responses:
        if response.status_code == 503:
            assert response["Retry-After"] == str(views.RETRY_AFTER_SECONDS)
            assert b"being typeset" in response.content
    # Once it is stored, everyone gets it.
    assert Client().get(url).status_code == 200
    assert slow.calls == 1


@pytest.mark.django_db
def test_a_request_that_finds_the_brief_being_typeset_is_told_to_come_back(
    client, published_claim, typesetter, monkeypatch
):
    monkeypatch.setattr(views, "RENDER_WAIT_SECONDS", 0.0)
    html = briefs.claim_html(published_claim)
    from django.core.cache import cache

    cache.add(f"brief-rendering:{briefs.content_hash(html)}", "1", timeout=60)
    response = client.get(f"/claims/{published_claim.pk}/brief.pdf")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert typesetter.calls == 0


@pytest.mark.django_db
def test_new_briefs_typeset_on_request_are_limited_per_address(
    journalist, editor, figures, typesetter, monkeypatch
):
    monkeypatch.setattr(views, "RENDER_RATE", "2/min")
    claims = [
        make_published_claim(author=journalist, editor=editor, figures=figures) for _ in range(4)
    ]
    for n, claim in enumerate(claims):
        claim.ruling.summary = f"Summary {n}"
        claim.ruling.save()
    visitor = Client(REMOTE_ADDR="198.51.100.7")
    first, second, third = (visitor.get(f"/claims/{c.pk}/brief.pdf") for c in claims[:3])

    assert (first.status_code, second.status_code, third.status_code) == (200, 200, 429)
    assert int(third["Retry-After"]) >= 1
    assert typesetter.calls == 2
    # A brief already stored is served whatever the count; another address has its own count.
    assert visitor.get(f"/claims/{claims[0].pk}/brief.pdf").status_code == 200
    other = Client(REMOTE_ADDR="203.0.113.50")
    assert other.get(f"/claims/{claims[2].pk}/brief.pdf").status_code == 200
    assert typesetter.calls == 3

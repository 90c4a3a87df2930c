"""Identical content gives back the identical stored PDF; a change to the content (a correction)
makes a new one."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from django.conf import settings

from briefs import pdf as briefs
from tests.briefs.pdfs import pdf_text, response_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def typesetting(monkeypatch) -> list[str]:
    """Count the times WeasyPrint is asked to typeset, still letting it do so."""
    calls: list[str] = []
    render = briefs.render_pdf

    def counting(html, **kwargs):
        calls.append(html)
        return render(html, **kwargs)

    monkeypatch.setattr(briefs, "render_pdf", counting)
    return calls


def stored_briefs() -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "briefs").glob("*.pdf"))


def test_the_same_content_is_typeset_once_and_served_identically(
    client, published_claim, typesetting
):
    url = f"/claims/{published_claim.pk}/brief.pdf"
    first = client.get(url)
    first_pdf = response_bytes(first)
    with time_machine.travel("2031-01-02 09:00Z"):  # another day: the content has not changed
        second = client.get(url)
        second_pdf = response_bytes(second)

    assert len(typesetting) == 1
    assert first_pdf == second_pdf
    assert first["ETag"] == second["ETag"]
    (stored,) = stored_briefs()
    assert stored.read_bytes() == first_pdf
    assert stored.stem == first["ETag"].strip('"')


def test_a_correction_changes_the_content_and_so_the_stored_brief(
    client, editor, published_claim, typesetting
):
    url = f"/claims/{published_claim.pk}/brief.pdf"
    before = client.get(url)
    ruling = published_claim.ruling
    ruling.correct(
        by=editor,
        expected_version=ruling.version,
        note="The first figure counts children with no court notice.",
        summary=ruling.summary,
    )

    after = client.get(url)
    after_pdf = response_bytes(after)

    assert len(typesetting) == 2
    assert before["ETag"] != after["ETag"]
    assert len(stored_briefs()) == 2
    assert "The first figure counts children with no court notice." in pdf_text(after_pdf)


def test_the_hash_leaves_out_the_generation_date_but_follows_the_renderer(
    published_claim, monkeypatch
):
    html = briefs.claim_html(published_claim)
    with time_machine.travel("2031-01-02 09:00Z"):
        assert briefs.claim_html(published_claim) == html
    digest = briefs.content_hash(html)
    monkeypatch.setattr(briefs, "RENDERER_VERSION", "another")
    assert briefs.content_hash(html) != digest


def test_text_that_looks_like_the_date_marker_stays_as_written(client, journalist):
    from tests.factories import make_claim

    claim = make_claim(
        author=journalist, status="published", text="They said <!--brief:generated-on--> twice."
    )
    text = pdf_text(response_bytes(client.get(f"/claims/{claim.pk}/brief.pdf")))
    assert "They said <!--brief:generated-on--> twice." in text

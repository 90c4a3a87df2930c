"""A brief of several claims: started from the claims list, made by a background task that
reports its progress, polled by the editor's page, then downloaded."""

from __future__ import annotations

import re

import pytest

from briefs import pdf as briefs
from briefs.models import BriefJob
from claims.models import Claim
from tests.briefs.pdfs import pdf_reader, pdf_text, response_bytes
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def progress(monkeypatch) -> list[tuple[int, int]]:
    """Record each progress report the task makes, still storing it on the job."""
    reports: list[tuple[int, int]] = []
    report = BriefJob.report_progress

    def recording(self, done, total):
        reports.append((done, total))
        report(self, done, total)

    monkeypatch.setattr(BriefJob, "report_progress", recording)
    return reports


def start(client, data, capture):
    with capture(execute=True):
        return client.post("/claims/briefs/", data)


def test_an_editor_gets_one_pdf_with_a_cover_contents_and_a_section_per_claim(
    client, editor, journalist, figures, progress, django_capture_on_commit_callbacks
):
    claims = [
        make_claim(author=journalist, status="published", figures=figures, text=text)
        for text in (
            "They lost 325,000 children.",
            "Over 300,000 children were released to unvetted sponsors.",
            "The administration lost 80,000 children.",
        )
    ]
    client.force_login(editor)
    response = start(client, {"claim": [c.pk for c in claims]}, django_capture_on_commit_callbacks)

    job = BriefJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.status == BriefJob.Status.READY
    assert progress == [(0, 4), (1, 4), (2, 4), (3, 4)]
    assert (job.done, job.total) == (4, 4)
    assert job.title == "3 selected claims"

    page = client.get(job.get_absolute_url()).content.decode()
    assert "Download the PDF brief" in page
    assert "hx-trigger" not in page  # polling stops once the brief is ready

    download = client.get(f"/claims/briefs/{job.pk}/brief.pdf")
    assert download["Content-Disposition"].startswith("attachment")
    pdf = response_bytes(download)
    text = pdf_text(pdf)
    assert "3 selected claims" in text
    assert "Contents" in text
    for claim in claims:
        assert claim.text in text
        assert len(re.findall(rf"CLAIM {claim.pk}: A POLITICIAN", text)) == 1
    for figure in figures:
        assert figure.document.report_number in text
    # One page for the cover, one for the contents, then each claim starts a new page.
    pages = [" ".join(p.extract_text().split()) for p in pdf_reader(pdf).pages]
    starts = [n for n, page in enumerate(pages) if re.search(r"CLAIM \d+: A POLITICIAN", page)]
    assert len(starts) == 3
    # The contents give each claim's first page, counting the cover as page 1.
    assert "Contents" in pages[1]
    assert re.findall(r"\.{5,} (\d+)", pages[1]) == [str(n + 1) for n in starts]


def test_with_nothing_ticked_the_brief_takes_the_claims_matching_the_filter(
    client, editor, journalist, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(briefs, "render_pdf", lambda html, **kwargs: b"%PDF-1.7 stand-in")
    false = make_claim(author=journalist, status="published", claimant="Ann Example")
    make_claim(author=journalist, status="published", claimant="Bob Other")
    client.force_login(editor)

    start(client, {"claimant": "Ann"}, django_capture_on_commit_callbacks)

    job = BriefJob.objects.get()
    assert job.claim_ids == [false.pk]
    assert job.title == "Claims matching claimant: Ann"


def test_a_brief_takes_at_most_the_first_fifty_claims(
    client, editor, journalist, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(briefs, "render_pdf", lambda html, **kwargs: b"%PDF-1.7 stand-in")
    for _ in range(52):
        make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    client.force_login(editor)

    start(client, {}, django_capture_on_commit_callbacks)

    job = BriefJob.objects.get()
    assert len(job.claim_ids) == 50
    assert job.title == "All claims (the first 50 of 52)"


def test_no_claim_to_brief_sends_the_editor_back_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post("/claims/briefs/", {"claimant": "Nobody"}, follow=True)
    assert "No claim to put in a brief" in response.content.decode()
    assert not BriefJob.objects.exists()


def test_the_status_page_polls_while_the_brief_is_being_made(client, editor):
    job = BriefJob.objects.create(
        requested_by=editor,
        title="2 selected claims",
        claim_ids=[1, 2],
        status=BriefJob.Status.RUNNING,
        done=1,
        total=3,
    )
    client.force_login(editor)

    page = client.get(job.get_absolute_url())
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})

    html = page.content.decode()
    assert f'hx-get="{job.get_absolute_url()}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert "Setting claim 2 of 2" in html
    assert '<progress max="3" value="1">' in html
    part = fragment.content.decode()
    assert part.lstrip().startswith('<div id="brief-status"')
    assert "<html" not in part
    assert 'hx-trigger="every 1s"' in part
    assert "HX-Request" in fragment["Vary"]


def test_a_failed_brief_is_reported_and_polling_stops(
    client, editor, journalist, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("typesetting failed")

    monkeypatch.setattr(briefs, "collection_brief", broken)
    claim = make_claim(author=journalist, status="published")
    client.force_login(editor)

    start(client, {"claim": [claim.pk]}, django_capture_on_commit_callbacks)

    job = BriefJob.objects.get()
    assert job.status == BriefJob.Status.FAILED
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert "could not be made" in fragment.content.decode()
    assert "hx-trigger" not in fragment.content.decode()


def test_a_title_built_from_long_filters_fits_its_column(
    client, editor, journalist, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(briefs, "render_pdf", lambda html, **kwargs: b"%PDF-1.7 stand-in")
    words = "C" * 200
    for _ in range(52):
        make_claim(
            author=journalist,
            status=Claim.Status.PUBLISHED,
            text=f"{words} lost 5 children.",
            claimant="B" * 200,
        )
    client.force_login(editor)
    filters = {"q": words, "claimant": "B" * 200, "said_from": "2000-01-01"}

    response = start(client, filters, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    job = BriefJob.objects.get()
    assert len(job.claim_ids) == 50
    assert len(job.title) == BriefJob._meta.get_field("title").max_length
    assert job.title.startswith("Claims matching search: CCC")
    assert job.title.endswith("… (the first 50 of 52)")


def test_a_brief_waiting_for_a_worker_says_so_within_a_minute(client, editor, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    start_time = timezone.now()
    time_machine.move_to(start_time, tick=False)
    job = BriefJob.objects.create(
        requested_by=editor, title="2 selected claims", claim_ids=[1, 2], total=3
    )
    client.force_login(editor)
    fresh = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "db_worker" not in fresh

    time_machine.move_to(start_time + timedelta(seconds=45), tick=False)
    later = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "No background worker has started this brief yet." in later
    assert "uv run python manage.py db_worker" in later
    assert 'hx-trigger="every 1s"' in later, "it keeps polling, so it carries on by itself"

    BriefJob.objects.filter(pk=job.pk).update(status=BriefJob.Status.RUNNING)
    running = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "db_worker" not in running

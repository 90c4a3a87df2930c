"""The scan pages: who may use them, the result with its candidates highlighted, saving
candidates as draft claims, bad input, and the background path for long texts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from scans.models import Scan, ScanSentence
from tests.personas import as_persona, outcome

pytestmark = pytest.mark.django_db


def scan_of(client, text: str, **fields) -> Scan:
    data = {"text": text, "said_on": "2024-06-02", "venue": "The first debate"} | fields
    response = client.post("/scan/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    scan = Scan.objects.latest("created_at")
    assert response["Location"] == scan.get_absolute_url()
    return scan


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("journalist", 200), ("editor", 200), ("researcher", 403)],
)
def test_the_scan_page_is_for_journalists_and_editors(client, people, persona, expected):
    assert outcome(as_persona(client, people, persona).get("/scan/")) == expected


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", "login"), ("researcher", 403)])
def test_others_may_not_scan(client, people, persona, expected):
    response = as_persona(client, people, persona).post("/scan/", {"text": "They lost 85,000."})
    assert outcome(response) == expected
    assert not Scan.objects.exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("journalist", 200),
        ("other_journalist", 404),
        ("editor", 200),
        ("researcher", 403),
    ],
)
def test_a_scan_is_seen_by_its_author_and_editors(client, people, persona, expected, transcript):
    scan = Scan.objects.create(author=people["journalist"], text=transcript)
    scan.run()
    assert outcome(as_persona(client, people, persona).get(scan.get_absolute_url())) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("other_journalist", 404), ("researcher", 403)],
)
def test_others_may_not_save_a_scans_candidates(client, people, persona, expected, transcript):
    scan = Scan.objects.create(author=people["journalist"], text=transcript)
    scan.run()
    positions = [s.position for s in scan.sentences.filter(is_candidate=True)]
    response = as_persona(client, people, persona).post(
        f"{scan.get_absolute_url()}save/", {"sentence": positions}
    )
    assert outcome(response) == expected
    assert not Claim.objects.exists()


def test_a_transcript_is_split_by_speaker_and_its_candidates_highlighted(newsroom, transcript):
    scan = scan_of(newsroom, transcript)
    assert scan.status == Scan.Status.READY
    page = newsroom.get(scan.get_absolute_url()).content.decode()
    candidates = list(scan.sentences.filter(is_candidate=True).order_by("rank"))
    assert [c.speaker for c in candidates]
    assert {c.speaker for c in candidates} == {
        "Smith",
        "Jones",
    }
    for candidate in candidates:
        assert f'id="sentence-{candidate.position}" href="#candidate-{candidate.position}"' in page
        assert f'<tr id="candidate-{candidate.position}">' in page
    assert "Not in our sources" in page
    assert "12 bridges" in page
    assert "(bridges)" in page
    assert "85,000 migrant children" in page
    # The questioner's turn has no number: it is plain text, read but not listed.
    assert not scan.sentences.filter(turn="Q").exists()


def test_the_text_is_shown_escaped(newsroom):
    hostile = (
        "<script>alert(1)</script> SMITH: They lost 85,000 migrant children <img src=x "
        "onerror=alert(2)>.\nJONES: <b>We</b> built 12 bridges."
    )
    scan = scan_of(newsroom, hostile)
    page = newsroom.get(scan.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "<b>We</b>" not in page
    assert "&lt;script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;b&gt;We&lt;/b&gt; built 12 bridges." in page


def test_the_result_page_runs_a_fixed_number_of_queries(newsroom, transcript):
    short = scan_of(newsroom, transcript)
    long = scan_of(newsroom, "\n".join([transcript] * 6))
    assert long.sentences.count() > short.sentences.count()
    counts = []
    for scan in (short, long):
        with CaptureQueriesContext(connection) as queries:
            assert newsroom.get(scan.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8


def test_ticked_candidates_are_saved_as_draft_claims_once(newsroom, journalist, transcript):
    scan = scan_of(newsroom, transcript)
    first, second = scan.sentences.filter(is_candidate=True).order_by("rank")[:2]
    response = newsroom.post(
        f"{scan.get_absolute_url()}save/",
        {"sentence": [first.position, second.position], "review": "no"},
    )
    assert response.status_code == 302
    claims = {claim.text: claim for claim in Claim.objects.all()}
    assert set(claims) == {first.text, second.text}
    claim = claims[first.text]
    assert claim.status == Claim.Status.DRAFT
    assert claim.author == journalist
    assert claim.claimant == first.speaker
    assert claim.said_on.isoformat() == "2024-06-02"
    assert claim.venue == "The first debate"
    assert claim.ruling.proposed_rating == first.rating
    assert ScanSentence.objects.get(claim=claim).scan == scan
    page = newsroom.get(scan.get_absolute_url()).content.decode()
    assert claim.get_absolute_url() in page
    newsroom.post(f"{scan.get_absolute_url()}save/", {"sentence": [first.position]})
    assert Claim.objects.count() == 2


def test_saved_and_sent_for_review_they_wait_in_the_queue(client, editor, reference_data):
    client.force_login(editor)
    text = "SMITH: The Biden administration has lost 85,000 migrant children. HHS lost 85,000."
    scan = scan_of(client, text)
    positions = [s.position for s in scan.sentences.filter(is_candidate=True)]
    assert len(positions) == 2
    client.post(f"{scan.get_absolute_url()}save/", {"sentence": positions, "review": "yes"})
    assert Claim.objects.filter(status=Claim.Status.IN_REVIEW).count() == 2
    queue = client.get("/queue/").content.decode()
    assert "The Biden administration has lost 85,000 migrant children." in queue


def test_nothing_ticked_saves_nothing_and_says_so(newsroom, transcript):
    scan = scan_of(newsroom, transcript)
    response = newsroom.post(f"{scan.get_absolute_url()}save/", {"sentence": ["x"]}, follow=True)
    assert "Tick the candidates to save" in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Paste a transcript or an article, or upload a file."),
        ({"text": "x" * 120_001}, "a scan reads at most 120,000"),
        ({"text": "They lost 85,000.", "said_on": "June"}, "Enter a valid date."),
        ({"text": "They lost 85,000.", "speaker": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(newsroom, data, message):
    response = newsroom.post("/scan/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Scan.objects.exists()


def test_a_long_text_is_read_in_the_background(newsroom, settings, transcript,
                                               django_capture_on_commit_callbacks):  # fmt: skip
    settings.SCAN_INLINE_CHARS = 100
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        scan = scan_of(newsroom, transcript)
    assert scan.status == Scan.Status.QUEUED
    waiting = newsroom.get(scan.get_absolute_url())
    assert "Waiting for a background worker" in waiting.content.decode()
    status = newsroom.get(scan.get_absolute_url(), headers={"HX-Request": "true"})
    assert status.content.decode().lstrip().startswith('<div id="scan-status"')
    for callback in callbacks:
        callback()  # the task runs at once in tests
    scan.refresh_from_db()
    assert scan.status == Scan.Status.READY
    assert scan.task_id
    page = newsroom.get(scan.get_absolute_url()).content.decode()
    assert "candidates to check" in page


def test_a_running_scan_shows_how_far_it_has_got(newsroom, journalist, transcript):
    scan = Scan.objects.create(
        author=journalist, text=transcript, status=Scan.Status.RUNNING, done=50, total=200
    )
    page = newsroom.get(scan.get_absolute_url()).content.decode()
    assert "25% done" in page
    assert '<progress max="200" value="50">' in page
    assert "Reload this page" in page


def test_the_navigation_offers_the_scan_to_the_newsroom_only(client, people):
    assert 'href="/scan/"' in as_persona(client, people, "journalist").get("/").content.decode()
    client.logout()
    assert (
        'href="/scan/"' not in as_persona(client, people, "researcher").get("/").content.decode()
    )


def test_a_saved_claim_names_the_scan_it_came_from_to_those_who_may_read_it(
    client, people, transcript, reference_data
):
    client.force_login(people["journalist"])
    scan = scan_of(client, transcript)
    candidate = scan.sentences.filter(is_candidate=True).order_by("rank").first()
    client.post(f"{scan.get_absolute_url()}save/", {"sentence": [candidate.position]})
    claim = Claim.objects.get()
    link = f"{scan.get_absolute_url()}#candidate-{candidate.position}"
    assert link in client.get(claim.get_absolute_url()).content.decode()
    client.force_login(people["editor"])
    assert link in client.get(claim.get_absolute_url()).content.decode()
    # A researcher reads the draft but not the journalist's scan.
    client.force_login(people["researcher"])
    page = client.get(claim.get_absolute_url())
    assert page.status_code == 200
    assert scan.get_absolute_url() not in page.content.decode()

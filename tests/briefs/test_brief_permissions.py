"""Who may export a brief: the personas and anonymous visitors. These are about access, not
typesetting, so the PDF itself is a stand-in."""

from __future__ import annotations

import pytest

from briefs import pdf as briefs
from briefs.models import BriefJob
from claims.models import Claim
from tests.factories import make_claim
from tests.personas import as_persona, outcome

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 stand-in"


@pytest.fixture(autouse=True)
def _no_typesetting(monkeypatch):
    monkeypatch.setattr(briefs, "render_pdf", lambda html, **kwargs: FAKE_PDF)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 404),
        ("journalist", 200),
        ("other_journalist", 404),
        ("editor", 200),
        ("researcher", 200),
    ],
)
@pytest.mark.parametrize("state", [Claim.Status.DRAFT, Claim.Status.IN_REVIEW])
def test_an_unpublished_brief_is_for_its_author_editors_and_researchers(
    client, people, persona, expected, state
):
    claim = make_claim(author=people["journalist"], status=state)
    response = as_persona(client, people, persona).get(f"/claims/{claim.pk}/brief.pdf")
    assert response.status_code == expected


@pytest.mark.parametrize(
    "persona", ["anonymous", "journalist", "other_journalist", "editor", "researcher"]
)
def test_a_published_brief_is_for_everyone(client, people, persona):
    claim = make_claim(author=people["journalist"], status=Claim.Status.PUBLISHED)
    response = as_persona(client, people, persona).get(f"/claims/{claim.pk}/brief.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FAKE_PDF
    assert response["Content-Disposition"].startswith("inline")


def test_a_missing_claim_has_no_brief(client, editor):
    client.force_login(editor)
    assert client.get("/claims/999999/brief.pdf").status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("journalist", 403),
        ("other_journalist", 403),
        ("editor", 302),
        ("researcher", 302),
    ],
)
def test_only_editors_and_researchers_start_a_brief_of_several_claims(
    client, people, persona, expected, django_capture_on_commit_callbacks
):
    claim = make_claim(author=people["journalist"], status=Claim.Status.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona(client, people, persona).post(
            "/claims/briefs/", {"claim": [claim.pk]}
        )
    assert outcome(response) == expected
    assert BriefJob.objects.count() == (1 if expected == 302 else 0)


def test_the_claims_list_offers_the_brief_only_to_editors_and_researchers(client, people):
    make_claim(author=people["journalist"], status=Claim.Status.PUBLISHED)
    for persona, offered in [
        ("anonymous", False),
        ("journalist", False),
        ("editor", True),
        ("researcher", True),
    ]:
        client.logout()
        html = as_persona(client, people, persona).get("/claims/").content.decode()
        assert ('id="brief-form"' in html) is offered, persona
        assert ('form="brief-form"' in html) is offered, persona


@pytest.fixture
def job(editor, journalist):
    claim = make_claim(author=journalist, status=Claim.Status.PUBLISHED)
    return BriefJob.objects.create(
        requested_by=editor,
        title="1 selected claim",
        claim_ids=[claim.pk],
        total=2,
        status=BriefJob.Status.READY,
        sha256=briefs.store("<p>stand-in</p>").sha256,
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("journalist", 403), ("researcher", 404), ("editor", 200)],
)
def test_a_brief_of_several_claims_is_seen_and_downloaded_by_who_started_it(
    client, people, job, persona, expected
):
    as_persona(client, people, persona)
    assert outcome(client.get(job.get_absolute_url())) == expected
    assert outcome(client.get(f"/claims/briefs/{job.pk}/brief.pdf")) == expected


def test_a_brief_is_not_downloaded_before_it_is_ready(client, editor, job):
    job.status = BriefJob.Status.RUNNING
    job.save()
    client.force_login(editor)
    assert client.get(f"/claims/briefs/{job.pk}/brief.pdf").status_code == 404

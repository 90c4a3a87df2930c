"""The editor's desk: the review queue and its count, the styled 403, and links a role may use."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from factcheck import kept_pages
from tests.factories import make_claim
from tests.personas import as_persona, outcome

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("journalist", 403), ("researcher", 403), ("editor", 200)],
)
def test_the_review_queue_is_for_editors(client, people, persona, expected):
    response = as_persona(client, people, persona).get("/queue/")
    assert outcome(response) == expected


def test_the_queue_lists_claims_in_review_the_longest_waiting_first(client, editor, journalist):
    first = make_claim(author=journalist, text="They lost 100 children (alpha).")
    second = make_claim(author=journalist, text="They lost 200 children (beta).")
    make_claim(author=journalist, text="A draft nobody submitted.")
    make_claim(author=journalist, status=Claim.Status.PUBLISHED, text="Long published.")
    # Submitted in the other order from their creation: the queue follows submission.
    second.ruling.submit(by=journalist, expected_version=1)
    first.ruling.submit(by=journalist, expected_version=1)
    client.force_login(editor)
    page = client.get("/queue/").content.decode()
    assert page.index("(beta)") < page.index("(alpha)")
    assert "A draft nobody submitted" not in page
    assert "Long published" not in page
    assert "2 claims waiting" in page


def test_the_queue_is_paginated(client, editor, journalist, settings):
    settings.PAGE_SIZE = 3
    for n in range(7):
        make_claim(author=journalist, status=Claim.Status.IN_REVIEW, text=f"Queued claim {n}.")
    client.force_login(editor)
    page = client.get("/queue/", {"page": 3}).content.decode()
    assert "Page 3 of 3" in page
    assert page.count("Queued claim") == 1


def test_the_queue_runs_a_fixed_number_of_queries(client, editor, journalist):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/queue/").status_code == 200
        return len(captured)

    client.force_login(editor)
    make_claim(author=journalist, status=Claim.Status.IN_REVIEW)
    few = count()
    for _ in range(12):
        make_claim(author=journalist, status=Claim.Status.IN_REVIEW)
    assert count() == few
    assert few <= 6


def test_editors_see_the_queue_count_in_the_navigation_counted_once(client, editor, journalist):
    for _ in range(3):
        make_claim(author=journalist, status=Claim.Status.IN_REVIEW)
    make_claim(author=journalist)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/corrections/").content.decode()
    review_counts = [q["sql"] for q in captured.captured_queries if "'review'" in q["sql"]]
    assert len(review_counts) == 1
    assert "COUNT" in review_counts[0].upper()
    assert '<span class="nav-count">3</span>' in page


@pytest.mark.parametrize("persona", ["anonymous", "journalist", "researcher"])
def test_others_get_no_queue_link_and_no_count_query(client, people, persona):
    as_persona(client, people, persona)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/corrections/").content.decode()
    assert "/queue/" not in page
    assert "nav-count" not in page
    assert not any("'review'" in q["sql"] for q in captured.captured_queries)


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("anonymous", False), ("researcher", False), ("journalist", True), ("editor", True)],
)
def test_the_check_link_is_shown_only_to_those_who_may_check(client, people, persona, shown):
    page = as_persona(client, people, persona).get("/corrections/").content.decode()
    assert ('href="/check/"' in page) is shown


def test_a_forbidden_page_is_styled_and_says_why(client, researcher):
    client.force_login(researcher)
    response = client.get("/check/")
    page = response.content.decode()
    assert response.status_code == 403
    assert '<link rel="stylesheet"' in page
    assert "This page is not for your role" in page
    assert "The quick check and saving claims are for journalists and editors." in page
    assert "logged in as researcher" in page


def test_a_journalist_refused_the_queue_is_told_it_is_for_editors(client, journalist):
    client.force_login(journalist)
    response = client.get("/queue/")
    assert response.status_code == 403
    assert "The review queue is for editors" in response.content.decode()


def _edit_page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_edit_page_shows_the_evidence_beside_the_form(client, editor, journalist):
    from tests.factories import make_figure

    figures = [make_figure(slug="oig-291000"), make_figure(slug="oig-32000")]
    claim = make_claim(author=journalist, status=Claim.Status.IN_REVIEW, figures=figures)
    client.force_login(editor)
    page = client.get(f"/claims/{claim.pk}/edit/").content.decode()
    desk = page[page.index('class="desk"') :]
    assert desk.index("<form") < desk.index("What we found")
    assert "The figure counts children with no court date, not missing children." in desk
    assert 'href="/figures/oig-291000/"' in desk
    assert 'href="/figures/oig-32000/"' in desk
    assert '<figure class="chart"' in desk
    assert "Does not mean" in desk


def test_the_edit_page_runs_a_fixed_number_of_queries(client, editor, journalist):
    from tests.factories import make_figure

    claim = make_claim(author=journalist, status=Claim.Status.IN_REVIEW, figures=[make_figure()])
    client.force_login(editor)
    one = _edit_page_queries(client, f"/claims/{claim.pk}/edit/")
    more = make_claim(
        author=journalist,
        status=Claim.Status.IN_REVIEW,
        figures=[make_figure() for _ in range(4)],
    )
    assert _edit_page_queries(client, f"/claims/{more.pk}/edit/") == one


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("researcher", 403), ("journalist", 303), ("editor", 303)],
)
def test_posting_a_quick_check_is_for_the_newsroom(client, people, persona, expected):
    response = as_persona(client, people, persona).post(
        "/check/", {"q": "They lost 80,000 migrant children."}
    )
    assert outcome(response) == expected


def test_the_check_page_queries_do_not_grow_with_the_registry_documents(client, journalist):
    from tests.factories import make_document, make_figure

    make_figure(value=80000)
    client.force_login(journalist)

    def count() -> int:
        kept_pages.clear()  # the page rendered, not given as kept
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/check/", {"q": "They lost 80,000 migrant children."})
        assert response.status_code == 200
        return len(captured)

    few = count()
    for n in range(40):
        make_document(title=f"Bulletin {n}")
    assert count() == few


def test_submitting_stamps_the_time_the_queue_orders_by(editor, journalist):
    claim = make_claim(author=journalist, text="They lost 300 children (gamma).")
    assert claim.submitted_at is None
    claim.ruling.submit(by=journalist, expected_version=1)
    claim.refresh_from_db()
    version = claim.ruling.versions.get(change="submitted")
    assert claim.submitted_at is not None
    assert abs((claim.submitted_at - version.changed_at).total_seconds()) < 5
    claim.ruling.publish(by=editor, expected_version=2)
    claim.refresh_from_db()
    assert claim.submitted_at is not None, "published claims keep when they were submitted"


def test_the_queue_reads_a_stored_time_not_the_versions(client, editor, journalist):
    waiting = make_claim(author=journalist, text="Saved in review.", status=Claim.Status.IN_REVIEW)
    assert waiting.submitted_at is not None, "a claim saved in review waits from then"
    claim = make_claim(author=journalist, text="Submitted claim.")
    claim.ruling.submit(by=journalist, expected_version=1)
    with CaptureQueriesContext(connection) as captured:
        listed = list(Claim.objects.awaiting_review())
    assert [c.text for c in listed] == ["Saved in review.", "Submitted claim."]
    assert "rulingversion" not in captured[0]["sql"].lower()

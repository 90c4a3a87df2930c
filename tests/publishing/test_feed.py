"""The Atom feed of published rulings."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_claim

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client) -> ET.Element:
    response = client.get("/feeds/rulings/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own response


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def text(entry: ET.Element, name: str) -> str:
    return entry.find(f"{ATOM}{name}").text or ""


def test_the_feed_is_valid_atom_with_the_published_rulings_newest_first(
    client, journalist, publish
):
    with time_machine.travel("2025-01-10 12:00Z"):
        older = publish(make_claim(author=journalist, text="They lost 1,475 children."))
    with time_machine.travel("2025-02-10 12:00Z"):
        newer = publish(
            make_claim(
                author=journalist,
                text="They lost 85,000 children.",
                headline="The 85,000 are unanswered calls, not lost children",
                in_short="The count is of follow-up calls nobody answered. It is not a count of "
                "children whose whereabouts are unknown.",
            )
        )
    make_claim(author=journalist, text="A draft nobody may see.")
    make_claim(author=journalist, status="review", text="A claim still in review.")

    root = feed(client)

    assert root.tag == f"{ATOM}feed"
    assert text(root, "title") == f"{settings.OUTLET_NAME}: rulings"
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries(root)]
    assert links == [
        f"{settings.SITE_URL}/claims/{newer.pk}/",
        f"{settings.SITE_URL}/claims/{older.pk}/",
    ]
    newest = entries(root)[0]
    assert text(newest, "title") == "False: The 85,000 are unanswered calls, not lost children"
    assert text(newest, "summary").startswith(
        "<p><strong>In short:</strong> The count is of follow-up calls nobody answered."
    )
    assert text(entries(root)[0], "published").startswith("2025-02-10")
    body = ET.tostring(root, encoding="unicode")
    assert "draft nobody may see" not in body
    assert "still in review" not in body


def test_a_corrected_ruling_is_marked_with_its_correction(client, journalist, editor, publish):
    with time_machine.travel("2025-01-10 12:00Z"):
        claim = publish(make_claim(author=journalist))
    with time_machine.travel("2025-03-01 09:00Z"):
        claim.ruling.correct(
            by=editor,
            expected_version=claim.ruling.version,
            note="The figure's period was wrong.",
            summary="Corrected.",
            rating="mostly-false",
            override_reason="The period was shorter.",
        )

    (entry,) = entries(feed(client))

    assert text(entry, "title").startswith("Corrected · Mostly false: ")
    assert "corrected" in [c.get("term") for c in entry.findall(f"{ATOM}category")]
    assert text(entry, "updated").startswith("2025-03-01")
    assert text(entry, "published").startswith("2025-01-10")
    summary = text(entry, "summary")
    assert "Correction, 1 March 2025" in summary
    assert "The figure&#x27;s period was wrong." in summary
    assert "rating changed from False to Mostly false" in summary


def test_user_written_text_is_escaped_in_the_feed(client, journalist, publish):
    hostile = 'They lost <b>325,000</b> kids & "more" </summary><script>x</script>'
    publish(
        make_claim(
            author=journalist,
            text=hostile,
            claimant="<i>Someone</i>",
            headline=hostile,
            in_short="<em>Shouted</em> & more.",
        )
    )
    (entry,) = entries(feed(client))
    assert text(entry, "title") == f"False: {hostile}"
    summary = text(entry, "summary")
    assert "<b>" not in summary
    assert "&lt;em&gt;Shouted&lt;/em&gt; &amp; more." in summary
    assert "&lt;b&gt;325,000&lt;/b&gt;" in summary
    assert "&lt;i&gt;Someone&lt;/i&gt;" in summary


def test_the_feed_runs_the_same_queries_with_5_or_60_rulings(client, journalist, publish):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            feed(client)
        return len(captured)

    for _ in range(5):
        publish(make_claim(author=journalist))
    few = count()
    for _ in range(55):
        publish(make_claim(author=journalist))
    assert count() == few

"""The public's claim suggestions and the editors' inbox."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import MAX_QUOTE_LENGTH
from publishing.models import Suggestion

pytestmark = pytest.mark.django_db

VALID = {
    "text": "They lost 325,000 migrant children.",
    "claimant": "A senator",
    "said_on": "2024-09-23",
    "source_url": "https://example.org/speech",
    "note": "It was on the evening news.",
    "email": "reader@example.org",
}


def test_anyone_can_suggest_a_claim(client):
    response = client.post("/suggest/", VALID, follow=True)
    assert response.status_code == 200
    assert b"the editors will read your suggestion" in response.content
    suggestion = Suggestion.objects.get()
    assert suggestion.text == VALID["text"]
    assert suggestion.said_on == date(2024, 9, 23)
    assert suggestion.email == "reader@example.org"
    assert suggestion.handled_at is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", ""),
        ("text", "x" * (MAX_QUOTE_LENGTH + 1)),
        ("source_url", "javascript:alert(1)"),
        ("email", "not an email"),
        ("said_on", "yesterday"),
        ("claimant", "nul\x00byte"),
    ],
)
def test_an_invalid_suggestion_is_shown_again_with_its_errors(client, field, value):
    response = client.post("/suggest/", {**VALID, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b"was not sent" in response.content
    assert not Suggestion.objects.exists()


def test_control_characters_are_dropped_from_the_quote(client):
    client.post("/suggest/", {**VALID, "text": "They lost\x00 325,000\x07 children."})
    assert Suggestion.objects.get().text == "They lost 325,000 children."


def test_suggestions_are_rate_limited_per_address_with_retry_after(client):
    for _ in range(10):
        assert client.post("/suggest/", VALID).status_code == 302
    refused = client.post("/suggest/", {**VALID, "text": "One more."})

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert b"Too many suggestions" in refused.content
    assert b"One more." in refused.content  # what was typed is kept
    assert Suggestion.objects.count() == 10
    other = client.post("/suggest/", VALID, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_the_suggestion_form_refuses_other_methods(client):
    assert client.put("/suggest/").status_code == 405


# --- the inbox


@pytest.fixture
def suggestion():
    return Suggestion.objects.create(
        text='They lost <b>325,000</b> "children"', claimant="Someone", said_on=date(2024, 9, 23)
    )


def test_anonymous_visitors_are_sent_to_log_in(client, suggestion):
    response = client.get("/inbox/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["journalist", "researcher"])
def test_journalists_and_researchers_may_not_read_the_inbox(client, request, suggestion, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/inbox/").status_code == 403
    assert client.post(f"/inbox/{suggestion.pk}/handled/").status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.handled_at is None


def test_editors_read_the_inbox_with_everything_escaped(client, editor, suggestion):
    client.force_login(editor)
    response = client.get("/inbox/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "They lost &lt;b&gt;325,000&lt;/b&gt; &quot;children&quot;" in page
    assert "<b>325,000</b>" not in page
    # The editor can run the quick check on it at once.
    assert "/check/?q=They+lost+%3Cb%3E325%2C000%3C%2Fb%3E" in page
    assert "said_on=2024-09-23" in page


def test_an_editor_marks_a_suggestion_handled(client, editor, suggestion):
    client.force_login(editor)
    response = client.post(f"/inbox/{suggestion.pk}/handled/")
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.handled_by == editor
    assert suggestion.handled_at is not None
    assert "They lost" not in client.get("/inbox/").content.decode()
    handled = client.get("/inbox/?handled=1").content.decode()
    assert "They lost" in handled
    assert "Handled by editor" in handled


def test_marking_handled_refuses_get(client, editor, suggestion):
    client.force_login(editor)
    assert client.get(f"/inbox/{suggestion.pk}/handled/").status_code == 405


def test_the_inbox_runs_the_same_queries_with_3_or_60_suggestions(client, editor):
    client.force_login(editor)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/inbox/").status_code == 200
        return len(captured)

    Suggestion.objects.bulk_create(Suggestion(text=f"Claim {n}") for n in range(3))
    few = count()
    Suggestion.objects.bulk_create(Suggestion(text=f"Claim {n}") for n in range(57))
    assert count() == few

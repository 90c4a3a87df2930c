"""The JSON API: every endpoint, pagination, filters, the check, its limits, and OpenAPI."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims.api import MAX_CHECK_BODY_BYTES, check_throttle
from claims.checking import check_claim
from claims.engine import ClaimInput
from claims.models import MAX_QUOTE_LENGTH
from datasets.models import LayTerm, Unit
from tests.factories import make_category, make_claim, make_document, make_figure, relate

pytestmark = pytest.mark.django_db


def get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


# --- the registry


def test_documents_are_listed_newest_first_and_paginated(client):
    make_document(slug="old", date=date(2018, 1, 1))
    make_document(slug="mid", date=date(2020, 1, 1))
    make_document(slug="new", date=date(2024, 1, 1))

    first = get(client, "/api/documents?page_size=2")
    assert first["count"] == 3
    assert [d["slug"] for d in first["items"]] == ["new", "mid"]
    second = get(client, "/api/documents?page_size=2&page=2")
    assert [d["slug"] for d in second["items"]] == ["old"]
    assert get(client, "/api/documents?page_size=2&page=3")["items"] == []
    assert get(client, "/api/documents")["page_size"] == settings.PAGE_SIZE


@pytest.mark.parametrize("query", ["page=0", "page=-1", "page_size=0", "page_size=101", "page=x"])
def test_a_bad_page_is_a_clear_error(client, query):
    assert "detail" in get(client, f"/api/documents?{query}", status=422)


def test_a_document_has_its_fields_and_figure_count(client):
    document = make_document(slug="oig-24-46", report_number="OIG-24-46")
    make_figure(document=document)
    data = get(client, "/api/documents/oig-24-46")
    assert data["slug"] == "oig-24-46"
    assert data["report_number"] == "OIG-24-46"
    assert data["figure_count"] == 1
    assert data["url"] == f"{settings.SITE_URL}/sources/oig-24-46/"
    assert data["source_url"] == document.url
    get(client, "/api/documents/nothing-here", status=404)
    get(client, "/api/documents/Not%20A%20Slug", status=422)


def test_categories_carry_their_definitions_and_everyday_words(client):
    parent = make_category(slug="released", label="Released")
    make_category(
        slug="no-nta", label="No Notice to Appear", parent=parent, lay_terms=("no court date",)
    )
    listed = get(client, "/api/categories")
    assert listed["count"] == 2
    data = get(client, "/api/categories/no-nta")
    assert data["parent"] == "released"
    assert data["means"]
    assert data["does_not_mean"]
    assert data["lay_terms"] == [{"term": "no court date", "asserts_harm": False}]
    assert data["not_counted_terms"] == []
    get(client, "/api/categories/nothing", status=404)


def test_a_category_lists_the_words_of_what_it_does_not_count_apart(client):
    category = make_category(slug="orders", lay_terms=("removal orders",))
    LayTerm.objects.create(category=category, term="deported", not_counted=True)
    data = get(client, "/api/categories/orders")
    assert data["lay_terms"] == [{"term": "removal orders", "asserts_harm": False}]
    assert data["not_counted_terms"] == ["deported"]


def test_units_list_what_figures_count_with_their_words(client):
    Unit.objects.create(slug="letters", label="letters", words=["letters", "letter"])
    Unit.objects.create(slug="calls", label="calls", words=["calls", "phone calls"])
    listed = get(client, "/api/units")
    assert listed["count"] == 2
    assert listed["items"] == [
        {"slug": "calls", "label": "calls", "words": ["calls", "phone calls"]},
        {"slug": "letters", "label": "letters", "words": ["letters", "letter"]},
    ]


@pytest.fixture
def figures():
    oig = make_document(slug="oig")
    gao = make_document(slug="gao")
    nta = make_category(slug="nta")
    fta = make_category(slug="fta")
    return {
        "a": make_figure(
            slug="a",
            document=oig,
            category=nta,
            period_start=date(2018, 10, 1),
            period_end=date(2023, 9, 30),
        ),
        "b": make_figure(
            slug="b",
            document=oig,
            category=fta,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
        ),
        "c": make_figure(slug="c", document=gao, category=nta, period_start=None, period_end=None),
    }


def slugs(data: dict) -> list[str]:
    return [item["slug"] for item in data["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["a", "b", "c"]),
        ("category=nta", ["a", "c"]),
        ("document=oig", ["a", "b"]),
        ("category=nta&document=oig", ["a"]),
        ("period_from=2024-06-01", ["b"]),
        ("period_to=2019-01-01", ["a"]),
        ("period_from=2023-01-01&period_to=2024-01-01", ["a", "b"]),
        ("period_from=2023-10-01&period_to=2023-12-31", []),
        ("category=unknown", []),
    ],
)
def test_figures_are_filtered_by_category_document_and_overlapping_period(
    client, figures, query, expected
):
    assert slugs(get(client, f"/api/figures?{query}")) == expected


@pytest.mark.parametrize("query", ["period_from=yesterday", "category=%00", "document=A%20B"])
def test_a_bad_figure_filter_is_a_clear_error(client, figures, query):
    get(client, f"/api/figures?{query}", status=422)


def test_a_figure_keeps_its_precision_and_shows_relations_both_ways(client, figures):
    relate(figures["a"], "supersedes", figures["c"])
    data = get(client, "/api/figures/a")
    assert data["value"] == "291000"
    assert data["category"] == "nta"
    assert data["document"] == "oig"
    assert data["period_start"] == "2018-10-01"
    assert data["url"] == f"{settings.SITE_URL}/figures/a/"
    assert data["relations"] == [{"relation": "supersedes", "figure": "c"}]
    assert get(client, "/api/figures/c")["relations"] == [
        {"relation": "superseded by", "figure": "a"}
    ]
    get(client, "/api/figures/nothing", status=404)


# --- published rulings


def test_only_published_claims_are_listed_with_their_rulings(
    client, journalist, editor, publish, figures
):
    published = publish(
        make_claim(author=journalist, text="They lost 291,000.", figures=[figures["a"]])
    )
    make_claim(author=journalist, text="A draft.")
    make_claim(author=journalist, status="review", text="In review.")
    client.force_login(editor)  # even an editor gets only what is public

    data = get(client, "/api/claims")
    assert data["count"] == 1
    (item,) = data["items"]
    assert item["id"] == published.pk
    assert item["text"] == "They lost 291,000."
    assert item["url"] == f"{settings.SITE_URL}/claims/{published.pk}/"
    assert (
        item["claim_review_url"] == f"{settings.SITE_URL}/claims/{published.pk}/claimreview.json"
    )
    ruling = item["ruling"]
    assert ruling["rating"] == "false"
    assert ruling["rating_label"] == "False"
    assert ruling["headline"] == published.ruling.headline
    assert ruling["in_short"] == published.ruling.in_short
    assert ruling["figures"] == ["a"]
    assert ruling["findings"][0]["code"] == "category_mismatch"
    assert ruling["published_at"]
    assert ruling["corrections"] == []


def test_a_claim_detail_is_published_only(client, journalist, publish):
    published = publish(make_claim(author=journalist))
    draft = make_claim(author=journalist)
    assert get(client, f"/api/claims/{published.pk}")["id"] == published.pk
    get(client, f"/api/claims/{draft.pk}", status=404)
    get(client, "/api/claims/99999999999999999999999", status=422)


def test_corrections_are_listed_newest_first(client, journalist, editor, publish):
    claim = publish(make_claim(author=journalist))
    for note in ("First fix.", "Second fix."):
        claim.ruling.correct(
            by=editor, expected_version=claim.ruling.version, note=note, summary=note
        )
    corrections = get(client, f"/api/claims/{claim.pk}")["ruling"]["corrections"]
    assert [c["note"] for c in corrections] == ["Second fix.", "First fix."]
    assert corrections[0]["previous_rating"] == "false"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rating=false", ["plain"]),
        ("rating=half-true", ["overridden"]),
        ("claimant=trump", ["overridden"]),
        ("document=gao", ["plain"]),
        ("figure=a", ["overridden"]),
        ("figure=c", ["plain"]),
    ],
)
def test_claims_are_filtered_by_rating_claimant_document_and_figure(
    client, journalist, publish, figures, query, expected
):
    plain = make_claim(author=journalist, text="plain", claimant="Someone", figures=[figures["c"]])
    overridden = make_claim(
        author=journalist, text="overridden", claimant="Donald Trump", figures=[figures["a"]]
    )
    overridden.ruling.rating = "half-true"
    overridden.ruling.override_reason = "Context."
    overridden.ruling.save()
    publish(plain)
    publish(overridden)
    data = get(client, f"/api/claims?{query}")
    assert [item["text"] for item in data["items"]] == expected


def test_a_bad_claim_filter_is_a_clear_error(client):
    get(client, "/api/claims?rating=amazing", status=422)
    get(client, "/api/claims?claimant=%00", status=422)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/api/claims?page_size=100",
        "/api/figures?page_size=100",
        "/api/documents?page_size=100",
        "/api/categories?page_size=100",
    ],
)
def test_lists_run_the_same_queries_with_3_or_30_items(client, journalist, publish, url):
    def add(count: int) -> None:
        for _ in range(count):
            figure = make_figure(category=make_category(lay_terms=("lost",)))
            claim = make_claim(author=journalist, figures=[figure])
            publish(claim)

    add(3)
    few = queries(client, url)
    add(27)
    assert queries(client, url) == few


# --- the check


QUOTE = "They lost more than 291,000 migrant children, nobody knows where they are."


@pytest.fixture
def registry_figure():
    category = make_category(
        slug="no-nta", label="No Notice to Appear served", lay_terms=("no court date",)
    )
    return make_figure(slug="no-nta-may-2024", category=category)


def test_the_check_answers_what_checkclaims_prints_plus_the_explanations(
    client, registry_figure, tmp_path
):
    row = {
        "id": "trump-1",
        "text": QUOTE,
        "claimant": "Donald Trump",
        "said_on": "2024-09-23",
        "attributed_to": "Kamala Harris",
    }
    claims_file = tmp_path / "claims.yaml"
    claims_file.write_text(yaml.safe_dump([row]), encoding="utf-8")
    out = io.StringIO()
    call_command("checkclaims", str(claims_file), format="jsonl", stdout=out)
    (line,) = out.getvalue().splitlines()
    command = json.loads(line)

    response = client.post("/api/check", row, content_type="application/json")

    assert response.status_code == 200
    answer = response.json()
    assert {key: answer[key] for key in command} == command
    assert command["figures"] == ["no-nta-may-2024"]
    expected = check_claim(
        ClaimInput(
            id="trump-1",
            text=QUOTE,
            claimant="Donald Trump",
            said_on=date(2024, 9, 23),
            attributed_to="Kamala Harris",
        )
    ).to_json()
    assert answer == json.loads(json.dumps(expected))
    assert answer["explanations"][0]["text"]


def test_the_check_with_reference_data_matches_the_command(client, reference_data, tmp_path):
    row = {
        "id": "homan",
        "text": "They have over 300,000 children that they have released to unvetted sponsors "
        "that they can't find.",
        "claimant": "Tom Homan",
        "said_on": "2024-11-26",
        "attributed_to": "Biden administration",
    }
    claims_file = tmp_path / "claims.yaml"
    claims_file.write_text(yaml.safe_dump([row]), encoding="utf-8")
    out = io.StringIO()
    call_command("checkclaims", str(claims_file), format="jsonl", stdout=out)
    command = json.loads(out.getvalue())
    answer = client.post("/api/check", row, content_type="application/json").json()
    assert {key: answer[key] for key in command} == command
    assert len(answer["explanations"]) >= len(command["findings"])


def test_the_check_by_get_gives_the_same_answer_as_by_post(client, registry_figure):
    by_post = client.post("/api/check", {"text": QUOTE}, content_type="application/json")
    by_get = client.get("/api/check", {"q": QUOTE})
    assert by_get.status_code == by_post.status_code == 200
    assert by_get.json() == by_post.json()


def test_a_check_asked_again_is_the_same_answer_until_the_registry_changes(client):
    from claims.api import CheckOut

    first = client.get("/api/check", {"q": QUOTE})
    again = client.get("/api/check", {"q": QUOTE})
    assert first["Content-Type"] == again["Content-Type"] == "application/json; charset=utf-8"
    assert again.content == first.content
    assert first.json()["figures"] == []
    # What the API answers is what its response schema makes of the verdict.
    verdict = check_claim(ClaimInput(text=QUOTE)).to_json()
    assert first.json() == json.loads(json.dumps(CheckOut.model_validate(verdict).model_dump()))
    category = make_category(
        slug="no-nta", label="No Notice to Appear served", lay_terms=("no court date",)
    )
    make_figure(slug="no-nta-may-2024", category=category)  # the registry changes
    assert client.get("/api/check", {"q": QUOTE}).json()["figures"] == ["no-nta-may-2024"]


def test_the_check_saves_nothing_and_needs_no_csrf_token(registry_figure):
    from claims.models import Claim

    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/check", {"text": QUOTE}, content_type="application/json")
    assert response.status_code == 200
    assert not Claim.objects.exists()


@pytest.mark.parametrize("method", ["post", "get"])
def test_a_quote_over_10000_characters_is_refused(client, method):
    text = "x" * (MAX_QUOTE_LENGTH + 1)
    if method == "post":
        response = client.post("/api/check", {"text": text}, content_type="application/json")
    else:
        response = client.get("/api/check", {"q": text})
    assert response.status_code == 422
    assert "10000" in json.dumps(response.json())


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x01"])
def test_an_empty_quote_is_refused(client, text):
    response = client.post("/api/check", {"text": text}, content_type="application/json")
    assert response.status_code == 422


def test_a_quote_of_exactly_10000_characters_is_checked(client):
    text = ("They lost 291,000 children. " * 400)[:MAX_QUOTE_LENGTH]
    response = client.post("/api/check", {"text": text}, content_type="application/json")
    assert response.status_code == 200


def test_an_over_large_body_is_refused_with_413_before_it_is_read(client):
    body = json.dumps({"text": "x" * MAX_CHECK_BODY_BYTES})
    response = client.post("/api/check", body, content_type="application/json")
    assert response.status_code == 413
    assert str(MAX_CHECK_BODY_BYTES) in response.json()["detail"]


def test_a_malformed_body_is_a_clear_error(client):
    response = client.post("/api/check", "{not json", content_type="application/json")
    assert response.status_code in {400, 422}


def test_the_check_is_rate_limited_per_client_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(check_throttle, "num_requests", 3)
    for _ in range(3):
        assert client.get("/api/check", {"q": "They lost 5 children."}).status_code == 200
    refused = client.post("/api/check", {"text": "Again."}, content_type="application/json")

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many checks" in refused.json()["detail"]
    other = client.get("/api/check", {"q": "They lost 5."}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200
    # Reading the registry is not rate-limited.
    assert client.get("/api/documents").status_code == 200


# --- the description


def test_the_openapi_description_loads_and_names_every_endpoint(client):
    schema = get(client, "/api/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == f"{settings.OUTLET_NAME} API"
    assert set(schema["paths"]) >= {
        "/api/documents",
        "/api/documents/{slug}",
        "/api/categories",
        "/api/categories/{slug}",
        "/api/units",
        "/api/figures",
        "/api/figures/{slug}",
        "/api/series",
        "/api/series/{slug}",
        "/api/claims",
        "/api/claims/{claim_id}",
        "/api/check",
    }
    assert set(schema["paths"]["/api/check"]) == {"get", "post"}
    assert {"413", "422", "429"} <= set(schema["paths"]["/api/check"]["post"]["responses"])


def test_no_docs_page_loads_swagger_from_a_cdn(client):
    assert client.get("/api/docs").status_code == 404

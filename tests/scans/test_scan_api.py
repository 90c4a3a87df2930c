"""POST /api/scan: the scan page's reading as JSON, rate-limited and size-limited like the
check; and `manage.py scantext FILE`, printing JSON lines."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scans.api import MAX_SCAN_BODY_BYTES, scan_throttle
from scans.models import Scan
from tests.scans import files

pytestmark = pytest.mark.django_db


def post(client, body: dict, **extra):
    return client.post("/api/scan", json.dumps(body), content_type="application/json", **extra)


def test_the_api_scans_a_text_and_stores_nothing(client, reference_data, transcript):
    response = post(client, {"text": transcript, "said_on": "2024-06-02", "venue": "Debate"})
    assert response.status_code == 200
    body = response.json()
    assert body["words"] == len(transcript.split())
    ranks = [candidate["rank"] for candidate in body["candidates"]]
    assert ranks == [1, 2, 3]
    first = body["candidates"][0]
    assert transcript[first["start"] : first["end"]] == first["text"]
    assert {"rating", "findings", "figures", "checked_before", "repeats", "turn"} <= set(first)
    elsewhere = {item["text"]: item for item in body["not_in_our_sources"]}
    bridges = elsewhere["We also built 12 bridges last year."]
    assert bridges["not_traced"] == [{"text": "12", "why": "bridges"}]
    assert not Scan.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{"text": ""}, {"text": "   "}, {"text": "x" * 120_001}, {"text": "a", "said_on": "June"}],
)
def test_bad_input_is_422(client, reference_data, body):
    assert post(client, body).status_code == 422


def test_a_body_over_the_limit_is_413_before_it_is_read(client):
    response = client.generic(
        "POST",
        "/api/scan",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(MAX_SCAN_BODY_BYTES + 1),
    )
    assert response.status_code == 413
    assert "the limit is" in response.json()["detail"]


def test_scans_are_rate_limited_per_address(client, reference_data, monkeypatch):
    monkeypatch.setattr(scan_throttle, "num_requests", 2)
    for _ in range(2):
        assert post(client, {"text": "They lost 85,000 kids."}).status_code == 200
    refused = post(client, {"text": "They lost 85,000 kids."})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Too many scans" in refused.json()["detail"]


def test_the_api_is_described_in_the_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/scan"]["post"]
    assert set(operation["responses"]) >= {"200", "413", "422", "429"}


def run_scantext(*args) -> list[dict]:
    out = io.StringIO()
    call_command("scantext", *map(str, args), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_scantext_prints_json_lines(reference_data, tmp_path, transcript):
    path = tmp_path / "debate.docx"
    path.write_bytes(files.docx(transcript.splitlines()))
    lines = run_scantext(path, "--said-on", "2024-06-02")
    kinds = [line["kind"] for line in lines]
    assert kinds == ["candidate"] * 3 + ["not_in_our_sources"] * 2
    assert [line["rank"] for line in lines[:3]] == [1, 2, 3]
    assert lines[0]["speaker"] in {"Smith", "Jones"}


def test_scantext_refuses_a_file_it_cannot_read(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(files.pdf_bomb())
    with pytest.raises(CommandError, match="PDF bomb") as raised:
        run_scantext(path)
    assert raised.value.returncode == 2

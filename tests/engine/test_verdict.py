"""The engine's entry point and what it returns: shapes, JSON, versions, determinism."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from datetime import date

import pytest
from engine_factories import claim, figure, registry

from claims.engine import ENGINE_VERSION, RATING_SCALE_VERSION, ClaimInput, check

REGISTRY = registry(
    figure(
        "no_date",
        291000,
        qualifier="more than",
        category="no_court_date",
        relations=(("disjoint_with", "missed"),),
    ),
    figure("missed", 32000, qualifier="more than", category="missed_court"),
)


def test_claim_input_takes_keywords_and_defaults_everything_but_the_text():
    item = ClaimInput(text="325,000 children")
    assert (item.id, item.claimant, item.said_on, item.attributed_to, item.cited_sources) == (
        "",
        "",
        None,
        "",
        (),
    )
    with pytest.raises(TypeError):
        ClaimInput("325,000 children")  # type: ignore[misc]


def test_verdicts_are_frozen():
    verdict = check(claim("325,000 children"), REGISTRY)
    with pytest.raises(FrozenInstanceError):
        verdict.rating = "true"  # type: ignore[misc]


def test_to_dict_gives_exactly_the_checkclaims_fields():
    verdict = check(claim("More than 325,000 children are missing", id="c1"), REGISTRY)
    assert verdict.to_dict() == {
        "id": "c1",
        "rating": verdict.rating,
        "findings": list(verdict.codes),
        "figures": ["no_date", "missed"],
        "numbers": ["325000"],
        "series": [],
    }
    json.dumps(verdict.to_dict())


def test_to_json_adds_explanations_evidence_and_versions():
    verdict = check(claim("More than 325,000 children are missing", id="c1"), REGISTRY)
    data = verdict.to_json()
    assert data["engine_version"] == ENGINE_VERSION
    assert data["rating_scale_version"] == RATING_SCALE_VERSION
    assert [item["code"] for item in data["explanations"]] == data["findings"]
    combined = data["explanations"][0]
    assert combined["figures"] == ["no_date", "missed"]
    assert combined["documents"] == ["doc_audit"]
    assert combined["text"].startswith("'More than 325,000' reproduces a sum")
    assert data["numbers_read"] == [
        {
            "text": "More than 325,000",
            "value": "325000",
            "qualifier": "more than",
            "unit": "count",
            "counts": "children",
            "low": "325000",
            "high": "357500",
        }
    ]
    json.dumps(data)


def test_the_same_claim_and_registry_always_give_the_same_verdict():
    item = claim("She lost more than 325,000 children", attributed_to="Harris")
    first = check(item, REGISTRY)
    assert all(check(item, REGISTRY) == first for _ in range(3))


def test_a_fresh_registry_with_the_same_records_gives_the_same_verdict():
    item = claim("She lost more than 325,000 children", said_on=date(2024, 9, 23))
    rebuilt = registry(*reversed(REGISTRY.figures))
    assert check(item, rebuilt) == check(item, REGISTRY)


def test_every_finding_and_every_degree_the_policy_weighs_has_a_plain_language_title():
    from claims.engine.checks import FINDING_CODES
    from claims.engine.policy import POLICY
    from claims.engine.verdict import TITLES, finding_title

    assert all((code, "") in TITLES for code in FINDING_CODES)
    assert all(finding_title(row.code, row.degree) != row.code for row in POLICY)
    assert finding_title("combined_figures", "disjoint") == "Two different counts added together"

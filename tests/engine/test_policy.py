"""The rating policy, row by row, and the thresholds that turn steps into ratings."""

from __future__ import annotations

import pytest

from claims.engine import FINDING_CODES, RATING_SCALE, Finding
from claims.engine.policy import (
    ENGINE_VERSION,
    POLICY,
    RATING_SCALE_VERSION,
    THRESHOLDS,
    policy_table,
    rate,
    rating_for_steps,
    row_for,
    steps_between,
)


def found(code: str, degree: str = "") -> Finding:
    return Finding(code=code, explanation="", degree=degree)


ROWS = {(row.code, row.degree): row for row in POLICY}


@pytest.mark.parametrize(
    ("code", "degree", "steps"),
    [
        ("figure_match", "", 0),
        ("rounded", "", 1),
        ("combined_figures", "disjoint", 0),
        ("combined_figures", "part_of_whole", 0),
        ("combined_figures", "unchecked", 1),
        ("mixed_snapshots", "", 1),
        ("category_mismatch", "loose", 1),
        ("category_mismatch", "different", 2),
        ("category_mismatch", "contradicted", 3),
        ("category_mismatch", "unrelated", 5),
        ("period_mismatch", "", 1),
        ("source_mismatch", "", 1),
        ("outdated_figure", "", 1),
        ("figure_after_claim", "", 1),
        ("unsupported_assertion", "", 2),
        ("missing_denominator", "", 0),
        ("unverified_source", "", 1),
        ("no_matching_figure", "partial", 1),
    ],
)
def test_each_weighing_row_adds_its_steps_to_a_figure_match(code, degree, steps):
    assert ROWS[(code, degree)].steps == steps
    assert rate([found("figure_match"), found(code, degree)]) == (rating_for_steps(steps), steps)


def test_no_number_traced_at_all_is_unverifiable_whatever_else_was_found():
    findings = [found("no_matching_figure", "none"), found("unsupported_assertion")]
    assert rate(findings) == ("unverifiable", None)


def test_a_figure_of_the_described_category_saying_otherwise_makes_it_false():
    findings = [found("no_matching_figure", "contradicted"), found("no_matching_figure", "none")]
    assert rate(findings) == ("false", None)


@pytest.mark.parametrize(
    ("steps", "rating"),
    [
        (0, "true"),
        (1, "mostly-true"),
        (2, "half-true"),
        (3, "mostly-false"),
        (4, "mostly-false"),
        (5, "false"),
        (9, "false"),
    ],
)
def test_thresholds_turn_steps_into_ratings(steps, rating):
    assert rating_for_steps(steps) == rating


def test_a_code_counts_once_at_its_worst_degree():
    findings = [
        found("figure_match"),
        found("category_mismatch", "different"),
        found("category_mismatch", "contradicted"),
        found("period_mismatch"),
        found("period_mismatch"),
    ]
    assert rate(findings) == ("mostly-false", 4)


def test_steps_add_up_across_codes():
    findings = [
        found("combined_figures", "disjoint"),
        found("category_mismatch", "unrelated"),
        found("period_mismatch"),
        found("unsupported_assertion"),
        found("missing_denominator"),
    ]
    assert rate(findings) == ("false", 8)


def test_an_unknown_degree_weighs_like_its_codes_first_row_never_zero():
    assert row_for(found("category_mismatch", "new-kind")).steps == 1


def test_every_finding_code_has_a_policy_row():
    assert {row.code for row in POLICY} == set(FINDING_CODES)


def test_every_rating_the_policy_can_give_is_on_the_scale():
    ratings = {name for _, name in THRESHOLDS} | {r.decides for r in POLICY if r.decides}
    assert ratings <= set(RATING_SCALE)


def test_steps_between_ratings_on_the_ordered_scale():
    assert steps_between("true", "mostly-true") == 1
    assert steps_between("false", "half-true") == 2
    assert steps_between("unverifiable", "false") is None


def test_the_policy_table_is_data_for_the_methodology_page():
    table = policy_table()
    assert table["engine_version"] == ENGINE_VERSION
    assert table["rating_scale_version"] == RATING_SCALE_VERSION
    assert table["scale"] == list(RATING_SCALE)
    assert len(table["rows"]) == len(POLICY)
    assert table["rows"][0] == {
        "code": "figure_match",
        "degree": "",
        "steps": 0,
        "why": "the number is the figure",
        "decides": "",
        "at_least": 0,
    }
    assert table["thresholds"][-1] == {"from_steps": 5, "rating": "false"}


def test_weak_ground_caps_the_rating_at_half_true_without_adding_to_other_faults():
    weak = Finding("unverified_source", "", degree="sole")
    assert rate([Finding("figure_match", ""), weak]) == ("half-true", 2)
    assert rate([Finding("rounded", ""), weak]) == ("half-true", 2)
    assert rate([Finding("rounded", ""), Finding("period_mismatch", ""), weak]) == (
        "mostly-false",
        3,
    )

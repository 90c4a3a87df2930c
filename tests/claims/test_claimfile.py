"""Reading claims files and measuring agreement, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from claims.claimfile import ClaimFileError, Expected, compare, read_claim_file
from claims.engine import Verdict


def problems(path) -> list[str]:
    with pytest.raises(ClaimFileError) as raised:
        read_claim_file(path)
    return raised.value.problems


def test_reads_every_field_of_a_yaml_row(claims_file):
    path = claims_file(
        "- id: c1\n"
        "  text: >-\n    She lost more than\n    325,000 children.\n"
        "  claimant: Someone\n  said_on: 2024-09-23\n  attributed_to: Kamala Harris\n"
        "  cited_sources: [doc_a, doc_b]\n"
        "  expected: {rating: 'false', findings: [combined_figures], figures: [f1],"
        " rated_by: [x]}\n"
    )
    (row,) = read_claim_file(path)
    assert row.row == 1
    assert row.claim.text == "She lost more than 325,000 children."
    assert row.claim.said_on == date(2024, 9, 23)
    assert row.claim.cited_sources == ("doc_a", "doc_b")
    assert row.expected == Expected("false", ("combined_figures",), ("f1",))


def test_a_yaml_mapping_with_a_claims_list_is_read_too(claims_file):
    assert len(read_claim_file(claims_file("claims:\n  - id: a\n    text: ok\n"))) == 1


def test_reads_a_csv_row_with_expected_columns(claims_file):
    path = claims_file(
        "id,text,said_on,cited_sources,expected_rating,expected_findings\n"
        "c1,ok,2024-01-02,doc_a;doc_b,half-true,figure_match;category_mismatch\n",
        ".csv",
    )
    (row,) = read_claim_file(path)
    assert row.row == 2
    assert row.claim.cited_sources == ("doc_a", "doc_b")
    assert row.expected == Expected("half-true", ("figure_match", "category_mismatch"), ())


def test_a_repeated_id_names_both_rows(claims_file):
    found = problems(claims_file("- id: a\n  text: x\n- id: a\n  text: y\n"))
    assert found == ["row 2 (id a), field id: repeats row 1."]


def test_an_unknown_finding_code_is_named(claims_file):
    found = problems(
        claims_file("- id: a\n  text: x\n  expected: {rating: 'true', findings: [made_up]}\n")
    )
    assert found == ["row 1 (id a), field expected.findings: 'made_up' is not a finding code."]


def test_text_must_be_text(claims_file):
    found = problems(claims_file("- id: a\n  text: [1, 2]\n"))
    assert found == ["row 1 (id a), field text: must be text, not list."]


def test_an_empty_file_is_refused(claims_file):
    assert problems(claims_file("[]\n")) == ["claims.yaml: contains no claims."]


def test_a_file_of_another_kind_is_refused(claims_file):
    assert "give a .yaml, .yml or .csv file" in problems(claims_file("x", ".txt"))[0]


def test_invalid_yaml_is_refused(claims_file):
    assert "not valid YAML" in problems(claims_file("- id: [unclosed\n"))[0]


def _verdict(rating: str, codes: tuple[str, ...], figures: tuple[str, ...]) -> Verdict:
    from claims.engine import Finding

    return Verdict(
        id="c1",
        rating=rating,
        findings=tuple(Finding(code=code, explanation="") for code in codes),
        figures=figures,
        numbers=(),
        engine_version="x",
        rating_scale_version="1",
    )


def test_agreement_counts_exact_and_one_step_ratings_figures_and_findings(claims_file):
    (row,) = read_claim_file(
        claims_file(
            "- id: c1\n  text: x\n  expected: {rating: mostly-false, findings: [rounded],"
            " figures: [f1, f2]}\n"
        )
    )
    (agreement,) = compare([row], [_verdict("false", ("rounded", "figure_match"), ("f1",))])
    assert not agreement.rating_exact
    assert agreement.within_one_step
    assert agreement.findings_present
    assert agreement.missing_figures == ("f2",)


def test_unverifiable_is_within_one_step_only_of_itself(claims_file):
    (row,) = read_claim_file(claims_file("- id: c1\n  text: x\n  expected: {rating: 'false'}\n"))
    (agreement,) = compare([row], [_verdict("unverifiable", (), ())])
    assert not agreement.within_one_step

"""The checkclaims command on the real reference data and the development claims."""

from __future__ import annotations

import io
import json

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.checking import check_claim, load_registry
from claims.claimfile import read_claim_file
from claims.engine import ClaimInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_verdicts(reference_data, dev_claims, checkclaims):
    """The command's jsonl output for the development set, by claim id."""
    lines = checkclaims(dev_claims).splitlines()
    return {line["id"]: line for line in map(json.loads, lines)}


@pytest.fixture
def expected(dev_claims):
    rows = yaml.safe_load(dev_claims.read_text(encoding="utf-8"))
    return {row["id"]: row["expected"] for row in rows}


def test_every_development_claim_is_traced_to_its_expected_figures(dev_verdicts, expected):
    for claim_id, wanted in expected.items():
        assert set(wanted["figures"]) <= set(dev_verdicts[claim_id]["figures"]), claim_id


def test_every_development_claim_carries_its_expected_findings(dev_verdicts, expected):
    for claim_id, wanted in expected.items():
        assert set(wanted["findings"]) <= set(dev_verdicts[claim_id]["findings"]), claim_id


def test_at_least_six_of_seven_development_ratings_agree_with_the_fact_checkers(
    dev_verdicts, expected
):
    agree = [
        claim_id
        for claim_id, wanted in expected.items()
        if dev_verdicts[claim_id]["rating"] == wanted["rating"]
    ]
    assert len(expected) == 7
    assert len(agree) >= 6, {
        k: (v["rating"], expected[k]["rating"]) for k, v in dev_verdicts.items()
    }


def test_jsonl_prints_one_object_per_claim_with_the_contract_fields(dev_verdicts):
    assert len(dev_verdicts) == 7
    for line in dev_verdicts.values():
        assert list(line) == ["id", "rating", "findings", "figures", "numbers", "series"]
        assert all(isinstance(number, str) for number in line["numbers"])
        assert isinstance(line["series"], list)


def test_evaluate_prints_the_agreement(reference_data, dev_claims, checkclaims):
    output = checkclaims(dev_claims, "--evaluate")
    assert "rating exact: " in output
    assert "rating within one step: 7/7" in output
    assert "figures traced: 7/7" in output
    assert "findings present: 7/7" in output


def test_table_prints_a_line_per_claim_and_the_explanations(
    reference_data, dev_claims, checkclaims
):
    output = checkclaims(dev_claims, "--format", "table")
    assert output.splitlines()[0].split() == ["id", "rating", "findings", "figures"]
    assert "homan-2024-11-26-300000-cant-find" in output
    assert "  - combined_figures: 'over 300,000' reproduces a sum" in output


def test_the_command_reads_the_figures_from_the_database_not_the_yaml(dev_claims, checkclaims):
    lines = [json.loads(line) for line in checkclaims(dev_claims).splitlines()]
    assert {line["rating"] for line in lines} == {"unverifiable"}
    assert all(line["figures"] == [] for line in lines)


def test_a_csv_claims_file_gives_the_same_verdicts_as_yaml(
    reference_data, claims_file, checkclaims
):
    path = claims_file(
        "id,text,said_on,attributed_to,cited_sources\n"
        'c1,"The U.S. government lost track of 1,475 immigrant children.",2018-05-28,'
        "U.S. government,\n",
        ".csv",
    )
    line = json.loads(checkclaims(path))
    assert line["figures"] == ["wagner18_unknown_1475"]
    assert line["rating"] == "mostly-true"


def test_load_registry_reads_every_record_in_a_bounded_number_of_queries(
    reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(11):
        registry = load_registry()
    assert len(registry.figures) == 115
    assert len(registry.documents) == 50
    assert len(registry.categories) == 30
    assert len(registry.tenures) == 4
    assert registry.fiscal_year_start == (10, 1)
    units = {unit.slug: unit for unit in registry.units}
    assert [unit.slug for unit in registry.units] == sorted(units)
    assert {"kids", "minors", "uacs"} <= set(units["children"].words)
    deceased = registry.categories["child_found_deceased"]
    assert "dead" in deceased.harm_terms
    assert deceased.lay_terms == ()
    stored = {(f.slug, kind, other) for f in registry.figures for kind, other in f.relations}
    assert ("oig25_no_nta_jan2025", "supersedes", "oig24_no_nta_may2024") in stored
    disjoint = {(a, b) for a, kind, b in stored if kind == "disjoint_with"}
    assert {
        ("oig24_no_nta_may2024", "oig24_fta_fy19_23"),
        ("oig24_fta_fy19_23", "oig24_no_nta_may2024"),
    } & disjoint


def test_check_claim_loads_the_registry_when_none_is_given(reference_data):
    verdict = check_claim(ClaimInput(text="The U.S. government lost track of 1,475 children."))
    assert verdict.figures == ("wagner18_unknown_1475",)


# -- bad files ----------------------------------------------------------------------------------


def _fails(path) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("checkclaims", str(path), stdout=io.StringIO(), stderr=err)
    return raised.value, err.getvalue()


def test_a_bad_date_is_reported_with_its_row_and_field_and_exit_status_2(claims_file):
    path = claims_file(
        "- id: a\n  text: 80,000 children\n- id: b\n  text: x\n  said_on: 2024-13-45\n"
    )
    error, messages = _fails(path)
    assert error.returncode == 2
    assert "row 2 (id b), field said_on" in messages
    assert "is not a date" in messages


def test_every_bad_row_is_reported_before_anything_is_checked(claims_file):
    path = claims_file(
        "- id: a\n"
        "- text: no id\n"
        "- id: c\n  text: ok\n  expected: {rating: maybe}\n"
        "- id: d\n  text: ok\n  colour: blue\n"
    )
    error, messages = _fails(path)
    assert "row 1 (id a), field text: is required." in messages
    assert "row 2, field id: is required." in messages
    assert "row 3 (id c), field expected.rating: 'maybe' is not one of" in messages
    assert "row 4 (id d), field colour: is not a known field" in messages
    assert str(error) == "4 problems in claims.yaml; nothing checked."


def test_a_bad_csv_row_is_named_by_its_line(claims_file):
    path = claims_file("id,text,said_on\nc1,ok,2024-01-01\nc2,,2024-01-01\n", ".csv")
    error, messages = _fails(path)
    assert error.returncode == 2
    assert "row 3 (id c2), field text: is required." in messages


def test_a_file_that_is_not_a_list_of_claims_is_refused(claims_file):
    error, messages = _fails(claims_file("just: a mapping\n"))
    assert error.returncode == 2
    assert "must be a list of claims" in messages


def test_a_missing_file_is_refused_with_exit_status_2(tmp_path):
    error, _ = _fails(tmp_path / "nowhere.yaml")
    assert error.returncode == 2


def test_evaluate_needs_expected_rulings(claims_file):
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "checkclaims",
            str(claims_file("- id: a\n  text: 1,475 children\n")),
            "--evaluate",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert raised.value.returncode == 2


def test_manage_py_exits_with_status_2_on_a_bad_file(claims_file, capsys):
    from django.core.management import ManagementUtility

    path = claims_file("- id: a\n  text: ''\n")
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "checkclaims", str(path)]).execute()
    assert exited.value.code == 2
    assert "row 1 (id a), field text: is required." in capsys.readouterr().err


def test_nothing_is_printed_to_stdout_for_a_bad_file(claims_file):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "checkclaims",
            str(claims_file("- id: a\n- id: b\n  text: ok\n")),
            stdout=out,
            stderr=io.StringIO(),
        )
    assert out.getvalue() == ""


def test_the_development_file_reads_cleanly(dev_claims):
    rows = read_claim_file(dev_claims)
    assert len(rows) == 7
    assert all(row.expected is not None for row in rows)

"""The corpus (tests/engine/corpus/): every constructed quote, its two rewordings and the quote
inside a paragraph of distractor sentences must all get the expected trace, findings and
rating, against the project's own reference data."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from claims.corpus import VARIANTS, evaluate, read_corpus, variants
from claims.engine import check

CORPUS = Path(__file__).parent / "corpus"
CASES, DISTRACTORS = read_corpus(CORPUS)
# Cases the engine does not yet get right in every wording, with the first thing it gets wrong.
# Each is a strict expected failure: the day a case passes, its test fails until it is taken
# off this list, so the list can only shrink. The rest of the corpus must pass.
KNOWN_FAILURES: dict[str, str] = {}


MECHANISMS = (
    "attachment",
    "stray_numbers",
    "publication",
    "abstain",
    "closeness",
    "arithmetic",
    "time_frames",
    "weak_ground",
    "number_forms",
    "explanations",
)


# The reference registry is imported into the test database: the tests ask for it, so that
# the database is set up when this module runs without any test that uses it otherwise.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def reference_registry(django_db_setup, django_db_blocker):
    """The registry of fixtures/reference.yaml and the shipped series, imported once and rolled
    back: the engine then works on frozen records with no database."""
    from claims.checking import load_registry
    from tests.conftest import REFERENCE_DATA

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_figures", str(REFERENCE_DATA), verbosity=0)
        call_command("import_series", str(REFERENCE_DATA.with_name("series.yaml")), verbosity=0)
        registry = load_registry()
        registry.index  # noqa: B018 (built while the data is there, though it needs none)
        transaction.set_rollback(True)
    return registry


def test_the_corpus_covers_every_mechanism_with_enough_cases():
    counts = dict.fromkeys(MECHANISMS, 0)
    for case in CASES:
        counts[case.mechanism] = counts.get(case.mechanism, 0) + 1
    assert set(counts) == set(MECHANISMS)
    assert all(count >= 10 for count in counts.values()), counts
    assert len(CASES) >= 150


def test_every_paragraph_is_about_two_hundred_words_with_the_quote_inside():
    for case in CASES:
        text = dict(variants(case, DISTRACTORS))["paragraph"]
        assert case.text in text
        assert len(text.split()) >= 200


def _marked(case):
    reason = KNOWN_FAILURES.get(case.id)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, id=case.id, marks=marks)


def test_the_known_failures_name_corpus_cases():
    assert set(KNOWN_FAILURES) <= {case.id for case in CASES}


@pytest.mark.parametrize("case", [_marked(case) for case in CASES])
def test_every_wording_of_the_quote_gets_the_expected_ruling(case, reference_registry):
    results = evaluate([case], DISTRACTORS, lambda claim: check(claim, reference_registry))
    failures = [f"{r.variant}: {'; '.join(r.problems)}\n  {r.text}" for r in results if r.problems]
    assert not failures, "\n".join(failures)
    # The same trace and rating whatever the wording: the invariance the corpus exists for.
    assert len({(r.verdict.rating, frozenset(r.verdict.figures)) for r in results}) == 1
    assert [r.variant for r in results] == list(VARIANTS)
    # Findings name figures by what they count, never by their slug.
    slugs = {figure.slug for figure in reference_registry.figures}
    for result in results:
        for finding in result.verdict.findings:
            assert not [slug for slug in slugs if slug in finding.explanation], finding


# Sentences a news paragraph may hold around a quote about children: numbers the registry does
# count (calls to a hotline, an audit's recommendations, follow-up calls) but of other things,
# harm that befell others, and a state named elsewhere.
OTHER_SUBJECTS = (
    "The office hired 200 new case managers and made 14,000 phone calls last month.",
    "The report, released on a Tuesday, ran to 60 pages with 12 recommendations.",
    "Officials said the hotline received 2,000 calls in its first week.",
    "A storm killed 3 people in Pennsylvania the same week.",
)


def _about_children_only(case, registry) -> bool:
    units = {figure.slug: figure.unit for figure in registry.figures}
    words = case.text.lower()
    return (
        bool(case.expect.figures)
        and all(units.get(slug) == "children" for slug in case.expect.figures)
        and not any(word in words for word in ("call", "recommend", "hotline"))
    )


def test_numbers_about_other_things_beside_the_quote_leave_its_ruling(reference_registry):
    """Around a quote about children, numbers the registry counts but of other things (calls,
    recommendations, people killed in a storm) are read, and their tracing to nothing, or to a
    figure that says otherwise, does not move the quote's ruling or trace; nor does harm said
    of them, or a state named in their sentence."""
    cases = [case for case in CASES if _about_children_only(case, reference_registry)]
    assert len(cases) >= 60
    wrong = []
    for case in cases:
        text = " ".join([*OTHER_SUBJECTS[:2], case.text, *OTHER_SUBJECTS[2:]])
        verdict = check(case.claim(text), reference_registry)
        if verdict.rating != case.expect.rating or set(verdict.figures) != set(
            case.expect.figures
        ):
            wrong.append(f"{case.id}: {verdict.rating} {sorted(verdict.figures)}")
    assert wrong == []

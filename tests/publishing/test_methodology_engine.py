"""The methodology's sections on claim frames, the evidence floor and arithmetic: read from the
engine's own constants, word lists and docstrings, and from the registry in the database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.html import escape

from claims.engine import changes, evidence, frames, match, sentences, tolerance
from claims.engine.describe import amount
from datasets.models import Unit
from publishing.examples import ARITHMETIC_KINDS, arithmetic_examples
from publishing.methodology import (
    ARITHMETIC_MEANINGS,
    SHAPE_MEANINGS,
    claim_frames,
    evidence_floor,
)

pytestmark = pytest.mark.django_db


def html(client, url: str = "/methodology/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("section", "title"),
    [
        ("frames", "Each number in its own words"),
        ("floor", "When we say no figure was found"),
        ("arithmetic", "Shares, changes and totals"),
    ],
)
def test_anonymous_visitors_find_each_new_section_in_the_contents(client, section, title):
    page = html(client)
    assert f'<section id="{section}" aria-labelledby="{section}-title">' in page
    assert f'<h2 id="{section}-title">{title}</h2>' in page
    assert f'<a href="#{section}">{title}</a>' in page


def test_the_engine_version_is_the_running_one(client, monkeypatch):
    monkeypatch.setattr("claims.engine.policy.ENGINE_VERSION", "9.7")
    assert "engine 9.7," in html(client)


def test_the_frames_section_states_the_engines_reach_and_word_lists(client):
    page = html(client)
    assert f"at most {frames.CLAUSE_REACH} clause" in page
    assert f"A sentence of {frames.FRAGMENT_WORDS} words or fewer" in page
    assert f"A clause of {frames.ELLIPSIS_WORDS} words or fewer" in page
    for denial in sentences.DENIALS:
        assert f"“{' '.join(denial)}”" in page
    for words in (frames.TURNS, frames.ANAPHORA, frames.PARTITIVES):
        assert ", ".join(sorted(words)) in page


def test_the_frames_section_is_the_engines_own_description():
    items = claim_frames()["how"]
    assert items, "the frames module's docstring lists what a frame holds"
    for item in items:
        assert " ".join(item.rstrip(".").split()[:4]) in " ".join(frames.__doc__.split())


def test_what_figures_count_is_the_registrys_units(client):
    Unit.objects.create(slug="hives", label="beehives", words=["hives", "beehives", "colonies"])
    page = html(client)
    assert '<th scope="row">beehives</th><td>hives, beehives, colonies</td>' in page


def test_without_units_the_page_says_every_described_number_is_traced(client):
    assert "The registry lists no units yet" in html(client)


def test_the_floor_lists_every_reason_the_matcher_gives(client):
    reasons = evidence_floor()["reasons"]
    assert "its period lies outside the time the quote states" in reasons
    page = html(client)
    for reason in reasons:
        assert escape(reason[:1].upper() + reason[1:]) in page


def test_the_floor_shows_its_thresholds_and_the_cost_of_each_shape(client):
    page = html(client)
    cap = amount(tolerance.ROUNDING_CAP * 100)
    assert f"said exactly, would allow (at most {cap} % either way), whatever word hedges" in page
    outside = Decimal(str(evidence.OUTSIDE_SHARE)) * 100
    assert f"at most {amount(outside)} % of its period" in page
    assert f"loses {amount(Decimal(str(abs(match.W_UNAVAILABLE))))} points" in page
    for shape, weight in match.W_SHAPE.items():
        meaning = escape(SHAPE_MEANINGS[shape][:1].upper() + SHAPE_MEANINGS[shape][1:])
        assert f"{meaning}</th><td>{amount(Decimal(str(weight)))}</td>" in page


def test_every_shape_the_matcher_weighs_has_a_meaning():
    assert set(SHAPE_MEANINGS) == set(match.W_SHAPE)


def test_the_floor_says_when_a_later_figure_counts(client):
    page = html(client)
    assert "<code>figure_after_claim</code>" in page
    assert "confirmed later" in page
    assert " ".join(match.Matcher.best.__doc__.split()[12:20]) in page


def test_the_arithmetic_section_lists_the_change_words(client):
    page = html(client)
    assert ", ".join(sorted(changes.RISE)) in page
    assert ", ".join(sorted(changes.FALL)) in page
    for word, value in changes.MULTIPLIERS.items():
        assert f"{word} (×{amount(value)})" in page


def test_every_kind_of_arithmetic_has_a_meaning():
    assert set(ARITHMETIC_MEANINGS) == {degree for degree, _ in ARITHMETIC_KINDS}


def test_without_figures_the_arithmetic_section_says_it_has_no_example(client):
    page = html(client)
    assert page.count("holds no figures the engine could work this out from") == len(
        ARITHMETIC_KINDS
    )


def test_with_the_reference_data_each_kind_of_arithmetic_has_a_live_example(
    reference_data, client
):
    examples = arithmetic_examples()
    assert set(examples) == {degree for degree, _ in ARITHMETIC_KINDS}
    page = html(client)
    for degree, example in examples.items():
        assert f'id="arithmetic-{degree}"' in page
        assert escape(example["quote"]) in page
        assert escape(example["explanation"]) in page


def test_the_page_takes_a_bounded_number_of_queries(
    reference_data, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):  # the registry once, then the examples' checks
        html(client)
    with django_assert_max_num_queries(5):  # examples and registry kept
        html(client)

"""The comparison chart: bars in whole percent, a key for the kinds drawn only, labels whole."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from claims.charts import comparison_chart
from tests.factories import make_category, make_figure

pytestmark = pytest.mark.django_db

LONG_LABEL = (
    "Children released to sponsors whose follow-up call went unanswered after thirty days "
    "of release"
)


def test_one_figure_draws_no_sum_and_the_key_does_not_mention_one():
    figure = make_figure(value=Decimal(1475))
    chart = comparison_chart([("1,500", Decimal(1500))], [figure])
    assert [bar.kind for bar in chart.bars] == ["claimed", "figure"]
    assert [bar.percent for bar in chart.bars] == [100, 98]
    assert "Outlined" not in chart.legend
    assert chart.legend == (
        "Hatched: the number in the quote. Solid: each official figure it traces to."
    )


def test_two_figures_draw_their_sum_and_the_key_names_it():
    figures = [make_figure(value=Decimal(291000)), make_figure(value=Decimal(32000))]
    chart = comparison_chart([("325,000", Decimal(325000))], figures)
    assert [bar.kind for bar in chart.bars] == ["claimed", "figure", "figure", "sum"]
    assert [bar.percent for bar in chart.bars] == [100, 90, 10, 99]
    assert chart.legend.endswith("Outlined: those figures added together.")


def test_a_tiny_figure_still_shows_a_bar():
    figures = [make_figure(value=Decimal(3))]
    chart = comparison_chart([("1,000,000", Decimal(1_000_000))], figures)
    assert chart.bars[-1].percent == 1


def test_labels_are_rendered_whole_as_text_never_cut():
    figure = make_figure(value=Decimal(1475), category=make_category(label=LONG_LABEL))
    chart = comparison_chart([("1,500", Decimal(1500))], [figure])
    html = render_to_string("includes/chart.html", {"chart": chart})
    assert LONG_LABEL in html
    assert "…" not in html
    assert "<svg" not in html  # text in HTML wraps; it never shrinks with a drawing
    assert 'class="chart-bar w-98"' in html

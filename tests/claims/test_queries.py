"""List and detail pages run a fixed number of queries whatever the number of claims."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claim, Correction, Ruling, RulingVersion, TracedFigure
from factcheck import kept_pages
from tests.factories import make_figure

pytestmark = pytest.mark.django_db


def add_claims(count: int, *, author, figures) -> Claim:
    """Bulk-create published claims, each with a ruling, traces, a version and a correction."""
    start = Claim.objects.count()
    claims = Claim.objects.bulk_create(
        Claim(
            text=f"Claim {start + n}: they lost {n},000 children.",
            claimant="Someone",
            author=author,
            status=Claim.Status.PUBLISHED,
        )
        for n in range(count)
    )
    rulings = Ruling.objects.bulk_create(
        Ruling(
            claim=claim,
            proposed_rating="false",
            engine_version="test",
            published_at=timezone.now(),
            headline=f"Headline of {claim.text}",
            in_short=f"In short, {claim.text}" + " more words" * 30 + ". A second sentence.",
            findings=[
                {
                    "code": "category_mismatch",
                    "degree": "",
                    "text": "Other count.",
                    "figures": [f.slug for f in figures],
                    "documents": [],
                }
            ],
        )
        for claim in claims
    )
    TracedFigure.objects.bulk_create(
        TracedFigure(ruling=ruling, figure=figure, position=i)
        for ruling in rulings
        for i, figure in enumerate(figures)
    )
    RulingVersion.objects.bulk_create(
        RulingVersion(
            ruling=ruling,
            number=1,
            status="review",
            rating="false",
            proposed_rating="false",
            engine_version="test",
            changed_by=author,
            change="published",
        )
        for ruling in rulings
    )
    Correction.objects.bulk_create(
        Correction(
            ruling=r, note="Fixed.", editor=author, previous_rating="false", new_rating="false"
        )
        for r in rulings
    )
    return claims[-1]


def queries(client, url: str) -> int:
    """The queries of a request after a first one (which reads what the process keeps for the
    registry as it stands: the publishers' names; tests/claims/test_page_costs.py counts that
    first request too), rendered: not the page kept from that first one (tests/test_kept_pages.py
    counts a kept page's)."""
    client.get(url)
    kept_pages.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["anonymous", "editor"])
@pytest.mark.parametrize(
    "url", ["/claims/", "/claims/?q=lost&rating=false", "DETAIL", "/corrections/", "/"]
)
def test_pages_run_the_same_queries_with_10_or_1000_claims(client, editor, persona, url):
    figures = [make_figure(), make_figure()]
    if persona == "editor":
        client.force_login(editor)
    last = add_claims(10, author=editor, figures=figures)
    target = last.get_absolute_url() if url == "DETAIL" else url
    small = queries(client, target)
    last = add_claims(990, author=editor, figures=figures)
    target = last.get_absolute_url() if url == "DETAIL" else url
    assert queries(client, target) == small


@pytest.mark.parametrize("url", ["/", "/claims/"])
def test_rating_lists_show_the_headline_the_coloured_rating_and_the_in_short_on_one_line(
    client, editor, url
):
    add_claims(3, author=editor, figures=[make_figure()])
    page = client.get(url).content.decode()
    assert page.count('<span class="rating-badge rating-false">') == 3
    assert "Headline of Claim 2: they lost 2,000 children." in page
    lines = re.findall(r'<p class="card-summary">(.*?)</p>', page)
    assert len(lines) == 3
    assert all(line.startswith("In short, Claim") and line.endswith("…") for line in lines)
    assert all(len(line) <= 160 for line in lines)
    assert all(line.removesuffix("…").endswith(" more words") for line in lines), "whole words"

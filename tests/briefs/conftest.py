from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import make_claim, make_document, make_figure


@pytest.fixture(autouse=True)
def _briefs_in_tmp(settings, tmp_path):
    """Stored briefs go to a fresh folder per test, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OUTLET_NAME = "The Test Ledger"
    settings.SITE_URL = "https://news.example"


def make_figures() -> list:
    """Two figures from two documents, as the engine would trace a combined number."""
    return [
        make_figure(
            value=Decimal(291000),
            qualifier="more than",
            page="4",
            document=make_document(
                title="Management Alert on released children", report_number="OIG-24-46"
            ),
        ),
        make_figure(
            value=Decimal(32000),
            qualifier="about",
            page="12",
            quote="About 32,000 children failed to appear in immigration court.",
            document=make_document(
                title="Immigration court appearances", report_number="GAO-25-1071"
            ),
        ),
    ]


@pytest.fixture
def figures(db):
    return make_figures()


def make_published_claim(*, author, editor, figures):
    """A published claim with unusual characters everywhere a brief prints text."""
    claim = make_claim(
        author=author,
        status="published",
        figures=figures,
        text="They lost 325,000 migrant children — “gone”, said the senator, naïvely.",
        claimant="Senator Éloïse Núñez",
        venue="Campaign rally, Des Moines",
    )
    ruling = claim.ruling
    ruling.summary = "The number adds two figures that count different things."
    ruling.editor = editor
    ruling.save()
    return claim


@pytest.fixture
def published_claim(journalist, editor, figures):
    return make_published_claim(author=journalist, editor=editor, figures=figures)

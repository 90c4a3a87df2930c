"""When a figure behind a ruling changes, the claim is re-checked and the editor is told."""

from __future__ import annotations

from datetime import date

import pytest

from claims.models import Claim
from datasets.models import Category, Figure

pytestmark = pytest.mark.django_db

QUOTE = "The Biden administration has lost 80,000 migrant children."


@pytest.fixture
def claim(reference_data, journalist):
    return Claim.create_checked(
        author=journalist,
        text=QUOTE,
        said_on=date(2024, 6, 2),
        attributed_to="Biden administration",
    )


def test_a_saved_claim_stores_the_engines_proposal_and_traced_figures(claim):
    ruling = claim.ruling
    assert ruling.proposed_rating == "mostly-false"
    assert list(ruling.figures.values_list("slug", flat=True)) == ["nyt23_unreachable_85000"]
    assert "category_mismatch" in [f["code"] for f in ruling.findings]
    assert ruling.engine_version


def test_editing_a_traced_figure_flags_the_changed_proposal_without_rewriting_it(
    claim, django_capture_on_commit_callbacks
):
    figure = Figure.objects.get(slug="nyt23_unreachable_85000")
    figure.category = Category.objects.get(slug="orr_missing_runaway")
    with django_capture_on_commit_callbacks(execute=True):
        figure.save()
    ruling = Claim.objects.get(pk=claim.pk).ruling
    assert ruling.has_pending_revision
    assert ruling.revision_note.startswith("Source revised: proposal changed from mostly-false to")
    assert ruling.proposed_rating == "mostly-false"  # never silently rewritten
    assert ruling.revised_rating != "mostly-false"


def test_an_unrelated_change_flags_nothing(claim, django_capture_on_commit_callbacks):
    other = Figure.objects.get(slug="oig24_recommendations")
    other.notes = "Edited notes."
    with django_capture_on_commit_callbacks(execute=True):
        other.save()
    assert not Claim.objects.get(pk=claim.pk).ruling.has_pending_revision


def test_the_editor_sees_the_flag_and_can_accept_the_revision(
    client, claim, editor, django_capture_on_commit_callbacks
):
    figure = Figure.objects.get(slug="nyt23_unreachable_85000")
    figure.category = Category.objects.get(slug="orr_missing_runaway")
    with django_capture_on_commit_callbacks(execute=True):
        figure.save()
    client.force_login(editor)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Source revised: proposal changed from mostly-false to" in page
    revised = Claim.objects.get(pk=claim.pk).ruling.revised_rating
    client.post(f"/claims/{claim.pk}/accept-revision/", {"version": 1})
    ruling = Claim.objects.get(pk=claim.pk).ruling
    assert ruling.proposed_rating == revised
    assert not ruling.has_pending_revision
    assert ruling.versions.count() == 1


def test_the_claim_page_titles_each_finding_by_its_degree(client, reference_data, editor):
    from claims.engine.verdict import finding_title

    saved = Claim.create_checked(
        author=editor,
        text=(
            "More than 320,000 migrant children transferred in fiscal 2019 through 2023 either"
            " never got a court date or failed to appear at their hearing."
        ),
        said_on=date(2024, 10, 1),
    )
    combined = next(f for f in saved.ruling.findings if f["code"] == "combined_figures")
    assert combined["degree"] == "disjoint"
    client.force_login(editor)
    page = client.get(saved.get_absolute_url()).content.decode()
    assert finding_title("combined_figures", "disjoint") in page

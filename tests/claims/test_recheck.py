"""When a figure behind a ruling changes, the claim is re-checked and the editor is told."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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


# -- which rulings a change re-checks ------------------------------------------------------

UNRELATED = "Officials said {n} children were reunified with parents in {year}."


def _checked(journalist, text: str) -> Claim:
    return Claim.create_checked(author=journalist, text=text, said_on=date(2024, 6, 2))


def _rechecked(monkeypatch, slugs: list[str]) -> list[str]:
    """Run the re-check task for these figures; the quotes it re-checked, in order."""
    import claims.checking
    from claims.tasks import recheck_claims

    seen: list[str] = []
    original = claims.checking.check_claim

    def recording(claim, registry=None):
        seen.append(claim.text)
        return original(claim, registry=registry)

    monkeypatch.setattr(claims.checking, "check_claim", recording)
    recheck_claims.call(slugs)
    return seen


def test_a_changed_figure_rechecks_its_rulings_and_the_untraced_ones_it_could_explain(
    claim, journalist, monkeypatch
):
    from tests.factories import make_figure

    explained = _checked(journalist, "Officials lost track of 7,654,321 children.")
    far = _checked(journalist, "Officials lost track of 3 children.")
    assert not explained.ruling.figures.exists()
    assert not far.ruling.figures.exists()
    new = make_figure(value=Decimal(7654321), qualifier="exact")
    assert set(_rechecked(monkeypatch, [new.slug])) == {explained.text}
    # A traced figure: its own ruling, and the untraced ones whose findings name it (what
    # their words describe is counted by it), not an untraced one it has nothing to do with.
    unrelated = _checked(journalist, UNRELATED.format(n=3, year=2019))
    assert not unrelated.ruling.figures.exists()
    named = {
        claim.text
        for claim in (explained, far, unrelated)
        if any("nyt23_unreachable_85000" in f["figures"] for f in claim.ruling.findings)
    }
    assert named == {explained.text, far.text}
    assert set(_rechecked(monkeypatch, ["nyt23_unreachable_85000"])) == {QUOTE} | named


def test_a_new_figure_can_explain_an_untraced_number_as_part_of_a_sum(
    journalist, reference_data, monkeypatch
):
    from tests.factories import make_document, make_figure

    document = make_document()
    first = make_figure(document=document, value=Decimal(400000), qualifier="exact")
    summed = _checked(journalist, "Officials lost track of 1,100,000 children.")
    assert not summed.ruling.figures.exists()
    second = make_figure(document=document, value=Decimal(700000), qualifier="exact")
    assert first.document_id == second.document_id
    assert _rechecked(monkeypatch, [second.slug]) == [summed.text]


def test_a_recheck_reads_the_database_as_often_whatever_the_unrelated_rulings(
    claim, journalist, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.tasks import recheck_claims

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            recheck_claims.call(["nyt23_unreachable_85000"])
        return len(captured)

    _checked(journalist, UNRELATED.format(n=3, year=2019))
    queries()  # the registry is built and kept
    before = queries()
    for n in range(4, 12):
        _checked(journalist, UNRELATED.format(n=n, year=2020))
        _checked(journalist, f"They lost {n * 11},000 children, the audit found.")
    queries()
    assert queries() == before

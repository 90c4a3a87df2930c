from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from datasets.models import Figure, FigureRelation, LayTerm, Unit
from tests.factories import make_category, make_document, make_figure, relate

pytestmark = pytest.mark.django_db


def make_registry(size: int) -> None:
    """A registry of `size` figures spread over a few documents and categories, with relations."""
    documents = [make_document() for _ in range(3)]
    categories = [make_category(lay_terms=("missing", "lost")) for _ in range(3)]
    previous = None
    for n in range(size):
        figure = make_figure(document=documents[n % 3], category=categories[n % 3])
        if previous is not None:
            relate(figure, FigureRelation.Kind.SUPERSEDES, previous)
        previous = figure


def test_the_figure_permalink_shows_everything_a_researcher_cites(client, reference_data):
    response = client.get("/figures/oig24_no_nta_may2024/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "291,000" in page
    assert "more than" in page
    assert "UCs on whom ICE had not served a Notice to Appear" in page  # the category's meaning
    assert "May 2024" in page
    assert "OIG-24-46" in page
    assert "Superseded by" in page
    assert "/figures/oig25_no_nta_jan2025/" in page
    assert "Cite this figure" in page


def test_relations_show_from_both_ends(client):
    old = make_figure(slug="old-snapshot")
    new = make_figure(slug="new-snapshot", value=Decimal(233000))
    relate(new, FigureRelation.Kind.SUPERSEDES, old)
    assert "Supersedes" in client.get("/figures/new-snapshot/").content.decode()
    assert "Superseded by" in client.get("/figures/old-snapshot/").content.decode()


def test_a_document_page_lists_its_figures(client):
    document = make_document(report_number="GAO-20-245")
    make_figure(document=document, value=Decimal(32000))
    page = client.get(document.get_absolute_url()).content.decode()
    assert "GAO-20-245" in page
    assert "32,000" in page
    assert "Publishes how its figures were produced" in page


def test_the_source_list_filters_by_agency_kind_and_year(client):
    make_document(title="Kept audit", agency="GAO", kind="oversight_audit")
    make_document(title="Other agency", agency="HHS", kind="oversight_audit")
    make_document(title="Other kind", agency="GAO", kind="news_report")
    make_document(title="Other year", agency="GAO", kind="oversight_audit", date=None)
    page = client.get(
        "/sources/", {"agency": "GAO", "kind": "oversight_audit", "year": "2024"}
    ).content.decode()
    assert "Kept audit" in page
    assert "Other agency" not in page
    assert "Other kind" not in page
    assert "Other year" not in page


def test_the_search_box_answers_htmx_with_only_the_results_region(client):
    make_document(title="Management Alert on children")
    make_document(title="Unrelated testimony")
    response = client.get("/sources/", {"q": "alert"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="results"')
    assert "<html" not in page
    assert "Management Alert" in page
    assert "Unrelated testimony" not in page
    assert "HX-Request" in response["Vary"]


def test_the_source_list_is_paginated(client, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        make_document(title=f"Report number {n}")
    page = client.get("/sources/", {"page": 3}).content.decode()
    assert "Page 3 of 3" in page


def test_the_glossary_shows_meanings_lay_terms_and_figures(client):
    category = make_category(label="No court date yet", lay_terms=("no court date",))
    make_figure(category=category, value=Decimal(291000))
    page = client.get("/categories/").content.decode()
    assert "No court date yet" in page
    assert "“no court date”" in page
    assert category.does_not_mean in page
    assert "291,000" in page


def test_the_glossary_lists_the_words_of_what_a_category_does_not_count_apart(client):
    category = make_category(label="Orders of removal", lay_terms=("removal orders",))
    LayTerm.objects.create(category=category, term="deported", not_counted=True)
    page = client.get("/categories/").content.decode()
    everyday, _, rest = page.partition("Words of what it does not count:")
    assert "“removal orders”" in everyday
    assert "“deported”" not in everyday
    assert "“deported”" in rest


def test_the_glossary_says_what_figures_count_in_every_word_a_quote_may_use(client):
    Unit.objects.create(slug="calls", label="calls", words=["calls", "phone calls"])
    page = client.get("/categories/").content.decode()
    assert "What figures count" in page
    assert "“phone calls”" in page


def test_the_glossary_has_no_units_section_while_there_are_none(client):
    make_category()
    assert "What figures count" not in client.get("/categories/").content.decode()


def test_the_csv_lists_every_figure_and_neutralises_formulas(client):
    make_figure(slug="plain", population="Children")
    make_figure(
        slug="hostile", quote='=HYPERLINK("http://evil")', population="+1 cmd|' /C calc'!A0"
    )
    response = client.get("/figures.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["id"] for row in rows] == ["hostile", "plain"]
    hostile = rows[0]
    assert hostile["quote"].startswith("'=")
    assert hostile["population"].startswith("'+")
    assert hostile["value"] == "291000"


@pytest.mark.parametrize(
    "url",
    ["/sources/", "/categories/", "/figures.csv", "DOCUMENT", "FIGURE"],
)
def test_each_page_runs_the_same_number_of_queries_whatever_the_number_of_figures(
    client, django_assert_num_queries, url
):
    def count_queries(size: int) -> int:
        Figure.objects.all().delete()
        make_registry(size)
        figure = Figure.objects.order_by("-pk").first()
        target = {
            "DOCUMENT": figure.document.get_absolute_url(),
            "FIGURE": figure.get_absolute_url(),
        }
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(target.get(url, url))
            assert response.status_code == 200
            if response.streaming:  # the CSV reads its figures as it is sent
                b"".join(response.streaming_content)
        return len(queries)

    small, large = count_queries(3), count_queries(60)
    assert small == large


def test_every_page_renders_for_an_anonymous_visitor(client, reference_data):
    urls = ["/sources/", "/categories/", "/figures.csv", "/healthz/", "/accounts/login/"]
    urls += [f"/sources/{slug}/" for slug in _slugs("document")]
    urls += [f"/figures/{slug}/" for slug in _slugs("figure")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def _slugs(kind: str) -> list[str]:
    from datasets.models import Document

    model = Document if kind == "document" else Figure
    return list(model.objects.values_list("slug", flat=True))


def test_unknown_documents_and_figures_are_404(client):
    assert client.get("/sources/nothing-here/").status_code == 404
    assert client.get("/figures/nothing-here/").status_code == 404


def test_registry_pages_refuse_writes(client):
    make_document(slug="doc-a")
    assert client.post("/sources/").status_code == 405
    assert client.post("/sources/doc-a/").status_code == 405
    assert client.post("/figures.csv").status_code == 405


def test_pages_send_a_strict_content_security_policy_and_no_inline_script(client):
    response = client.get("/sources/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_text_from_sources_is_escaped(client):
    figure = make_figure(quote="<script>alert(1)</script>", notes="<img src=x onerror=alert(1)>")
    page = client.get(reverse("figure_detail", args=[figure.slug])).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_the_citation_names_publisher_title_report_and_the_public_permalink(client, settings):
    settings.SITE_URL = "https://desk.example.org"
    figure = make_figure(
        document=make_document(report_number="OIG-24-46", title="Management Alert")
    )
    page = client.get(figure.get_absolute_url()).content.decode()
    assert "Management Alert”, OIG-24-46, 19 August 2024" in page
    assert f"https://desk.example.org/figures/{figure.slug}/ (accessed" in page
    assert "http://testserver/" not in page

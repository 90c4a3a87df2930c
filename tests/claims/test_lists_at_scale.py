"""Lists, search, feeds, API pages and the figures CSV stay bounded as the data grows: a fixed
number of queries, pages whose size does not grow with the registry, cursor pages that never
repeat or skip a claim, a full-text search that finds words in the quote and the claimant (on
PostgreSQL through the GIN indexes of the words stored on each claim), and a CSV that streams
the same bytes as ever."""

from __future__ import annotations

import csv
import datetime
import re
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import LIST_ORDER, PUBLISHED_ORDER, Claim, Ruling
from datasets.models import Figure
from datasets.pagination import BadCursor, bounded_count
from datasets.permalinks import permalink
from datasets.templatetags.registry import number
from factcheck import kept_pages
from tests.claims.test_queries import add_claims
from tests.factories import make_claim, make_document, make_figure

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'href="\?([^"]*)" rel="next"')
PREVIOUS = re.compile(r'href="\?([^"]*)" rel="prev"')
CARD = re.compile(r'href="/claims/(\d+)/"')


def queries(client, url: str) -> int:
    """The queries of rendering the page (not of giving a page kept from an earlier request)."""
    kept_pages.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


def publish_all(at: datetime.datetime | None = None) -> None:
    """Every claim published, at one moment (equal timestamps) unless told otherwise."""
    Claim.objects.update(status=Claim.Status.PUBLISHED)
    Ruling.objects.update(published_at=at or timezone.now())


@pytest.mark.parametrize("persona", ["anonymous", "editor"])
@pytest.mark.parametrize(
    "url",
    [
        "/claims/",
        "/claims/?q=lost",
        "/claims/?q=lost&page=2",
        "/claims/?page=2",
        "/feeds/rulings/",
        "/api/claims",
        "/api/claims?page=2&page_size=3",
        "/",
    ],
)
def test_lists_run_the_same_queries_with_5_or_50_claims(client, editor, persona, url):
    figures = [make_figure(), make_figure()]
    if persona == "editor":
        client.force_login(editor)
    add_claims(5, author=editor, figures=figures)
    publish_all()
    small = queries(client, url)
    add_claims(45, author=editor, figures=figures)
    publish_all()
    assert queries(client, url) == small


def test_cursor_pages_run_the_same_queries_as_the_first(client, editor, settings):
    settings.PAGE_SIZE = 5
    add_claims(50, author=editor, figures=[make_figure()])
    publish_all()
    first = client.get("/claims/").content.decode()
    after = NEXT.search(first).group(1).replace("&amp;", "&")
    assert queries(client, f"/claims/?{after}") == queries(client, "/claims/")
    api = client.get("/api/claims?page_size=5").json()
    assert queries(client, f"/api/claims?page_size=5&cursor={api['next']}") == queries(
        client, "/api/claims?page_size=5"
    )


@pytest.mark.parametrize("url", ["/figures.csv", "/api/figures", "/api/figures?page=2"])
def test_registry_lists_run_the_same_queries_with_5_or_50_figures(client, url):
    document = make_document()
    for _ in range(5):
        make_figure(document=document)
    small = queries(client, url)
    for _ in range(45):
        make_figure(document=document)
    assert queries(client, url) == small


def test_the_claims_page_does_not_list_the_registry_s_documents(client, editor):
    add_claims(3, author=editor, figures=[make_figure()])
    publish_all()
    small = len(client.get("/claims/").content)
    documents = [make_document(title=f"Report number {n} of the registry") for n in range(200)]
    page = client.get("/claims/").content.decode()
    assert not any(document.title in page for document in documents)
    assert len(page.encode()) < small + 500


def walk(client, url: str, pattern: re.Pattern, first: str) -> list[int]:
    """The claim ids of every page, following the links `pattern` finds, from `first`."""
    seen: list[int] = []
    query = first
    for _ in range(100):
        page = client.get(f"{url}?{query}").content.decode()
        results = page[page.index('<section id="results"') :]
        seen += [int(pk) for pk in CARD.findall(results)]
        found = pattern.search(results)
        if not found:
            return seen
        query = found.group(1).replace("&amp;", "&")
    raise AssertionError("the pages never end")


def test_cursor_pages_list_every_claim_once_in_order_with_equal_dates(client, editor, settings):
    """Many claims said on one day, some on no known day: forward and back, each exactly once,
    in the list's order (latest said first, unknown dates first, as PostgreSQL sorts them)."""
    settings.PAGE_SIZE = 4
    figures = [make_figure()]
    add_claims(23, author=editor, figures=figures)
    publish_all()
    claims = list(Claim.objects.order_by("pk"))
    for n, claim in enumerate(claims):
        claim.said_on = None if n % 7 == 0 else datetime.date(2024, 5, 1 + n % 3)
    Claim.objects.bulk_update(claims, ["said_on"])
    expected = [
        claim.pk
        for claim in sorted(
            claims,
            key=lambda c: (
                c.said_on is not None,
                -(c.said_on or datetime.date.min).toordinal(),
                -c.pk,
            ),
        )
    ]
    forward = walk(client, "/claims/", NEXT, "")
    assert forward == expected
    # From the last page back to the first, through "Previous".
    last_page = client.get("/claims/?" + _last_query(client)).content.decode()
    back_from = PREVIOUS.search(last_page).group(1).replace("&amp;", "&")
    backward = walk(client, "/claims/", PREVIOUS, back_from)
    pages = [expected[i : i + 4] for i in range(0, len(expected), 4)]
    assert backward == [pk for page in reversed(pages[:-1]) for pk in page]


def _last_query(client) -> str:
    query = ""
    while True:
        page = client.get(f"/claims/?{query}").content.decode()
        found = NEXT.search(page)
        if not found:
            return query
        query = found.group(1).replace("&amp;", "&")


def test_api_cursor_pages_list_every_published_claim_once_with_equal_timestamps(client, editor):
    add_claims(17, author=editor, figures=[make_figure()])
    moment = timezone.now()
    publish_all(at=moment)
    Ruling.objects.filter(pk__in=Ruling.objects.order_by("pk").values("pk")[:5]).update(
        published_at=moment - datetime.timedelta(days=1)
    )
    published = Claim.objects.published().select_related("ruling")
    expected = [claim.pk for claim in PUBLISHED_ORDER.apply(published)]
    seen, cursor = [], None
    while True:
        answer = client.get(
            "/api/claims", {"page_size": 3, **({"cursor": cursor} if cursor else {})}
        )
        assert answer.status_code == 200
        body = answer.json()
        assert body["count"] == 17
        seen += [item["id"] for item in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == expected
    assert len(set(seen)) == 17
    numbered = [
        item["id"]
        for page in (1, 2)
        for item in client.get("/api/claims", {"page": page, "page_size": 3}).json()["items"]
    ]
    assert numbered == expected[:6]


def test_api_figures_follow_their_cursor_through_every_figure(client):
    document = make_document()
    slugs = sorted(make_figure(document=document).slug for _ in range(12))
    seen, query = [], {"page_size": 5}
    while True:
        body = client.get("/api/figures", query).json()
        seen += [item["slug"] for item in body["items"]]
        if not body["next"]:
            break
        query = {"page_size": 5, "cursor": body["next"]}
    assert seen == slugs


def test_a_bad_cursor_or_a_deep_page_number_changes_nothing_and_says_why(client, editor):
    add_claims(3, author=editor, figures=[make_figure()])
    publish_all()
    for cursor in ["not-a-cursor", "WzFd", "WyJ4IiwieSIsInoiXQ"]:
        answer = client.get("/api/claims", {"cursor": cursor})
        assert answer.status_code == 404
        assert "not valid for this list" in answer.json()["detail"]
    assert client.get("/api/claims", {"page": 101}).status_code == 422
    page = client.get("/claims/", {"after": "WzFd"}).content.decode()
    assert "not valid for this list" in page
    assert len(CARD.findall(page)) == 3
    page = client.get("/claims/", {"page": "41"}).content.decode()
    assert "Numbered pages go up to 40" in page
    assert len(CARD.findall(page)) == 3


def test_a_cursor_names_only_values_of_its_own_kinds():
    claim = type("Row", (), {"said_on": datetime.date(2024, 1, 2), "pk": 7})()
    cursor = LIST_ORDER.cursor(claim)
    assert LIST_ORDER.read(cursor) == [datetime.date(2024, 1, 2), 7]
    for bad in [cursor[:-2], "e30", "WyIyMDI0LTAxLTAyIiwgIjciXQ", "WzEsIDJd", "é"]:
        with pytest.raises(BadCursor):
            LIST_ORDER.read(bad)
    with pytest.raises(BadCursor):  # a timestamp without its time zone
        PUBLISHED_ORDER.read("WyIyMDI0LTAxLTAyVDEwOjAwOjAwIiwgMV0")


def test_search_finds_words_of_the_quote_the_claimant_and_the_ruling(client, editor):
    make_claim(author=editor, status="published", text="Smugglers moved 4,000 children.")
    make_claim(author=editor, status="published", claimant="Senator Lindqvist")
    make_claim(author=editor, status="published", headline="A hotline count, not children")
    make_claim(author=editor, status="published", text="Nothing to see here.")
    Ruling.objects.update(published_at=timezone.now())

    def found(q: str) -> list[str]:
        return list(Claim.objects.search(q).values_list("text", "claimant", "ruling__headline"))

    assert [row[0] for row in found("smugglers")] == ["Smugglers moved 4,000 children."]
    assert [row[1] for row in found("Lindqvist")] == ["Senator Lindqvist"]
    assert [row[2] for row in found("hotline")] == ["A hotline count, not children"]
    assert found("absent-word-xyz") == []
    page = client.get("/claims/", {"q": "Lindqvist"}).content.decode()
    assert "1 claim<" in page
    assert client.get("/api/claims", {"claimant": "Lindqvist"}).json()["count"] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_search_uses_the_gin_indexes(editor):
    make_claim(author=editor, status="published", text="Smugglers moved 4,000 children.")
    with connection.cursor() as cursor:
        # A test database is tiny: tell the planner that reading everything is dear, as it is
        # with 100,000 claims, and see which indexes it then reads.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Claim.objects.search("smugglers").explain()
        cursor.execute("SET LOCAL enable_sort = off")
        ordered = LIST_ORDER.apply(Claim.objects.all())[:26].explain()
        published = Claim.objects.latest_published()[:26].explain()
        queue = Claim.objects.awaiting_review()[:25].explain()
    assert "Bitmap Index Scan on claim_words_search" in plan
    assert "Bitmap Index Scan on claim_ruling_words_search" in plan
    assert "claim_said_on_id" in ordered
    assert "ruling_published_id" in published
    assert "claim_review_queue" in queue


def test_the_document_filter_takes_a_slug_or_words_that_fit_one_document(client, editor):
    audit = make_document(title="Audit of sponsor addresses", slug="oig-audit")
    make_document(title="Release of monthly counts one")
    make_document(title="Release of monthly counts two")
    traced = make_claim(author=editor, status="published", figures=[make_figure(document=audit)])
    make_claim(author=editor, status="published")
    Ruling.objects.update(published_at=timezone.now())
    for value in ["oig-audit", "sponsor addresses"]:
        page = client.get("/claims/", {"document": value}).content.decode()
        assert CARD.findall(page[page.index('id="results"') :]) == [str(traced.pk)]
    page = client.get("/claims/", {"document": "monthly counts"}).content.decode()
    assert "More than one document matches “monthly counts”" in page
    assert len(CARD.findall(page[page.index('id="results"') :])) == 2, "nothing filtered"
    page = client.get("/claims/", {"document": "no such thing"}).content.decode()
    assert "No document matches “no such thing”" in page


@pytest.mark.parametrize("persona", ["anonymous", "journalist", "editor", "researcher"])
def test_everyone_gets_at_most_twelve_document_suggestions(client, people, persona):
    if persona != "anonymous":
        client.force_login(people[persona])
    for n in range(20):
        make_document(title=f"Report <b>{n}</b> on shelters")
    answer = client.get("/claims/documents/", {"document": "shelters"})
    assert answer.status_code == 200
    page = answer.content.decode()
    assert page.count("<option ") == 12
    assert "<b>" not in page
    assert "&lt;b&gt;" in page
    assert client.get("/claims/documents/").content.decode().count("<option ") == 0


def old_figures_csv() -> str:
    """The figures CSV as it was built before it streamed: the whole file in one string."""
    from datasets.views import CSV_COLUMNS, spreadsheet_safe

    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _ in CSV_COLUMNS])
    for figure in Figure.objects.with_related().order_by("slug"):
        writer.writerow([spreadsheet_safe(get(figure)) for _, get in CSV_COLUMNS])
    return out.getvalue()


def test_the_figures_csv_streams_the_same_bytes(client, settings, monkeypatch):
    monkeypatch.setattr("datasets.views.CSV_CHUNK_ROWS", 3)
    document = make_document(title='A "quoted", title')
    for n in range(8):
        make_figure(document=document, quote=f"=SUM(A{n})\nline two", population="a, b")
    response = client.get("/figures.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="figures.csv"'
    chunks = list(response.streaming_content)
    assert len(chunks) == 1 + 3  # the header, then rows three at a time
    body = b"".join(chunks).decode()
    assert body == old_figures_csv()
    rows = list(csv.reader(StringIO(body)))
    assert len(rows) == 9
    first = Figure.objects.order_by("slug").select_related("document").first()
    assert rows[1][0] == first.slug
    assert rows[1][2] == number(first.value).replace(",", "")
    assert rows[1][-1] == permalink(first)
    assert rows[1][20].startswith("'=SUM(")


def test_lists_count_exactly_up_to_the_limit_then_say_more_than(client, editor, monkeypatch):
    monkeypatch.setattr("datasets.pagination.COUNT_LIMIT", 4)
    add_claims(4, author=editor, figures=[make_figure()])
    publish_all()
    assert "4 claims<" in client.get("/claims/").content.decode()
    body = client.get("/api/claims").json()
    assert (body["count"], body["count_exact"]) == (4, True)
    add_claims(1, author=editor, figures=[make_figure()])
    publish_all()
    page = client.get("/claims/").content.decode()
    assert "more than 4 claims<" in page
    assert len(CARD.findall(page[page.index('id="results"') :])) == 5
    body = client.get("/api/claims").json()
    assert (body["count"], body["count_exact"], len(body["items"])) == (4, False, 5)
    cursor = client.get("/api/claims", {"page_size": 2}).json()["next"]
    body = client.get("/api/claims", {"page_size": 2, "cursor": cursor}).json()
    assert (body["count"], body["count_exact"]) == (4, False)


def test_a_bounded_count_reads_no_more_rows_than_its_limit(editor):
    add_claims(6, author=editor, figures=[make_figure()])
    with CaptureQueriesContext(connection) as captured:
        count = bounded_count(Claim.objects.published(), limit=5)
    assert (count.value, count.exact, str(count)) == (5, False, "more than 5")
    assert len(captured) == 1
    assert "LIMIT 6" in captured[0]["sql"]
    assert str(bounded_count(Claim.objects.published(), limit=6)) == "6"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_api_pages_test_publication_from_an_index(client, editor):
    add_claims(5, author=editor, figures=[make_figure()])
    publish_all()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/claims", {"page": 2, "page_size": 2}).status_code == 200
    (page,) = [q["sql"] for q in captured if "OFFSET" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {page}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The skipped rulings' claims are tested in the published claims' index, not read.
    assert "Only Scan using claim_published" in plan, plan

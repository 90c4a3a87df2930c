"""The claims search: it finds the words of a claim's quote and claimant and of its ruling's
headline, "in short" and summary as they stand after every kind of edit; on PostgreSQL it reads
the words stored on each claim's row (migration 0010) and finds exactly what the search over
the two tables' texts found before; the claims list's pages of a search follow one another
without a repeat or a gap."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.forms import ClaimFilterForm
from claims.models import Claim, Ruling
from claims.views import filtered_claims
from datasets import api  # noqa: F401  (its page size is read on import: before a test sets it)
from tests.factories import make_claim

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the words PostgreSQL stores"
)

NEXT = re.compile(r'href="\?([^"]*)" rel="next"')
PREVIOUS = re.compile(r'href="\?([^"]*)" rel="prev"')
CARD = re.compile(r'href="/claims/(\d+)/"')


def found(text: str) -> set[int]:
    return set(Claim.objects.search(text).values_list("pk", flat=True))


def test_the_search_follows_edits_of_the_quote_and_the_claimant(journalist):
    claim = make_claim(author=journalist, text="Smugglers moved 4,000 children.")
    assert found("smugglers") == {claim.pk}
    claim.text = "Coyotes moved 4,000 children."
    claim.save()
    assert found("smugglers") == set()
    assert found("coyotes") == {claim.pk}
    Claim.objects.filter(pk=claim.pk).update(claimant="Senator Okafor")
    assert found("Okafor") == {claim.pk}
    assert found("politician") == set()


def test_the_search_follows_edits_publication_and_corrections_of_the_ruling(journalist, editor):
    claim = make_claim(author=journalist, headline="A count of shelters")
    ruling = claim.ruling
    assert found("shelters") == {claim.pk}
    ruling.edit(by=journalist, expected_version=1, summary="The hotline logged the calls.")
    assert found("hotline") == {claim.pk}
    ruling.edit(
        by=editor, expected_version=2, summary="Calls, not children.", headline="Calls counted"
    )
    assert found("hotline") == set()
    assert found("shelters") == set()
    assert found("counted") == {claim.pk}
    ruling.submit(by=journalist, expected_version=3)
    ruling.publish(by=editor, expected_version=4)
    assert found("counted") == {claim.pk}
    ruling.correct(
        by=editor,
        expected_version=5,
        note="The headline named the wrong count.",
        summary="Referrals, not children.",
        headline="Referrals counted",
        in_short="The number is referrals over a year. It is not a count of missing children.",
    )
    assert found("referrals") == {claim.pk}
    assert found("calls") == set()
    Ruling.objects.filter(pk=ruling.pk).update(in_short="Sponsors were vetted.")
    assert found("vetted") == {claim.pk}
    # A re-check that flags a revision, or any write of other columns, changes no words.
    Ruling.objects.filter(pk=ruling.pk).update(revision_note="Source revised", version=9)
    assert found("vetted") == {claim.pk}
    ruling.delete()
    assert found("vetted") == set()
    assert found("children") == {claim.pk}, "the quote's words stay"


def test_a_claim_without_a_ruling_is_found_by_its_own_words(journalist):
    claim = Claim.objects.create(author=journalist, text="Agents lost track of minors.")
    assert found("minors") == {claim.pk}
    assert found("count") == set()


def stored_words_out_of_step() -> list[tuple]:
    """The claims whose stored words are not the words of their texts as they stand."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.id FROM claims_claim c LEFT JOIN claims_ruling r ON r.claim_id = c.id
            WHERE c.claim_words IS DISTINCT FROM to_tsvector('english',
                    COALESCE(c.text, '') || ' ' || COALESCE(c.claimant, ''))
               OR c.ruling_words IS DISTINCT FROM CASE WHEN r.id IS NOT NULL THEN
                    to_tsvector('english', COALESCE(r.headline, '') || ' '
                    || COALESCE(r.in_short, '') || ' ' || COALESCE(r.summary, '')) END
            """
        )
        return cursor.fetchall()


@postgresql_only
def test_the_stored_words_are_those_of_the_texts_after_every_kind_of_write(journalist, editor):
    first = make_claim(author=journalist)
    second = make_claim(author=journalist)
    Ruling.objects.bulk_create(
        [
            Ruling(
                claim=Claim.objects.create(author=journalist, text=f"Bulk claim {n}."),
                proposed_rating="false",
                engine_version="test",
                headline=f"Bulk headline {n}",
            )
            for n in range(3)
        ]
    )
    first.ruling.edit(by=editor, expected_version=1, summary="Edited.", headline="Edited")
    Ruling.objects.filter(pk=second.ruling.pk).update(summary="Updated in bulk.")
    second.claimant = "Someone else"
    second.save()
    # A ruling moved to another claim leaves its words with that claim only.
    bare = Claim.objects.create(author=journalist, text="No ruling yet.")
    Ruling.objects.filter(pk=first.ruling.pk).update(claim=bare)
    assert stored_words_out_of_step() == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT ruling_words FROM claims_claim WHERE id = %s", [first.pk])
        assert cursor.fetchone() == (None,)
        # The trigger plans its update of the claim at each call, never with a plan kept from
        # when the table was small (which reads every claim: a bulk write then takes hours).
        cursor.execute("SELECT proconfig FROM pg_proc WHERE proname = 'claims_ruling_words'")
        assert cursor.fetchone() == (["plan_cache_mode=force_custom_plan"],)


def searched_before(text: str) -> set[int]:
    """What the search found before the words were stored (claims/0007 to 0009): the claims
    whose quote and claimant match, and those whose ruling's texts match, each table's texts
    in one vector."""
    from django.contrib.postgres.search import SearchQuery, SearchVector

    query = SearchQuery(text, search_type="websearch", config="english")
    by_claim = Claim.objects.annotate(
        words=SearchVector("text", "claimant", config="english")
    ).filter(words=query)
    by_ruling = Ruling.objects.annotate(
        words=SearchVector("headline", "in_short", "summary", config="english")
    ).filter(words=query)
    return set(by_claim.values_list("pk", flat=True)) | set(
        by_ruling.values_list("claim_id", flat=True)
    )


@postgresql_only
@pytest.mark.parametrize(
    "text",
    [
        "children",
        "Lindqvist",
        "border agents",  # both words: in one table's texts, not one word in each
        '"lost children"',
        "children -smugglers",  # a claim is found when either table's texts lack the word
        "hotline or sponsors",
        "absent-word-xyz",
        "",
    ],
)
def test_the_search_finds_what_it_found_before_the_words_were_stored(journalist, text):
    texts = [
        ("Border agents lost children.", "Senator Lindqvist", "A hotline count", "Calls."),
        ("Border crossings doubled.", "A governor", "Agents counted twice", "Smugglers."),
        ("They lost children.", "An aide", "Sponsors were not vetted", "Smugglers moved them."),
        ("Smugglers moved 4,000 children.", "Lindqvist", "Lost children", "Border agents."),
        ("Nothing here.", "Nobody", "Nothing", "Nothing at all."),
    ]
    for quote, claimant, headline, summary in texts:
        make_claim(
            author=journalist, text=quote, claimant=claimant, headline=headline, in_short=summary
        )
    Claim.objects.create(author=journalist, text="Smugglers and children, no ruling.")
    if text:
        assert found(text) == searched_before(text)
    else:
        assert found(text) == set(Claim.objects.values_list("pk", flat=True))


def test_the_pages_of_a_search_list_every_match_once_in_the_list_s_order(
    client, journalist, settings
):
    settings.PAGE_SIZE = 3
    said = datetime.date(2024, 5, 1)
    for n in range(14):
        make_claim(
            author=journalist,
            status="published",
            text=f"Claim {n} on {'smugglers' if n % 3 else 'shelters'}.",
            said_on=None if n == 5 else said - datetime.timedelta(days=n // 2),
            headline="Smugglers again" if n == 6 else "A count",
        )
    expected = [
        claim.pk
        for claim in sorted(
            (c for c in Claim.objects.all() if n_of(c) % 3 or n_of(c) == 6),
            key=lambda c: (c.said_on is not None, -(c.said_on or said).toordinal(), -c.pk),
        )
    ]
    assert len(expected) == 10
    forward, query = [], "q=smugglers"
    while True:
        page = client.get(f"/claims/?{query}").content.decode()
        results = page[page.index('<section id="results"') :]
        forward += [int(pk) for pk in CARD.findall(results)]
        if not (link := NEXT.search(results)):
            break
        query = link.group(1).replace("&amp;", "&")
    assert forward == expected
    back = PREVIOUS.search(results).group(1).replace("&amp;", "&")
    page = client.get(f"/claims/?{back}").content.decode()
    assert [int(pk) for pk in CARD.findall(page[page.index('<section id="results"') :])] == (
        expected[6:9]
    )
    page = client.get("/claims/?q=smugglers&page=2").content.decode()
    assert [int(pk) for pk in CARD.findall(page[page.index('<section id="results"') :])] == (
        expected[3:6]
    )


def n_of(claim: Claim) -> int:
    return int(claim.text.split()[1])


def page_query(client, url: str) -> str:
    """The SQL of the query that reads a page of the claims list (the one that joins the
    rulings), as it was sent."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    (page,) = [q["sql"] for q in captured if "claims_ruling" in q["sql"]]
    return page


@postgresql_only
def test_postgresql_chooses_a_search_s_page_by_the_list_s_index_or_the_words_indexes(
    client, editor
):
    for n in range(3):
        make_claim(author=editor, status="published", text=f"Smugglers moved {n} children.")
    Ruling.objects.update(published_at=timezone.now())
    # The editor's list: every claim, so that the words are the only filter to index.
    client.force_login(editor)
    sql = page_query(client, "/claims/?q=smugglers")
    with connection.cursor() as cursor:
        # A test database is tiny: take away the other ways, and see that each of the two
        # plans the planner weighs at scale is open to it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        by_words = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_indexscan = on")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}")
        by_list = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on claim_words_search" in by_words
    assert "Bitmap Index Scan on claim_ruling_words_search" in by_words
    # The list's own index, read in order, each claim tested as it comes: no sort.
    assert "Index Scan Backward using claim_said_on_id" in by_list
    assert "claim_words @@" in by_list
    assert "ruling_words @@" in by_list


def test_the_page_of_a_search_is_the_same_chosen_narrow_or_not(journalist, editor):
    """The claims list chooses a page's claims before it joins their columns: the same
    claims, in the same order, as one query over everything."""
    from claims.models import LIST_ORDER
    from datasets.pagination import keyset_page, numbered_page

    for n in range(9):
        make_claim(
            author=journalist,
            status="published" if n % 4 else "draft",
            text=f"Children {n}.",
            said_on=datetime.date(2024, 1, 1 + n % 3),
        )
    for user in (AnonymousUser(), editor):
        claims = filtered_claims(user, ClaimFilterForm({"q": "children"}))
        first = keyset_page(claims, LIST_ORDER, 2)
        assert [c.pk for c in first] == [
            c.pk for c in keyset_page(claims, LIST_ORDER, 2, narrow=True)
        ]
        after = first.next_cursor
        assert [c.pk for c in keyset_page(claims, LIST_ORDER, 2, after=after)] == [
            c.pk for c in keyset_page(claims, LIST_ORDER, 2, after=after, narrow=True)
        ]
        assert [c.pk for c in keyset_page(claims, LIST_ORDER, 2, before=after)] == [
            c.pk for c in keyset_page(claims, LIST_ORDER, 2, before=after, narrow=True)
        ]
        assert [c.pk for c in numbered_page(claims, LIST_ORDER, 2, 3)] == [
            c.pk for c in numbered_page(claims, LIST_ORDER, 2, 3, narrow=True)
        ]


def test_a_search_counts_nests_and_combines_like_any_queryset(journalist):
    smugglers = make_claim(author=journalist, text="Smugglers moved 4,000 children.")
    shelters = make_claim(author=journalist, text="Shelters were full.")
    make_claim(author=journalist, text="Nothing to see here.")
    assert Claim.objects.search("smugglers").count() == 1
    assert Claim.objects.search("shelters").exists()
    nested = Claim.objects.filter(pk__in=Claim.objects.search("smugglers").values("pk"))
    assert list(nested) == [smugglers]
    either = Claim.objects.search("smugglers") | Claim.objects.search("shelters")
    assert set(either) == {smugglers, shelters}
    assert set(Claim.objects.search("smugglers").search("children")) == {smugglers}

"""Reading the words of a claim: categories, negation, scare quotes, time, blame, harm, sources."""

from __future__ import annotations

from datetime import date

import pytest
from engine_factories import CATEGORIES, category, claim, document, figure, registry, tenure

from claims.engine.parse import parse_claim
from claims.engine.text import tokenize

REGISTRY = registry(
    figure("a", 100),
    documents=(
        document("doc_audit", agency="DHS Office of Inspector General", report_number="OIG-24-46"),
        document("doc_gao", agency="US Government Accountability Office", report_number=""),
        document(
            "doc_paper", agency="The New York Times (news), citing HHS data", report_number=""
        ),
    ),
)


def parse(text: str, **fields):
    return parse_claim(claim(text, **fields), REGISTRY)


def asserted(text: str, **fields) -> list[str]:
    return list(parse(text, **fields).asserted_categories)


def test_category_words_map_to_categories_through_their_lay_terms():
    assert asserted("They released 300 children and missed court") == ["released", "missed_court"]


def test_the_longest_lay_term_wins_at_each_place():
    mentions = parse("The government lost track of 1,475 children").mentions
    assert [(m.term, m.category) for m in mentions] == [("lost track of", "unreachable")]


def test_one_word_may_qualify_the_last_word_of_a_lay_term():
    arrivals = category("arrived", lay_terms=("came in", "in shelters"))
    parsed = registry(figure("a", 100), categories=(*CATEGORIES, arrivals))

    def read(text: str) -> list[str]:
        return list(parse_claim(claim(text), parsed).asserted_categories)

    assert read("300 children crossed the southern border") == ["crossed"]
    assert read("300 children in government shelters") == ["arrived"]
    # Not a word of grammar, a number or a particle that makes another verb.
    assert read("300 children were released them to") == ["released"]
    assert read("a report that came out in May lists 300 children") == []
    assert read("300 children crossed the 2 borders") == []


def test_a_verb_whose_object_is_the_number_says_what_it_counts():
    assert asserted("They lost a third of a million children") == ["missing"]
    assert asserted("They lost a thousand children") == ["missing"]
    assert asserted("The forms were missing an address for 300 children") == []


def test_a_sentence_after_a_date_does_not_make_it_a_publication_date():
    frame = parse("They took in 300 children in fiscal 2023. Officials said so.").frame
    assert frame is not None
    assert frame.text == "in fiscal 2023"
    assert parse("The May 2024 report counted 300 children").frame is None


def test_lay_terms_match_across_case_and_curly_apostrophes():
    assert asserted("They CAN’T FIND them") == ["missing"]


def test_a_lay_term_is_read_as_a_quote_may_phrase_it():
    smuggling = category(
        "smuggled", lay_terms=("illegally brought", "family separation", "skipped court")
    )
    parsed = registry(figure("a", 100), categories=(*CATEGORIES, smuggling))

    def read(text: str) -> list[str]:
        return list(parse_claim(claim(text), parsed).asserted_categories)

    # An adverb stands on either side of its verb; a noun such as "family" does not move.
    assert read("300 children were illegally brought in") == ["smuggled"]
    assert read("300 children were brought illegally") == ["smuggled"]
    assert read("separation family 300") == []
    # A phrase led by a past participle is said with its "-ing" form too ...
    assert read("300 children were caught skipping court") == ["smuggled"]
    # ... and one led by a common irregular verb with its other forms.
    assert read("They keep losing track of 300 children") == ["unreachable"]
    assert read("They lose track of 300 children a year") == ["unreachable"]
    # A single word is read only as it is written: "released" is not "releasing", nor "lost"
    # "losing".
    assert read("300 children were released") == ["released"]
    assert read("a report releasing 300 pages") == []
    assert read("after losing 3 states") == []


@pytest.mark.parametrize(
    "text",
    [
        "The children are not missing",
        "They were never lost",
        "None are missing",
        "They aren't missing",
        "No one is missing",
    ],
)
def test_a_negated_category_word_is_not_asserted(text):
    parsed = parse(text)
    assert [m.negated for m in parsed.mentions] == [True]
    assert parsed.asserted_categories == ()


def test_negation_does_not_reach_across_a_clause_break():
    assert asserted("Not true, they are missing") == ["missing"]


def test_an_idiom_with_a_negator_negates_nothing():
    assert asserted("No doubt at all they are missing") == ["missing"]


def test_negation_reaches_through_its_clause():
    assert asserted("The report did not say the children were missing") == []


def test_negation_stops_at_a_clause_break_or_a_turn():
    assert asserted("They are not counted, they are missing") == ["missing"]
    assert asserted("Not counted but missing") == ["missing"]


@pytest.mark.parametrize("text", ["They went 'missing'", 'They went "missing"', "‘missing’ kids"])
def test_a_word_in_scare_quotes_is_not_asserted(text):
    parsed = parse(text)
    assert [m.quoted for m in parsed.mentions] == [True]
    assert parsed.asserted_categories == ()


def test_an_apostrophe_inside_a_word_is_not_a_quotation_mark():
    assert asserted("Lost in the first's 'system'") == ["missing"]


def test_a_reporting_verb_is_not_a_category_word():
    assert asserted("The audit found that 300 children had no court date") == ["no_court_date"]
    assert asserted("Officials found that they were released") == ["released"]


def test_harm_words_are_reported_as_asserted_harms():
    parsed = parse("Many are dead, many were trafficked and sold as sex slaves")
    assert [m.term for m in parsed.harms] == ["dead", "trafficked", "sold", "sex slaves"]
    assert {m.category for m in parsed.harms} == {"dead", "trafficked"}


def test_a_negated_harm_is_not_asserted():
    assert parse("None of them were trafficked").harms == ()


@pytest.mark.parametrize(
    ("text", "said_on", "start", "end"),
    [
        ("Last month, 20,000 crossed", date(2019, 1, 8), date(2018, 12, 1), date(2018, 12, 31)),
        ("last year 20,000 crossed", date(2019, 1, 8), date(2018, 1, 1), date(2018, 12, 31)),
        ("this year 20,000 crossed", date(2019, 6, 8), date(2019, 1, 1), date(2019, 6, 8)),
        ("since 2021, 20,000 crossed", date(2024, 9, 1), date(2021, 1, 1), date(2024, 9, 1)),
        ("since January 2021", date(2024, 9, 1), date(2021, 1, 1), date(2024, 9, 1)),
        ("in 2022, 20,000 crossed", None, date(2022, 1, 1), date(2022, 12, 31)),
        ("in March 2021", None, date(2021, 3, 1), date(2021, 3, 31)),
        ("in FY2023, 20,000 crossed", None, date(2022, 10, 1), date(2023, 9, 30)),
        ("in fiscal year 2023", None, date(2022, 10, 1), date(2023, 9, 30)),
        ("FY2019-FY2023", None, date(2018, 10, 1), date(2023, 9, 30)),
        ("between 2019 and 2023", None, date(2019, 1, 1), date(2023, 12, 31)),
        ("over the past two years", date(2024, 9, 23), date(2022, 9, 23), date(2024, 9, 23)),
    ],
)
def test_reads_the_time_frame_a_claim_states(text, said_on, start, end):
    frame = parse(text, said_on=said_on).frame
    assert frame is not None
    assert (frame.start, frame.end) == (start, end)


def test_three_and_a_half_years_reaches_back_from_the_claim_date():
    frame = parse("In three and a half years she lost them", said_on=date(2024, 7, 1)).frame
    assert frame is not None
    assert frame.end == date(2024, 7, 1)
    assert date(2020, 12, 30) <= frame.start <= date(2021, 1, 2)


def test_a_relative_time_frame_needs_the_claim_date():
    assert parse("Last month 20,000 crossed", said_on=None).frame is None


def test_an_age_or_a_time_ago_is_not_a_time_frame():
    assert parse("a child 12 years old", said_on=date(2024, 1, 1)).frame is None


def test_the_person_blamed_comes_from_attributed_to():
    assert parse("She lost them", attributed_to="Kamala Harris").tenures == ("second",)


def test_the_tenure_blamed_can_be_named_in_the_quote():
    assert parse("Under the first administration they were lost").tenures == ("first",)


def test_a_possessive_names_a_tenure():
    assert parse("Lost in Harris's system").tenures == ("second",)


def test_a_tenure_that_began_after_the_claim_cannot_be_blamed():
    assert parse("Harris lost them", said_on=date(2018, 1, 1)).tenures == ()


@pytest.mark.parametrize(
    ("text", "documents"),
    [
        ("According to DHS, 300 children", ["doc_audit"]),
        ("The inspector general found 300 children", ["doc_audit"]),
        ("the OIG says 300 children", ["doc_audit"]),
        ("GAO data show 300 children", ["doc_gao"]),
        ("OIG-24-46 reported 300", ["doc_audit"]),
        ("per the New York Times, 300 children", ["doc_paper"]),
    ],
)
def test_reads_the_sources_a_quote_names(text, documents):
    assert list(parse(text).named_sources) == documents


def test_naming_an_agency_as_an_actor_is_not_citing_it():
    assert parse("DHS lost 300 children").named_sources == ()


def test_a_source_verb_is_not_a_category_word():
    assert parse("The inspector general found 300 children").asserted_categories == ()


def test_cited_sources_are_taken_by_document_id_or_report_number():
    parsed = parse("300 children", cited_sources=("doc_gao", "oig-24-46", "unknown"))
    assert parsed.cited_sources == ("doc_audit", "doc_gao")


def test_tokens_remember_quotes_and_clause_breaks():
    first, second = tokenize("'missing', gone")
    assert (first.norm, first.quote_before, first.quote_after, first.break_after) == (
        "missing",
        True,
        True,
        True,
    )
    assert (second.norm, second.quote_before, second.break_before) == ("gone", False, True)


def test_an_alias_shared_by_two_tenures_blames_both():
    shared = registry(
        figure("a", 100),
        tenures=(
            tenure("earlier", date(2009, 1, 20), date(2017, 1, 20), "democrats"),
            tenure("later", date(2021, 1, 20), date(2025, 1, 20), "democrats", "biden"),
        ),
    )
    parsed = parse_claim(claim("325,000 children here during Democrats"), shared)
    assert parsed.tenures == ("earlier", "later")


def test_a_phrase_written_with_not_is_read_in_every_way_negation_is_said():
    unserved = registry(
        figure("a", 100),
        categories=(*CATEGORIES, category("unserved", lay_terms=("not served",))),
    )
    for text in (
        "ICE never served 300 children",
        "ICE hasn't served 300 children",
        "300 children have not been served",
        "300 children were never yet served",
    ):
        mentions = parse_claim(claim(text), unserved).mentions
        assert [m.category for m in mentions if m.asserted] == ["unserved"], text
    # A phrase that spells out its own tense words still reads as written.
    assert asserted("Officials could not reach 300 children") == ["unreachable"]


def test_a_negation_stops_at_a_phrase_of_time_or_cause():
    mentions = parse("300 children could not be found after they were released").mentions
    assert [(m.term, m.negated) for m in mentions] == [("found", True), ("released", False)]


def test_a_verb_whose_object_is_an_organisation_names_no_category():
    assert asserted("300 children were found by DHS") == ["located"]
    assert asserted("300 requests found DHS unprepared") == []
    assert asserted("The 300 children were found, the GAO said") == ["located"]


def test_without_denies_only_the_noun_phrase_after_it():
    mentions = parse("300 children released without being apprehended were later missing").mentions
    assert [(m.term, m.negated) for m in mentions] == [
        ("released", False),
        ("apprehended", True),
        ("missing", False),
    ]


def test_the_word_a_definition_begins_with_names_what_the_category_counts():
    from claims.engine.lexicon import build_lexicon

    categories = (
        category("released", lay_terms=("released",)),
        category("unchecked", means="Releases made before the checks came back."),
        category("lost", means="Released children nobody can find.", does_not_mean="Released."),
        category("called", means="Calls made to sponsors after release."),
    )
    lexicon = build_lexicon(registry(figure("a", 100), categories=categories))
    assert lexicon.defined_with == {"unchecked": frozenset({"released"})}

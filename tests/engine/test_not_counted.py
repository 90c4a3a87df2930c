"""Words of what a category does not count ("does not mean"), given as data: a number they
describe is a count the registry does not hold, and a count of that category misread."""

from __future__ import annotations

from engine_factories import category, codes, figure, registry, verdict_for

# A domain of its own, to show that the words are data: orders a board issued to suspend
# pupils, whose definition warns that an order is not a suspension served.
CATEGORIES = (
    category(
        "suspension_orders",
        label="Suspension orders issued",
        means="Suspensions a school board ordered.",
        does_not_mean="A suspension that was served.",
        lay_terms=("suspension orders", "ordered suspended"),
        not_counted_terms=("suspended", "sent home"),
    ),
    category("enrolled", label="Pupils enrolled", lay_terms=("enrolled",)),
)
ORDERS = figure("orders", 4200, category="suspension_orders")
ENROLLED = figure("enrolled_pupils", 61000, category="enrolled", document="doc_census")
REGISTRY = registry(ORDERS, ENROLLED, categories=CATEGORIES)


def test_a_number_the_words_say_is_of_something_no_category_counts_traces_to_nothing():
    verdict = verdict_for("Some 60,000 children were suspended.", registry_=REGISTRY)
    assert verdict.figures == ()
    assert verdict.rating == "unverifiable"
    (found,) = verdict.findings
    assert found.code == "no_matching_figure"
    assert "the words describe something else" in found.explanation


def test_a_word_no_category_counts_or_excludes_leaves_closeness_to_trace_the_number():
    verdict = verdict_for("Some 60,000 children were tutored.", registry_=REGISTRY)
    assert verdict.figures == ("enrolled_pupils",)
    assert verdict.rating == "true"


def test_a_count_of_the_category_read_as_what_it_does_not_count_is_a_misreading():
    verdict = verdict_for("4,200 children were sent home.", registry_=REGISTRY)
    assert verdict.figures == ("orders",)
    (mismatch,) = [f for f in verdict.findings if f.code == "category_mismatch"]
    assert mismatch.degree == "contradicted"
    assert "'sent home' describe what 'Suspension orders issued' does not count" in (
        mismatch.explanation
    )
    assert verdict.rating == "mostly-false"


def test_words_that_also_name_the_category_itself_are_its_own_phrase():
    verdict = verdict_for(
        "Under suspension orders, 4,200 children were suspended.", registry_=REGISTRY
    )
    assert verdict.figures == ("orders",)
    assert "category_mismatch" not in codes(verdict)
    assert verdict.rating == "true"


def test_words_of_what_a_category_does_not_count_never_name_a_category():
    lexicon = REGISTRY.lexicon
    assert "suspended" not in lexicon.single_word_categories
    assert not any(lexicon.named_by.values())
    # A category whose own warning uses the word is not read as warning against another.
    warned = category("served", does_not_mean="Pupils suspended by order.", lay_terms=("served",))
    named_by = registry(categories=(*CATEGORIES, warned)).lexicon.named_by
    assert named_by["served"] == frozenset()


def test_a_hedge_does_not_decide_whether_a_figure_of_another_kind_is_close():
    """A figure of another kind is taken within the quoted value's exact tolerance (60,000:
    57,000 to 63,000), whether or not a word hedges the number, and never beyond it."""
    for text in ("60,000 children were enrolled.", "About 60,000 children were enrolled."):
        assert verdict_for(text, registry_=REGISTRY).figures == ("enrolled_pupils",), text
    categories = (*CATEGORIES, category("tutored", label="Pupils tutored", lay_terms=("tutored",)))
    other_kind = registry(ORDERS, ENROLLED, categories=categories)
    for text in (
        "60,000 children were tutored.",
        "Some 60,000 children were tutored.",
        "More than 60,000 children were tutored.",
    ):
        assert verdict_for(text, registry_=other_kind).figures == ("enrolled_pupils",), text
    for text in ("Some 58,000 children were tutored.", "Roughly 64,500 children were tutored."):
        assert verdict_for(text, registry_=other_kind).figures == (), text


def test_a_count_no_category_holds_traces_only_to_a_figure_it_repeats_hedged_or_not():
    for text in ("60,000 children were suspended.", "Some 60,000 children were suspended."):
        assert verdict_for(text, registry_=REGISTRY).figures == (), text
    assert verdict_for("61,000 children were suspended.", registry_=REGISTRY).figures == (
        "enrolled_pupils",
    )

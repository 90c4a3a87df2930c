"""The words the number reader knows: qualifiers ("more than", "nearly"), vague magnitudes
("tens of thousands"), fractions ("a third"), and the words that make a number a year, a date,
an age, a duration, a label or money rather than a count. English only; no domain word.
"""

from __future__ import annotations

from decimal import Decimal

from claims.engine.numerals import word_set
from claims.engine.tolerance import EXACT

HUNDRED = Decimal(100)


# Qualifier phrases that may stand right before a number, and the canonical qualifier of each.
QUALIFIER_PHRASES: dict[tuple[str, ...], str] = {
    ("more", "than"): "more than",
    ("over",): "more than",
    ("upwards", "of"): "more than",
    ("in", "excess", "of"): "more than",
    ("well", "over"): "more than",
    ("well", "above"): "more than",
    ("above",): "more than",
    ("just", "over"): "just over",
    ("just", "above"): "just over",
    ("slightly", "more", "than"): "just over",
    ("at", "least"): "at least",
    ("no", "fewer", "than"): "at least",
    ("no", "less", "than"): "at least",
    ("a", "minimum", "of"): "at least",
    ("about",): "about",
    ("around",): "about",
    ("roughly",): "about",
    ("some",): "about",
    ("approximately",): "about",
    ("approx",): "about",
    ("an", "estimated"): "about",
    ("estimated",): "about",
    ("close", "to"): "about",
    ("circa",): "about",
    ("~",): "about",
    ("nearly",): "nearly",
    ("almost",): "nearly",
    ("under",): "nearly",
    ("less", "than"): "nearly",
    ("fewer", "than"): "nearly",
    ("below",): "nearly",
    ("not", "quite"): "nearly",
    ("just", "under"): "just under",
    ("just", "below"): "just under",
    ("just", "shy", "of"): "just under",
    ("up", "to"): "up to",
    ("as", "many", "as"): "up to",
    ("as", "much", "as"): "up to",
    ("exactly",): EXACT,
    ("precisely",): EXACT,
}
LONGEST_QUALIFIER = max(len(phrase) for phrase in QUALIFIER_PHRASES)
# Grammar words: after a number, one of these means the noun is not said right there ("80,000
# of them", "325,000 are missing"). What a noun counts is the registry's business (its units).
GRAMMAR_WORDS = word_set(
    "the a an of to and or in on at by for with from that who which were are was is be been "
    "have has had will would can could do did does may might must should here there now "
    "then already still just only all some many most each this these those they them their "
    "it its he she we you i not no never nobody none as than so but because if when where "
    "while since during over under about into across within per alone total altogether "
    "overall combined either neither both whether simply reportedly allegedly actually "
    "really nearly almost"
)
# Plurals without an -s, so that "2000 children" is a count and "2000 election" a year.
IRREGULAR_PLURALS = word_set("children people men women feet teeth geese mice data")
# Words that may stand between a number and its noun without being the noun ("two more
# operations", "10 other states", "5,000 additional agents").
NOUN_MODIFIERS = word_set("more other additional new extra further different separate fewer less")
TIME_UNITS = word_set(
    "year years yr yrs month months week weeks day days hour hours minute minutes decade "
    "decades year-old year-olds years-old"
)
MONTHS = word_set(
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Words after which a number is a label, not a count ("Title 42", "page 12", "FY 2023").
LABEL_WORDS = word_set(
    "page pages p pp title section sec chapter rule no number article part item step room "
    "route highway interstate grade level tier phase version fy figure table exhibit "
    "appendix paragraph line act unit district precinct ward region season episode vol "
    "volume issue report case docket amendment hr h.r"
)
MONEY_WORDS = word_set("dollars dollar usd cents euros pounds")
CLOCK_WORDS = word_set("am pm a.m p.m a.m. p.m. o'clock")
# (words, low, high): vague magnitudes become the range of numbers they can stand for.
VAGUE = (
    (("hundreds", "of", "thousands"), Decimal(100_000), Decimal(999_999)),
    (("tens", "of", "thousands"), Decimal(10_000), Decimal(99_999)),
    (("hundreds", "of", "millions"), Decimal(10) ** 8, Decimal(10) ** 9 - 1),
    (("tens", "of", "millions"), Decimal(10) ** 7, Decimal(10) ** 8 - 1),
    (("a", "few", "thousand"), Decimal(2000), Decimal(5000)),
    (("several", "thousand"), Decimal(3000), Decimal(9999)),
    (("a", "few", "hundred"), Decimal(200), Decimal(500)),
    (("several", "hundred"), Decimal(300), Decimal(999)),
    (("thousands",), Decimal(1000), Decimal(9999)),
    (("hundreds",), Decimal(100), Decimal(999)),
    (("millions",), Decimal(10) ** 6, Decimal(10) ** 7 - 1),
    (("dozens",), Decimal(24), Decimal(99)),
)
_THIRD = (HUNDRED / 3).quantize(Decimal("0.01"))
_TWO_THIRDS = (2 * HUNDRED / 3).quantize(Decimal("0.01"))
FRACTIONS: dict[tuple[str, ...], Decimal] = {
    ("half",): Decimal(50),
    ("one", "half"): Decimal(50),
    ("a", "third"): _THIRD,
    ("one", "third"): _THIRD,
    ("one-third",): _THIRD,
    ("two", "thirds"): _TWO_THIRDS,
    ("two-thirds",): _TWO_THIRDS,
    ("a", "quarter"): Decimal(25),
    ("one", "quarter"): Decimal(25),
    ("one-quarter",): Decimal(25),
    ("three", "quarters"): Decimal(75),
    ("three-quarters",): Decimal(75),
    ("a", "fifth"): Decimal(20),
    ("one", "fifth"): Decimal(20),
    ("one-fifth",): Decimal(20),
    ("a", "tenth"): Decimal(10),
    ("one", "tenth"): Decimal(10),
}
# What may follow a fraction word for it to be a share of something ("half of them", "a third
# of the children", "nearly half were"), rather than part of "half a million" or "half an hour".
SHARE_FOLLOWERS = word_set("of the all these those them were are was is have had remain remained")

"""The words of dates: month names, ordinals, quarters, the joiners of a range, the parts of a
year, relative words and the nouns of reports. English only; dates.py reads periods with them.
"""

from __future__ import annotations

import calendar
from decimal import Decimal

from claims.engine.numerals import word_set

MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTH_NUMBERS.update(
    {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
)
MONTH_NUMBERS["sept"] = 9
# Month names that are also everyday words: read alone only when capitalised ("in May").
AMBIGUOUS_MONTHS = word_set("may march mar jan")
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
QUARTER_TOKENS = {f"q{number}": number for number in range(1, 5)}
RANGE_JOINERS = word_set("to through thru until till -")
# "first half of 2021", "last quarter of 2017", "first five months of 2021"
PART_WORDS = word_set("first second last")
# "early 2021", "mid-2021", "late 2017": which third of the year
THIRDS_OF_YEAR = {"early": 0, "mid": 1, "late": 2}
RELATIVE_WORDS = word_set("last past previous this current")
DAYS_PER: dict[str, Decimal] = {
    "year": Decimal("365.25"),
    "month": Decimal("30.44"),
    "week": Decimal(7),
    "day": Decimal(1),
    "decade": Decimal("3652.5"),
}
REPORT_NOUNS = word_set(
    "report reports audit audits study studies review reviews analysis survey investigation "
    "memo memorandum letter testimony hearing release bulletin brief assessment evaluation "
    "alert finding findings statement announcement update paper article story"
)

"""The spread of a number: the claims that trace to an official figure (or to a row of a data
series), in the order they were said, how far each quoted number was from it, the rating each
got, and the first claim that distorted it.

Definitions (the pages and the README say the same):

- **Who sees which claims.** The same rule as every claim page (`Claim.objects.visible_to`):
  anonymous visitors see published rulings only; journalists also see their own drafts;
  editors, researchers and admins see every claim. `/spread/` is public and counts published
  rulings only, whoever reads it.
- **Order.** By the date the claim was said, earliest first; claims with no date come after
  every dated one, by when they were saved.
- **The quoted number.** Among the numbers the engine read from the quote (stored on the
  ruling), those of the reference's kind (a count for a count, a percentage for a percentage),
  the one closest to what the ruling traced (their total when it traced several). A quote with
  no number of that kind has no distance.
- **How far.** The ratio quoted / reference, a Decimal. From twice the reference up it is shown
  as a factor ("×10.2"), below that as a difference in percent ("+65%", "−8%", "±0%").
- **Distorted.** A claim distorted the figure when its rating lies on the false side of the
  scale (the steps past the middle of the ordered scale, read from the engine's scale), or when
  its number falls outside the tolerance of the figure: even the engine's loose band (the band
  within which a number still passes as a rounding, `claims.engine.tolerance`) does not reach
  the figure's own interval, nor the total of the figures the ruling traced (so that a faithful
  sum of two counts is not a distortion of either).
- **The first distortion** is the earliest distorted claim in that order, among the claims
  shown to the reader.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.tasks import task
from django.utils import timezone

from claims.engine.policy import ORDERED_SCALE
from claims.engine.tolerance import (
    EXACT,
    LOOSE,
    MORE_THAN,
    ROUNDING_CAP,
    figure_interval,
    loose_interval,
    overlaps,
    quote_interval,
)
from claims.models import Claim, TracedFigure, TracedRow
from datasets.models import Figure, Series, SeriesRow
from datasets.signals import registry_generation

# A timeline or family shows at most this many claims, the earliest first.
LIMIT = 100
# Ratios from this factor up are shown as "×r"; below it as a difference in percent.
FACTOR_FROM = Decimal(2)

FALSE_SIDE = frozenset(ORDERED_SCALE[len(ORDERED_SCALE) // 2 + 1 :])


def on_false_side(rating: str) -> bool:
    """Whether a rating lies past the middle of the ordered scale, on its false side."""
    return rating in FALSE_SIDE


@lru_cache(maxsize=1024)
def is_percentage_unit(unit: str) -> bool:
    return Figure(unit=unit).is_percentage


@dataclass(frozen=True)
class Reference:
    """What a quoted number is set against: a figure, a row, or a total of several."""

    value: Decimal
    qualifier: str = EXACT
    percent: bool = False
    label: str = ""


# No count further than these ratios from a reference can be within its tolerance: an exact
# quote reaches at most ROUNDING_CAP + LOOSE of itself, a figure's interval at most MORE_THAN of
# itself (`claims.engine.tolerance`). Ratios outside them are refused without the intervals.
_HIGHEST = (1 + MORE_THAN) / (1 - ROUNDING_CAP - LOOSE)
_LOWEST = (1 - MORE_THAN) / (1 + ROUNDING_CAP + LOOSE)


@lru_cache(maxsize=65536)
def within_tolerance(quoted: Decimal, reference: Reference) -> bool:
    """Whether the engine would still accept `quoted` as (a rounding of) the reference."""
    if not reference.percent and not (
        reference.value * _LOWEST <= quoted <= reference.value * _HIGHEST
    ):
        return False
    low, high = quote_interval(quoted, EXACT)
    band = loose_interval(low, high, value=quoted, percent=reference.percent)
    return overlaps(band, figure_interval(reference.value, reference.qualifier))


def ratio(quoted: Decimal, reference: Decimal) -> Decimal | None:
    return quoted / reference if reference else None


def distance(value: Decimal | None) -> str:
    """A ratio in words: "×10.2" from twice up, otherwise "+65%", "−8%" or "±0%"."""
    if value is None:
        return ""
    if value >= FACTOR_FROM:
        return f"×{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,}"
    percent = ((value - 1) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if not percent:
        return "±0%"
    return f"+{percent:,}%" if percent > 0 else f"−{-percent:,}%"


def _spread(value: Decimal) -> Decimal:
    """How far a ratio is from 1, whichever way: 10 for ×10 and for ×0.1."""
    return max(value, 1 / value) if value else Decimal(0)


def quoted_number(
    numbers: Sequence[dict], *, percent: bool, target: Decimal
) -> tuple[str, Decimal] | None:
    """The quote's number of this kind closest (by ratio) to `target`, as (words, value)."""
    candidates = []
    for number in numbers:
        if bool(number.get("percent")) != percent:
            continue
        try:
            value = Decimal(str(number["value"]))
        except (KeyError, ArithmeticError):
            continue
        if value > 0:
            candidates.append((str(number.get("text", "")), value))
    if not candidates:
        return None
    if not target:
        return candidates[0]
    return min(candidates, key=lambda pair: _spread(pair[1] / target))


@dataclass
class Judgement:
    """How one claim stands against a reference."""

    rating: str
    quoted_text: str = ""
    quoted: Decimal | None = None
    ratio: Decimal | None = None
    false_side: bool = False
    outside: bool = False

    @property
    def distorted(self) -> bool:
        return self.false_side or self.outside

    @property
    def distance(self) -> str:
        return distance(self.ratio)

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.false_side:
            reasons.append("rated on the false side of the scale")
        if self.outside:
            reasons.append("the number is outside the figure's tolerance")
        return reasons


def judge(
    *, rating: str, numbers: Sequence[dict], reference: Reference, others: Iterable[Reference] = ()
) -> Judgement:
    """Set a ruling's quoted number against `reference` (the ratio is to it); the number is
    within tolerance when it fits the reference or any of `others` (a traced total)."""
    others = [other for other in others if other.percent == reference.percent]
    target = others[0].value if others else reference.value
    found = quoted_number(numbers, percent=reference.percent, target=target)
    judgement = Judgement(rating=rating, false_side=on_false_side(rating))
    if found is None:
        return judgement
    judgement.quoted_text, judgement.quoted = found
    judgement.ratio = ratio(judgement.quoted, reference.value)
    judgement.outside = not any(
        within_tolerance(judgement.quoted, candidate) for candidate in [reference, *others]
    )
    return judgement


@dataclass
class Step:
    """A claim on a timeline or in a family."""

    claim: Claim
    judgement: Judgement
    number: int = 0
    first_distortion: bool = False
    current: bool = False
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Timeline:
    reference: Reference
    steps: list[Step]
    more: bool  # more claims than LIMIT trace to it

    @property
    def first_distortion(self) -> Step | None:
        return next((step for step in self.steps if step.first_distortion), None)

    @property
    def distorted_count(self) -> int:
        return sum(1 for step in self.steps if step.judgement.distorted)


def _ordered(claims):
    return claims.select_related("ruling").order_by(
        F("said_on").asc(nulls_last=True), "created_at", "pk"
    )


def _number_steps(steps: list[Step]) -> list[Step]:
    for n, step in enumerate(steps, start=1):
        step.number = n
    first = next((step for step in steps if step.judgement.distorted), None)
    if first is not None:
        first.first_distortion = True
    return steps


def _totals(traced: Iterable[tuple[int, Decimal, bool]]) -> dict[int, list[Reference]]:
    """Per claim, the total of the counts its ruling traced, when it traced more than one."""
    counts: dict[int, list[Decimal]] = defaultdict(list)
    for claim_id, value, percent in traced:
        if not percent and value is not None:
            counts[claim_id].append(value)
    return {
        claim_id: [Reference(sum(values, Decimal(0)), label="the traced figures added together")]
        for claim_id, values in counts.items()
        if len(values) > 1
    }


def figure_reference(figure: Figure) -> Reference:
    return Reference(
        value=figure.value,
        qualifier=figure.qualifier,
        percent=figure.is_percentage,
        label=figure.slug,
    )


def figure_timeline(figure: Figure, user: Any) -> Timeline:
    """The claims `user` may read whose ruling traced `figure`, earliest first. Two queries."""
    traced = TracedFigure.objects.filter(figure=figure).values("ruling__claim_id")
    claims = list(_ordered(Claim.objects.visible_to(user).filter(pk__in=traced))[: LIMIT + 1])
    more, claims = len(claims) > LIMIT, claims[:LIMIT]
    reference = figure_reference(figure)
    totals = _totals(
        (claim_id, value, is_percentage_unit(unit))
        for claim_id, value, unit in TracedFigure.objects.filter(
            ruling__claim_id__in=[claim.pk for claim in claims]
        ).values_list("ruling__claim_id", "figure__value", "figure__unit")
    )
    return _timeline(claims, reference, totals, more)


def _timeline(claims, reference: Reference, totals: dict, more: bool) -> Timeline:
    """Each claim judged against the reference (and the totals of what its ruling traced), in
    order, the first distortion marked."""
    steps = [
        Step(
            claim=claim,
            judgement=judge(
                rating=claim.ruling.final_rating,
                numbers=claim.ruling.numbers,
                reference=reference,
                others=totals.get(claim.pk, ()),
            ),
        )
        for claim in claims
    ]
    return Timeline(reference=reference, steps=_number_steps(steps), more=more)


def row_reference(series: Series, row: SeriesRow) -> Reference:
    return Reference(
        value=row.value,
        qualifier=row.qualifier or EXACT,
        percent=is_percentage_unit(series.unit_text),
        label=row.period_text,
    )


def row_timeline(series: Series, row: SeriesRow, user: Any) -> Timeline:
    """The claims `user` may read whose ruling traced the row itself, or a figure that restates
    it, earliest first. Three queries."""
    direct = TracedRow.objects.filter(
        series=series, period_start=row.period_start, period_end=row.period_end, geo=row.geo
    ).values("ruling__claim_id")
    restating = TracedFigure.objects.filter(figure__series_rows=row).values("ruling__claim_id")
    claims = list(
        _ordered(Claim.objects.visible_to(user).filter(Q(pk__in=direct) | Q(pk__in=restating)))[
            : LIMIT + 1
        ]
    )
    more, claims = len(claims) > LIMIT, claims[:LIMIT]
    ids = [claim.pk for claim in claims]
    percent = is_percentage_unit(series.unit_text)
    row_value = SeriesRow.objects.filter(
        series_id=OuterRef("series_id"),
        period_start=OuterRef("period_start"),
        period_end=OuterRef("period_end"),
        geo=OuterRef("geo"),
        breakdown_key="",
    ).values("value")[:1]
    rows = (
        TracedRow.objects.filter(ruling__claim_id__in=ids)
        .annotate(row_value=Subquery(row_value))
        .values_list("ruling__claim_id", "row_value")
    )
    totals = _totals((claim_id, value, percent) for claim_id, value in rows)
    figures = TracedFigure.objects.filter(ruling__claim_id__in=ids).values_list(
        "ruling__claim_id", "figure__value", "figure__unit"
    )
    for claim_id, references in _totals(
        (claim_id, value, is_percentage_unit(unit)) for claim_id, value, unit in figures
    ).items():
        totals.setdefault(claim_id, references)
    reference = row_reference(series, row)
    return _timeline(claims, reference, totals, more)


@dataclass
class Family:
    """A claim among the claims that trace to the same figures."""

    claim: Claim
    figures: list[Figure]
    steps: list[Step]
    more: bool

    @property
    def current(self) -> Step | None:
        return next((step for step in self.steps if step.current), None)

    @property
    def first_distortion(self) -> Step | None:
        return next((step for step in self.steps if step.first_distortion), None)


def claim_family(claim: Claim, user: Any) -> Family:
    """The claims `user` may read whose ruling traced any figure `claim`'s ruling traced,
    the claim itself among them, earliest first. Each is set against the total of the shared
    figures it traced (the figure itself when one). Three queries."""
    traces = list(
        TracedFigure.objects.filter(ruling__claim=claim)
        .select_related("figure__document", "figure__category")
        .order_by("position")
    )
    figures = [trace.figure for trace in traces]
    if not figures:
        return Family(claim=claim, figures=[], steps=[], more=False)
    shared = TracedFigure.objects.filter(figure__in=figures).values("ruling__claim_id")
    members = list(_ordered(Claim.objects.visible_to(user).filter(pk__in=shared))[: LIMIT + 1])
    more, members = len(members) > LIMIT, members[:LIMIT]
    by_id = {figure.pk: figure for figure in figures}
    traced: dict[int, list[Figure]] = defaultdict(list)
    for claim_id, figure_id in (
        TracedFigure.objects.filter(
            ruling__claim_id__in=[member.pk for member in members], figure__in=figures
        )
        .order_by("position")
        .values_list("ruling__claim_id", "figure_id")
    ):
        traced[claim_id].append(by_id[figure_id])
    steps = []
    for member in members:
        own = traced.get(member.pk, [])
        steps.append(
            Step(
                claim=member,
                judgement=_judge_against_figures(member, own),
                current=member.pk == claim.pk,
                figures=own,
            )
        )
    return Family(claim=claim, figures=figures, steps=_number_steps(steps), more=more)


def _judge_against_figures(claim: Claim, figures: list[Figure]) -> Judgement:
    references = [figure_reference(figure) for figure in figures]
    counts = [reference for reference in references if not reference.percent]
    others = list(references)
    if len(counts) > 1:
        total = Reference(sum((r.value for r in counts), Decimal(0)), label="added together")
        reference = total
    elif references:
        reference = counts[0] if counts else references[0]
    else:
        return Judgement(
            rating=claim.ruling.final_rating,
            false_side=on_false_side(claim.ruling.final_rating),
        )
    return judge(
        rating=claim.ruling.final_rating,
        numbers=claim.ruling.numbers,
        reference=reference,
        others=[other for other in others if other is not reference],
    )


@dataclass
class Misquoted:
    """A figure on /spread/: how many published rulings misquoted it, and by how much."""

    figure: Figure
    misquoted: int
    tracing: int
    largest: Decimal | None
    median: Decimal | None

    @property
    def largest_distance(self) -> str:
        return distance(self.largest)

    @property
    def median_distance(self) -> str:
        return distance(self.median)


@dataclass(frozen=True)
class Tally:
    figure_id: int
    misquoted: int
    tracing: int
    largest: Decimal | None
    median: Decimal | None


def most_misquoted() -> list[Tally]:
    """Every figure that at least one published ruling distorted, the most often misquoted
    first (then the largest distortion, then the figure's slug order through its id). One
    query, whatever the number of claims: the judgement needs each ruling's stored numbers."""
    rows = TracedFigure.objects.filter(ruling__claim__status=Claim.Status.PUBLISHED).values_list(
        "figure_id",
        "ruling__claim_id",
        "figure__value",
        "figure__qualifier",
        "figure__unit",
        "ruling__rating",
        "ruling__proposed_rating",
        "ruling__numbers",
    )
    traced: list[tuple] = list(rows.order_by())
    totals = _totals(
        (claim_id, value, is_percentage_unit(unit)) for _, claim_id, value, _, unit, *_ in traced
    )
    tracing: dict[int, int] = defaultdict(int)
    ratios: dict[int, list[Decimal]] = defaultdict(list)
    misquoted: dict[int, int] = defaultdict(int)
    for figure_id, claim_id, value, qualifier, unit, rating, proposed, numbers in traced:
        tracing[figure_id] += 1
        judgement = judge(
            rating=rating or proposed,
            numbers=numbers or [],
            reference=Reference(value, qualifier, is_percentage_unit(unit)),
            others=totals.get(claim_id, ()),
        )
        if not judgement.distorted:
            continue
        misquoted[figure_id] += 1
        if judgement.ratio is not None:
            ratios[figure_id].append(judgement.ratio)
    tallies = [
        Tally(
            figure_id=figure_id,
            misquoted=count,
            tracing=tracing[figure_id],
            largest=max(ratios[figure_id], key=_spread) if ratios[figure_id] else None,
            median=statistics.median(ratios[figure_id]) if ratios[figure_id] else None,
        )
        for figure_id, count in misquoted.items()
    ]
    tallies.sort(
        key=lambda t: (-t.misquoted, -(_spread(t.largest) if t.largest else 0), t.figure_id)
    )
    return tallies


def with_figures(tallies: Sequence[Tally]) -> list[Misquoted]:
    """The tallies of one page with their figures, documents and categories: one query."""
    figures = Figure.objects.with_related().in_bulk([t.figure_id for t in tallies])
    return [
        Misquoted(
            figure=figures[t.figure_id],
            misquoted=t.misquoted,
            tracing=t.tracing,
            largest=t.largest,
            median=t.median,
        )
        for t in tallies
        if t.figure_id in figures
    ]


# A ranking stays in the cache at most this long under its state's key, whatever else happens.
RANKING_SECONDS = 600
LATEST_KEY = "spread-ranking:latest"
REFRESHING_KEY = "spread-ranking:refreshing"


@dataclass(frozen=True)
class Ranking:
    tallies: list[Tally]
    computed_at: datetime
    current: bool  # False: the latest ranking computed, while the new one is computed


def _state_key() -> str:
    """A key that changes whenever a claim is published, a published ruling changes (every
    change adds to its version), or the registry changes (its generation)."""
    stamp = Claim.objects.published().aggregate(
        count=Count("pk"), last=Max("ruling__published_at"), versions=Sum("ruling__version")
    )
    state = repr((registry_generation(), sorted(stamp.items())))
    return "spread-ranking:" + hashlib.sha256(state.encode()).hexdigest()[:32]


def _compute(key: str) -> tuple[list[Tally], datetime]:
    value = (most_misquoted(), timezone.now())
    cache.set(key, value, timeout=RANKING_SECONDS)
    cache.set(LATEST_KEY, value, timeout=None)
    return value


def ranking() -> Ranking:
    """`most_misquoted()` as the pages show it, kept in the cache until the state changes (one
    aggregate query and a cache read when nothing changed). When it changed, the new ranking is
    computed by a background task (`refresh_ranking`), and until it is done the page shows the
    latest one computed, saying when; only the very first ranking is computed in the request."""
    key = _state_key()
    if (fresh := cache.get(key)) is not None:
        return _ranking(fresh, current=True)
    latest = cache.get(LATEST_KEY)
    if latest is None:
        return _ranking(_compute(key), current=True)
    if cache.add(REFRESHING_KEY, key, timeout=RANKING_SECONDS):
        refresh_ranking.enqueue()
        if (fresh := cache.get(key)) is not None:  # a backend that runs tasks at once
            return _ranking(fresh, current=True)
    return _ranking(latest, current=False)


def _ranking(kept: tuple[list[Tally], datetime], *, current: bool) -> Ranking:
    tallies, computed_at = kept
    return Ranking(tallies, computed_at, current=current)


@task()
def refresh_ranking() -> int:
    """Compute the ranking of /spread/ for the state of the rulings now; returns the number of
    figures ranked."""
    try:
        key = _state_key()
        value = cache.get(key) or _compute(key)
        return len(value[0])
    finally:
        cache.delete(REFRESHING_KEY)

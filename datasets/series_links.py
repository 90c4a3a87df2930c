"""Links to a series page with rows highlighted, and the rulings that trace to a series.

`series_url(slug, rows=[(start, end, geo), ...])` is the one way to link to rows of a series:
`/datasets/<slug>/?mark=2013-10-01/2014-09-30` (with `/<state>` for a state's row). The page
shows those rows highlighted in its chart and table.

The registry does not know about claims (the apps depend the other way), so the app that holds
rulings registers a function that lists those tracing to a series (`register_rulings_source`);
the series page shows what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.urls import reverse

if TYPE_CHECKING:
    from datasets.models import Series

type RowRef = tuple[date, date, str | None]


def mark_value(start: date, end: date, geo: str | None = None) -> str:
    """One `mark` parameter: "2013-10-01/2014-09-30", or ".../New York" for a state's row."""
    value = f"{start.isoformat()}/{end.isoformat()}"
    return f"{value}/{geo}" if geo else value


def series_url(slug: str, rows: Iterable[RowRef] = ()) -> str:
    """The path of a series page with `rows` ((start, end, geo or "" / None)) highlighted."""
    path = reverse("series_detail", args=[slug])
    marks = [("mark", mark_value(start, end, geo)) for start, end, geo in rows]
    return f"{path}?{urlencode(marks)}" if marks else path


@dataclass(frozen=True)
class TracingRuling:
    """A ruling that traces to rows of a series, as the series page lists it."""

    url: str
    quote: str
    claimant: str
    rating: str
    rows: Sequence[RowRef] = field(default_factory=tuple)
    series_url: str = ""  # the series page with `rows` highlighted


type RulingsSource = Callable[["Series", Any], list[TracingRuling]]

_SOURCES: list[RulingsSource] = []


def register_rulings_source(source: RulingsSource) -> None:
    """Add a function (series, user) -> rulings that user may read which trace to the series.
    It must run a fixed number of queries whatever the number of rows."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def rulings_tracing_to(series: Series, user: Any) -> list[TracingRuling]:
    return [ruling for source in _SOURCES for ruling in source(series, user)]

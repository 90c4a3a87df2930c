"""The small chart that sets a claimed number beside the official figures it was traced to.

Pure layout arithmetic (Decimal throughout). The template draws each bar as an HTML row: the
label and the value are text (so they wrap rather than shrink or get cut, and stay readable on
a phone), the bar is a box whose width is one of the `w-0`…`w-100` classes of the stylesheets
(no inline style, for the CSP). The claimed bar is hatched and the sum is outlined, so the chart
reads the same without colour; the key names only the kinds of bar drawn.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from datasets.templatetags.registry import figure_value, number

KIND_KEYS = {
    "claimed": "Hatched: the number in the quote.",
    "figure": "Solid: each official figure it traces to.",
    "sum": "Outlined: those figures added together.",
}
CLAIMED_BARS = 2


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    percent: int  # of the largest bar, 1 to 100
    kind: str  # "claimed", "figure" or "sum"
    href: str = ""


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    description: str
    key: str  # makes the chart's ids unique when several charts share a document

    @property
    def title_id(self) -> str:
        return f"chart-{self.key}-title"

    @property
    def legend(self) -> str:
        """What each kind of bar means, for the kinds this chart draws, in drawing order."""
        kinds = dict.fromkeys(bar.kind for bar in self.bars)
        return " ".join(KIND_KEYS[kind] for kind in kinds)


def comparison_chart(claimed: list[tuple[str, Decimal]], figures: list) -> Chart | None:
    """Bars for the claimed numbers, each traced figure (counts only), and their sum when the
    claim was traced to a combination. None when there is nothing comparable to draw."""
    counts = [f for f in figures if not f.is_percentage]
    claimed = [(text, value) for text, value in claimed if value > 0]
    if not claimed or not counts:
        return None
    rows: list[tuple[str, str, Decimal, str, str]] = [
        (f"Claimed: “{text}”", number(value), value, "claimed", "")
        for text, value in claimed[:CLAIMED_BARS]
    ]
    for figure in counts:
        rows.append(
            (
                f"{figure.category.label} ({figure.document.short_name})",
                figure_value(figure),
                figure.value,
                "figure",
                figure.get_absolute_url(),
            )
        )
    if len(counts) > 1:
        total = sum((f.value for f in counts), Decimal(0))
        rows.append(("Traced figures added together", number(total), total, "sum", ""))
    largest = max(value for _, _, value, _, _ in rows)
    bars = tuple(
        Bar(label=label, value_text=text, percent=_percent(value, largest), kind=kind, href=href)
        for label, text, value, kind, href in rows
    )
    description = "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars)
    key = hashlib.sha256(description.encode()).hexdigest()[:10]
    return Chart(bars=bars, description=description, key=key)


def _percent(value: Decimal, largest: Decimal) -> int:
    """The bar's length in whole percent of the largest; at least 1, so every bar shows."""
    share = (value / largest * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(1, min(100, int(share)))

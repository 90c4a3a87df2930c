"""The small chart that sets a claimed number beside the official figures it was traced to.

Pure layout arithmetic (Decimal throughout); the template draws it as inline SVG. Each bar is
labelled with its number and what it is, and the claimed bar is hatched, so the chart reads the
same without colour.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from datasets.templatetags.registry import figure_value, number

WIDTH = Decimal(640)
BAR_AREA = Decimal(440)
ROW_HEIGHT = 46


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    width: Decimal
    y: int
    kind: str  # "claimed", "figure" or "sum"
    href: str = ""


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    height: int
    width: Decimal
    description: str
    key: str  # makes the SVG's ids unique when several charts share a document

    @property
    def title_id(self) -> str:
        return f"chart-{self.key}-title"

    @property
    def desc_id(self) -> str:
        return f"chart-{self.key}-desc"

    @property
    def hatch_id(self) -> str:
        return f"chart-{self.key}-hatch"


def comparison_chart(claimed: list[tuple[str, Decimal]], figures: list) -> Chart | None:
    """Bars for the claimed numbers, each traced figure (counts only), and their sum when the
    claim was traced to a combination. None when there is nothing comparable to draw."""
    counts = [f for f in figures if not f.is_percentage]
    claimed = [(text, value) for text, value in claimed if value > 0]
    if not claimed or not counts:
        return None
    rows: list[tuple[str, str, Decimal, str, str]] = [
        (f"Claimed: “{text}”", number(value), value, "claimed", "") for text, value in claimed[:2]
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
        Bar(
            label=label,
            value_text=text,
            width=max(Decimal(2), (value / largest * BAR_AREA).quantize(Decimal("0.1"))),
            y=n * ROW_HEIGHT,
            kind=kind,
            href=href,
        )
        for n, (label, text, value, kind, href) in enumerate(rows)
    )
    description = "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars)
    key = hashlib.sha256(description.encode()).hexdigest()[:10]
    return Chart(
        bars=bars, height=len(bars) * ROW_HEIGHT, width=WIDTH, description=description, key=key
    )

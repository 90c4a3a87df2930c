"""Claims, the rulings on them, their history and their corrections."""

from __future__ import annotations

from claims.models.claim import (
    LIST_ORDER,
    MAX_QUOTE_LENGTH,
    PUBLISHED_ORDER,
    Claim,
    ClaimQuerySet,
    one_line,
    quote_fingerprint,
    quote_key,
)
from claims.models.history import Correction, HistoryEntry, RulingVersion, ruling_history
from claims.models.ruling import (
    ConflictError,
    Ruling,
    TracedFigure,
    TracedRow,
    WorkflowError,
    claimed_values,
    verdict_findings,
    verdict_numbers,
)
from claims.ratings import Rating

__all__ = [
    "LIST_ORDER",
    "MAX_QUOTE_LENGTH",
    "PUBLISHED_ORDER",
    "Claim",
    "ClaimQuerySet",
    "ConflictError",
    "Correction",
    "HistoryEntry",
    "Rating",
    "Ruling",
    "RulingVersion",
    "TracedFigure",
    "TracedRow",
    "WorkflowError",
    "claimed_values",
    "one_line",
    "quote_fingerprint",
    "quote_key",
    "ruling_history",
    "verdict_findings",
    "verdict_numbers",
]

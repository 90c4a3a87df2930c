"""How the words of a claim fit what its traced figures count, and when: the category and
period findings, and the harm the words assert (mixed into checks.Checker).

A category fits a figure when it is the figure's category, one of its ancestors, or named by
the word the figure's category definition begins with (what it counts); a sum fits
words that name any one of its parts, a share words that name its part. A period fits unless too
much of it falls outside the time the quote states or the party it blames.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from claims.engine.describe import Describer, and_list, finding, quote_list, unique
from claims.engine.evidence import inside_share, outside_days
from claims.engine.frames import ClaimFrame
from claims.engine.registry import FigureRecord, Registry
from claims.engine.verdict import Finding

if TYPE_CHECKING:
    from claims.engine.index import FigureIndex
    from claims.engine.match import Trace
    from claims.engine.parse import ParsedClaim, TermMention

_SEVERITY = {"loose": 1, "different": 2, "contradicted": 3, "unrelated": 5}

# A period fits the claim unless more than a third of it, and more than a month (or a tenth of a
# shorter period), falls outside
# the frame the claim states or the tenure it blames: a fiscal year for a calendar year, or a
# fiscal year that began three months before an inauguration, still fits.
PERIOD_OUTSIDE_SHARE = 1 / 3
PERIOD_OUTSIDE_DAYS = 31
PERIOD_OUTSIDE_FLOOR = 0.1  # ... or a tenth of a short period


# A figure counted over at most this many days is a snapshot: a time stated inside its period
# ("in March" for a count taken over February and March) fits it.
SNAPSHOT_DAYS = 62


def _snapshot_around(figure: FigureRecord, spans: tuple[tuple[date, date], ...]) -> bool:
    start, end = figure.period_start, figure.period_end
    if start is None or end is None or (end - start).days > SNAPSHOT_DAYS:
        return False
    return all(start <= low and high <= end for low, high in spans)


class FitChecks:
    """The findings about words and time; the Checker provides the state."""

    parsed: ParsedClaim | ClaimFrame
    registry: Registry
    index: FigureIndex
    say: Describer
    traces: list[Trace]

    def _fits(self, category: str, trace: Trace) -> bool:
        """Whether a category the words describe fits every part of a trace (a share's part:
        its whole is only the scale)."""
        figures = trace.figures(self.index)
        if trace.operation == "share":
            figures = figures[:1]
        if trace.operation == "sum":
            # "either never got a court date or failed to appear": words that name one of the
            # counts added up fit the sum.
            return any(self._fits_figure(category, figure) for figure in figures)
        return all(self._fits_figure(category, figure) for figure in figures)

    def _fits_figure(self, category: str, figure: FigureRecord) -> bool:
        """The figure's category, one of its ancestors, or the word its definition begins
        with: "released" fits a count the registry defines as "Releases without checks"."""
        return (
            category == figure.category
            or category in self.index.category_ancestors(figure.category)
            or category in self.registry.lexicon.defined_with.get(figure.category, ())
        )

    def _named(self, category: str) -> list[FigureRecord]:
        """The traced figures whose own definition says they do not mean this category."""
        named_by = self.registry.lexicon.named_by
        return [
            figure
            for trace in self.traces
            for figure in trace.figures(self.index)
            if category in named_by.get(figure.category, ())
        ]

    def category_findings(self) -> list[Finding]:
        # Harm counts here only where it says what the number is; elsewhere it is an
        # assertion of its own (harm_findings).
        describing = getattr(self.parsed, "describing_harms", ())
        mentions = [
            m
            for m in self.parsed.mentions
            if m.asserted and not m.not_counted and (not m.harm or m in describing)
        ]
        excluded = self.parsed.not_counted
        if not mentions and not excluded:
            return []
        traced = [figure for trace in self.traces for figure in trace.figures(self.index)]
        by_category: dict[str, list[TermMention]] = {}
        for mention in mentions:
            by_category.setdefault(mention.category, []).append(mention)
        fitting = {c for c in by_category if any(self._fits(c, t) for t in self.traces)}
        mismatched = {
            category: ("contradicted" if self._named(category) else "different")
            for category in by_category
            if category not in fitting
        }
        # Words of what a category does not count fit no figure: against a count of that
        # category they are the reading its definition rules out, against another a count of
        # something else.
        for category in sorted(excluded):
            misread = any(
                figure.category == category
                or category in self.index.category_ancestors(figure.category)
                for figure in traced
            )
            mismatched[category] = "contradicted" if misread else "different"
        findings = []
        counted = self.say.briefly(traced)
        if not mismatched:
            loose = self._loose(mentions, fitting)
            if loose:
                words = quote_list(mention.term.lower() for mention in loose)
                warned = quote_list(word for _, word in self._warned_words(loose))
                findings.append(
                    finding(
                        "category_mismatch",
                        f"{words} fits what the figures count, {counted}, only loosely: the"
                        f" category does not mean {warned}.",
                        traced,
                        degree="loose",
                    )
                )
            return findings
        if fitting:
            degree = max(mismatched.values(), key=_SEVERITY.__getitem__)
        elif len(mismatched) >= 2 and not all(v == "contradicted" for v in mismatched.values()):
            # Two or more other things altogether; words that the traced figures' own
            # definitions each warn against are a misreading of them, not other things.
            degree = "unrelated"
        elif len(mismatched) >= 2:
            degree = "contradicted"
        else:
            degree = next(iter(mismatched.values()))
        wrong = [
            m
            for m in self.parsed.mentions
            if m.category in mismatched
            and (m in mentions or (m.asserted and m.not_counted and m.category in excluded))
        ]
        words = quote_list(mention.term.lower() for mention in wrong)
        kinds = [
            f"what '{self.say.category(category)}' does not count"
            if category in excluded
            else f"'{self.say.category(category)}'"
            for category in mismatched
        ]
        if len(kinds) > 4:  # as quote_list shortens a long list
            kinds = [*kinds[:3], "others"]
        explanation = (
            f"The claim's words {words} describe {and_list(kinds)}, but the traced figures"
            f" count {counted}"
        )
        if any(v == "contradicted" for v in mismatched.values()):
            explanation += ", and their definitions rule that reading out"
        return [finding("category_mismatch", explanation + ".", traced, degree=degree)]

    def _warned_words(self, mentions: Sequence[TermMention]) -> list[tuple[TermMention, str]]:
        lexicon = self.registry.lexicon
        traced_categories = {f.category for t in self.traces for f in t.figures(self.index)}
        warned = set().union(*(lexicon.named_by.get(c, set()) for c in traced_categories))
        found = []
        for mention in mentions:
            for word in mention.term.lower().split():
                word = word.strip(".,;:!?\"'")
                others = lexicon.single_word_categories.get(word, frozenset())
                if word != mention.term.lower() and (others - {mention.category}) & warned:
                    found.append((mention, word))
        return found

    def _loose(self, mentions: Sequence[TermMention], fitting: set[str]) -> list[TermMention]:
        """Fitting phrases that embed a word the traced category's definition warns against
        ("lost track of" embeds "lost" for calls nobody answered)."""
        candidates = [mention for mention in mentions if mention.category in fitting]
        return list(dict.fromkeys(mention for mention, _ in self._warned_words(candidates)))

    def period_findings(self) -> list[Finding]:
        """The figures' period against the time the quote states, then against the party it
        blames or credits, with the exact share of the period that falls in it ("54% of the
        figure's period falls in the Biden administration"). A period wholly under another
        party is the worse fault: the number is credited to the wrong people."""
        parsed = self.parsed
        traced = unique(figure for trace in self.traces for figure in trace.figures(self.index))
        checks: list[tuple[str, tuple[tuple[date, date], ...], bool]] = []
        if parsed.frame is not None:
            frame = parsed.frame
            checks.append(
                (
                    f"the time the claim states ('{frame.text}', "
                    f"{self.say.dates(frame.start, frame.end)})",
                    ((frame.start, frame.end),),
                    False,
                )
            )
        tenures = [t for t in self.registry.tenures if t.slug in parsed.tenures]
        if tenures:
            # A tenure still running counts up to the claim date (or for ever, when unknown).
            spans = tuple((t.start, t.end or date.max) for t in tenures)
            names = and_list(t.label for t in tenures)
            checks.append((f"the {names}, which the claim holds responsible", spans, True))
        for described, spans, blamed in checks:
            off = [
                figure
                for figure in traced
                if self._outside(figure, spans) and (blamed or not _snapshot_around(figure, spans))
            ]
            if not off:
                continue
            first = off[0]
            share = inside_share(first, spans) or 0.0
            start, end = first.period_start or date.min, first.period_end or date.max
            others = (
                [label for label in self._spanned([first]) if label not in described]
                if blamed
                else []
            )
            rest = f"; the rest in the {and_list(others)}" if others and share else ""
            if len(others) == 1 and not share:
                rest = f"; all of it in the {others[0]}"
            explanation = (
                f"{_percent(share)} of the period of {self.say.briefly([first])}"
                f" ({self.say.dates(start, end)}) falls in {described}{rest}."
            )
            if len(off) > 1:
                explanation += f" So does too little of {self.say.briefly(off[1:])}."
            wholly = blamed and share == 0.0
            return [
                finding("period_mismatch", explanation, off, degree="wholly" if wholly else "")
            ]
        return []

    @staticmethod
    def _outside(figure: FigureRecord, spans: tuple[tuple[date, date], ...]) -> bool:
        """Whether too much of a figure's period falls outside the spans, judged at the
        figure's own granularity: a month of a one-month figure is all of it."""
        outside, total = outside_days(figure, spans)
        return (
            bool(total)
            and outside > min(PERIOD_OUTSIDE_DAYS, total * PERIOD_OUTSIDE_FLOOR)
            and outside / total > PERIOD_OUTSIDE_SHARE
        )

    def _spanned(self, figures: Sequence[FigureRecord]) -> list[str]:
        """The tenures the figures' periods reach into."""
        labels = []
        for tenure in self.registry.tenures:
            for figure in figures:
                if figure.period_start and figure.period_end:
                    end = tenure.end or figure.period_end
                    if tenure.start <= figure.period_end and figure.period_start <= end:
                        labels.append(tenure.label)
                        break
        return labels


def _percent(share: float) -> str:
    """A share of a period as people write it: "54%", "under 1%", "all"."""
    if share >= 0.995:
        return "All"
    if 0 < share < 0.01:
        return "Under 1%"
    return f"{round(share * 100)}%"

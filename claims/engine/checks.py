"""Turn traces into findings: each a code of DESIGN.md, a one-sentence plain-English explanation
naming the figures (value, document, period), and the figure and document slugs behind it.

A finding may carry a degree, the variant the rating policy weighs differently:

- combined_figures: "disjoint" (the source reports the parts as disjoint), "part_of_whole"
  (a whole minus its part), "unchecked" (nothing says the parts do not overlap);
- category_mismatch: "loose" (the words fit, but embed one the definition warns against:
  "lost track of" for calls nobody answered), "different" (the words describe another
  category), "contradicted" (the figure's own definition says it does not mean that),
  "unrelated" (none of the words fits and they describe two or more other things, not all of
  them misreadings the traced figures' definitions warn against);
- no_matching_figure: "none" (nothing traced), "partial" (another number was traced),
  "apart" (another number was traced, and this one speaks of something else: another unit
  or other category words; whatever figure contradicts it is named, and the traced numbers
  decide the rating), "contradicted" (a figure of the very category the words describe says
  otherwise).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from claims.engine.describe import Describer, amount, finding, quote_list, unique
from claims.engine.evidence import contradicting
from claims.engine.fit import FitChecks
from claims.engine.frames import ClaimFrame
from claims.engine.index import FigureIndex
from claims.engine.match import Trace
from claims.engine.numbers import QuotedNumber
from claims.engine.numerals import plain
from claims.engine.parse import ParsedClaim, TermMention
from claims.engine.registry import DocumentRecord, FigureRecord, Registry
from claims.engine.series_findings import aggregate_findings
from claims.engine.verdict import Finding

FINDING_CODES = (
    "figure_match",
    "rounded",
    "combined_figures",
    "mixed_snapshots",
    "category_mismatch",
    "period_mismatch",
    "source_mismatch",
    "outdated_figure",
    "figure_after_claim",
    "unsupported_assertion",
    "missing_denominator",
    "unverified_source",
    "no_matching_figure",
)
_ORDER = {code: position for position, code in enumerate(FINDING_CODES)}


class Checker(FitChecks):
    """Runs the checks of one claim frame (or, for harm, of the whole claim) against its
    traces. A frame reads like a whole claim (mentions, time frame, tenures, sources), so each
    number is checked against the words the quote says of it, and of it alone."""

    def __init__(
        self,
        parsed: ParsedClaim | ClaimFrame,
        traces: Sequence[Trace],
        registry: Registry,
        *,
        others_traced: bool = False,
        apart: bool = False,
        claim_numbers: Sequence[QuotedNumber] = (),
    ) -> None:
        self.parsed = parsed
        self.claim_numbers = tuple(claim_numbers) or parsed.numbers
        self.registry = registry
        self.index: FigureIndex = registry.index
        self.say = Describer(registry)
        self.traces = list(traces)
        self.others_traced = others_traced
        self.apart = apart  # untraced, beside traced numbers of something else

    def run(self, number: QuotedNumber, trace: Trace | None, reason: str) -> list[Finding]:
        """The findings of one frame's number."""
        if trace is None:
            return [self.no_match(number, reason)]
        if not trace.available:
            return [self.after_claim(trace)]
        findings = self.number_findings(trace)
        findings.extend(self.category_findings())
        if trace.operation != "change":  # a change spans two periods; the matcher fits them
            findings.extend(self.period_findings())
        return findings

    def harm_findings(self, harms: Sequence[TermMention] | None = None) -> list[Finding]:
        """Harm the claim asserts (dead, trafficked, sold) that no traced figure counts; of
        `harms` when given (the claim's own otherwise)."""
        unsupported = [
            mention
            for mention in (self.parsed.harms if harms is None else harms)
            if not any(self._fits(mention.category, trace) for trace in self.traces)
        ]
        if not unsupported:
            return []
        traced = unique(f for trace in self.traces for f in trace.figures(self.index))
        words = quote_list(mention.term.lower() for mention in unsupported)
        if traced:
            tail = f"the traced figures count only {self.say.briefly(traced)}"
        else:
            tail = "no figure was traced"
        return [
            finding(
                "unsupported_assertion",
                f"The claim asserts harm ({words}) that would need a count of its own; {tail}.",
                traced,
            )
        ]

    # -- one traced number -------------------------------------------------------------------

    def number_findings(self, trace: Trace) -> list[Finding]:
        if trace.aggregate is not None:  # rows of an official table
            return aggregate_findings(trace, self.say, self.parsed.sources)
        figures = trace.figures(self.index)
        said = f"'{trace.number.text}'"
        findings: list[Finding] = []
        if trace.operation == "single":
            if trace.strict:
                findings.append(
                    finding(
                        "figure_match",
                        f"{said} matches {self.say.figure(figures[0])}.",
                        figures,
                    )
                )
        else:
            findings.append(self.combined(trace, figures))
            if trace.link != "snapshots":  # comparing two snapshots is the point of a change
                findings.extend(self.mixed_snapshots(figures))
        if not trace.strict:
            findings.append(
                finding(
                    "rounded",
                    f"{said} matches {self.say.figures(figures)} only as a loose rounding"
                    f" of {amount(trace.total)}.",
                    figures,
                )
            )
        if trace.link != "snapshots":
            findings.extend(self.outdated(figures))
        findings.extend(self.unverified(figures))
        findings.extend(self.source_mismatch(trace, figures))
        findings.extend(self.denominator(trace, figures))
        return findings

    def after_claim(self, trace: Trace) -> Finding:
        """Only figures published after the claim explain the number: they confirm it, but
        cannot be where it came from."""
        figures = trace.figures(self.index)
        return finding(
            "figure_after_claim",
            f"Nothing published by the claim date explains '{trace.number.text}'; it matches"
            f" {self.say.figures(figures)}, published later ({self._published(figures)}).",
            figures,
        )

    def _published(self, figures: Sequence[FigureRecord]) -> str:
        dates = []
        for figure in figures:
            published = self.index.published[self.index.position[figure.slug]]
            dates.append(
                f"{self.say.document(figure.document)} on {published:%-d %B %Y}"
                if published
                else self.say.document(figure.document)
            )
        return "; ".join(dict.fromkeys(dates))

    def combined(self, trace: Trace, figures: Sequence[FigureRecord]) -> Finding:
        said = f"'{trace.number.text}'"
        if trace.operation == "share":
            part, whole = figures
            explanation = (
                f"{said} is the share {amount(part.value)} make of {amount(whole.value)}"
                f" ({plain(trace.total.quantize(Decimal('0.1')))}%):"
                f" {self.say.figure(part)} out of {self.say.figure(whole)}."
            )
            return finding("combined_figures", explanation, figures, degree="share")
        if trace.operation == "change":
            earlier, later = figures
            if trace.number.change == "ratio":
                size = f"{plain(trace.total.quantize(Decimal('0.1')))} times as many"
            else:
                size = f"a change of {plain(trace.total.quantize(Decimal('0.1')))}%"
            explanation = (
                f"{said} compares {self.say.figure(earlier)} with {self.say.figure(later)}:"
                f" {size}."
            )
            return finding("combined_figures", explanation, figures, degree="change")
        if trace.operation == "difference":
            whole, part = figures
            if trace.link == "snapshots":
                explanation = (
                    f"{said} is the change between two counts of one measure:"
                    f" {self.say.figure(whole)} and {self.say.figure(part)}, which differ by"
                    f" {amount(trace.total)}."
                )
                return finding("combined_figures", explanation, figures, degree="change")
            explanation = (
                f"{said} reproduces {self.say.figure(whole)} minus"
                f" {self.say.figure(part)}, which leaves {amount(trace.total)}."
            )
            degree = "part_of_whole" if trace.link == "part_of_whole" else "unchecked"
        else:
            if trace.link == "disjoint":
                note = "; the source reports them as separate groups"
                degree = "disjoint"
            elif trace.link == "consecutive":
                note = "; they count one measure over periods that follow one another"
                degree = "consecutive"
            else:
                note = "; nothing in the sources says the groups do not overlap"
                degree = "unchecked"
            missed = self._mismatched_categories(figures)
            neither = (
                f"; {'neither' if len(figures) == 2 else 'none'} counts"
                f" {quote_list(self.say.category(category) for category in missed)}"
                if missed
                else ""
            )
            explanation = (
                f"{said} reproduces a sum: {self.say.figures(figures)} make"
                f" {amount(trace.total)}{note}{neither}."
            )
        return finding("combined_figures", explanation, figures, degree=degree)

    def _mismatched_categories(self, figures: Sequence[FigureRecord]) -> list[str]:
        """The categories the claim's words describe that none of these figures counts."""
        counted = {figure.category for figure in figures}
        for figure in figures:
            counted |= self.index.category_ancestors(figure.category)
        return [c for c in self.parsed.asserted_categories if c not in counted]

    def mixed_snapshots(self, figures: Sequence[FigureRecord]) -> list[Finding]:
        """Parts published together in one document form one snapshot; parts from different
        releases with different as-of dates do not."""
        documents = {figure.document for figure in figures}
        as_of = {figure.as_of for figure in figures if figure.as_of}
        if len(documents) < 2 or len(as_of) < 2:
            return []
        dated = ", ".join(
            f"{amount(figure.value)} as of {figure.as_of_text or figure.as_of}"
            for figure in figures
        )
        return [
            finding(
                "mixed_snapshots",
                f"The combination mixes figures counted at different dates ({dated}).",
                figures,
            )
        ]

    def outdated(self, figures: Sequence[FigureRecord]) -> list[Finding]:
        said_on = self.parsed.said_on
        if said_on is None:
            return []
        findings = []
        for figure in figures:
            position = self.index.position[figure.slug]
            newer = [
                self.index.figures[later]
                for later in self.index.superseded_by(position)
                if (self.index.published[later] or said_on) <= said_on
            ]
            if newer:
                findings.append(
                    finding(
                        "outdated_figure",
                        f"{self.say.figure(figure)} had been replaced by"
                        f" {self.say.figures(newer)} before the claim was made.",
                        [figure, *newer],
                    )
                )
        return findings

    def unverified(self, figures: Sequence[FigureRecord]) -> list[Finding]:
        """Figures that stand on weak ground: an announcement with no published method, a
        figure no source confirms, or the claimant's own earlier statement. When every figure
        behind the number is one of these, the rating can be no better than half-true."""
        weak = [(figure, why) for figure in figures if (why := self._weak(figure))]
        if not weak:
            return []
        sole = len(weak) == len(figures)
        return [
            finding(
                "unverified_source",
                f"{self.say.figure(figure)} {why}"
                + (" Nothing independent stands behind the number." if sole else ""),
                [figure],
                degree="sole" if sole else "",
            )
            for figure, why in weak
        ]

    def _weak(self, figure: FigureRecord) -> str:
        document = self.registry.documents.get(figure.document)
        method = bool(document and document.method_published)
        announced = figure.kind == "announcement" or (
            document is not None and document.kind == "agency_announcement"
        )
        if announced and not method:
            return "is an announcement; no method or breakdown behind it has been published."
        if figure.confidence == "unverified":
            return "is not confirmed by any source the registry holds."
        claimant = getattr(self.parsed, "claimant", "")
        if document is not None and _own(claimant, document):
            return "comes from the claimant's own statement."
        return ""

    def source_mismatch(self, trace: Trace, figures: Sequence[FigureRecord]) -> list[Finding]:
        sources = self.parsed.sources
        if not sources or all(figure.document in sources for figure in figures):
            return []
        named = ", ".join(self.say.document(slug) for slug in sources)
        return [
            finding(
                "source_mismatch",
                f"The claim points to {named}, which does not hold '{trace.number.text}';"
                f" the number traces to {self.say.sources(figures)}.",
                figures,
                documents=sources,
            )
        ]

    def denominator(self, trace: Trace, figures: Sequence[FigureRecord]) -> list[Finding]:
        """The share of the whole, when every part belongs to one recorded superset."""
        index = self.index
        common: list[int] | None = None
        for figure in figures:
            supersets = index.supersets(index.position[figure.slug])
            common = supersets if common is None else [s for s in common if s in supersets]
        if not common:
            return []
        whole = index.figures[common[0]]
        if not whole.value or any(number.value == whole.value for number in self.claim_numbers):
            return []  # the claim gives the whole itself
        share = (trace.total * 100 / whole.value).quantize(Decimal("0.1"))
        return [
            finding(
                "missing_denominator",
                f"For scale: {amount(trace.total)} is {plain(share)}% of"
                f" {self.say.figure(whole)}.",
                [*figures, whole],
            )
        ]

    def no_match(self, number: QuotedNumber, reason: str = "") -> Finding:
        said = f"'{number.text}'"
        contradicting = self._contradicting(number)
        if contradicting:
            # A number about something else than the traced ones is ruled on by them: what
            # contradicts it is said, and does not decide the rating.
            return finding(
                "no_matching_figure",
                f"No figure matches {said}; what the words describe is counted as"
                f" {self.say.figures(contradicting)}.",
                contradicting,
                degree="apart" if self.apart else "contradicted",
            )
        degree = "apart" if self.apart else "partial" if self.others_traced else "none"
        why = f" The nearest candidate fell below the evidence floor: {reason}." if reason else ""
        return finding(
            "no_matching_figure",
            f"No figure or combination of figures in the registry matches {said}.{why}",
            degree=degree,
        )

    def _contradicting(self, number: QuotedNumber) -> list[FigureRecord]:
        """Figures of exactly the category the words describe that say otherwise."""
        if not isinstance(self.parsed, ClaimFrame):
            return []
        found = contradicting(self.parsed, self.registry, number)
        return [self.index.figures[position] for position in found]

    # -- the words against the traces --------------------------------------------------------


def _own(claimant: str, document: DocumentRecord) -> bool:
    """Whether a document is the claimant's own statement: the claimant's surname (a word of
    four letters or more) stands in its publisher or title."""
    words = [word for word in claimant.replace(".", " ").split() if len(word) >= 4]
    if not words:
        return False
    surname = words[-1].lower()
    published = f" {document.agency} {document.title} ".lower()
    return any(f"{surname}{end}" in published for end in (" ", ",", "'", ")", ":"))


def _merge(findings: Sequence[Finding]) -> list[Finding]:
    """Keep findings in the order of FINDING_CODES; drop exact repeats."""
    return sorted(dict.fromkeys(findings), key=lambda found: _ORDER[found.code])


def run_checks(
    parsed: ParsedClaim,
    traced: Sequence[tuple[QuotedNumber, Trace | None, ClaimFrame, str]],
    registry: Registry,
) -> list[Finding]:
    traces = [trace for _, trace, _, _ in traced if trace is not None]
    traced_frames = [frame for _, trace, frame, _ in traced if trace is not None]
    findings: list[Finding] = []
    apart_frames: list[ClaimFrame] = []
    for number, trace, frame, reason in traced:
        apart = (
            trace is None
            and bool(traced_frames)
            and not any(_same_subject(frame, other) for other in traced_frames)
        )
        if apart:
            apart_frames.append(frame)
        checker = Checker(
            frame,
            [trace] if trace else [],
            registry,
            others_traced=any(other is not trace for other in traces),
            apart=apart,
            claim_numbers=parsed.numbers,
        )
        findings.extend(checker.run(number, trace, reason))
    if not traced:
        findings.append(
            finding(
                "no_matching_figure",
                "The quote states no count or share that could be traced to a figure.",
                degree="none",
            )
        )
    # Harm said of a number about something else ("three people died in the storm") is not
    # harm the quote asserts of what its traced numbers count.
    harms = None
    if apart_frames:
        said = {m for f in parsed.traceable if f not in apart_frames for m in f.harms}
        harms = sorted(said, key=lambda mention: mention.start)
    findings.extend(Checker(parsed, traces, registry).harm_findings(harms))
    return _merge(findings)


def _same_subject(frame: ClaimFrame, other: ClaimFrame) -> bool:
    """Whether a number's frame may speak of what another's does: the same unit, a category
    word in common, or nothing said of it either way; never when the two count different
    units. "They lost 85,000 children ... another 5,000" is one subject; "the hotline received
    2,000 calls" or "a storm killed 3 people" beside it is another, and what is said of it
    says nothing of the children."""
    if frame.unit and other.unit:
        return frame.unit == other.unit
    if set(frame.asserted_categories) & set(other.asserted_categories):
        return True
    return not frame.unit and not frame.asserted_categories

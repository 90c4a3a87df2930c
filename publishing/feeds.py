"""The Atom feed of published rulings, for readers and newsroom tools."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join, linebreaks

from claims.models import Claim, Correction
from claims.ratings import rating_label
from datasets.permalinks import permalink

FEED_LENGTH = 50


class RulingsFeed(Feed):
    """Everyone: the latest published rulings, newest first. A corrected ruling says so in its
    title and category, lists its dated corrections, and its `updated` date is the latest
    correction's, so feed readers show it again."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return f"{settings.OUTLET_NAME}: rulings"

    def subtitle(self) -> str:
        return "Quoted numbers traced to the official figures behind them."

    def link(self) -> str:
        return permalink(reverse("claim_list"))

    def feed_url(self) -> str:
        return permalink(reverse("rulings_feed"))

    def author_name(self) -> str:
        return settings.OUTLET_NAME

    def author_link(self) -> str:
        return settings.SITE_URL

    def items(self) -> list[Claim]:
        return list(
            Claim.objects.latest_published().prefetch_related(
                Prefetch(
                    "ruling__corrections",
                    queryset=Correction.objects.order_by("-corrected_at", "-pk"),
                )
            )[:FEED_LENGTH]
        )

    @staticmethod
    def _corrections(claim: Claim) -> list[Correction]:
        return list(claim.ruling.corrections.all())

    def item_title(self, claim: Claim) -> str:
        ruling = claim.ruling
        title = f"{ruling.get_final_rating_display()}: " + (
            ruling.headline or f"“{claim.short_text}”"
        )
        if self._corrections(claim):
            title = f"Corrected · {title}"
        # An Atom title is text: the feed generator escapes it for XML, and escaping it again
        # (Django's default, for RSS readers that read titles as HTML) would show "&#x27;".
        return title

    def item_description(self, claim: Claim) -> str:
        ruling = claim.ruling
        said = [claim.claimant] if claim.claimant else []
        if claim.said_on:
            said.append(f"{claim.said_on:%-d %B %Y}")
        rating = f"Rating: {ruling.get_final_rating_display()}."
        parts: list[str] = [
            format_html("<p><strong>In short:</strong> {}</p>", ruling.in_short)
            if ruling.in_short
            else "",
            format_html("<blockquote><p>{}</p></blockquote>", claim.text),
            format_html("<p>{}</p>", f"{', '.join(said)}. {rating}" if said else rating),
        ]
        if ruling.summary:
            parts.append(linebreaks(ruling.summary, autoescape=True))
        corrections = self._corrections(claim)
        if corrections:
            parts.append(
                format_html(
                    "<ul>{}</ul>",
                    format_html_join(
                        "",
                        "<li><strong>Correction, {}:</strong> {}{}</li>",
                        (
                            (
                                f"{c.corrected_at:%-d %B %Y}",
                                c.note,
                                ""
                                if c.previous_rating == c.new_rating
                                else f" (rating changed from {rating_label(c.previous_rating)}"
                                f" to {rating_label(c.new_rating)})",
                            )
                            for c in corrections
                        ),
                    ),
                )
            )
        return "".join(parts)

    def item_link(self, claim: Claim) -> str:
        return permalink(claim)

    def item_pubdate(self, claim: Claim):
        return claim.ruling.published_at

    def item_updateddate(self, claim: Claim):
        corrections = self._corrections(claim)
        return corrections[0].corrected_at if corrections else claim.ruling.published_at

    def item_categories(self, claim: Claim) -> list[str]:
        categories = [claim.ruling.final_rating]
        if self._corrections(claim):
            categories.append("corrected")
        return categories

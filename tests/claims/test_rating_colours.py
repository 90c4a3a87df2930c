"""Each rating step has its own colour, on the site and in the PDF briefs, and text on it (or
it as text on the page) stays readable: at least 4.5:1 (WCAG 2.2, 1.4.3)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from claims.engine.policy import RATING_SCALE

CSS = Path(settings.BASE_DIR) / "static" / "css"
WHITE = "#ffffff"
PAGE_WASH = "#f5f6f8"  # the site's --wash, behind the rating on the claim page


def luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def site_colours() -> dict[str, str]:
    text = (CSS / "site.css").read_text()
    return dict(re.findall(r"--rating-([a-z-]+):\s*(#[0-9a-f]{6});", text))


def brief_colours() -> dict[str, str]:
    text = (CSS / "brief.css").read_text()
    return dict(re.findall(r"\.rating-([a-z-]+) \{ --rating: (#[0-9a-f]{6}); \}", text))


def test_contrast_is_measured_as_wcag_does():
    assert round(contrast("#000000", WHITE), 1) == 21.0
    assert round(contrast("#767676", WHITE), 2) == 4.54


@pytest.mark.parametrize("colours", [site_colours, brief_colours])
def test_every_rating_has_a_colour_of_its_own_that_reads_at_4_5_to_1(colours):
    found = colours()
    assert set(found) == set(RATING_SCALE)
    assert len(set(found.values())) == len(RATING_SCALE), "each step its own colour"
    for rating, colour in found.items():
        assert contrast(colour, WHITE) >= 4.5, rating
        assert contrast(colour, PAGE_WASH) >= 4.5, rating


def test_every_badge_class_uses_its_steps_colour():
    text = (CSS / "site.css").read_text()
    for rating in RATING_SCALE:
        assert f".rating-badge.rating-{rating} {{ background: var(--rating-{rating}); }}" in text

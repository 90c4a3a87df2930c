"""The quick check and the editor's desk in a real browser: labels, live results, the picker,
focus outlines, the review queue, editing beside the evidence and publishing with confirmation,
all without a console error."""

from __future__ import annotations

import re

import pytest

from claims.models import Claim
from tests.browser.site import QUOTE, log_in
from tests.factories import make_document, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def watch_console(page) -> list[str]:
    """Collect every console error and uncaught exception on the page (htmx logs its syntax
    errors there; the CSP logs what it blocks)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def luminance(css_colour: str) -> float:
    r, g, b = (int(n) / 255 for n in re.findall(r"\d+(?:\.\d+)?", css_colour)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def outline_and_background(page, selector_or_active: str | None = None) -> tuple[str, str, str]:
    """The focused element's outline colour and style, and the background it sits on (the first
    ancestor with an opaque background)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            let node = el.parentElement, bg = "rgb(255, 255, 255)";
            while (node) {
                const c = getComputedStyle(node).backgroundColor;
                if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { bg = c; break; }
                node = node.parentElement;
            }
            return [style.outlineColor, style.outlineStyle, bg];
        }"""
    )


def test_the_quick_check_form_in_the_browser(browser, live_server, reference_data):
    make_user("jo", "journalist")
    for n in range(30):
        make_document(title=f"Quarterly bulletin {n}", slug=f"bulletin-{n}")
    make_document(title="Inspector general audit of releases", slug="ig-audit")
    page = browser.new_page()
    errors = watch_console(page)
    log_in(page, live_server, "jo")
    page.goto(f"{live_server.url}/check/")

    # "Check" updates the result region without a page load.
    page.evaluate("window.__samePage = true")
    page.fill("#id_said_on", "2024-06-02")
    page.locator("#id_q").evaluate(
        "(el, quote) => { el.value = quote; }", QUOTE
    )  # no input event: only the button sends it
    page.click(".checker button:has-text('Check')")
    page.wait_for_selector("#result .rating-label")
    assert page.evaluate("window.__samePage === true"), "Check must not reload the page"
    assert "/check/?q=The+Biden" in page.url, "a short quote keeps its shareable address"

    # The save form's labels focus its own fields, and the check's labels theirs.
    for name in ("text", "claimant", "said_on", "venue", "venue_url", "attributed_to"):
        page.click(f"label[for='id_save-{name}']")
        assert page.evaluate("document.activeElement.id") == f"id_save-{name}"
    page.click("label[for='id_claimant']")
    assert page.evaluate("document.activeElement.id") == "id_claimant"
    # "Save as claim" sits beside the rating, in the result's head.
    assert page.locator(".result-head .save-claim button:has-text('Save as draft claim')").count()

    # The document picker: type to filter, a bounded few, a chosen one becomes a chip.
    assert page.locator("#save-picker-choices input").count() == 0
    page.fill("#id_save-document_search", "bulletin")
    page.wait_for_selector("#save-picker-choices .picker-results")
    assert page.locator("#save-picker-choices .picker-results input").count() == 12
    page.fill("#id_save-document_search", "inspector general")
    page.wait_for_selector(".picker-results label[for='save-document-ig-audit']")
    page.focus("#save-document-ig-audit")
    page.keyboard.press("Space")
    page.wait_for_selector(".chips #save-document-ig-audit")
    assert page.is_checked("#save-document-ig-audit")
    assert page.locator(".picker-results #save-document-ig-audit").count() == 0
    assert page.evaluate("document.activeElement.id") == "save-document-ig-audit", (
        "the ticked box keeps the focus as a chip"
    )
    page.fill("#id_save-document_search", "bulletin 1")
    page.wait_for_selector(".picker-results label[for='save-document-bulletin-1']")
    assert page.is_checked(".chips #save-document-ig-audit"), "the chosen document stays chosen"

    # An empty quote gets its message beside the field.
    page.fill("#id_q", "")
    page.click(".checker button:has-text('Check')")
    page.wait_for_selector("#id_q_error")
    assert page.get_attribute("#id_q", "aria-invalid") == "true"
    assert "id_q_error" in page.get_attribute("#id_q", "aria-describedby")
    assert "with its number" in page.inner_text("#id_q_error")
    # Typing a quote takes the message away.
    page.fill("#id_q", QUOTE)
    page.wait_for_selector("#id_q_error", state="detached")
    assert page.get_attribute("#id_q", "aria-invalid") is None

    # A long quote is sent by POST: no 414, a result, and no address too long to share.
    page.fill("#id_q", QUOTE + " And more words about it." * 150)
    page.click(".checker button:has-text('Check')")
    page.wait_for_selector("text=too long for a link")
    assert page.url.endswith("/check/")
    assert page.evaluate("window.__samePage === true")

    # Focus outlines reach 3:1 on the page and on the dark header.
    page.focus("#id_q")
    colour, style, background = outline_and_background(page)
    assert style != "none"
    assert contrast(colour, background) >= 3, (colour, background)
    page.focus(".brand")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "brand"
    colour, style, background = outline_and_background(page)
    assert style != "none"
    assert contrast(colour, background) >= 3, (colour, background)

    assert not errors, errors
    page.close()


def test_the_editor_works_the_queue_edits_beside_the_evidence_and_publishes(
    browser, live_server, reference_data
):
    journalist = make_user("jo", "journalist")
    make_user("ed", "editor")
    claim = Claim.create_checked(author=journalist, text=QUOTE, claimant="A host")
    claim.ruling.submit(by=journalist, expected_version=1)
    page = browser.new_page()
    errors = watch_console(page)
    log_in(page, live_server, "ed")

    # The navigation counts what waits; the queue lists it.
    assert page.inner_text("nav .nav-count") == "1"
    page.click("nav a:has-text('Review queue')")
    page.wait_for_selector("h1:has-text('Review queue')")
    page.click(f"a[href='{claim.get_absolute_url()}']")

    # Edit beside the evidence: findings, traced figures and chart next to the form.
    page.click("text=Edit ruling")
    page.wait_for_selector(".desk form")
    evidence = page.inner_text(".desk-evidence")
    assert "what we found" in evidence.lower()
    assert page.locator(".desk-evidence .traced a[href^='/figures/']").count()
    assert page.locator(".desk-evidence figure.chart").count() == 1
    page.fill("#id_headline", "The 80,000 are children who did not answer a phone call")
    page.fill(
        "#id_in_short", "The figure counts unanswered calls. It does not count lost children."
    )
    page.select_option("#id_rating", "false")
    page.fill("#id_override_reason", "Nobody lost the children; the calls went unanswered.")
    page.click(".desk form button[type=submit]")
    page.wait_for_selector("text=Ruling saved.")

    # Publishing asks first and shows what readers will see.
    page.click("button:has-text('Publish')")
    page.wait_for_selector("text=What readers will see")
    preview = page.inner_text(".confirm-preview")
    assert "The 80,000 are children who did not answer a phone call" in preview
    assert "The figure counts unanswered calls." in preview
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    page.click("button:has-text('Publish the ruling')")
    page.wait_for_selector("text=Published.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED

    history = page.inner_text(".ruling-history")
    assert "Submitted for review by jo" in history
    assert "Rating overridden from" in history
    assert "Published by ed" in history
    assert page.locator("nav .nav-count").inner_text() == "0"
    assert not errors, errors
    page.close()

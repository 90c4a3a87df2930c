"""A researcher filters a data series on a phone, with and without JavaScript."""

from __future__ import annotations

import pytest

from tests.datasets.test_series_pages import STATES, add_rows, make_series

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_the_state_filter_updates_chart_and_table_in_place_on_a_phone(browser, live_server):
    add_rows(make_series(by_state=True), 3, states=STATES)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    page.goto(f"{live_server.url}/datasets/usbp_fy/")
    assert "15 rows" in page.inner_text("#rows-title")

    page.evaluate("window.__samePage = true")
    page.select_option("#id_geo", "Texas")
    page.wait_for_selector("#rows-title:has-text('Texas')")

    assert page.evaluate("window.__samePage === true"), "the rows must change without a page load"
    assert "3 rows" in page.inner_text("#rows-title")
    assert "geo=Texas" in page.url
    assert "Texas: 3 periods" in page.inner_html("svg.series-chart desc")
    chart = page.locator("svg.series-chart").bounding_box()
    assert chart is not None
    assert chart["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not [v for v in violations if "Content Security Policy" in v], violations
    context.close()


def test_the_filters_work_without_javascript(browser, live_server):
    add_rows(make_series(by_state=True), 3, states=STATES)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/datasets/usbp_fy/")

    page.select_option("#id_geo", "Florida")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**geo=Florida**")

    assert "3 rows" in page.inner_text("#rows-title")
    assert "Florida" in page.inner_text("table.series-rows")
    context.close()

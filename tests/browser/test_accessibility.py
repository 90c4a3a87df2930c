"""Every page, for anonymous visitors and for each role, passes axe-core's WCAG 2.2 AA checks."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_path, violations
from tests.browser.site import log_in, make_site

pytestmark = pytest.mark.django_db(transaction=True)

EVERYONE = [
    "/",
    "/claims/",
    "/claims/?rating=false",
    "{published}",
    "/corrections/",
    "/sources/",
    "{document}",
    "{figure}",
    "/categories/",
    "/spread/",
    "{quoted_figure}spread/",
    "{published}family/",
    "/methodology/",
    "/about/",
    "/suggest/",
    "/no-such-page/",
]
PAGES = {
    "anonymous": [*EVERYONE, "/accounts/login/"],
    "journalist": [
        *EVERYONE,
        "/check/",
        "/check/?q={quote}&said_on=2024-06-02",
        "{draft}",
        "{draft}edit/",
        "{draft}family/",
        "/queue/",  # the styled 403
        "/accounts/password_change/",
    ],
    "editor": [
        *EVERYONE,
        "/check/?q={quote}&said_on=2024-06-02",
        "/queue/",
        "{in_review}",
        "{in_review}edit/",
        "{published}correct/",
        "/inbox/",
        "{editor_job}",
    ],
    "researcher": [*EVERYONE, "{draft}", "/check/", "{researcher_job}"],
}


@pytest.mark.parametrize("persona", PAGES)
def test_every_page_passes_axe(browser, live_server, reference_data, persona):
    axe_path()  # fail at once, with the command to run, when axe-core is not installed
    site = make_site()
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    if persona != "anonymous":
        log_in(page, live_server, persona)
    found = {}
    for pattern in PAGES[persona]:
        path = pattern.format(**site)
        page.goto(f"{live_server.url}{path}")
        if problems := violations(page):
            found[path] = problems
    if persona == "editor":
        page.goto(f"{live_server.url}{site['in_review']}")
        page.click("button:has-text('Publish')")
        page.wait_for_selector("text=What readers will see")
        if problems := violations(page):
            found["publish confirmation"] = problems
    context.close()
    assert not found, "\n".join(
        f"{path}:\n  " + "\n  ".join(problems) for path, problems in found.items()
    )

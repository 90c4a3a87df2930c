"""A scan in a real browser: a journalist pastes a transcript, sees the candidates highlighted
in place and follows one to its ruling, ticks two from the keyboard and sends them for review;
the editor finds them in the review queue. No console error (the CSP logs what it blocks)."""

from __future__ import annotations

import pytest

from tests.browser.site import log_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)

TRANSCRIPT = "\n".join(
    [
        "MODERATOR: Welcome to the debate. Senator, you have two minutes.",
        "SMITH: We will cut taxes by 20 percent in all 50 states. The Biden administration has "
        "lost 85,000 migrant children. Nobody knows where they are.",
        "Q. Where does that number come from?",
        "JONES: That is not what the report says. HHS could not reach 85,000 children by phone "
        "after their release.",
    ]
)


def test_paste_see_the_candidates_highlighted_save_two_and_find_them_in_the_queue(
    browser, live_server, reference_data
):
    make_user("jo", "journalist")
    make_user("ed", "editor")
    journalist = browser.new_context()
    page = journalist.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server, "jo")

    page.click("nav >> text=Scan")
    page.wait_for_url(f"{live_server.url}/scan/")
    page.click("label[for='id_text']")
    assert page.evaluate("document.activeElement.id") == "id_text"
    page.fill("#id_text", TRANSCRIPT)
    page.fill("#id_said_on", "2024-06-02")
    page.fill("#id_venue", "The first debate")
    page.click("main button:has-text('Scan')")
    page.wait_for_selector(".scan-text")

    marks = page.locator(".scan-text a.scan-mark")
    assert marks.count() == 2
    assert "lost 85,000 migrant children" in marks.nth(0).inner_text()
    # Numbers the registry cannot speak to are listed apart, not hidden.
    assert "all 50 states" in page.locator(".scan-elsewhere").inner_text()

    # A mark is a link: followed, it shows its candidate's row with the proposed ruling.
    marks.nth(0).focus()
    page.keyboard.press("Enter")
    target = page.evaluate("location.hash")
    assert target.startswith("#candidate-")
    row = page.locator(f"tr{target}")
    assert row.locator(".rating-badge").count() == 1
    assert "85,000 migrant children" in row.inner_text()

    # Tick both candidates from the keyboard and send them for review.
    for box in page.locator("input[name=sentence]").all():
        box.focus()
        page.keyboard.press("Space")
        assert box.is_checked()
    page.click("button:has-text('Save ticked and send for review')")
    page.wait_for_selector(".message")
    assert "Saved 2 candidates as draft claims and sent them for review" in page.inner_text(
        ".messages"
    )
    assert page.locator(".scan-candidates a:has-text('Saved')").count() == 2
    assert errors == []

    editor = browser.new_context()
    desk = editor.new_page()
    log_in(desk, live_server, "ed")
    desk.goto(f"{live_server.url}/queue/")
    queue = desk.inner_text("main")
    assert "The Biden administration has lost 85,000 migrant children." in queue
    assert "HHS could not reach 85,000 children by phone after their release." in queue
    journalist.close()
    editor.close()


def test_the_scan_pages_pass_axe(browser, live_server, reference_data):
    from scans.models import Scan
    from tests.browser.axe import axe_path, violations

    axe_path()  # fail at once, with the command to run, when axe-core is not installed
    journalist = make_user("jo", "journalist")
    done = Scan.objects.create(author=journalist, text=TRANSCRIPT, venue="The first debate")
    done.run()
    running = Scan.objects.create(
        author=journalist, text=TRANSCRIPT, status=Scan.Status.RUNNING, done=10, total=100
    )
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    log_in(page, live_server, "jo")
    found = {}
    for path in ("/scan/", done.get_absolute_url(), running.get_absolute_url()):
        page.goto(f"{live_server.url}{path}")
        if problems := violations(page):
            found[path] = problems
    page.goto(f"{live_server.url}/scan/")
    page.click("main button:has-text('Scan')")  # nothing pasted: the form with its message
    if problems := violations(page):
        found["the form with a message"] = problems
    context.close()
    assert not found, "\n".join(
        f"{path}:\n  " + "\n  ".join(problems) for path, problems in found.items()
    )

"""The methodology and about pages, and the links that lead to them."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from claims.engine import ENGINE_VERSION, FINDING_CODES, RATING_SCALE, RATING_SCALE_VERSION
from claims.engine.policy import POLICY, THRESHOLDS
from claims.models import Rating
from publishing.methodology import FINDING_MEANINGS, finding_examples, tolerance_rows

pytestmark = pytest.mark.django_db


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_finding_code_has_a_meaning_and_no_meaning_lacks_a_code():
    assert set(FINDING_MEANINGS) == set(FINDING_CODES)


def test_the_methodology_shows_the_engine_and_scale_versions_and_the_whole_scale(client):
    page = html(client, "/methodology/")
    assert f"engine {ENGINE_VERSION}" in page
    assert f"rating scale version {RATING_SCALE_VERSION}" in page
    for rating in RATING_SCALE:
        assert f"<code>{rating}</code>" in page
        assert Rating(rating).label in page
    assert "3 to 4" in page  # the thresholds, read from the policy
    assert f"{THRESHOLDS[-1][0]} or more" in page


def test_the_methodology_lists_every_finding_code_with_every_policy_row(client):
    page = html(client, "/methodology/")
    for code in FINDING_CODES:
        assert f'id="finding-{code}"' in page
        assert escape(FINDING_MEANINGS[code]) in page
    for row in POLICY:
        assert escape(row.why[:1].upper() + row.why[1:]) in page
        if row.degree:
            assert f"<code>{row.degree}</code>" in page


def test_the_tolerance_table_is_what_the_engine_reads():
    rows = {row["phrase"]: row for row in tolerance_rows()}
    assert rows["325,000"]["interval"] == "324,500 to 325,500"
    assert rows["80,000"]["interval"] == "76,000 to 84,000"
    assert rows["about 300,000"]["qualifier"] == "about"
    assert rows["more than 300,000"]["interval"] == "300,000 to 330,000"
    assert rows["tens of thousands"]["qualifier"] == "vague"


def test_the_methodology_shows_the_tolerance_table(client):
    page = html(client, "/methodology/")
    assert "324,500 to 325,500" in page
    assert "“tens of thousands”" in page


def test_with_the_reference_data_every_finding_code_has_a_live_example(reference_data, client):
    examples = finding_examples()
    assert set(examples) == set(FINDING_CODES)
    page = html(client, "/methodology/")
    for example in examples.values():
        assert escape(example["explanation"]) in page


def test_without_figures_the_methodology_still_renders(client):
    page = html(client, "/methodology/")
    assert "no_matching_figure" in page


def test_the_about_page_shows_the_outlet_settings_escaped(client, settings):
    settings.OUTLET_DESCRIPTION = "We check numbers. <script>alert(1)</script>"
    settings.OUTLET_TEAM = ["Ana Ruiz (editor)", "Tom <b>Lee</b>"]
    settings.OUTLET_FUNDING = "Reader donations and a foundation grant."
    settings.CONTACT_EMAIL = "desk@example.org"
    page = html(client, "/about/")
    assert "We check numbers. &lt;script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "Ana Ruiz (editor)" in page
    assert "Tom &lt;b&gt;Lee&lt;/b&gt;" in page
    assert "Reader donations and a foundation grant." in page
    assert 'href="mailto:desk@example.org"' in page


def test_the_about_page_has_the_corrections_policy_and_links_the_log(client):
    page = html(client, "/about/")
    assert 'id="corrections-policy"' in page
    assert 'href="/corrections/"' in page
    assert 'href="/methodology/"' in page
    assert "not been listed yet" in page  # no team configured: said, not hidden


@pytest.mark.parametrize("url", ["/", "/claims/", "/methodology/", "/about/", "/suggest/"])
def test_every_page_links_the_transparency_pages_the_feed_and_the_api(client, url):
    page = html(client, url)
    for link in ["/methodology/", "/about/", "/suggest/", "/corrections/", "/feeds/rulings/"]:
        assert f'href="{link}"' in page
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="/api/openapi.json"' in page


def test_only_editors_see_the_inbox_link(client, journalist, editor):
    assert 'href="/inbox/"' not in html(client, "/")
    client.force_login(journalist)
    assert 'href="/inbox/"' not in html(client, "/")
    client.force_login(editor)
    assert 'href="/inbox/"' in html(client, "/")


def test_the_corrections_log_links_the_corrections_policy(client):
    page = html(client, "/corrections/")
    assert 'href="/about/#corrections-policy"' in page
    assert 'href="/feeds/rulings/"' in page


def test_the_examples_quote_the_registrys_own_figures(monkeypatch, tmp_path):
    from datetime import date
    from decimal import Decimal

    from tests.factories import make_document, make_figure

    # No development claims: only the registry speaks.
    monkeypatch.setattr("publishing.examples.DEV_CLAIMS", tmp_path / "missing.yaml")
    figure = make_figure(
        value=Decimal(48213), qualifier="", document=make_document(date=date(2022, 3, 1))
    )
    examples = finding_examples()
    assert "48,213" in examples["figure_match"]["quote"]
    assert examples["figure_after_claim"]["said_on"] < figure.document.date
    assert "no_matching_figure" in examples

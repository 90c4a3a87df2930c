from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Ruling, TracedFigure
from datasets.charts import series_chart_svg
from datasets.models import Series, SeriesRow, Unit
from datasets.series_links import series_url
from tests.factories import make_category, make_document, make_figure
from tests.personas import as_persona

pytestmark = pytest.mark.django_db

STATES = ["Texas", "Florida", "New York", "California", "Georgia"]


def make_series(*, slug: str = "usbp_fy", by_state: bool = False, **fields) -> Series:
    unit, _ = Unit.objects.get_or_create(
        slug="children", defaults={"label": "children", "words": ["children"]}
    )
    values = {
        "slug": slug,
        "title": "Border Patrol encounters of children, by fiscal year",
        "publisher": "U.S. Customs and Border Protection",
        "unit": unit,
        "unit_text": "encounters",
        "category": make_category(
            means="Apprehensions at the border.", does_not_mean="Referrals to ORR."
        ),
        "period_kind": "state_fiscal_year" if by_state else "fiscal_year",
        "means": "Apprehensions between ports of entry.",
        "does_not_mean": "Unique children.",
        "source": "CBP table",
        "source_url": "https://example.org/cbp",
        "confidence": "primary",
    }
    values.update(fields)
    return Series.objects.create(**values)


def fiscal_year(year: int) -> tuple[date, date]:
    return date(year - 1, 10, 1), date(year, 9, 30)


def add_rows(series: Series, count: int, *, states: list[str] | None = None) -> None:
    rows = []
    for n in range(count):
        start, end = fiscal_year(2000 + n)
        for geo in states or [""]:
            rows.append(
                SeriesRow(
                    series=series,
                    period_start=start,
                    period_end=end,
                    period_text=f"FY{2000 + n}",
                    value=Decimal(1000 + 10 * n + len(geo)),
                    geo=geo,
                )
            )
    SeriesRow.objects.bulk_create(rows)


@pytest.mark.parametrize("persona", ["anonymous", "journalist", "editor", "researcher"])
def test_researchers_journalists_editors_and_anonymous_visitors_may_read_series(
    client, people, persona
):
    series = make_series()
    add_rows(series, 3)
    as_persona(client, people, persona)

    for url in ["/datasets/", "/datasets/usbp_fy/", "/datasets/usbp_fy.csv"]:
        assert client.get(url).status_code == 200, url
    assert client.post("/datasets/usbp_fy/").status_code == 405
    assert client.get("/datasets/nope/").status_code == 404


def test_the_list_shows_publisher_unit_period_covered_and_row_count(client):
    series = make_series()
    add_rows(series, 4)

    page = client.get("/datasets/").content.decode()

    assert "U.S. Customs and Border Protection" in page
    assert "encounters" in page
    assert "1 Oct 1999 to 30 Sep 2003" in page
    assert ">4</td>" in page
    assert 'href="/datasets/"' in client.get("/sources/").content.decode()  # in the navigation


@pytest.mark.parametrize(
    "url",
    [
        "/datasets/",
        "/datasets/usbp_fy/",
        "/datasets/usbp_fy/?geo=Texas&mark=2001-10-01/2002-09-30/Texas",
        "/datasets/usbp_fy.csv",
    ],
)
def test_pages_run_a_fixed_number_of_queries_whatever_the_number_of_rows(client, url):
    def count_queries(size: int) -> int:
        Series.objects.all().delete()
        series = make_series(by_state=True)
        add_rows(series, size, states=STATES)
        figure = make_figure(value=Decimal(1000))
        for row in series.rows.all()[:size]:
            row.figures.add(figure)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count_queries(2) == count_queries(30)


def test_the_page_says_what_the_series_counts_and_cites_it(client, settings):
    settings.SITE_URL = "https://desk.example.org"
    series = make_series()
    add_rows(series, 3)

    page = client.get("/datasets/usbp_fy/").content.decode()

    assert "Apprehensions between ports of entry." in page
    assert "Unique children." in page
    assert "Apprehensions at the border." in page  # the category's own means
    assert "Referrals to ORR." in page
    assert "https://desk.example.org/datasets/usbp_fy/" in page


def test_the_chart_has_a_text_alternative_and_no_inline_style(client):
    series = make_series()
    add_rows(series, 5)

    page = client.get("/datasets/usbp_fy/?mark=2001-10-01/2002-09-30").content.decode()

    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "by period" in svg
    assert "Highlighted: FY2002, 1,020." in svg
    assert "style=" not in svg
    assert "<style" not in svg
    assert "<script" not in svg


def test_a_filter_narrows_the_chart_table_and_csv_together(client):
    series = make_series(by_state=True)
    add_rows(series, 6, states=STATES)
    query = "start=2001-10-01&end=2004-09-30&geo=Texas"

    page = client.get(f"/datasets/usbp_fy/?{query}").content.decode()
    download = client.get(f"/datasets/usbp_fy.csv?{query}")

    assert "3 rows" in page
    assert f'href="/datasets/usbp_fy.csv?{query}"' in page.replace("&amp;", "&")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert [(r["period"], r["geo"], r["value"]) for r in rows] == [
        ("FY2002", "Texas", "1025"),
        ("FY2003", "Texas", "1035"),
        ("FY2004", "Texas", "1045"),
    ]
    assert page.count('<tr class="marked">') == 0
    assert "Texas" in page[page.index("<svg") : page.index("</svg>")]


def test_htmx_gets_only_the_chart_and_table(client):
    series = make_series()
    add_rows(series, 3)

    response = client.get("/datasets/usbp_fy/?start=2000-10-01", headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="series-view"')
    assert "<svg" in body
    assert "<table" in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_bad_filters_are_reported_and_change_nothing(client):
    series = make_series()
    add_rows(series, 4)

    page = client.get(
        "/datasets/usbp_fy/?start=2003-01-01&end=2001-01-01&mark=yesterday"
    ).content.decode()

    assert "The end comes before the start." in page
    assert "“yesterday” does not name a row" in page
    assert "4 rows" in page


def test_marked_rows_are_highlighted_in_the_table(client):
    series = make_series(by_state=True)
    add_rows(series, 3, states=STATES)
    start, end = fiscal_year(2001)

    url = series_url("usbp_fy", [(start, end, "New York")])
    page = client.get(url).content.decode()

    assert url == "/datasets/usbp_fy/?mark=2000-10-01%2F2001-09-30%2FNew+York"
    assert page.count('<tr class="marked">') == 1
    assert "1 highlighted" in page


def test_user_text_in_the_series_is_escaped_in_page_and_chart(client):
    hostile = "<script>alert(1)</script>"
    series = make_series(title=f"Series {hostile}", unit_text=f"kids {hostile}")
    SeriesRow.objects.create(
        series=series,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 1, 31),
        period_text=f"Jan {hostile}",
        value=Decimal(5),
        notes=hostile,
    )

    page = client.get("/datasets/usbp_fy/").content.decode()

    assert hostile not in page
    assert "&lt;script&gt;" in page


def test_the_same_chart_function_draws_for_the_briefs_and_is_cached():
    series = make_series(by_state=True)
    add_rows(series, 2, states=STATES)
    rows = list(series.rows.all())

    first = series_chart_svg(
        series, rows, marked=[(rows[0].period_start, rows[0].period_end, "Texas")]
    )
    again = series_chart_svg(
        series, rows, marked=[(rows[0].period_start, rows[0].period_end, "Texas")]
    )

    assert first == again
    assert "ranked by state" in first
    assert "Highlighted: Texas, 1,005." in first
    assert series_chart_svg(series, []) == ""


def test_figures_that_restate_rows_and_rulings_tracing_to_them_are_listed(client, editor):
    series = make_series()
    add_rows(series, 3)
    row = series.rows.get(period_text="FY2001")
    agreeing = make_figure(value=row.value, slug="report_fy2001")
    differing = make_figure(value=row.value + 7, slug="other_fy2001")
    row.figures.add(agreeing, differing)
    claim = Claim.objects.create(
        text="They caught 1,010 children in 2001.", author=editor, status="published"
    )
    ruling = Ruling.objects.create(claim=claim, proposed_rating="true", engine_version="t")
    TracedFigure.objects.create(ruling=ruling, figure=agreeing, position=0)
    draft = Claim.objects.create(text="A draft about 1,010.", author=editor, status="draft")
    draft_ruling = Ruling.objects.create(claim=draft, proposed_rating="true", engine_version="t")
    TracedFigure.objects.create(ruling=draft_ruling, figure=agreeing, position=0)

    page = client.get("/datasets/usbp_fy/").content.decode()

    assert 'href="/figures/report_fy2001/"' in page
    assert "the figure is 7 higher" in page
    assert "They caught 1,010 children in 2001." in page
    assert "A draft about 1,010." not in page  # anonymous visitors see published rulings only
    assert series_url("usbp_fy", [(row.period_start, row.period_end, "")]).replace(
        "+", " "
    ) in page.replace("&amp;", "&").replace("+", " ")


def test_a_state_table_is_charted_as_states_ranked(client):
    series = make_series(by_state=True)
    add_rows(series, 1, states=STATES)

    page = client.get("/datasets/usbp_fy/").content.decode()

    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "5 states ranked, FY2000. Highest: California, 1,010." in svg


def test_month_rows_beyond_bar_count_are_drawn_as_a_line():
    series = make_series(period_kind="month")
    day = date(2010, 1, 1)
    rows = []
    for n in range(60):
        start = (day + timedelta(days=31 * n)).replace(day=1)
        rows.append(
            SeriesRow(
                series=series,
                period_start=start,
                period_end=start + timedelta(days=27),
                period_text=start.strftime("%Y-%m"),
                value=Decimal(n),
            )
        )

    svg = series_chart_svg(series, rows)

    assert "60 periods from 2010-01" in svg
    assert "<path" in svg


def test_the_document_of_a_series_is_linked(client):
    document = make_document(slug="doc-cbp")
    make_series(document=document)

    assert 'href="/sources/doc-cbp/"' in client.get("/datasets/usbp_fy/").content.decode()


def test_the_figure_page_shows_the_rows_it_restates_and_other_series_side_by_side(client):
    category = make_category(slug="referred")
    restated = make_series(slug="referrals_fy", category=category, title="Referrals by FY")
    other = make_series(
        slug="referrals_other", category=category, title="Referrals, another count"
    )
    start, end = fiscal_year(2023)
    figure = make_figure(
        slug="orr_fy2023",
        category=category,
        value=Decimal(118938),
        period_start=start,
        period_end=end,
    )
    for series, value in ((restated, 118798), (other, 118938)):
        SeriesRow.objects.create(
            series=series,
            period_start=start,
            period_end=end,
            period_text="FY2023",
            value=Decimal(value),
        )
    restated.rows.get().figures.add(figure)

    page = client.get("/figures/orr_fy2023/").content.decode()

    section = page[page.index('id="series-title"') :]
    assert section.index("Referrals by FY") < section.index("Referrals, another count")
    assert "the row it restates" in section
    assert "differs: the figure is 140 higher" in section
    assert "the same value" in section
    assert 'href="/datasets/referrals_fy/?mark=2022-10-01%2F2023-09-30"' in section


def test_the_figure_page_runs_the_same_queries_whatever_the_rows_restated(client):
    figure = make_figure(slug="restated")

    def count(size: int) -> int:
        Series.objects.all().delete()
        series = make_series(category=figure.category)
        add_rows(series, size, states=STATES)
        for row in series.rows.all():
            row.figures.add(figure)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/figures/restated/").status_code == 200
        return len(queries)

    assert count(1) == count(12)


def test_matplotlib_loads_only_where_a_chart_is_drawn():
    code = (
        "import django, sys; django.setup(); import datasets.views, datasets.api, claims.views; "
        "print('matplotlib' in sys.modules)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    result = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    assert result.stdout.strip() == "False"


def test_the_chart_renders_as_text_in_a_pdf_brief():
    from io import BytesIO

    from pypdf import PdfReader
    from weasyprint import HTML

    series = make_series()
    add_rows(series, 4)
    svg = series_chart_svg(series, list(series.rows.all()))

    pdf = HTML(string=f"<html><body>{svg}</body></html>").write_pdf()

    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "FY2001" in text
    assert "800" in text  # an axis tick, drawn by matplotlib


def test_dollar_signs_in_the_data_are_drawn_as_written():
    series = make_series(unit_text="$ spent, in $ millions")
    rows = [
        SeriesRow(
            series=series,
            period_start=date(2020, 1, 1),
            period_end=date(2020, 12, 31),
            period_text="$1 to $2 band",
            value=Decimal(3),
        )
    ]

    svg = series_chart_svg(series, rows)

    assert "$ spent, in $ millions" in svg
    assert "$1 to $2 band" in svg

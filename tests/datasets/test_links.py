"""Every link that is stored is a web address (http or https), whether it comes from the
importer, the admin site or a form; and a page links only to web addresses, whatever was
stored."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from claims.models import Claim
from datasets.importer import ImportValidationError, import_path
from datasets.models import Document, Figure
from publishing.claimreview import claim_review
from tests.factories import make_category, make_claim, make_document, make_figure

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<b>x</b>",
    "ftp://x.org/a",
]


def registry_file(tmp_path: Path, *, url: str, other_urls: str, quote_source_url: str) -> Path:
    path = tmp_path / "links.yaml"
    path.write_text(
        textwrap.dedent(
            f"""
            categories:
            - id: cat
              means: Something counted.
              does_not_mean: Something else.
            documents:
            - id: doc
              title: An audit
              agency: An inspector general
              url: "{url}"
              other_urls: {other_urls}
            figures:
            - id: fig
              value: 5
              unit: children
              category: cat
              document: doc
              quote_source_url: "{quote_source_url}"
            """
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_importer_refuses_a_link_that_is_not_a_web_address(tmp_path, hostile):
    path = registry_file(
        tmp_path,
        url=hostile,
        other_urls=f'["https://example.org/copy", "{hostile}"]',
        quote_source_url=hostile,
    )
    with pytest.raises(ImportValidationError) as caught:
        import_path(path)
    problems = {(e.section, e.row, e.column) for e in caught.value.errors}
    assert problems == {
        ("documents", 1, "url"),
        ("documents", 1, "other_urls"),
        ("figures", 1, "quote_source_url"),
    }
    assert not Document.objects.exists()


def test_the_importer_keeps_web_addresses(tmp_path):
    path = registry_file(
        tmp_path,
        url="https://example.org/a.pdf",
        other_urls='["https://example.org/copy", "http://archive.example/a"]',
        quote_source_url="https://example.org/quote",
    )
    import_path(path)
    document = Document.objects.get()
    assert document.other_urls == ["https://example.org/copy", "http://archive.example/a"]


def test_the_importer_bounds_the_number_of_copies(tmp_path):
    copies = ", ".join(f'"https://example.org/{n}"' for n in range(21))
    path = registry_file(
        tmp_path, url="", other_urls=f"[{copies}]", quote_source_url="https://example.org/q"
    )
    with pytest.raises(ImportValidationError) as caught:
        import_path(path)
    assert [(e.section, e.column) for e in caught.value.errors] == [("documents", "other_urls")]


def admin_document_form(document: Document, **changes) -> dict[str, str]:
    data = {
        "slug": document.slug,
        "title": document.title,
        "agency": document.agency,
        "kind": document.kind,
        "report_number": document.report_number,
        "date": document.date.isoformat(),
        "date_text": "",
        "url": document.url,
        "other_urls": "[]",
        "tier": str(document.tier),
        "notes": "",
        "archived_sha256": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_admin_refuses_a_copy_that_is_not_a_web_address(client, admin_user, hostile):
    document = make_document()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/datasets/document/{document.pk}/change/",
        admin_document_form(document, other_urls=f'["https://example.org/b", "{hostile}"]'),
    )
    assert response.status_code == 200
    assert "other_urls" in response.context["adminform"].form.errors
    document.refresh_from_db()
    assert document.other_urls == []


def test_the_admin_refuses_copies_that_are_not_a_list_of_addresses(client, admin_user):
    document = make_document()
    client.force_login(admin_user)
    for value in ['{"a": "https://example.org"}', '"https://example.org"', "[1, 2]"]:
        response = client.post(
            f"/admin/datasets/document/{document.pk}/change/",
            admin_document_form(document, other_urls=value),
        )
        assert "other_urls" in response.context["adminform"].form.errors, value


def test_the_admin_saves_copies_that_are_web_addresses(client, admin_user):
    document = make_document()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/datasets/document/{document.pk}/change/",
        admin_document_form(document, other_urls='["https://example.org/b"]'),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.other_urls == ["https://example.org/b"]


@pytest.mark.parametrize(
    ("instance", "field"),
    [
        (lambda: make_document(), "url"),
        (lambda: make_figure(), "quote_source_url"),
    ],
)
@pytest.mark.parametrize("hostile", ["ftp://x.org/a", "javascript:alert(1)"])
def test_every_stored_link_is_checked_when_a_model_is_validated(instance, field, hostile):
    from django.core.exceptions import ValidationError

    obj = instance()
    setattr(obj, field, hostile)
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    assert field in caught.value.message_dict


def test_a_claims_venue_and_a_suggestions_source_are_web_addresses(journalist):
    from django.core.exceptions import ValidationError

    from publishing.models import Suggestion

    claim = make_claim(author=journalist, venue_url="ftp://x.org/a")
    with pytest.raises(ValidationError, match="http"):
        claim.full_clean()
    suggestion = Suggestion(text="They lost 5 children.", source_url="ftp://x.org/a")
    with pytest.raises(ValidationError, match="http"):
        suggestion.full_clean()


# --- at render: whatever was stored, a page links only to web addresses


def test_a_stored_hostile_link_never_reaches_a_page(client, editor, journalist):
    document = make_document(url="javascript:alert(1)")
    Document.objects.filter(pk=document.pk).update(
        other_urls=["https://example.org/copy", "javascript:alert(2)", {"not": "text"}]
    )
    figure = make_figure(
        document=document, quote="They lost 5.", quote_source_url="javascript:alert(3)"
    )
    make_category()
    claim = make_claim(
        author=journalist, status=Claim.Status.PUBLISHED, venue="TV", venue_url="javascript:x()"
    )
    pages = [
        client.get(document.get_absolute_url()).content.decode(),
        client.get(figure.get_absolute_url()).content.decode(),
        client.get(claim.get_absolute_url()).content.decode(),
    ]
    assert all("javascript:" not in page for page in pages)
    assert 'href="https://example.org/copy"' in pages[0]
    assert "appearance" not in claim_review(claim)["itemReviewed"]
    assert Figure.objects.get().quote_source_url == "javascript:alert(3)"  # stored as it was

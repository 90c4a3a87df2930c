"""Small factory functions for test data: each makes one valid object, overridable by keyword."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from django.utils import timezone

from datasets.models import Category, Document, Figure, FigureRelation, LayTerm

_counter = itertools.count(1)


def make_document(**fields) -> Document:
    n = next(_counter)
    values = {
        "slug": f"doc-{n}",
        "title": f"Audit report {n}",
        "agency": "DHS Office of Inspector General",
        "kind": Document.Kind.OVERSIGHT_AUDIT,
        "report_number": f"OIG-24-{n:02d}",
        "date": date(2024, 8, 19),
        "url": "https://example.org/report.pdf",
        "method_published": True,
        "tier": Document.Tier.INDEPENDENT_OVERSIGHT,
    }
    values.update(fields)
    return Document.objects.create(**values)


def make_category(*, lay_terms: tuple[str, ...] = (), **fields) -> Category:
    n = next(_counter)
    values = {
        "slug": f"category-{n}",
        "label": f"Category {n}",
        "means": "Children on whom no Notice to Appear was served.",
        "does_not_mean": "Children whose location is unknown.",
    }
    values.update(fields)
    category = Category.objects.create(**values)
    LayTerm.objects.bulk_create(LayTerm(category=category, term=t) for t in lay_terms)
    return category


def make_figure(**fields) -> Figure:
    n = next(_counter)
    if "document" not in fields:
        fields["document"] = make_document()
    if "category" not in fields:
        fields["category"] = make_category()
    values = {
        "slug": f"figure-{n}",
        "value": Decimal(291000),
        "qualifier": "more than",
        "unit": "children",
        "population": "Released children with no Notice to Appear",
        "period_text": "FY2019-FY2023",
        "period_start": date(2018, 10, 1),
        "period_end": date(2023, 9, 30),
        "as_of_text": "May 2024",
        "as_of": date(2024, 5, 1),
        "quote": "ICE had not served NTAs on more than 291,000 UCs.",
        "confidence": Figure.Confidence.PRIMARY,
    }
    values.update(fields)
    return Figure.objects.create(**values)


def relate(source: Figure, kind: str, target: Figure) -> FigureRelation:
    return FigureRelation.objects.create(source=source, kind=kind, target=target)


def make_user(username: str, *roles: str):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username=username, password="pw-for-tests")
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def make_claim(
    *,
    author,
    status: str = "draft",
    figures=(),
    headline: str = "The count behind the number is a different count",
    in_short: str = "The number adds two counts that measure something else. Neither says what "
    "the claim says.",
    in_short_is_draft: bool = False,
    **fields,
):
    """A claim with a ruling, without running the engine (for workflow and permission tests).
    The ruling has a headline and a person's in-short, so that it may be published."""
    from claims.models import Claim, Ruling, TracedFigure

    n = next(_counter)
    values = {
        "text": f"They lost {n},000 migrant children.",
        "claimant": "A politician",
        "said_on": date(2024, 9, 23),
    }
    values.update(fields)
    claim = Claim.objects.create(author=author, status=status, **values)
    ruling = Ruling.objects.create(
        claim=claim,
        proposed_rating="false",
        findings=[
            {
                "code": "category_mismatch",
                "text": "The figure counts children with no court date, not missing children.",
                "figures": [f.slug for f in figures],
                "documents": [],
            }
        ],
        numbers=[{"text": f"{n},000", "value": f"{n}000", "percent": False}],
        engine_version="test",
        headline=headline,
        in_short=in_short,
        in_short_is_draft=in_short_is_draft,
        # A published claim was published at some time, as Ruling.publish() records it.
        published_at=timezone.now() if status == "published" else None,
    )
    for position, figure in enumerate(figures):
        TracedFigure.objects.create(ruling=ruling, figure=figure, position=position)
    return claim

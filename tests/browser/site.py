"""A small newsroom for the browser tests: the demo rulings, a draft, a claim in review, a
correction, a readers' suggestion and a brief job, with one account per role."""

from __future__ import annotations

from urllib.parse import quote_plus

from briefs.models import BriefJob
from claims.demo import DEV_CLAIMS, load_demo_claims
from claims.models import Claim
from datasets.models import Document, Figure
from publishing.models import Suggestion
from tests.factories import make_user

QUOTE = "The Biden administration has lost 80,000 migrant children."


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def make_site() -> dict[str, str]:
    """Accounts named after their roles, and the addresses of the pages worth visiting."""
    journalist = make_user("journalist", "journalist")
    editor = make_user("editor", "editor")
    researcher = make_user("researcher", "researcher")
    load_demo_claims(DEV_CLAIMS, editor=editor)
    published = Claim.objects.published().order_by("pk").first()
    assert published is not None
    published.ruling.correct(
        by=editor,
        expected_version=published.ruling.version,
        note="The date of the audit was wrong.",
        summary=published.ruling.summary,
        rating=published.ruling.rating,
        override_reason=published.ruling.override_reason,
    )
    draft = Claim.create_checked(author=journalist, text=QUOTE, claimant="A host")
    in_review = Claim.create_checked(
        author=journalist, text="HHS lost 85,000 kids.", claimant="A senator"
    )
    in_review.ruling.edit(
        by=journalist,
        expected_version=1,
        summary="The 85,000 are children who did not answer a phone call.",
        headline="The 85,000 did not answer a phone call",
        in_short="The figure counts calls that went unanswered. It does not count lost children.",
    )
    in_review.ruling.submit(by=journalist, expected_version=2)
    Suggestion.objects.create(text="They lost 300,000 children.", source_url="")
    job = BriefJob.objects.create(
        requested_by=editor, title="All claims", claim_ids=[published.pk], total=2
    )
    researcher_job = BriefJob.objects.create(
        requested_by=researcher, title="All claims", claim_ids=[published.pk], total=2
    )
    figure = Figure.objects.order_by("slug").first()
    quoted = (
        Figure.objects.filter(traces__ruling__claim__status=Claim.Status.PUBLISHED)
        .order_by("slug")
        .first()
    )
    assert quoted is not None
    document = Document.objects.order_by("slug").first()
    assert figure is not None
    assert document is not None
    return {
        "quote": quote_plus(QUOTE),
        "published": published.get_absolute_url(),
        "draft": draft.get_absolute_url(),
        "in_review": in_review.get_absolute_url(),
        "figure": figure.get_absolute_url(),
        "quoted_figure": quoted.get_absolute_url(),
        "document": document.get_absolute_url(),
        "editor_job": job.get_absolute_url(),
        "researcher_job": researcher_job.get_absolute_url(),
    }

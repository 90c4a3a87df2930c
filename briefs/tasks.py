"""Background work: typesetting a published ruling's brief, and multi-claim PDF briefs."""

from __future__ import annotations

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def make_brief(job_id: str) -> str:
    """Make the PDF brief of several claims that a BriefJob asks for, recording on the job how
    far it has got as each claim's section is set. Returns the stored brief's content hash."""
    from briefs import pdf
    from briefs.models import BriefJob

    job = BriefJob.objects.get(pk=job_id)
    job.report_progress(0, len(job.claim_ids) + 1)
    try:
        brief = pdf.collection_brief(
            job.claim_ids, title=job.title, scope=job.scope, progress=job.report_progress
        )
    except Exception as exc:
        job.fail(f"Typesetting stopped with an error ({type(exc).__name__}).")
        logger.exception("The PDF brief %s could not be made", job.pk)
        raise
    job.finish(sha256=brief.sha256)
    logger.info("Made the PDF brief %s of %d claims", job.pk, len(job.claim_ids))
    return brief.sha256


@task()
def typeset_claim_brief(claim_id: int) -> str:
    """Typeset and store the brief of a published claim, so that readers are served it from
    storage rather than waiting for it. Sent when a ruling is published or corrected; a claim
    that is no longer public is skipped. Returns the stored brief's content hash ("" if none)."""
    from briefs import pdf
    from claims.models import Claim

    claim = (
        Claim.objects.published()
        .select_related("ruling", "author", "ruling__editor")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        return ""
    brief = pdf.store_once(pdf.claim_html(claim))
    if brief is None:  # a reader's request is typesetting the same content right now
        return ""
    logger.info("Stored the brief of claim %s (%s)", claim.pk, "cached" if brief.cached else "new")
    return brief.sha256

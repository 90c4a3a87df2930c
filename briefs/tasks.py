"""Background work: typesetting multi-claim PDF briefs."""

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
    except Exception:
        job.fail()
        logger.exception("The PDF brief %s could not be made", job.pk)
        raise
    job.finish(sha256=brief.sha256)
    logger.info("Made the PDF brief %s of %d claims", job.pk, len(job.claim_ids))
    return brief.sha256

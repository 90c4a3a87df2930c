"""Background work: reading a long scan."""

from __future__ import annotations

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def run_scan(scan_id: str) -> int:
    """Read a scan too long to read within its request, recording on it how far the reading
    has got. Returns the number of candidates found."""
    from scans.models import Scan

    scan = Scan.objects.get(pk=scan_id)
    try:
        scan.run()
    except Exception as exc:
        scan.fail(f"The reading stopped with an error ({type(exc).__name__}).")
        logger.exception("The scan %s could not be read", scan.pk)
        raise
    count = scan.sentences.filter(is_candidate=True).count()
    logger.info("Read the scan %s: %d candidates", scan.pk, count)
    return count

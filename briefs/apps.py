from __future__ import annotations

from django.apps import AppConfig


class BriefsConfig(AppConfig):
    """PDF briefs of rulings: typesetting, the cache of stored PDFs, and background jobs."""

    name = "briefs"

    def ready(self) -> None:
        from django.tasks.signals import task_finished

        from claims.signals import ruling_published

        ruling_published.connect(_typeset_in_background, dispatch_uid="briefs_typeset")
        task_finished.connect(_brief_task_finished, dispatch_uid="briefs_task_finished")


def _typeset_in_background(sender, ruling, **kwargs) -> None:
    """A published or corrected ruling's brief is typeset by the worker, not by its readers."""
    from briefs.tasks import typeset_claim_brief

    typeset_claim_brief.enqueue(ruling.claim_id)


def _brief_task_finished(sender, task_result, **kwargs) -> None:
    """A brief's task that failed without failing its job (its worker stopped too many times)
    fails the job, with the reason, so that its page stops waiting."""
    from django.tasks import TaskResultStatus

    from briefs.models import BriefJob

    if task_result.status != TaskResultStatus.FAILED or not task_result.args:
        return
    if task_result.task.module_path != "briefs.tasks.make_brief":
        return
    reason = "The background worker stopped while making it, too many times."
    if task_result.errors and "WorkerLost" not in task_result.errors[-1].exception_class_path:
        reason = "Typesetting stopped with an error."
    job = BriefJob.objects.filter(pk=task_result.args[0]).first()
    if job is not None and not job.is_finished:
        job.fail(reason)

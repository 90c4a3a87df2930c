"""Old briefs are pruned, and a brief whose worker is gone stops polling and says so."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from briefs.models import BriefJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_prune_deletes_old_jobs_and_pdfs_and_keeps_recent_ones(editor, capsys):
    old = BriefJob.objects.create(requested_by=editor, title="Old")
    BriefJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    recent = BriefJob.objects.create(requested_by=editor, title="Recent")
    default_storage.save("briefs/old.pdf", ContentFile(b"%PDF old"))
    default_storage.save("briefs/new.pdf", ContentFile(b"%PDF new"))
    forty_days_ago = time.time() - 40 * 86400
    os.utime(default_storage.path("briefs/old.pdf"), (forty_days_ago, forty_days_ago))

    call_command("prune_briefs", days=30)

    assert "Deleted 1 brief job(s) and 1 stored PDF(s)." in capsys.readouterr().out
    assert list(BriefJob.objects.all()) == [recent]
    assert not default_storage.exists("briefs/old.pdf")
    assert default_storage.exists("briefs/new.pdf")


def test_prune_with_nothing_stored_deletes_nothing(capsys):
    call_command("prune_briefs")
    assert "Deleted 0 brief job(s) and 0 stored PDF(s)." in capsys.readouterr().out


def test_a_job_no_worker_has_started_says_so_and_keeps_polling(client, editor):
    """Still queued long after it was asked for: the page says no worker has started it, with
    the command to start one, and keeps polling, since a worker may start any time."""
    job = BriefJob.objects.create(requested_by=editor, title="Stuck", total=3)
    BriefJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    client.force_login(editor)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "No background worker has started this brief yet." in page
    assert "manage.py db_worker" in page
    assert 'hx-trigger="every 1s"' in page


def test_a_job_in_progress_keeps_polling(client, editor):
    job = BriefJob.objects.create(requested_by=editor, title="Fresh", total=3)
    client.force_login(editor)
    assert 'hx-trigger="every 1s"' in client.get(job.get_absolute_url()).content.decode()

"""An existing database upgrades with `migrate` alone: rows made before the apps were split
are still there, under their new apps, after migrating forward."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_SPLIT = [("claims", "0003_briefjob")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_briefs_and_suggestions_made_before_the_split_survive_migrate():
    executor = _migrate(BEFORE_THE_SPLIT)
    old = executor.loader.project_state(
        [*BEFORE_THE_SPLIT, ("contenttypes", "0002_remove_content_type_name")]
    ).apps
    user = old.get_model("auth", "User").objects.create(username="editor")
    old.get_model("claims", "Suggestion").objects.create(text="They lost 85,000 children.")
    job = old.get_model("claims", "BriefJob").objects.create(
        requested_by=user, title="All claims", claim_ids=[1, 2], status="ready", sha256="ab" * 32
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    content_types.get_or_create(app_label="claims", model="briefjob")

    _migrate(None)

    from django.contrib.contenttypes.models import ContentType

    from briefs.models import BriefJob
    from publishing.models import Suggestion

    assert Suggestion.objects.get().text == "They lost 85,000 children."
    moved = BriefJob.objects.get()
    assert (moved.pk, moved.title, moved.claim_ids) == (job.pk, "All claims", [1, 2])
    assert moved.requested_by.username == "editor"
    assert ContentType.objects.filter(app_label="briefs", model="briefjob").exists()
    assert not ContentType.objects.filter(app_label="claims", model="briefjob").exists()

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

REFERENCE_DATA = Path(settings.BASE_DIR) / "fixtures" / "reference.yaml"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Run background tasks in-process so tests see their effect; the handler caches its
    backends, so drop them when the setting changes."""
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    task_backends.__dict__.pop("settings", None)
    if hasattr(task_backends._connections, "default"):
        delattr(task_backends._connections, "default")
    yield
    task_backends.__dict__.pop("settings", None)
    if hasattr(task_backends._connections, "default"):
        delattr(task_backends._connections, "default")


@pytest.fixture
def reference_data(db):
    """The full curated registry, for the few tests that are about the reference data itself."""
    from datasets.importer import import_path

    return import_path(REFERENCE_DATA)


@pytest.fixture
def journalist(db):
    from tests.factories import make_user

    return make_user("journalist", "journalist")


@pytest.fixture
def other_journalist(db):
    from tests.factories import make_user

    return make_user("other-journalist", "journalist")


@pytest.fixture
def editor(db):
    from tests.factories import make_user

    return make_user("editor", "editor")


@pytest.fixture
def researcher(db):
    from tests.factories import make_user

    return make_user("researcher", "researcher")


@pytest.fixture
def admin_user(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests")


@pytest.fixture
def people(journalist, other_journalist, editor, researcher, admin_user):
    """The personas by name, anonymous included, for permission tables."""
    return {
        "anonymous": None,
        "journalist": journalist,
        "other_journalist": other_journalist,
        "editor": editor,
        "researcher": researcher,
        "admin": admin_user,
    }

"""A constructed transcript, and the newsroom logged in with the reference registry."""

from __future__ import annotations

import pytest
from django.core.cache import cache

TRANSCRIPT = "\n".join(
    [
        "MODERATOR: Good evening and welcome to the debate. Senator, your opening statement.",
        "SMITH: Thank you. We will cut taxes by 20 percent in all 50 states. The Biden "
        "administration has lost 85,000 migrant children. Nobody knows where they are.",
        "Q. Senator, where does that number come from?",
        "SMITH: It comes from the government. They lost 85,000 kids, and I said it in 2023 and "
        "I say it again. We also built 12 bridges last year.",
        "JONES: That is not what the report says. HHS could not reach 85,000 children by phone "
        "after their release.",
        "",
    ]
)


@pytest.fixture(autouse=True)
def _empty_cache(db):
    """Rate limits live in the cache; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def transcript() -> str:
    return TRANSCRIPT


@pytest.fixture
def newsroom(client, journalist, reference_data):
    client.force_login(journalist)
    return client

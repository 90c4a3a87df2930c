from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache(db):
    """Rate limits and cached examples live in the cache; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def publish(editor):
    """Publish a claim through the real workflow, so that it has its published date."""

    def publish(claim):
        ruling = claim.ruling
        if claim.status == "draft":
            ruling.submit(by=editor, expected_version=ruling.version)
        ruling.publish(by=editor, expected_version=ruling.version)
        claim.refresh_from_db()
        return claim

    return publish

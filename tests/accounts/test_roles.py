from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_claim

pytestmark = pytest.mark.django_db


def test_a_page_reads_the_users_roles_once(client, editor, journalist):
    claim = make_claim(author=journalist, status="review")
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    assert b"Publish" in response.content
    assert sum("auth_group" in query["sql"] for query in queries.captured_queries) == 1

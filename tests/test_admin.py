"""Every admin list, search and change page answers for an admin."""

from __future__ import annotations

import pytest
from django.contrib import admin

from tests.factories import make_claim, make_figure, relate

pytestmark = pytest.mark.django_db


def test_every_registered_admin_page_renders(client, admin_user, journalist):
    figure = make_figure()
    relate(make_figure(), "supersedes", figure)
    make_claim(author=journalist, figures=[figure])
    client.force_login(admin_user)
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(base).status_code == 200, base
        assert client.get(base, {"q": "children"}).status_code == 200, base
        first = model.objects.first()
        if first is not None:
            assert client.get(f"{base}{first.pk}/change/").status_code == 200, base

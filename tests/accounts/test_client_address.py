from __future__ import annotations

import pytest
from django.test import RequestFactory

from accounts.throttling import client_address


def request(remote: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_with_no_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_behind_one_proxy_the_address_it_saw_is_counted(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request("10.0.0.1", "203.0.113.9")) == "203.0.113.9"


def test_a_client_cannot_choose_its_identity_by_writing_the_header(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address.
    assert client_address(request("10.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_a_missing_header_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request("10.0.0.1")) == "10.0.0.1"


@pytest.mark.parametrize(
    "header",
    ["not-an-address", "1.2.3.4, " * 2000 + "x" * 300, "\x00", "", " , ", "999.1.1.1"],
    ids=["word", "long", "nul", "empty", "commas", "bad-ip"],
)
def test_an_entry_that_is_not_an_address_counts_the_connection(settings, header):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request("10.0.0.1", header)) == "10.0.0.1"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("203.0.113.9:5678", "203.0.113.9"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:DB8::1", "2001:db8::1"),
    ],
)
def test_an_address_a_proxy_writes_with_a_port_or_in_capitals_is_read(settings, header, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request("10.0.0.1", header)) == expected


def test_behind_two_proxies_the_entry_the_outer_one_wrote_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    forged = "6.6.6.6, 198.51.100.7, 10.0.0.5"
    assert client_address(request("10.0.0.1", forged)) == "198.51.100.7"
    # Fewer entries than proxies: it did not come through both.
    assert client_address(request("10.0.0.1", "198.51.100.7")) == "10.0.0.1"


@pytest.mark.django_db
def test_a_forged_forwarded_header_cannot_reset_the_check_limit(client, settings, monkeypatch):
    from claims.api import check_throttle

    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(check_throttle, "num_requests", 3)
    statuses = [
        client.get(
            "/api/check",
            {"q": "They lost 5 children."},
            HTTP_X_FORWARDED_FOR=f"10.{n}.0.1, 198.51.100.7",
        ).status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 429, 429, 429]

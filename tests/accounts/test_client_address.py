from __future__ import annotations

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

"""Rate limits and login throttling count atomically: in the database by default, in Redis when
REDIS_URL is set. The concurrent tests need a database that runs writers in parallel, so they
run on PostgreSQL (CI runs the suite there too); the Redis test needs Redis on 127.0.0.1:6379
and is skipped only when it does not answer."""

from __future__ import annotations

import datetime
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client

from accounts import counters
from accounts.models import RateCounter
from claims.api import check_throttle
from publishing.models import Suggestion

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite serialises them by locking)",
)


def run_together(count: int, work):
    """Run `work(i)` in `count` threads released at the same moment; return their results."""
    barrier = threading.Barrier(count)

    def one(number: int):
        try:
            barrier.wait(timeout=30)
            return work(number)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


# --- one process, the database


@pytest.mark.django_db
def test_a_hit_counts_up_within_its_window_and_starts_again_after_it():
    key = counters.counter_key("test", "a")
    with time_machine.travel("2026-01-01 12:00Z", tick=False):
        assert [counters.hit(key, window=60).value for _ in range(3)] == [1, 2, 3]
        assert counters.peek(key) == 3
    with time_machine.travel("2026-01-01 12:00:59Z", tick=False):
        assert counters.hit(key, window=60).value == 4
    with time_machine.travel("2026-01-01 12:01:01Z", tick=False):
        assert counters.peek(key) == 0
        count = counters.hit(key, window=60)
        assert count.value == 1
        assert count.resets_at == datetime.datetime(2026, 1, 1, 12, 2, 1, tzinfo=datetime.UTC)
    assert RateCounter.objects.count() == 1


@pytest.mark.django_db
def test_clearing_a_count_starts_it_again():
    key = counters.counter_key("test", "b")
    counters.hit(key, window=60)
    counters.clear(key)
    assert counters.peek(key) == 0
    assert counters.hit(key, window=60).value == 1


def test_a_key_is_a_fixed_length_hash_whatever_it_is_made_of():
    keys = {
        counters.counter_key("login", "İ" * 150, "203.0.113.9"),
        counters.counter_key("login", "\x00", "x" * 10_000),
        counters.counter_key("login", "a\x00b", "c"),
        counters.counter_key("login", "a", "b\x00c"),
    }
    assert len(keys) == 4
    assert {len(key) for key in keys} == {64}
    assert all(key.isalnum() for key in keys)


@pytest.mark.django_db
def test_expired_rows_are_pruned():
    with time_machine.travel("2026-01-01 12:00Z", tick=False):
        for name in "abc":
            counters.hit(counters.counter_key("old", name), window=60)
    with time_machine.travel("2026-01-01 13:00Z", tick=False):
        counters.hit(counters.counter_key("new"), window=60)
        counters._prune()
    assert RateCounter.objects.count() == 1


# --- concurrent requests, the database (PostgreSQL)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_each_get_their_own_count():
    key = counters.counter_key("test", "race")
    values = run_together(40, lambda _: counters.hit(key, window=60).value)
    assert sorted(values) == list(range(1, 41))


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_logins_check_the_password_at_most_five_times(editor):
    def wrong(_):
        return (
            Client()
            .post("/accounts/login/", {"username": "editor", "password": "wrong"})
            .status_code
        )

    statuses = Counter(run_together(24, wrong))
    assert statuses == {200: 5, 429: 19}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_checks_pass_the_api_limit_no_more_than_it_allows(monkeypatch):
    monkeypatch.setattr(check_throttle, "num_requests", 5)

    def check(_):
        return Client().get("/api/check", {"q": "They lost 5 children."}).status_code

    statuses = Counter(run_together(20, check))
    assert statuses == {200: 5, 429: 15}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_suggestions_store_no_more_than_ten_an_hour():
    def suggest(number):
        return (
            Client()
            .post(
                "/suggest/",
                {"text": f"They lost {number} children.", "claimant": "A senator"},
            )
            .status_code
        )

    statuses = Counter(run_together(24, suggest))
    assert statuses == {302: 10, 429: 14}
    assert Suggestion.objects.count() == 10


# --- Redis


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture
def redis_counters(settings):
    if not _redis_answers():
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    yield
    from django.core.cache import cache

    cache.clear()


def test_with_redis_concurrent_hits_each_get_their_own_count(redis_counters):
    key = counters.counter_key("test", "redis-race")
    values = run_together(40, lambda _: counters.hit(key, window=60).value)
    assert sorted(values) == list(range(1, 41))
    assert counters.peek(key) == 40
    assert RateCounter.objects.none().count() == 0  # nothing was written to the database


def test_with_redis_a_count_clears_and_says_when_its_window_ends(redis_counters):
    key = counters.counter_key("test", "redis-clear")
    count = counters.hit(key, window=60)
    assert 59 <= count.seconds_left() <= 60
    counters.clear(key)
    assert counters.peek(key) == 0
    assert counters.hit(key, window=60).value == 1


@pytest.mark.django_db
def test_rate_counts_on_postgresql_are_written_without_the_log():
    if connection.vendor != "postgresql":
        pytest.skip("UNLOGGED tables are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = %s",
            [RateCounter._meta.db_table],
        )
        assert cursor.fetchone() == ("u",)

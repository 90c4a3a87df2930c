from __future__ import annotations

from factcheck.kept import Kept


def test_a_value_is_made_once_and_the_least_recently_used_goes_first():
    kept: Kept[str] = Kept(2)
    made: list[str] = []

    def make(key: str):
        return lambda: made.append(key) or key.upper()

    assert kept.get("a", make("a")) == "A"
    assert kept.get("b", make("b")) == "B"
    assert kept.get("a", make("a")) == "A"  # kept, and now the latest used
    assert kept.get("c", make("c")) == "C"  # "b" goes, the least recently used
    assert kept.get("a", make("a")) == "A"
    assert kept.get("b", make("b")) == "B"
    assert made == ["a", "b", "c", "b"]
    assert len(kept) == 2


def test_a_value_keep_refuses_is_made_every_time():
    kept: Kept[str] = Kept(4)
    made: list[str] = []
    for _ in range(2):
        kept.get("long", lambda: made.append("long") or "x" * 10, keep=lambda v: len(v) < 5)
    assert made == ["long", "long"]
    assert len(kept) == 0


def test_clear_forgets_every_value():
    kept: Kept[int] = Kept(4)
    kept.get("a", lambda: 1)
    kept.clear()
    assert kept.get("a", lambda: 2) == 2

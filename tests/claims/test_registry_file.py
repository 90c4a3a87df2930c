"""The file a built registry is shared through gives back the same registry: the same records,
the same index and tables, the same verdicts; a damaged or foreign file is refused, and the
processes sharing it build the registry again."""

from __future__ import annotations

import io
import pickle
import random
import sys
from array import array
from dataclasses import replace
from datetime import date

import pytest

from bench.engine import quotes, synthetic_registry, synthetic_series
from claims.engine import ClaimInput, Registry, check
from claims.registry_cache import SharedRegistry, prepared
from claims.registry_file import MAGIC, read_registry, write_registry


@pytest.fixture(scope="module")
def built() -> Registry:
    """A thousand figures and a few thousand rows of official tables, with everything checks
    derive from them built."""
    made = synthetic_registry(1000, random.Random(3))
    return prepared(
        Registry(
            figures=made.figures, documents=made.documents, categories=made.categories,
            tenures=made.tenures, units=made.units, fiscal_year_start=made.fiscal_year_start,
            series=synthetic_series(3000, random.Random(3)),
        )
    )  # fmt: skip


def _written(registry: Registry) -> bytes:
    file = io.BytesIO()
    write_registry(registry, file)
    return file.getvalue()


def _read(data: bytes) -> Registry:
    return read_registry(io.BytesIO(data))


def _plain(value: object) -> object:
    """A value of the index as lists, dicts and reprs, to compare two copies."""
    if isinstance(value, array):
        return (value.typecode, value.tolist())
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "__slots__") and not hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__slots__ if name[0] != "_"}
    return repr(value)


def test_the_file_gives_back_the_same_records_index_and_tables(built):
    loaded = _read(_written(built))
    assert loaded.figures == built.figures
    assert loaded.documents == built.documents
    assert loaded.series == built.series
    assert repr(loaded.figures) == repr(built.figures)  # "1E+3" stays "1E+3"
    for name, value in vars(built.index).items():
        if name in ("registry", "_arithmetic"):
            continue
        assert _plain(getattr(loaded.index, name)) == _plain(value), name
    for name in ("shares", "ratios", "percents"):
        made, read = getattr(built.index.arithmetic, name), getattr(loaded.index.arithmetic, name)
        assert repr(read.items) == repr(made.items), name
    assert loaded.report_numbers == built.report_numbers
    assert {"index", "lexicon", "series_index", "report_numbers"} <= set(vars(loaded))


def test_the_loaded_registry_shares_its_records_as_the_built_one_did(built):
    loaded = _read(_written(built))
    index = loaded.index
    by_slug = {figure.slug: figure for figure in loaded.figures}
    assert all(figure is by_slug[figure.slug] for figure in index.figures)
    assert all(index.values[k] is figure.value for k, figure in enumerate(index.figures))
    assert index.registry is loaded
    assert index.arithmetic.index is index
    days = {}
    for figure in loaded.figures:
        for day in (figure.period_start, figure.period_end, figure.as_of):
            if day is not None:
                assert days.setdefault(day, day) is day  # one object a day


def test_the_loaded_registry_gives_the_same_verdicts(built):
    loaded = _read(_written(built))
    claims = quotes(built, 150, random.Random(4))
    claims.append(ClaimInput(text="Rose 7 percent from fiscal 2019 to fiscal 2020."))
    for claim in claims:
        assert repr(check(claim, loaded)) == repr(check(claim, built))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[: len(MAGIC) + 40],  # cut in the header
        lambda data: b"not a registry",
        lambda data: data.replace(MAGIC, b"factcheck registry file 0\n"),  # another format
    ],
)
def test_a_damaged_or_foreign_file_is_refused(built, damage):
    with pytest.raises(Exception):  # noqa: B017, PT011 (any error: the caller builds again)
        _read(damage(_written(built)))


def test_a_file_written_on_a_machine_of_another_byte_order_is_refused(built, monkeypatch):
    data = _written(built)
    other = "big" if sys.byteorder == "little" else "little"
    monkeypatch.setattr("claims.registry_file.sys.byteorder", other)
    with pytest.raises(ValueError, match="byte order"):
        _read(data)


def test_a_registry_pickled_whole_by_earlier_code_is_built_again(tmp_path):
    small = synthetic_registry(60, random.Random(1))
    (tmp_path / "registry-g1.pickle").write_bytes(pickle.dumps(prepared(small)))
    calls = []

    def build() -> Registry:
        calls.append(1)
        return synthetic_registry(60, random.Random(1))

    shared = SharedRegistry()
    registry = shared.get("g1", build, tmp_path)
    assert calls == [1]
    assert shared.loaded == 0
    assert registry.figures == small.figures
    # Written over in this format: the next process loads it.
    other = SharedRegistry()
    assert other.get("g1", build, tmp_path).figures == small.figures
    assert other.loaded == 1
    assert calls == [1]


def test_figures_without_days_or_with_other_values_are_kept_as_they_were():
    made = synthetic_registry(30, random.Random(2))
    figures = list(made.figures)
    figures[0] = replace(figures[0], period_start=None, as_of=date(2020, 2, 29))
    registry = prepared(
        Registry(figures=tuple(figures), documents=made.documents, categories=made.categories)
    )
    loaded = _read(_written(registry))
    assert loaded.figures == registry.figures
    assert loaded.figures[0].period_start is None

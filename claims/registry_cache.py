"""One built registry per generation, shared by the threads of a process and by the processes of
one machine.

Building the registry's index takes seconds at a hundred thousand figures, so it is built once:
the first process to need a generation takes a lock on a file in `ENGINE_CACHE_DIR`, builds the
registry with everything the engine derives from it (index, lexicon, shares and changes, series
index) and writes it there (claims/registry_file.py); every other process, and the threads of
each, wait on the same lock and then load that file instead of building their own. Without
`ENGINE_CACHE_DIR` each process builds its own copy, once, under a lock shared by its threads.

A file is named by the database, the registry generation and the engine's own code, so a
registry built by other code or from another database is never loaded.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path

from claims.engine import Registry
from claims.engine.registry import no_collection
from claims.registry_file import read_registry, write_registry

logger = logging.getLogger(__name__)

_ENGINE_SOURCES = Path(__file__).resolve().parent / "engine"
_FILE_FORMAT = Path(__file__).resolve().parent / "registry_file.py"
_LOCK_NAME = "registry.lock"


@cache
def engine_version() -> str:
    """A digest of the engine's source and of the file format's: a registry written by other
    code is not loaded."""
    digest = hashlib.sha256()
    for path in [*sorted(_ENGINE_SOURCES.glob("*.py")), _FILE_FORMAT]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepared(registry: Registry) -> Registry:
    """The registry with everything checks derive from it built: a loaded copy needs nothing
    more."""
    with no_collection():
        _ = registry.index, registry.lexicon, registry.index.arithmetic, registry.series_index
        _ = registry.report_numbers
    return registry


class SharedRegistry:
    """The registry of the latest generation asked for, built at most once per generation."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: str | None = None
        self._registry: Registry | None = None
        self.built = 0  # how many times this process built a registry (not loaded one)
        self.loaded = 0  # how many times it loaded one another process built

    def get(
        self, key: str, build: Callable[[], Registry], directory: Path | None = None
    ) -> Registry:
        registry = self._registry
        if registry is not None and self._key == key:
            return registry
        with self._lock:
            if self._registry is not None and self._key == key:
                return self._registry
            self._registry = None  # the old generation's copy is freed before the new one
            registry = self._load_or_build(key, build, directory)
            self._key, self._registry = key, registry
            return registry

    def _build(self, build: Callable[[], Registry]) -> Registry:
        self.built += 1
        return prepared(build())

    def _load_or_build(
        self, key: str, build: Callable[[], Registry], directory: Path | None
    ) -> Registry:
        if directory is None:
            return self._build(build)
        path = directory / f"registry-{key}.pickle"
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            private = _private(directory)
        except OSError:
            private = False
        if not private:
            logger.warning("%s is not a folder of this user's own: each process builds its own"
                           " registry", directory)  # fmt: skip
            return self._build(build)
        loaded = self._load(path)
        if loaded is not None:
            return loaded
        try:
            lock = open(directory / _LOCK_NAME, "a+b")  # noqa: SIM115 (closed below)
        except OSError:
            return self._build(build)
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                loaded = self._load(path)  # built while this process waited
                if loaded is not None:
                    return loaded
                registry = self._build(build)
                self._write(registry, path)
                return registry
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _load(self, path: Path) -> Registry | None:
        try:
            # Only this user can write the directory (checked before), so the file is the one
            # a process of this application wrote.
            with open(path, "rb") as file, no_collection():
                registry = read_registry(file)
        except FileNotFoundError:
            return None
        except Exception:  # a damaged or foreign file: built again and written over
            logger.warning("The shared registry %s could not be read; building it", path)
            return None
        self.loaded += 1
        return registry

    def _write(self, registry: Registry, path: Path) -> None:
        """Write the file whole or not at all, and remove the other generations' files."""
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".registry-")
        try:
            with os.fdopen(handle, "wb") as file:
                write_registry(registry, file)
            os.replace(temporary, path)
        except Exception:
            Path(temporary).unlink(missing_ok=True)
            logger.exception("The shared registry could not be written to %s", path)
            return
        for other in path.parent.glob("registry-*.pickle"):
            if other != path:
                other.unlink(missing_ok=True)


def _private(directory: Path) -> bool:
    """Whether only this user can write the directory: nobody else can plant a file to load."""
    status = directory.stat()
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def cache_key(database: str, generation: str) -> str:
    return hashlib.sha256(f"{database}|{generation}|{engine_version()}".encode()).hexdigest()[:32]

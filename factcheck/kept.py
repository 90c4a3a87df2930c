"""What a process keeps of work it has done, the latest of it, to give again without doing it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class Kept[V]:
    """The latest `size` values made, by key, for the threads of one process.

    A value is made outside the lock: two threads asking at once for a key not yet kept may
    both make it, and the later one is kept (a made value depends only on its key)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self, key: Hashable, make: Callable[[], V], *, keep: Callable[[V], bool] | None = None
    ) -> V:
        """The value kept for `key`, else `make()`, kept unless `keep` says not."""
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
                return value
        value = make()
        if keep is None or keep(value):
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

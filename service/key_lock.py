"""The in-flight guard's port: while a keyed request runs, a second request with the same
idempotency key is refused (409 `request_in_progress`) instead of running twice.

adapters/storage/key_locks.py implements it for each store: in this process on the
embedded store (it serves one process), across processes on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol
from uuid import UUID

from service.idempotency import in_progress


class KeyLock(Protocol):
    def holding(self, key: UUID) -> AbstractContextManager[None]:
        """Hold `key` while the block runs; raise `request_in_progress` if it is held."""
        ...


class LocalKeyLock:
    """The keys whose first request is still running in this process."""

    def __init__(self) -> None:
        self._keys: set[UUID] = set()
        self._guard = threading.Lock()

    @contextmanager
    def holding(self, key: UUID) -> Iterator[None]:
        with self._guard:
            if key in self._keys:
                raise in_progress()
            self._keys.add(key)
        try:
            yield
        finally:
            with self._guard:
                self._keys.discard(key)

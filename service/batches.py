"""Requests on one key that arrive while another is being handled are handled together.

One caller per key leads: it takes everything waiting for that key (up to MAX_BATCH),
hands it to `handle` as one batch, gives every caller its own outcome (a result or the
exception to raise), and passes the lead to the next caller waiting. Callers of other
keys never wait for each other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MAX_BATCH = 64


@dataclass(eq=False)
class _Job(Generic[T, R]):
    item: T
    done: threading.Event = field(default_factory=threading.Event)
    lead: bool = False
    outcome: R | BaseException | None = None


class Batcher(Generic[T, R]):
    def __init__(self, handle: Callable[[list[T]], list[R | BaseException]]) -> None:
        self.handle = handle
        self._lock = threading.Lock()
        self._waiting: dict[Hashable, list[_Job[T, R]]] = {}
        self._leading: set[Hashable] = set()

    def submit(self, key: Hashable, item: T) -> R:
        job: _Job[T, R] = _Job(item)
        with self._lock:
            self._waiting.setdefault(key, []).append(job)
            if key not in self._leading:
                self._leading.add(key)
                job.lead = True
        if not job.lead:
            job.done.wait()
        if job.lead:
            self._lead(key)
        if isinstance(job.outcome, BaseException):
            raise job.outcome
        return job.outcome  # type: ignore[return-value]  # set for every job of a batch

    def _lead(self, key: Hashable) -> None:
        with self._lock:
            waiting = self._waiting[key]
            batch, self._waiting[key] = waiting[:MAX_BATCH], waiting[MAX_BATCH:]
        try:
            outcomes = self.handle([job.item for job in batch])
        except BaseException as error:  # the whole batch failed: each caller is told
            outcomes = [error] * len(batch)
        finally:
            with self._lock:
                rest = self._waiting[key]
                if rest:
                    rest[0].lead = True
                    rest[0].done.set()
                else:
                    del self._waiting[key]
                    self._leading.discard(key)
        for job, outcome in zip(batch, outcomes, strict=True):
            job.outcome = outcome
            job.done.set()

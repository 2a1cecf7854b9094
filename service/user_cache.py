"""Accounts by id, kept in memory and checked against the identity store on every read.

Every API request and UI page needs its caller's account. Replaying the user's events for
each one costs more than the rest of a small request; so the views are kept here, and each
read first asks the store for its last position (one indexed `max` query). When that moved
(in this process or in any other, on SQLite or PostgreSQL alike), the events written since
are read and only the accounts they touch are forgotten.

The position is asked only when a cheaper probe, if the adapters give one, says that the
store changed (SQLite: `PRAGMA data_version`; PostgreSQL: the same `max` on a connection
of its own, see adapters/storage/identity_probe.py).

That check on every read is what makes a deactivation, a new password, role or team take
effect at once in every process: once the store has committed the change, the next read
anywhere sees a new position before it looks at its cache. See
docs/decisions/0014-account-cache.md.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

V = TypeVar("V")
# More changes than this since the last read: forget everything rather than read them all.
MAX_CHANGES_READ = 500
MAX_ENTRIES = 100_000


class UserCache(Generic[V]):
    """`get(id)` returns `load(id)`, from memory while the store has not changed it."""

    def __init__(self, recorder: ApplicationRecorder, load: Callable[[UUID], V],
                 probe: Callable[[], int] | None = None) -> None:
        self._recorder = recorder
        self._load = load
        # Any number that changes whenever the store has changed; by default the
        # store's position itself.
        self._probe = probe or self._store_position
        self._probed: int | None = None
        self._lock = threading.Lock()
        self._views: dict[UUID, V] = {}
        self._position: int | None = None
        # Bumped whenever entries are forgotten: a load that started before must not
        # put what it read (maybe older than the change) back into the cache.
        self._generation = 0
        self.hits = 0
        self.misses = 0
        # Told the streams written since the last read (None: too many to say), under
        # the cache's lock, before any read answers: e.g. to forget the team tree.
        self.listeners: list[Callable[[set[UUID] | None], None]] = []

    def get(self, user_id: UUID) -> V:
        return self._get(user_id, self._catch_up())

    def _get(self, user_id: UUID, generation: int) -> V:
        with self._lock:
            if user_id in self._views:
                self.hits += 1
                return self._views[user_id]
        self.misses += 1
        view = self._load(user_id)
        with self._lock:
            if self._generation == generation:
                if len(self._views) >= MAX_ENTRIES:
                    self._views.clear()
                self._views[user_id] = view
        return view

    def get_many(self, user_ids: list[UUID]) -> list[V]:
        """`get` for each id, with one look at the store's position for all of them."""
        generation = self._catch_up()
        return [self._get(user_id, generation) for user_id in user_ids]

    def check(self) -> None:
        """Look at the store now: forget what changed, tell the listeners."""
        self._catch_up()

    def _store_position(self) -> int:
        return self._recorder.max_notification_id() or 0

    def _catch_up(self) -> int:
        """Forget the accounts changed since the last read; the current generation.

        The probe is asked before the cache is read (and before a miss is loaded), so
        whatever the store committed before this call is seen by it.
        """
        probed = self._probe()
        with self._lock:
            if probed == self._probed:
                return self._generation
            position = probed if self._probe == self._store_position else \
                self._store_position()
            last = self._position
            changed = self._changed_between(last, position)
            for listener in self.listeners:
                listener(changed)
            if changed is None:
                self._views.clear()
            else:
                for originator_id in changed:
                    self._views.pop(originator_id, None)
            # Never backwards: a lower position is a read that raced a newer one (or a
            # store replaced under a running process): forget all, as above.
            self._position = max(position, last or 0)
            self._probed = probed
            self._generation += 1
            return self._generation

    def _changed_between(self, last: int | None, position: int) -> set[UUID] | None:
        """The streams written after `last` up to `position`; None: too many, or unknown."""
        if last is None or position < last or position - last > MAX_CHANGES_READ:
            return None
        notifications = self._recorder.select_notifications(
            start=last, limit=MAX_CHANGES_READ + 1, stop=position, inclusive_of_start=False)
        if len(notifications) > MAX_CHANGES_READ:
            return None
        return {notification.originator_id for notification in notifications
                if isinstance(notification.originator_id, UUID)}

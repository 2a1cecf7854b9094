"""The projector checks each event it reads against its link of the hash chain
(decision 0019): it recomputes the link from the last one it checked, one read of the
batch's links per batch. On a mismatch it stops with `ChainBroken`, which the runner
logs, keeps for /readyz, and does not retry past."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import structlog
from eventsourcing.persistence import Notification

from adapters.integrity.walk import Broken, Link, check
from adapters.storage.chain_status import ChainStatus

log = structlog.get_logger(__name__)


class ChainBroken(Exception):
    def __init__(self, store: str, broken: Broken) -> None:
        super().__init__(store, broken)
        self.store = store
        self.broken = broken

    def __str__(self) -> str:
        return (f"the {self.store} event store's hash chain is broken at {self.broken}; "
                "the projections stopped (run `casework verify`)")


class ChainCheck:
    def __init__(self, recorder: Any, status: ChainStatus | None = None,
                 store: str = "cases") -> None:
        self.recorder = recorder
        self.status = status
        self.store = store
        self.verified: Link | None = None
        self.broken: str | None = None
        self._clear_after_clean_batch = status is not None and status.current(store) is not None

    def check(self, start: int, notifications: Sequence[Notification]) -> None:
        """Check the events after position `start`; raise ChainBroken on a mismatch."""
        if not notifications or not hasattr(self.recorder, "select_links"):
            return
        previous = self.verified
        if previous is None or previous[0] != start:
            previous = self.recorder.link_before(start + 1)
        links = self.recorder.select_links(previous[0] if previous else 0,
                                           limit=2 * len(notifications) + 100,
                                           lte=notifications[-1].id)
        walked = check(previous, iter(notifications), iter(links))
        if walked.broken is not None:
            raise ChainBroken(self.store, walked.broken)
        self.verified = walked.last
        if self._clear_after_clean_batch and self.status is not None:
            self._clear_after_clean_batch = False
            self.status.clear(self.store)

    def stopped(self, error: ChainBroken) -> None:
        """The projections stop here: say why, in the log and to /readyz. Recorded for
        other processes first, then in this one: whoever sees `broken` set finds the
        record too."""
        log.error("event_chain_broken", store=error.store, position=error.broken.position,
                  reason=error.broken.reason)
        if self.status is not None:
            try:
                self.status.record(error.store, error.broken.position, error.broken.reason,
                                   datetime.now(UTC))
            except Exception as failure:  # the views' database is away: the log says it
                log.warning("chain_break_not_recorded", error=type(failure).__name__)
        self.broken = str(error.broken)

    def current_break(self) -> str | None:
        """The break this process found, or one the projector elsewhere recorded."""
        if self.broken is not None:
            return self.broken
        return self.status.current(self.store) if self.status is not None else None

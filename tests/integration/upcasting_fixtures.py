"""A test-only aggregate whose event has a second version, to show upcasting.

It lives in its own module so that its topic
(`tests.integration.upcasting_fixtures:Errand.Done`) is stable, like a real event's.

Version 1 of `Errand.Done` recorded only who did the errand. Version 2 adds how many
minutes it took. Stored v1 events are never rewritten: when one is read, the mapper
calls `upcast_v1_v2`, which fills in the new field with its default (0, "not known").
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

MINUTES_NOT_KNOWN = 0


class Errand(Aggregate):
    class Started(Aggregate.Created):
        purpose: str

    class Done(Aggregate.Event):
        class_version = 2

        by: UUID
        minutes: int  # new in version 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["minutes"] = MINUTES_NOT_KNOWN

        def apply(self, errand: Errand) -> None:
            errand.done_by = self.by
            errand.minutes = self.minutes

    def __init__(self, *, purpose: str) -> None:
        self.purpose = purpose
        self.done_by: UUID | None = None
        self.minutes: int | None = None

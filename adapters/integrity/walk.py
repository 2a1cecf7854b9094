"""`casework verify`: walk a store's events and links from the first position to the
last, recomputing each link (decision 0019).

The walk names the first position where the chain does not hold: an event without its
link (inserted), a link without its event (removed), or a link that does not match the
previous link and the event's stored bytes (altered, reordered, or removed before it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.persistence import Notification

from adapters.integrity.chain import GENESIS, link

PAGE = 1000
Link = tuple[int, bytes]


class ChainStore(Protocol):
    def select_notifications(self, start: int | None, limit: int, stop: int | None = None,
                             topics: Any = (), *,
                             inclusive_of_start: bool = True) -> Any: ...

    def select_links(self, gt: int, limit: int, lte: int | None = None) -> list[Link]: ...

    def link_before(self, position: int) -> Link | None: ...


@dataclass(frozen=True)
class Broken:
    position: int
    reason: str

    def __str__(self) -> str:
        return f"position {self.position}: {self.reason}"


@dataclass(frozen=True)
class Walked:
    events: int
    last: Link | None  # the last position and its link, if any
    broken: Broken | None
    links: dict[int, bytes]  # the links asked for by `keep`, as verified


def _events(store: ChainStore) -> Iterator[Notification]:
    after = 0
    while True:
        page = store.select_notifications(after, PAGE, inclusive_of_start=False)
        if not page:
            return
        yield from page
        after = page[-1].id


def _links(store: ChainStore) -> Iterator[Link]:
    after = 0
    while True:
        page = store.select_links(after, PAGE)
        if not page:
            return
        yield from page
        after = page[-1][0]


def check(previous: Link | None, events: Iterator[Notification], links: Iterator[Link],
          progress: Callable[[int], None] | None = None,
          keep: frozenset[int] = frozenset()) -> Walked:
    """Check `events` against `links` (both in position order, both starting after the
    position of `previous`, the last link trusted); stop at the first break."""
    event, stored = next(events, None), next(links, None)
    last = previous
    chained, count = (previous[1] if previous is not None else GENESIS), 0
    kept: dict[int, bytes] = {}
    while event is not None or stored is not None:
        if stored is None or (event is not None and event.id < stored[0]):
            assert event is not None
            return Walked(count, last, Broken(event.id, "event has no link (inserted?)"), kept)
        if event is None or stored[0] < event.id:
            return Walked(count, last, Broken(stored[0], "event is missing (removed?)"), kept)
        try:
            expected = link(chained, event.id, event.originator_id, event.originator_version,
                            event.topic, event.state)
        except (TypeError, ValueError, AttributeError):  # a column of the wrong type
            return Walked(count, last, Broken(event.id, "event unreadable (altered?)"), kept)
        if expected != stored[1]:
            return Walked(count, last, Broken(
                event.id, "event or link altered (or an event before it removed or moved)"),
                kept)
        if event.id in keep:
            kept[event.id] = expected
        chained, last, count = expected, (event.id, expected), count + 1
        if progress is not None and count % PAGE == 0:
            progress(count)
        event, stored = next(events, None), next(links, None)
    return Walked(count, last, None, kept)


def walk(store: ChainStore, progress: Callable[[int], None] | None = None,
         keep: frozenset[int] = frozenset()) -> Walked:
    """Check every event of `store` against its link, from the first."""
    return check(None, _events(store), _links(store), progress, keep)

"""The hash chain over an event store (decision 0019): its links, one per stored event.

A link is SHA-256 over the previous link (32 zero bytes before the first event), the
event's position (its notification id) and the event's stored bytes: originator id,
version, topic and state, exactly as recorded (ciphertext included). Each field is
length-prefixed, so no two different events give the same bytes to hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Protocol
from uuid import UUID

GENESIS = bytes(32)


def _field(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def _originator(originator_id: UUID | str) -> bytes:
    return originator_id.bytes if isinstance(originator_id, UUID) else originator_id.encode()


def link(previous: bytes, position: int, originator_id: UUID | str, version: int,
         topic: str, state: bytes) -> bytes:
    """The link of the event at `position`, which follows the link `previous`."""
    digest = hashlib.sha256(previous)
    digest.update(position.to_bytes(8, "big"))
    digest.update(_field(_originator(originator_id)))
    digest.update(version.to_bytes(8, "big", signed=True))
    digest.update(_field(topic.encode()))
    digest.update(_field(bytes(state)))
    return digest.digest()


class StoredLike(Protocol):
    """What a link is computed from: a StoredEvent or a Notification."""

    @property
    def originator_id(self) -> UUID | str: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def state(self) -> bytes: ...


def links(previous: bytes, events: Iterable[tuple[int, StoredLike]]) -> list[tuple[int, bytes]]:
    """The links of `events` (position, event), in position order, after `previous`."""
    rows: list[tuple[int, bytes]] = []
    for position, event in sorted(events, key=lambda pair: pair[0]):
        previous = link(previous, position, event.originator_id, event.originator_version,
                        event.topic, event.state)
        rows.append((position, previous))
    return rows

"""The stored format of events: msgspec JSON, typed by each event class's annotations.

eventsourcing 9.5.x has no msgspec module, so this Mapper (selected with `MAPPER_TOPIC`)
replaces the default transcoder: it encodes an event's attributes with msgspec and
decodes them back into the event class, keeping UUID, Decimal, date, datetime and enum
types. Older versions of an event are upcast by the class's `upcast_vN_vN+1` methods
(eventsourcing's convention) before the state is converted into the class.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Cipher,
    Compressor,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import get_topic, resolve_topic

MAPPER_TOPIC = "adapters.storage.mapper:MsgspecMapper"

_encoder = msgspec.json.Encoder(decimal_format="string", uuid_format="canonical")
_decoder = msgspec.json.Decoder()


def encode_state(state: dict[str, Any]) -> bytes:
    return _encoder.encode(state)


class MsgspecMapper(Mapper[UUID]):
    def __init__(
        self,
        transcoder: Transcoder | None = None,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        # The transcoder eventsourcing builds for us is not used: msgspec does its work.
        self.transcoder = transcoder  # type: ignore[assignment]
        self.compressor = compressor
        self.cipher = cipher

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        event_class = type(domain_event)
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        class_version = getattr(event_class, "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        data = encode_state(state)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=get_topic(event_class),
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        event_class = resolve_topic(stored_event.topic)
        data = stored_event.state
        try:
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
            state: dict[str, Any] = _decoder.decode(data)
            class_version = getattr(event_class, "class_version", 1)
            from_version = state.pop("class_version", 1)
            while from_version < class_version:
                getattr(event_class, f"upcast_v{from_version}_v{from_version + 1}")(state)
                from_version += 1
            state["originator_id"] = stored_event.originator_id
            state["originator_version"] = stored_event.originator_version
            event: DomainEventProtocol[UUID] = msgspec.convert(state, type=event_class)
        except (msgspec.MsgspecError, AttributeError, KeyError, TypeError, ValueError) as e:
            msg = (
                f"cannot read stored event {stored_event.topic} "
                f"{stored_event.originator_id} v{stored_event.originator_version}: {e}"
            )
            raise MapperDeserialisationError(msg) from e
        return event

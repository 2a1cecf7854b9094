"""The stored format of events: msgspec JSON, typed by each event class's annotations.

eventsourcing 9.5.x has no msgspec module, so this Mapper (selected with `MAPPER_TOPIC`)
replaces the default transcoder: it encodes an event's attributes with msgspec and
decodes them back into the event class, keeping UUID, Decimal, date, datetime and enum
types. Older versions of an event are upcast by the class's `upcast_vN_vN+1` methods
(eventsourcing's convention) before the state is converted into the class.

With case keys attached (`keys`, decision 0020), the `personal` part of each event is
sealed with AES-GCM under the key of the event's stream (the case), the associated data
binding it to stream id, version and topic; the field names stay readable, the values
do not. A stream whose key was destroyed (erasure) reads back with every personal value
as `ERASED`. Without keys the personal part is stored plain (the golden files).
"""

from __future__ import annotations

import base64
import secrets
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec
from cryptography.exceptions import InvalidTag
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

from domain.values import ERASED

if TYPE_CHECKING:
    from adapters.security.case_keys import CaseKeys

MAPPER_TOPIC = "adapters.storage.mapper:MsgspecMapper"
ERASED_TOPIC = "domain.case:Case.Erased"
# Erasures after which a process forgets the stream's cached key (contacts: decision 0029).
ERASED_TOPICS = frozenset({ERASED_TOPIC, "domain.campaign:Contact.Erased"})

_encoder = msgspec.json.Encoder(decimal_format="string", uuid_format="canonical")
_decoder = msgspec.json.Decoder()


SEALED = "$sealed"  # no personal key starts with "$"
FIELDS = "$fields"
NONCE = 12


def encode_state(state: dict[str, Any]) -> bytes:
    return _encoder.encode(state)


def associated_data(originator_id: UUID, version: int, topic: str) -> bytes:
    return originator_id.bytes + version.to_bytes(8, "big") + topic.encode()


def as_uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)


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
        self.keys: CaseKeys | None = None

    def seal(self, personal: dict[str, Any], aad: bytes, originator_id: UUID
             ) -> dict[str, Any]:
        assert self.keys is not None
        aead = self.keys.cipher(originator_id, create=True)
        assert aead is not None
        nonce = secrets.token_bytes(NONCE)
        sealed = nonce + aead.encrypt(nonce, _encoder.encode(personal), aad)
        return {FIELDS: list(personal), SEALED: base64.b64encode(sealed).decode()}

    def unseal(self, personal: dict[str, Any], aad: bytes, originator_id: UUID
               ) -> dict[str, Any]:
        if self.keys is None:
            raise ValueError("a sealed personal part and no case keys to open it")
        aead = self.keys.cipher(originator_id, create=False)
        if aead is None:  # the case was erased
            return dict.fromkeys(personal[FIELDS], ERASED)
        sealed = base64.b64decode(personal[SEALED])
        opened: dict[str, Any] = _decoder.decode(aead.decrypt(sealed[:NONCE], sealed[NONCE:],
                                                              aad))
        return opened

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        event_class = type(domain_event)
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        class_version = getattr(event_class, "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        topic = get_topic(event_class)
        personal = state.get("personal")
        if self.keys is not None and isinstance(personal, dict):
            state["personal"] = self.seal(
                personal, associated_data(originator_id, originator_version, topic),
                originator_id)
        data = encode_state(state)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=topic,
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
            personal = state.get("personal")
            if isinstance(personal, dict) and SEALED in personal:
                stream = as_uuid(stored_event.originator_id)
                state["personal"] = self.unseal(
                    personal, associated_data(stream, stored_event.originator_version,
                                              stored_event.topic), stream)
            class_version = getattr(event_class, "class_version", 1)
            from_version = state.pop("class_version", 1)
            while from_version < class_version:
                getattr(event_class, f"upcast_v{from_version}_v{from_version + 1}")(state)
                from_version += 1
            state["originator_id"] = stored_event.originator_id
            state["originator_version"] = stored_event.originator_version
            event: DomainEventProtocol[UUID] = msgspec.convert(state, type=event_class)
            if self.keys is not None and stored_event.topic in ERASED_TOPICS:
                # Every process that reads the erasure forgets the key it may cache.
                self.keys.forget(as_uuid(stored_event.originator_id))
        except (msgspec.MsgspecError, AttributeError, KeyError, TypeError, ValueError,
                InvalidTag) as e:
            msg = (
                f"cannot read stored event {stored_event.topic} "
                f"{stored_event.originator_id} v{stored_event.originator_version}: {e}"
            )
            raise MapperDeserialisationError(msg) from e
        return event

"""Idempotency keys: a retried command gets its first answer back and appends nothing.

A client sends `Idempotency-Key` with a command. The first success is recorded as a
small aggregate in the cases' store, saved in the same atomic write as the command's
events, so the record exists if and only if the events do (a crash between the two is
impossible). A retry with the same key finds the record and is answered from it; the
same key with another request is refused. Keys belong to the user who sent them.

Only successes are recorded: a refused command appended nothing, so its retry simply
runs again (and is normally refused again).

The record holds no personal data: ids, a version, a status code and a SHA-256
fingerprint of the request.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.errors import InvalidInput, RuleViolated
from service.applications import find

_NAMESPACE = uuid5(NAMESPACE_URL, "https://casework.invalid/idempotency")


def record_id(actor_id: UUID, key: str) -> UUID:
    """The record of one user's key (keys of different users never meet)."""
    return uuid5(_NAMESPACE, f"{actor_id}\n{key}")


def fingerprint(method: str, path: str, body: bytes, key: bytes) -> str:
    """What identifies a request: method, path (with its ids) and canonical body, as a
    keyed hash (HMAC-SHA256): the body may hold personal data, and a plain hash of it
    could be confirmed by guessing after the data itself is erased."""
    digest = hmac.new(key, f"{method.upper()} {path}\n".encode(), hashlib.sha256)
    digest.update(body)
    return digest.hexdigest()


@dataclass(frozen=True)
class Idempotency:
    """What a keyed command asks to have recorded together with its events."""

    record_id: UUID
    fingerprint: str
    status_code: int = 200

    def for_case(self, case_id: UUID) -> Idempotency:
        """The record of one case of a batch (bulk reassignment) under the same key."""
        return Idempotency(uuid5(_NAMESPACE, f"{self.record_id}\n{case_id}"),
                           self.fingerprint, self.status_code)


class IdempotencyRecord(Aggregate):
    """The answer a keyed request got: the case and its version after the command.

    A batch record (bulk reassignment) names no single case: it fixes the list of cases
    the request covers, and each case has its own record under `Idempotency.for_case`.
    """

    class Recorded(Aggregate.Created):
        fingerprint: str
        status_code: int
        case_id: UUID | None
        case_version: int | None
        referral_id: UUID | None
        case_ids: tuple[UUID, ...]

    def __init__(self, *, fingerprint: str, status_code: int, case_id: UUID | None,
                 case_version: int | None, referral_id: UUID | None,
                 case_ids: tuple[UUID, ...]) -> None:
        self.fingerprint = fingerprint
        self.status_code = status_code
        self.case_id = case_id
        self.case_version = case_version
        self.referral_id = referral_id
        self.case_ids = case_ids

    @classmethod
    def of_command(cls, idempotency: Idempotency, *, case_id: UUID, version: int,
                   referral_id: UUID | None, at: datetime) -> IdempotencyRecord:
        return cls._create(cls.Recorded, id=idempotency.record_id, timestamp=at,
                           fingerprint=idempotency.fingerprint,
                           status_code=idempotency.status_code, case_id=case_id,
                           case_version=version, referral_id=referral_id, case_ids=())

    @classmethod
    def of_batch(cls, idempotency: Idempotency, case_ids: tuple[UUID, ...], *,
                 at: datetime) -> IdempotencyRecord:
        return cls._create(cls.Recorded, id=idempotency.record_id, timestamp=at,
                           fingerprint=idempotency.fingerprint,
                           status_code=idempotency.status_code, case_id=None, case_version=None,
                           referral_id=None, case_ids=case_ids)


class AlreadyRecorded(Exception):
    """A concurrent request with the same key was recorded first: answer from its record."""

    def __init__(self, record: IdempotencyRecord) -> None:
        super().__init__("the idempotency key was recorded by a concurrent request")
        self.record = record


def key_reused() -> InvalidInput:
    return InvalidInput("Idempotency-Key", "key_reused")


def lookup(app: Application[UUID], idempotency: Idempotency) -> IdempotencyRecord | None:
    """The record of an earlier request with this key; refused if that request differed."""
    record = find(app, idempotency.record_id, IdempotencyRecord)
    if record is not None and record.fingerprint != idempotency.fingerprint:
        raise key_reused()
    return record


def raise_if_recorded(app: Application[UUID], idempotency: Idempotency) -> None:
    """After a conflicting save: if the conflict was this key's record, replay it."""
    record = lookup(app, idempotency)
    if record is not None:
        raise AlreadyRecorded(record)


def record_batch(app: Application[UUID], idempotency: Idempotency,
                 case_ids: tuple[UUID, ...], *, at: datetime) -> IdempotencyRecord:
    """Fix the cases a keyed batch covers; a concurrent first writer's list wins."""
    record = IdempotencyRecord.of_batch(idempotency, case_ids, at=at)
    try:
        app.save(record)
    except IntegrityError:
        existing = lookup(app, idempotency)
        if existing is None:
            raise
        return existing
    return record


def in_progress() -> RuleViolated:
    return RuleViolated("request_in_progress",
                        "a request with this Idempotency-Key is still running; retry later")

"""A case's history as data: every event with its actor, time, type and fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.case import Case
from domain.vocabulary import Role, Via

_BASE_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic",
                "actor", "via"}


@dataclass(frozen=True)
class HistoryItem:
    version: int
    type: str
    at: datetime
    actor_id: UUID
    actor_role: Role
    via: Via
    data: dict[str, Any]


def event_type(event: Case.Event) -> str:
    """`ReferralSent` -> `referral_sent`: the stable name clients see."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(event).__name__).lower()


def history_item(event: Case.Event) -> HistoryItem:
    data = {k: v for k, v in vars(event).items() if k not in _BASE_FIELDS}
    return HistoryItem(
        version=event.originator_version,
        type=event_type(event),
        at=event.timestamp,
        actor_id=event.actor.id,
        actor_role=event.actor.role,
        via=event.via,
        data=data,
    )

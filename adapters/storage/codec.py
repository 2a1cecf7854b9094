"""How view columns hold values: portable text and integers on both databases.

Times are UTC ISO-8601 text with microseconds, so text order is time order; dates are
ISO text; enum tuples are `,a,b,` so one LIKE finds a member; tokens are ` t1 t2 `.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

E = TypeVar("E", bound=StrEnum)


def t(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def from_t(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def must_t(value: str) -> datetime:
    return datetime.fromisoformat(value)


def d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def from_d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def u(value: UUID | None) -> str | None:
    return str(value) if value is not None else None


def from_u(value: str | None) -> UUID | None:
    return UUID(value) if value is not None else None


def enums(values: Iterable[StrEnum]) -> str:
    items = [v.value for v in values]
    return "," + ",".join(items) + "," if items else ""


def from_enums(kind: type[E], value: str | None) -> tuple[E, ...]:
    if not value:
        return ()
    return tuple(kind(v) for v in value.strip(",").split(",") if v)


def member(value: StrEnum) -> str:
    return f"%,{value.value},%"


def tokens(values: Sequence[str]) -> str:
    return " " + " ".join(values) + " " if values else ""


def from_tokens(value: str | None) -> tuple[str, ...]:
    return tuple(value.split()) if value else ()


def money(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def from_money(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None

"""Opaque cursors for paginated collections."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from domain.errors import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 2**31 - 1  # past any list this service holds; beyond a database's integer


def check_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("limit", "out_of_range", {"min": 1, "max": MAX_LIMIT})
    return limit


def encode_cursor(kind: str, value: Any) -> str:
    raw = json.dumps([kind, value], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str | None) -> Any:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        found_kind, value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput("cursor", "invalid_cursor") from None
    if found_kind != kind:
        raise InvalidInput("cursor", "invalid_cursor")
    return value


def offset_from(cursor: str | None, kind: str) -> int:
    value = decode_cursor(kind, cursor)
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_OFFSET:
        raise InvalidInput("cursor", "invalid_cursor")
    return value


MAX_TEXT = 64
MAX_INT = 2**31 - 1


def position_from(cursor: str | None, kind: str,
                  shape: tuple[tuple[type, ...], ...]) -> tuple[int | str | None, ...] | None:
    """A keyset position: a list with one value per slot of `shape`, each of a type that
    slot allows (whole numbers bounded, text printable and short)."""
    value = decode_cursor(kind, cursor)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != len(shape):
        raise InvalidInput("cursor", "invalid_cursor")
    for item, allowed in zip(value, shape, strict=True):
        if not (type(item) in allowed and _sane(item)):
            raise InvalidInput("cursor", "invalid_cursor")
    return tuple(value)


def _sane(item: object) -> bool:
    if isinstance(item, str):
        return len(item) <= MAX_TEXT and item.isprintable()
    if isinstance(item, int):
        return -MAX_INT <= item <= MAX_INT
    return item is None


def pair_from(cursor: str | None, kind: str) -> tuple[str, str] | None:
    value = decode_cursor(kind, cursor)
    if value is None:
        return None
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, str) and v.isprintable() and len(v) <= 64
                       for v in value)):
        raise InvalidInput("cursor", "invalid_cursor")
    return (value[0], value[1])

"""Input bounds of SPEC §2, checked before anything is stored."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from domain import normalise
from domain.errors import InvalidInput

NAME_MAX = 100
TEXT_MAX = 4000
SHORT_TEXT_MAX = 200
MINUTES_MAX = 1440
# How far ahead of the server's clock a "when it was done" may be (a phone's clock).
CLOCK_TOLERANCE = timedelta(minutes=10)
PEOPLE_HELPED_MAX = 100_000
VALUE_CNY_MAX = Decimal("100000000")

_ID_NUMBER = re.compile(r"^[0-9A-Za-z]{6,30}$")
_TEAM_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
# Control characters (C0 and C1) but tab and line breaks: invisible, and NUL cannot be
# stored in a PostgreSQL text column at all; and lone surrogates, which no store encodes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Characters that show nothing: format characters (zero-width spaces and joiners, bidi
# marks and controls, the byte-order mark, the soft hyphen) and the blank fillers.
_BLANK_FILLERS = "\u115f\u1160\u3164\uffa0\u2800"
# Bidi embeddings and overrides (closed by PDF) and isolates (closed by PDI).
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"
_ISOLATES = "\u2066\u2067\u2068"
_PDF, _PDI = "\u202c", "\u2069"
_PARAGRAPH_ENDS = "\n\r\x1c\x1d\x1e\x85\u2029"

E = TypeVar("E", bound=Enum)


def text(field: str, value: str, *, max_len: int = TEXT_MAX, required: bool = True) -> str:
    """The text, normalised (NFC) and stripped; refused when it is empty (or shows
    nothing), too long, holds control characters or leaves a bidi control open."""
    if _CONTROL.search(value):
        raise InvalidInput(field, "control_characters")
    cleaned = unicodedata.normalize("NFC", value).strip()
    if required and not cleaned:
        raise InvalidInput(field, "required")
    if cleaned and not any(_visible(ch) for ch in cleaned):
        raise InvalidInput(field, "invisible_only")
    if len(cleaned) > max_len:
        raise InvalidInput(field, "too_long", {"max": max_len})
    if not _bidi_balanced(cleaned):
        raise InvalidInput(field, "unpaired_bidi")
    return cleaned


def _visible(ch: str) -> bool:
    return not (ch.isspace() or ch in _BLANK_FILLERS or unicodedata.category(ch) == "Cf")


def _bidi_balanced(value: str) -> bool:
    """Every bidi embedding, override and isolate is closed, in order, within its
    paragraph: an open one would turn the text that follows it (another field on the
    same page, a file name) around."""
    if not any(ch in _EMBEDDINGS or ch in _ISOLATES or ch in (_PDF, _PDI) for ch in value):
        return True
    open_: list[str] = []
    for ch in value:
        if ch in _EMBEDDINGS or ch in _ISOLATES:
            open_.append(ch)
        elif ch == _PDF:
            if not open_ or open_.pop() not in _EMBEDDINGS:
                return False
        elif ch == _PDI:
            if not open_ or open_.pop() not in _ISOLATES:
                return False
        elif ch in _PARAGRAPH_ENDS and open_:
            return False
    return not open_


def optional_text(field: str, value: str | None, *, max_len: int = TEXT_MAX) -> str | None:
    if value is None:
        return None
    cleaned = text(field, value, max_len=max_len, required=False)
    return cleaned or None


def name(field: str, value: str) -> str:
    """A person's name: text of at most 100 characters, full-width forms folded
    (decision 0022)."""
    return text(field, normalise.fold(value), max_len=NAME_MAX)


def optional_name(field: str, value: str | None) -> str | None:
    return optional_text(field, normalise.fold(value), max_len=NAME_MAX) if value else None


def phone(field: str, value: str) -> str:
    """The phone in its canonical form (domain/normalise.py, decision 0022)."""
    canonical = normalise.canonical_phone(value) if not _CONTROL.search(value) else None
    if canonical is None:
        raise InvalidInput(field, "invalid_phone")
    return canonical


def id_number(field: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    cleaned = normalise.id_number(value)
    if not _ID_NUMBER.match(cleaned):
        raise InvalidInput(field, "invalid_id_number")
    return cleaned


def team_code(field: str, value: str) -> str:
    value = normalise.fold(value)
    if not _TEAM_CODE.match(value):
        raise InvalidInput(field, "invalid_team_code")
    return value


def minutes(field: str, value: int) -> int:
    if not 0 <= value <= MINUTES_MAX:
        raise InvalidInput(field, "out_of_range", {"min": 0, "max": MINUTES_MAX})
    return value


def birth_year(field: str, value: int | None, *, today: date) -> int | None:
    if value is None:
        return None
    if not today.year - 130 <= value <= today.year:
        raise InvalidInput(field, "invalid_birth_year",
                           {"min": today.year - 130, "max": today.year})
    return value


def money(field: str, value: Decimal) -> Decimal:
    if not value.is_finite() or value < 0 or value > VALUE_CNY_MAX:
        raise InvalidInput(field, "invalid_amount", {"max": int(VALUE_CNY_MAX)})
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput(field, "too_many_decimals", {"places": 2})
    return value.quantize(Decimal("0.01"))


def count(field: str, value: int, *, maximum: int = PEOPLE_HELPED_MAX) -> int:
    if not 0 <= value <= maximum:
        raise InvalidInput(field, "out_of_range", {"min": 0, "max": maximum})
    return value


def aware(field: str, value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(field, "time_without_zone")
    return value


def distinct(field: str, values: Iterable[E], *, required: bool = False) -> tuple[E, ...]:
    seen: list[E] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    if required and not seen:
        raise InvalidInput(field, "at_least_one")
    return tuple(seen)

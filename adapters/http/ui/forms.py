"""A posted HTML form read into domain values. A value that cannot be read raises the
domain's InvalidInput naming the field, so that it is shown like any other refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from domain.errors import InvalidInput
from domain.refusals import Problems

E = TypeVar("E", bound=Enum)
T = TypeVar("T")
FormData = dict[str, Any]
CSRF_FIELD = "_csrf_token"
REQUEST_KEY_FIELD = "request_key"  # a fresh key per form shown: its idempotency key


class Form:
    def __init__(self, data: FormData | None) -> None:
        self.data = data or {}

    def _all(self, name: str) -> list[str]:
        raw = self.data.get(name)
        if raw is None:
            return []
        return [str(v) for v in raw] if isinstance(raw, list) else [str(raw)]

    def values_of(self, name: str) -> list[str]:
        return [v for v in self._all(name) if v]

    def raw(self, name: str) -> str:
        values = self._all(name)
        return values[-1] if values else ""

    @property
    def values(self) -> dict[str, str | list[str]]:
        """What was entered, to fill the form again after a refusal."""
        kept: dict[str, str | list[str]] = {}
        for name in self.data:
            if name in (CSRF_FIELD, REQUEST_KEY_FIELD):
                continue
            values = self._all(name)
            kept[name] = values if len(values) > 1 else (values[0] if values else "")
        return kept

    def text(self, name: str) -> str:
        return self.raw(name)

    def optional(self, name: str) -> str | None:
        value = self.raw(name).strip()
        return value or None

    def flag(self, name: str) -> bool:
        return self.raw(name).strip().lower() in ("1", "on", "true", "yes")

    def choice(self, name: str, kind: type[E]) -> E:
        value = self.optional_choice(name, kind)
        if value is None:
            raise InvalidInput(name, "choose_option")
        return value

    def optional_choice(self, name: str, kind: type[E]) -> E | None:
        value = self.raw(name).strip()
        if not value:
            return None
        try:
            return kind(value)
        except ValueError:
            raise InvalidInput(name, "choose_option") from None

    def choices(self, name: str, kind: type[E]) -> tuple[E, ...]:
        try:
            return tuple(kind(v) for v in self._all(name) if v)
        except ValueError:
            raise InvalidInput(name, "choose_option") from None

    def integer(self, name: str, *, low: int, high: int) -> int:
        value = self.optional_integer(name, low=low, high=high)
        if value is None:
            raise InvalidInput(name, "whole_number")
        return value

    def optional_integer(self, name: str, *, low: int, high: int) -> int | None:
        text = self.raw(name).strip()
        if not text:
            return None
        if not text.isdigit() or len(text) > 12:
            raise InvalidInput(name, "whole_number")
        number = int(text)
        if not low <= number <= high:
            raise InvalidInput(name, "out_of_range", {"min": low, "max": high})
        return number

    def day(self, name: str) -> date:
        try:
            return date.fromisoformat(self.raw(name).strip())
        except ValueError:
            raise InvalidInput(name, "invalid_date") from None

    def local_time(self, name: str, timezone: tzinfo) -> datetime:
        """A `datetime-local` value, read in the deployment's time zone."""
        try:
            moment = datetime.fromisoformat(self.raw(name).strip())
        except ValueError:
            raise InvalidInput(name, "invalid_datetime") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone)
        return moment

    def amount(self, name: str) -> Decimal:
        text = self.raw(name).strip().replace(",", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise InvalidInput(name, "not_an_amount") from None
        if not value.is_finite():
            raise InvalidInput(name, "not_an_amount")
        return value

    def uuid(self, name: str) -> UUID:
        try:
            return UUID(self.raw(name).strip())
        except ValueError:
            raise InvalidInput(name, "unknown_choice") from None

    def version(self) -> int | None:
        """The version of the case the form was made from (a stale one is refused)."""
        text = self.raw("version").strip()
        return int(text) if text.isdigit() and len(text) < 10 else None


def read(found: Problems, default: T, reader: Callable[[], T]) -> T:
    """What `reader` reads from the form, or `default` when it refuses the value: the
    refusal is kept in `found`, so that a form names all its problems at once. A command
    built with a default is never run: `found` refuses first."""
    value = found.check(reader)
    return default if value is None else value

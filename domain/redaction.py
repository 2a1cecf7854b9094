"""Masking a resident's identifiers in free text that others read (a partner before
acceptance, the referral board): their name, phone, ID number, address detail and
emergency contact, and any phone-like run of digits."""

from __future__ import annotations

import re
from collections.abc import Mapping

_LONG_DIGITS = re.compile(r"\+?\d[\d\s-]{4,}\d")
REDACTED = "***"
_IDENTIFIERS = ("name", "phone", "id_number", "address_detail", "emergency_contact_name",
                "emergency_contact_phone")


def identifiers(personal: Mapping[str, object]) -> tuple[str, ...]:
    """The resident's identifiers in a case's personal data."""
    return tuple(v for k in _IDENTIFIERS if isinstance(v := personal.get(k), str) and v)


def redact(text: str, *secrets: str | None) -> str:
    """The text with the given identifiers and any phone-like numbers masked."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return _LONG_DIGITS.sub(REDACTED, text)

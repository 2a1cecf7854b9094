"""Masking a resident's identifiers in free text that others read (a partner before
acceptance, the referral board): their name, phone, ID number, address detail and
emergency contact, and any phone- or ID-card-like number.

Writers do not spell an identifier the same way twice, so the masking does not compare
strings: the text is brought to its compatibility form first (full-width letters and
digits become ASCII), an identifier matches whatever case, spaces, punctuation or
invisible characters stand between its letters and digits, and any run of seven or
more digits is masked whatever separates them (a phone or ID number of someone else:
a neighbour, the son)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

REDACTED = "***"
_IDENTIFIERS = ("name", "phone", "id_number", "address_detail", "emergency_contact_name",
                "emergency_contact_phone")
# What may stand between two letters or digits of an identifier: anything that is not a
# letter or digit (spaces, punctuation, dashes, zero-width and other invisible marks).
_GAP = r"[\W_]*"
# What may stand between two digits of a number: spaces, dots, dashes, slashes,
# parentheses and brackets, and invisible marks.
_DIGIT_GAP = r"[\s\-\u2010-\u2015./\\()\[\]_·\u200b-\u200f\u2060\ufeff]*"
# Seven or more digits, whatever separates them, with what makes them an ID card or a
# passport: up to two letters before, a check character X after.
_LONG_NUMBER = re.compile(
    r"(?:(?<![^\W\d_])[A-Za-z]{1,2})?\+?\(?\d(?:" + _DIGIT_GAP + r"\d){6,}"
    r"(?:" + _DIGIT_GAP + r"[Xx](?![^\W\d_]))?\)?")
# The shorter phone-like runs masked before (six characters of digits, spaces, dashes).
_PHONE_LIKE = re.compile(r"\+?\d[\d\s-]{4,}\d")
_NAME_PART_MIN = 3  # parts of a Latin name masked on their own (Smith, not Li)


def identifiers(personal: Mapping[str, object]) -> tuple[str, ...]:
    """The resident's identifiers in a case's personal data."""
    return tuple(v for k in _IDENTIFIERS if isinstance(v := personal.get(k), str) and v)


def redact(text: str, *secrets: str | None) -> str:
    """The text with the given identifiers and any phone- or ID-like numbers masked."""
    text = unicodedata.normalize("NFKC", text)
    for pattern in _patterns(tuple(sorted({s for s in secrets if s}, key=len, reverse=True))):
        text = pattern.sub(REDACTED, text)
    text = _LONG_NUMBER.sub(REDACTED, text)
    return _PHONE_LIKE.sub(REDACTED, text)


@lru_cache(maxsize=1024)
def _patterns(secrets: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    found: list[re.Pattern[str]] = []
    for secret in secrets:
        for variant in _variants(secret):
            if (pattern := _loose(variant)) is not None:
                found.append(pattern)
    return tuple(found)


def _variants(secret: str) -> Iterable[str]:
    """The identifier, and the parts of it that identify on their own: each part of a
    Latin name of three letters or more, the given name of a Chinese name."""
    secret = unicodedata.normalize("NFKC", secret)
    yield secret
    parts = secret.split()
    if len(parts) > 1:
        yield from (p for p in parts if len(_significant(p)) >= _NAME_PART_MIN)
    letters = _significant(secret)
    if len(letters) >= _NAME_PART_MIN and all(_wide(ch) for ch in letters):
        yield "".join(letters[1:])


def _loose(secret: str) -> re.Pattern[str] | None:
    """A pattern matching the identifier's letters and digits in order, in any case and
    whatever stands between them; Latin ends must not run on into a longer word."""
    chars = _significant(secret)
    if not chars:
        return None
    body = _GAP.join(re.escape(ch) for ch in chars)
    start = "" if _wide(chars[0]) else r"(?<![^\W_])"
    end = "" if _wide(chars[-1]) else r"(?![^\W_])"
    return re.compile(start + body + end, re.IGNORECASE)


def _significant(text: str) -> list[str]:
    return [ch for ch in text if ch.isalnum()]


def _wide(ch: str) -> bool:
    """A character of a script written without spaces between words (CJK)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")

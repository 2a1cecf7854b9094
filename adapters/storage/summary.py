"""The `summary` column of the cases view: the resident's name and the first line of the
request, which the queues and lists show (issue 12 item 3).

Both are personal data: the column holds them sealed under the case's own key
(ViewTextSeal, bound to the case id; deterministic, so a rebuilt view holds the same
bytes), and an erased case's column holds ERASED. Opening costs one AES-GCM decryption
per row (and one key-store read when the case's key is not cached): readers open it only
for the rows a page shows (docs/performance.md, "Names in the queues").
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

import msgspec

from domain.values import ERASED


class TextSeal(Protocol):
    """Seals a row's free text under its case's key (adapters/security/case_keys.py)."""

    def seal(self, case_id: UUID, bound_to: UUID, text: str) -> str: ...

    def open(self, case_id: UUID, bound_to: UUID, text: str) -> str: ...


Summary = tuple[str | None, str | None]  # (resident's name, request's first line)
NOT_READ: Summary = (None, None)


def summary_text(case_id: UUID, name: str | None, line: str | None,
                 seal: TextSeal | None, stored: str = "") -> str:
    """The column's value for a row (sealed when the store has a seal); `stored`, the
    column as read, for a row read without opening it and written back."""
    if name is None and line is None:
        return stored
    if name == ERASED:
        return ERASED
    plain = msgspec.json.encode([name, line]).decode()
    return plain if seal is None else seal.seal(case_id, case_id, plain)


def summary_from(case_id: UUID, text: str | None, seal: TextSeal | None, *,
                 open_sealed: bool = True) -> Summary:
    """The name and request line held by the column; NOT_READ for an empty column, or
    for a sealed one when `open_sealed` is false or no seal is given."""
    if not text:
        return NOT_READ
    if text == ERASED:
        return ERASED, ERASED
    if text.startswith(("[", "{")):  # stored plain (a store with no keys)
        return _decode(text)
    if seal is None or not open_sealed:
        return NOT_READ
    opened = seal.open(case_id, case_id, text)
    if opened == ERASED:  # the key is gone: erased since the row was written
        return ERASED, ERASED
    return _decode(opened)


def _decode(text: str) -> Summary:
    name, line = msgspec.json.decode(text, type=tuple[str | None, str | None])
    return name, line

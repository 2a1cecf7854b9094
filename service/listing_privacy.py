"""What a list row shows of a resident to a reader outside the case's team (an auditor):
the name masked but for its first character, the request's first line with the name
and any phone- or ID-like number masked (decision 0024). Opening the case shows them
whole, and that read is in the access log; a list is not."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from domain.redaction import redact
from domain.values import ERASED
from projections.rows import CaseRow

MASK = "*"


def mask_name(name: str | None) -> str | None:
    """宋老师 → 宋**; Mary Smith → M*** S***; an erased or unknown name as it is."""
    if not name or name == ERASED:
        return name
    name = unicodedata.normalize("NFKC", name).strip()
    parts = name.split()
    if len(parts) > 1:
        return " ".join(part[0] + MASK * 3 for part in parts)
    return name[0] + MASK * max(len(name) - 1, 2 if name.isascii() else 1)


def masked_line(line: str | None, name: str | None) -> str | None:
    if not line or line == ERASED:
        return line
    return redact(line, name if name != ERASED else None)


def masked_row(row: CaseRow) -> CaseRow:
    return replace(row, resident_name=mask_name(row.resident_name),
                   request_line=masked_line(row.request_line, row.resident_name))

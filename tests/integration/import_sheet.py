"""A generated 5,000-row intake sheet with deliberate faults, and what the import must
say about each row. Used by the import tests and tests/benchmarks/bench_import.py."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook

from service.import_rows import COLUMNS

HEADERS = [zh for _, zh, _ in COLUMNS]
NEEDS = ("买药", "取药", "买菜", "陪同就医", "心理疏导", "代配药、买菜", "medication")
YES_NO = ("是", "否", "Y", "N", "1", "0", "yes", "no")
BROKEN_LINE = b"\xff\xfe broken \x80\x81\n"  # neither UTF-8 nor GB18030


def phone(i: int) -> str:
    return f"139{i:08d}"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else "\u3000" if c == " " else c
                   for c in text)


@dataclass
class Expected:
    """For each sheet row number: the status and the (column, code) of its problem."""

    status: dict[int, str] = field(default_factory=dict)
    problem: dict[int, tuple[str, str]] = field(default_factory=dict)

    def rows(self, status: str) -> list[int]:
        return sorted(r for r, s in self.status.items() if s == status)


def good_row(i: int) -> list[str]:
    return [f"居民{i}", phone(i), "", str(1930 + i % 60), "女" if i % 2 else "男", "江北区",
            "观音桥街道", "建新社区", f"{i}号", YES_NO[i % len(YES_NO)], NEEDS[i % len(NEEDS)],
            "老年人、独居" if i % 3 == 0 else "慢性病", f"需要帮助 {i}"]


def generate(n: int = 5000, *, broken_line_at: int | None = 2500,
             faults: bool = True) -> tuple[list[list[str]], Expected]:
    """The data rows (without the header) and the expected outcome of each sheet row
    (row 1 is the header, data row i is sheet row i + 2)."""
    rows: list[list[str]] = []
    expected = Expected()
    for i in range(n):
        row, sheet_row = good_row(i), i + 2
        kind = i % 100 if faults else 0
        status = "created"
        if kind == 1:
            row[1] = ""
            status, expected.problem[sheet_row] = "refused", ("电话", "required")
        elif kind == 2:
            row[1] = full_width(f"139 {i:04d} {i % 10000:04d}")  # full-width, spaced
        elif kind == 3:
            row[10] = "买彩票"
            status, expected.problem[sheet_row] = "refused", ("需求", "unknown_need")
        elif kind == 4:
            row = list(rows[i - 2])  # the same as two rows above (a kind 2 row)
            status, expected.problem[sheet_row] = "duplicate", ("", "duplicate_row")
        elif kind == 5:
            row[0], row[1] = f"另一居民{i}", phone(i - 5)  # a kind 0 row's phone
            if i - 5 != broken_line_at:
                status = "duplicate"
                expected.problem[sheet_row] = ("电话", "likely_duplicate_row")
        elif faults and i % 250 == 7:
            row[1] = "电话待补"
            status, expected.problem[sheet_row] = "refused", ("电话", "invalid_phone")
        if broken_line_at is not None and i == broken_line_at:
            status, expected.problem[sheet_row] = "refused", ("", "bad_encoding")
        rows.append(row)
        expected.status[sheet_row] = status
    return rows, expected


def csv_bytes(rows: list[list[str]], encoding: str = "gb18030",
              broken_line_at: int | None = 2500) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    lines = out.getvalue().encode(encoding).split(b"\n")
    if broken_line_at is not None:
        lines[broken_line_at + 1] = BROKEN_LINE.rstrip(b"\n")
    return b"\n".join(lines)


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for row in rows:
        # phones as numbers, as people type them into Excel
        sheet.append([int(c) if j == 1 and c.isascii() and c.isdigit() else c
                      for j, c in enumerate(row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

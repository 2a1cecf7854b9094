"""The house rules, executable: imports point down (import-linter's contracts in
pyproject.toml), and the domain never reads a clock (time comes in from outside)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "domain"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# Calls that read the current time. `date.today`, `datetime.now` and friends;
# `time.time`, `time.monotonic` and the like come in through the `time` module.
CLOCK_CALLS = {"now", "utcnow", "today"}
CLOCK_MODULES = {"time"}


def test_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
        timeout=120, check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Contracts: 3 kept, 0 broken." in output, output


def domain_sources() -> list[Path]:
    return sorted(DOMAIN.rglob("*.py"))


def clock_reads(text: str, name: str) -> list[str]:
    """Each place in the source `text` that reads the clock, as 'name:line: what'."""
    found = []
    for node in ast.walk(ast.parse(text, filename=name)):
        what = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in CLOCK_CALLS:
                what = f"calls .{node.func.attr}()"
        elif isinstance(node, ast.Import):
            if {alias.name.split(".")[0] for alias in node.names} & CLOCK_MODULES:
                what = "imports the time module"
        elif isinstance(node, ast.ImportFrom) and node.module in CLOCK_MODULES:
            what = "imports from the time module"
        if what:
            found.append(f"{name}:{getattr(node, 'lineno', 0)}: {what}")
    return found


@pytest.mark.parametrize("source", domain_sources(), ids=lambda p: p.name)
def test_the_domain_never_reads_the_clock(source: Path) -> None:
    name = str(source.relative_to(ROOT))
    assert clock_reads(source.read_text(encoding="utf-8"), name) == []


def test_the_clock_check_sees_the_usual_ways_to_read_the_time() -> None:
    sample = (
        "import time\n"
        "from time import monotonic\n"
        "from datetime import UTC, date, datetime\n"
        "a = datetime.now(tz=UTC)\n"
        "b = datetime.utcnow()\n"
        "c = date.today()\n"
        "d = datetime(2022, 4, 10, tzinfo=UTC)  # a given time is fine\n"
    )
    assert [line.split(": ", 1)[1] for line in clock_reads(sample, "sample.py")] == [
        "imports the time module", "imports from the time module",
        "calls .now()", "calls .utcnow()", "calls .today()"]

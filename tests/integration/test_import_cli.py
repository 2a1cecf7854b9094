"""`casework import` as a user runs it: the template, a dry run with its report file, and
an import killed half-way (SIGKILL) then run again: each good row created exactly once."""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from adapters.bootstrap import build
from adapters.settings import Settings
from service.clock import FixedClock
from tests.integration.conftest import CHEAP_HASHER, START, make_world
from tests.integration.import_sheet import csv_bytes, generate
from tests.integration.test_cli import CASEWORK, casework

OPENED = "domain.case:Case.Opened"


@pytest.fixture
def seeded(tmp_path: Path) -> dict[str, str]:
    """An embedded store with teams JB (one supervisor, jb-lead) and PD."""
    data_dir = tmp_path / "var"
    container = build(Settings(data_dir=data_dir, demo=False), clock=FixedClock(START),
                      hasher=CHEAP_HASHER)
    make_world(container, container.clock)  # type: ignore[arg-type]
    container.close()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    return {**clean, "CASEWORK_DATA_DIR": str(data_dir), "CASEWORK_LOG_LEVEL": "warning"}


def cases_in(env: dict[str, str]) -> int:
    container = build(Settings(data_dir=Path(env["CASEWORK_DATA_DIR"]), demo=False))
    try:
        return len(list(container.cases_app.recorder.select_notifications(
            start=1, limit=1_000_000, topics=[OPENED])))
    finally:
        container.close()


def test_the_template_and_a_dry_run_with_its_report(seeded: dict[str, str],
                                                    tmp_path: Path) -> None:
    template = casework(seeded, "import", "--template", "zh")
    assert template.code == 0
    header, example = list(csv.reader(io.StringIO(template.stdout)))
    assert header[:3] == ["姓名", "电话", "身份证"]
    assert len(example) == len(header)

    rows, expected = generate(110, broken_line_at=60)
    sheet = tmp_path / "名单.csv"
    sheet.write_bytes(csv_bytes(rows, broken_line_at=60))
    report = tmp_path / "报告.xlsx"
    dry = casework(seeded, "import", str(sheet), "--team", "JB", "--dry-run",
                   "--report", str(report))

    assert dry.code == 0, dry.stderr
    good = len(expected.rows("created"))
    assert f"{good} would be created" in dry.stdout
    assert "rows" in dry.stderr  # the progress bar
    lines = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert lines[0] == ["row", "column", "status", "case", "reason_zh", "reason_en"]
    listed = {int(line[0]) for line in lines[1:]}
    assert listed == {r for r, s in expected.status.items() if s != "created"}
    assert [line[4] for line in lines[1:] if line[0] == 62] == ["该行编码损坏,无法识别"]
    assert cases_in(seeded) == 0

    wrong = casework(seeded, "import", str(sheet), "--team", "PD", "--user", "jb-lead")
    assert wrong.code != 0
    assert wrong.error_lines == ["casework: error: a supervisor imports cases into their "
                                 "own team only"]


@pytest.mark.long
def test_an_import_killed_half_way_resumes_creating_each_row_once(
        seeded: dict[str, str], tmp_path: Path) -> None:
    rows, _ = generate(1500, faults=False, broken_line_at=None)
    sheet = tmp_path / "名单.csv"
    sheet.write_bytes(csv_bytes(rows, broken_line_at=None))
    running = subprocess.Popen([str(CASEWORK), "import", str(sheet), "--team", "JB"],
                               env=seeded, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    assert running.stderr is not None
    try:
        seen = b""
        while not [n for n in re.findall(rb"(\d+)/1500 rows", seen) if int(n) >= 300]:
            chunk = running.stderr.read1(256)  # type: ignore[attr-defined]
            assert chunk, seen[-500:]
            seen += chunk
    finally:
        running.send_signal(signal.SIGKILL)
        running.wait(timeout=30)
        running.stderr.close()
    halfway = cases_in(seeded)
    assert 0 < halfway < 1500

    resumed = casework(seeded, "import", str(sheet), "--team", "JB")

    assert resumed.code == 0, resumed.stderr
    assert (f"1500 rows: {1500 - halfway} created, 0 would be created, "
            f"{halfway} imported before") in resumed.stdout
    assert cases_in(seeded) == 1500

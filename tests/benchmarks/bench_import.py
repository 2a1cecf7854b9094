"""The import rate (rows/s) of `casework import` for a 10,000-row sheet, on SQLite and on
PostgreSQL, with the projections running beside it as in a server.

    uv run --frozen python -m tests.benchmarks.bench_import [--rows 10000]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]

Per store: reading the sheet (GB18030 CSV and XLSX), a dry run, the import (every good
row created through the intake command), and the same file imported again (every row
answered as imported before). The sheet is the tests' generated one without faults but
its duplicate-free rows; figures only, no resident data is printed.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path
from uuid import uuid4

import psycopg
from psycopg import sql

from adapters.bootstrap import build
from adapters.imports.sheets import read_sheet
from adapters.logging import configure_logging
from adapters.settings import Settings
from domain.vocabulary import Role
from service.identity import OPERATOR
from tests.integration.import_sheet import csv_bytes, generate, xlsx_bytes

TEAM = "BN"


def timed(what: str, rows: int, work: object) -> float:
    started = time.perf_counter()
    result = work() if callable(work) else None
    elapsed = time.perf_counter() - started
    print(f"  {what:<34} {elapsed:7.2f} s {rows / elapsed:9.0f} rows/s", flush=True)
    del result
    return elapsed


def bench(store: str, rows: int, postgres: str | None) -> None:
    data, _ = generate(rows, faults=False, broken_line_at=None)
    as_csv, as_xlsx = csv_bytes(data, broken_line_at=None), xlsx_bytes(data)
    with tempfile.TemporaryDirectory() as tmp:
        schema = f"bench_{uuid4().hex[:8]}" if postgres else None
        settings = Settings(data_dir=Path(tmp), database_url=postgres,
                            database_schema=schema, demo=False, log_level="warning")
        container = build(settings)
        try:
            container.start_projections()
            container.identity.create_team(OPERATOR, TEAM, "Bench", "江北区")
            lead = container.identity.create_user(OPERATOR, "bench-lead", "x" * 12, "Lead",
                                                  Role.SUPERVISOR, team=TEAM).actor
            print(f"store: {store}; {rows} rows")
            timed("read CSV (GB18030)", rows, lambda: read_sheet(as_csv, "a.csv"))
            timed("read XLSX (python-calamine)", rows, lambda: read_sheet(as_xlsx, "a.xlsx"))
            sheet = read_sheet(as_csv, "a.csv")
            imports = container.imports
            timed("dry run", rows, lambda: imports.import_sheet(lead, TEAM, sheet,
                                                                dry_run=True))
            timed("import (created)", rows, lambda: imports.import_sheet(lead, TEAM, sheet))
            timed("import again (nothing created)", rows,
                  lambda: imports.import_sheet(lead, TEAM, sheet))
        finally:
            container.close()
            if postgres and schema:
                with psycopg.connect(postgres, autocommit=True) as conn:
                    conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres", default=None, help="postgresql:// URL")
    args = parser.parse_args()
    configure_logging("warning")
    logging.getLogger().setLevel(logging.WARNING)
    bench("SQLite", args.rows, None)
    if args.postgres:
        bench("PostgreSQL", args.rows, args.postgres)


if __name__ == "__main__":
    main()

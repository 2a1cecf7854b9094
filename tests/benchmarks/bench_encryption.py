"""The cost of sealing residents' data (decision 0020): commands and case reads with
encryption on and off, in the same run, alternating to spread the machine's noise.

    uv run --frozen python -m tests.benchmarks.bench_encryption [--rounds 2]
        [--seconds 3] [--threads 4] [--postgres URL]

`seal_personal=False` exists for this benchmark only; the product always seals. Each
figure is the median over the rounds; the ratio is on/off (1.00 = no cost). Figures only.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import tempfile
from pathlib import Path
from uuid import uuid4

import psycopg
from psycopg import sql

from adapters.bootstrap import build
from adapters.logging import configure_logging
from adapters.settings import Settings
from tests.benchmarks.bench_commands import Bench, rate

FILL = 200
NAMES = ("intake/s 1t", "intake/s Nt", "note/s 1t", "note/s Nt", "case read/s 1t")


def measure(settings: Settings, sealed: bool, seconds: float, threads: int) -> list[float]:
    container = build(settings, seal_personal=sealed)
    try:
        bench = Bench(container)
        bench.fill_to(FILL)

        def read_one() -> None:  # the case page's read: the case and all its events
            case_id = random.choice(bench.case_ids)  # noqa: S311 - load pattern
            container.cases.case_with_events(bench.worker, case_id)

        return [rate(bench.open_one, seconds, 1)[0], rate(bench.open_one, seconds, threads)[0],
                rate(bench.note_one, seconds, 1)[0], rate(bench.note_one, seconds, threads)[0],
                rate(read_one, seconds, 1)[0]]
    finally:
        container.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--postgres", default=None, help="postgresql:// URL")
    args = parser.parse_args()
    configure_logging("warning")
    logging.getLogger().setLevel(logging.WARNING)
    figures: dict[bool, list[list[float]]] = {False: [], True: []}
    for _ in range(args.rounds):
        for sealed in (False, True):
            with tempfile.TemporaryDirectory() as tmp:
                schema = f"bench_{uuid4().hex[:8]}" if args.postgres else None
                settings = Settings(data_dir=Path(tmp), database_url=args.postgres,
                                    database_schema=schema, demo=False, log_level="warning")
                try:
                    figures[sealed].append(measure(settings, sealed, args.seconds,
                                                   args.threads))
                finally:
                    if args.postgres and schema:
                        with psycopg.connect(args.postgres, autocommit=True) as conn:
                            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(
                                sql.Identifier(schema)))
    print(f"store: {'PostgreSQL' if args.postgres else 'SQLite'}; {args.rounds} rounds of "
          f"{args.seconds:.0f} s per figure; N = {args.threads} threads; {FILL} cases")
    print(f"{'figure':>16} | {'off':>8} | {'on':>8} | on/off")
    for i, name in enumerate(NAMES):
        off = statistics.median(run[i] for run in figures[False])
        on = statistics.median(run[i] for run in figures[True])
        print(f"{name:>16} | {off:>8.1f} | {on:>8.1f} | x{on / off:.2f}")


if __name__ == "__main__":
    main()

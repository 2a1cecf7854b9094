"""The cost of the hash chain (decision 0019) on commands: the same commands on a store
with the chain and on one without (the library's own recorders), in alternating rounds
of one run, each round on a fresh store.

    uv run --frozen python -m tests.benchmarks.bench_chain [--rounds 3] [--seconds 3]
        [--threads 8] [--postgres URL]

Prints the medians of each: commands per second (wall clock, one thread and `--threads`)
and the CPU time per command of the whole process (one thread; the projector thread
included), which a machine shared with other work disturbs less; and the ratio
chain / none.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock
from uuid import uuid4

import psycopg
from psycopg import sql

from adapters.bootstrap import build
from adapters.logging import configure_logging
from adapters.settings import Settings
from adapters.storage import stores
from tests.benchmarks.bench_commands import Bench, rate

WITHOUT_CHAIN = {"sqlite": "eventsourcing.sqlite:SQLiteApplicationRecorder",
                 "postgres": "eventsourcing.postgres:PostgresApplicationRecorder"}
FIGURES = ("intake/s 1t", "intake/s Nt", "note/s 1t", "note/s Nt",
           "intake CPU ms", "note CPU ms")
CPU_COMMANDS = 200


@contextmanager
def fresh_settings(postgres: str | None) -> Iterator[Settings]:
    with tempfile.TemporaryDirectory() as tmp:
        schema = f"bench_{uuid4().hex[:8]}" if postgres else None
        try:
            yield Settings(data_dir=Path(tmp), database_url=postgres, database_schema=schema,
                           demo=False, log_level="warning")
        finally:
            if postgres and schema:
                with psycopg.connect(postgres, autocommit=True) as conn:
                    conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(
                        sql.Identifier(schema)))


def one_round(chain: bool, args: argparse.Namespace) -> list[float]:
    topics = stores.RECORDER_TOPICS if chain else WITHOUT_CHAIN
    with fresh_settings(args.postgres) as settings, \
            mock.patch.object(stores, "RECORDER_TOPICS", topics):
        container = build(settings)
        try:
            container.start_projections()
            bench = Bench(container)
            bench.fill_to(args.fill)
            return [rate(bench.open_one, args.seconds, 1)[0],
                    rate(bench.open_one, args.seconds, args.threads)[0],
                    rate(bench.note_one, args.seconds, 1)[0],
                    rate(bench.note_one, args.seconds, args.threads)[0],
                    cpu_ms(bench.open_one), cpu_ms(bench.note_one)]
        finally:
            container.close()


def cpu_ms(command: Callable[[], None]) -> float:
    """CPU time of the process per command, in ms, over CPU_COMMANDS in one thread."""
    started = time.process_time()
    for _ in range(CPU_COMMANDS):
        command()
    return (time.process_time() - started) * 1000 / CPU_COMMANDS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--fill", type=int, default=200)
    parser.add_argument("--postgres", default=None, help="postgresql:// URL")
    args = parser.parse_args()
    configure_logging("warning")
    logging.getLogger().setLevel(logging.WARNING)
    runs: dict[bool, list[list[float]]] = {False: [], True: []}
    for _ in range(args.rounds):
        for chain in (False, True):
            runs[chain].append(one_round(chain, args))
    print(f"store: {'PostgreSQL' if args.postgres else 'SQLite'}; {args.rounds} rounds of "
          f"{args.seconds:.0f} s per figure; threads 1 and {args.threads}; medians")
    for index, name in enumerate(FIGURES):
        without = statistics.median(r[index] for r in runs[False])
        with_chain = statistics.median(r[index] for r in runs[True])
        print(f"{name:>13}: no chain {without:8.2f}  chain {with_chain:8.2f}  "
              f"ratio {with_chain / without:.2f}")


if __name__ == "__main__":
    main()

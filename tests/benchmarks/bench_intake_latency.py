"""One intake at a time, in-process, on PostgreSQL: the latency the store path adds.

    uv run --frozen python -m tests.benchmarks.bench_intake_latency [--intakes 200]

Opens `--intakes` cases one after another in a fresh schema and prints the median and
p90. Baseline beside it, in the same run: the same with the event stores pinging each
pooled connection before use (`POSTGRES_PRE_PING`, as before issue 8's last changes).
Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from adapters import bootstrap
from adapters.bootstrap import build
from adapters.logging import configure_logging
from adapters.settings import Settings
from tests.benchmarks.bench_projections import intake, seed_people

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


@contextmanager
def pre_ping(on: bool) -> Iterator[None]:
    original = bootstrap.event_store_env

    def env(*args: Any, **kwargs: Any) -> dict[str, str]:
        values = original(*args, **kwargs)
        values["POSTGRES_PRE_PING"] = "y" if on else "n"
        return values

    bootstrap.event_store_env = env  # type: ignore[assignment]
    try:
        yield
    finally:
        bootstrap.event_store_env = original  # type: ignore[assignment]


def run(intakes: int, ping: bool) -> list[float]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="casework-bench-")),
                        database_url=PG_URL, database_schema=schema, demo=False)
    with pre_ping(ping):
        container = build(settings)
    try:
        worker, _ = seed_people(container)
        for i in range(20):  # warm: the team, the sequence, the pools
            container.cases.open_case(worker, intake(i))
        times = []
        for i in range(20, 20 + intakes):
            started = time.perf_counter()
            container.cases.open_case(worker, intake(i))
            times.append((time.perf_counter() - started) * 1000)
        return times
    finally:
        container.close()
        with psycopg.connect(PG_URL, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def main() -> None:
    configure_logging("warning")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--intakes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    for n in range(1, args.rounds + 1):
        for ping in (True, False):
            times = sorted(run(args.intakes, ping))
            label = "baseline, pre-ping" if ping else "as configured"
            print(f"round {n}, {label:<18}: median {statistics.median(times):.2f} ms, "
                  f"p90 {times[int(0.9 * len(times))]:.2f} ms")


if __name__ == "__main__":
    main()

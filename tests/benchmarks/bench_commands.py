"""Intake and note commands through the service layer, at growing team sizes.

    uv run --frozen python -m tests.benchmarks.bench_commands [--sizes 0,2000,10000]
        [--threads 8] [--postgres URL]

For each size, the store is filled to that many cases of one team (each a different
resident), then timed: intakes (with the duplicate look-up the API makes) and notes on
random cases, first from one thread, then from `--threads` threads at once. The
baseline printed beside each figure is the same command at size 0 in the same run, so
a cost that grows with the store shows as a ratio below 1. Figures only: no resident
data is printed.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from uuid import UUID, uuid4

import psycopg
from argon2 import PasswordHasher
from psycopg import sql

from adapters.bootstrap import Container, build
from adapters.logging import configure_logging
from adapters.settings import Settings
from domain.values import Actor, Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import Channel, ConsentMethod, Gender, Need, Role, Vulnerability
from service.cases import OpenCase
from service.identity import OPERATOR

TEAM = "BN"


def intake(n: int) -> OpenCase:
    return OpenCase(
        team=TEAM, channel=Channel.HOTLINE,
        profile=ResidentProfile(birth_year=1940 + n % 50, gender=Gender.FEMALE,
                                district="江北区", street="观音桥街道", community="建新社区",
                                lives_alone=bool(n % 2)),
        details=ResidentDetails(name=f"居民{n}", phone=f"139{n:08d}",
                                address_detail=f"{n % 30}-{n % 7}-{n % 400}"),
        request="Out of medicine since the compound was sealed",
        vulnerabilities=(Vulnerability.OLDER_PERSON,), needs=(Need.MEDICATION,),
        consent=Consent(given=True, method=ConsentMethod.VERBAL))


class Bench:
    def __init__(self, container: Container) -> None:
        self.c = container
        identity = container.identity
        identity.hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # untimed
        identity.create_team(OPERATOR, TEAM, "Bench team", "江北区")
        self.worker: Actor = identity.create_user(
            OPERATOR, "bench-worker", "bench-password-1", "Bench", Role.WORKER,
            team=TEAM).actor
        self.count = 0
        self.case_ids: list[UUID] = []

    def open_one(self) -> None:
        self.count += 1
        command = intake(self.count)
        result = self.c.cases.open_case(self.worker, command)
        self.c.queries.possible_duplicates(self.worker, command.details.phone, None,
                                           exclude=result.case.id)
        self.case_ids.append(result.case.id)

    def note_one(self) -> None:
        case_id = random.choice(self.case_ids)  # noqa: S311 - load pattern, not security
        self.c.cases.add_note(self.worker, case_id, "Called; medicine arrives tomorrow")

    def fill_to(self, size: int) -> None:
        while self.count < size:
            self.open_one()


def rate(run: Callable[[], None], seconds: float, threads: int) -> tuple[float, float]:
    """Commands per second and the p99 latency in ms, for `seconds` of `threads`."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    def loop() -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            run()
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(loop) for _ in range(threads)]:
            future.result()
    elapsed = time.perf_counter() - started
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) > 2 else 0.0
    return len(latencies) / elapsed, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="0,2000,10000")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--postgres", default=None, help="postgresql:// URL")
    args = parser.parse_args()
    configure_logging("warning")
    logging.getLogger().setLevel(logging.WARNING)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        schema = f"bench_{uuid4().hex[:8]}" if args.postgres else None
        settings = Settings(data_dir=Path(tmp), database_url=args.postgres,
                            database_schema=schema, demo=False, log_level="warning")
        container = build(settings)
        try:
            container.start_projections()
            bench = Bench(container)
            bench.open_one()  # a first case for notes at size 0
            print(f"store: {'PostgreSQL' if args.postgres else 'SQLite'}; "
                  f"{args.seconds:.0f} s per figure; threads 1 and {args.threads}")
            print(f"{'cases':>7} | {'intake/s 1t':>11} | {'intake/s Nt (p99 ms)':>21} | "
                  f"{'note/s 1t':>9} | {'note/s Nt (p99 ms)':>19}")
            baseline: list[float] = []
            for size in sizes:
                started = time.perf_counter()
                bench.fill_to(size)
                fill = time.perf_counter() - started
                figures = [rate(bench.open_one, args.seconds, 1)[0],
                           *rate(bench.open_one, args.seconds, args.threads),
                           rate(bench.note_one, args.seconds, 1)[0],
                           *rate(bench.note_one, args.seconds, args.threads)]
                if not baseline:
                    baseline = figures
                ratio = figures[1] / baseline[1] if baseline[1] else 0.0
                print(f"{size:>7} | {figures[0]:>11.1f} | {figures[1]:>9.1f} ({figures[2]:>6.1f})"
                      f" x{ratio:.2f} | {figures[3]:>9.1f} | {figures[4]:>8.1f} "
                      f"({figures[5]:>6.1f}) x{figures[4] / baseline[4]:.2f}"
                      f"   [fill {fill:.0f} s]", flush=True)
        finally:
            container.close()
            if args.postgres and schema:
                with psycopg.connect(args.postgres, autocommit=True) as conn:
                    conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


if __name__ == "__main__":
    main()

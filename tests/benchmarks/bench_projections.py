"""Benchmark of the read models: save-to-view lag and rebuild rate, on both stores.

    uv run python -m tests.benchmarks.bench_projections [--events 100000] [--store both]

Lag: commands are saved one after another with the projection runner following the
store; the lag is the time from the save's return to the view's commit of that event.
Baseline beside it: the same runner with wake-ups switched off, polling every 100 ms
(eventsourcing's own `wait()` polls from 100 ms).

Rebuild: a store of at least 100,000 events (10 events a case) is rebuilt into fresh
tables with `rebuild()`; baseline beside it: the live runner catching up from zero.
Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from adapters.bootstrap import Container, build
from adapters.logging import configure_logging
from adapters.projection.rebuild import rebuild
from adapters.settings import Settings
from domain.case import Assessment, Case
from domain.values import Actor, Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    ConsentMethod,
    Gender,
    Need,
    Risk,
    Role,
    ServiceKind,
    Via,
    Vulnerability,
)
from projections.cases import CaseProjection
from service.cases import OpenCase
from service.identity import OPERATOR

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def settings_for(store: str, schema: str) -> Settings:
    data_dir = Path(tempfile.mkdtemp(prefix="casework-bench-"))
    if store == "postgres":
        return Settings(data_dir=data_dir, database_url=PG_URL, database_schema=schema)
    return Settings(data_dir=data_dir)


def seed_people(c: Container) -> tuple[Actor, Actor]:
    c.identity.create_team(OPERATOR, "JB", "江北", "江北区")
    worker = c.identity.create_user(OPERATOR, "bench.worker", "bench-password", "W",
                                    Role.WORKER, "JB").actor
    supervisor = c.identity.create_user(OPERATOR, "bench.sup", "bench-password", "S",
                                        Role.SUPERVISOR, "JB").actor
    return worker, supervisor


def intake(i: int) -> OpenCase:
    return OpenCase(
        team="JB", channel=Channel.HOTLINE,
        profile=ResidentProfile(1950 + i % 40, Gender.FEMALE, "江北区", "观音桥", "建新", False),
        details=ResidentDetails(name=f"居民{i}", phone=f"138{i:08d}"),
        request="needs medicine", vulnerabilities=(Vulnerability.OLDER_PERSON,),
        needs=(Need.MEDICATION,), consent=Consent(True, ConsentMethod.VERBAL))


def measure_lag(c: Container, worker: Actor, count: int) -> list[float]:
    c.runner.lag.samples.clear()
    for i in range(count):
        result = c.cases.open_case(worker, intake(i))
        c.runner.wait_for(result.position, 5.0)
    return list(c.runner.lag.samples)


def summary(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
    return f"n={len(ms)} median={statistics.median(ms):.1f} ms p99={p99:.1f} ms"


def bulk_history(c: Container, worker: Actor, supervisor: Actor, cases: int) -> int:
    """Write `cases` cases of 10 events each straight through the aggregate (fast)."""
    start = datetime(2022, 4, 1, tzinfo=UTC)
    batch: list[Case] = []
    written = 0
    for i in range(cases):
        at = start + timedelta(seconds=i)
        case = Case.open(case_id=uuid.uuid4(), reference=f"JB-2022-B{i:07d}", team="JB",
                         channel=Channel.HOTLINE, profile=intake(i).profile,
                         details=intake(i).details, request="needs medicine",
                         vulnerabilities=(Vulnerability.OLDER_PERSON,), needs=(Need.MEDICATION,),
                         consent=Consent(True, ConsentMethod.VERBAL),
                         assessment=Assessment(Risk.MEDIUM, (Need.MEDICATION,), None, "plan",
                                               at.date() + timedelta(days=1)),
                         actor=worker, via=Via.IMPORT, at=at)
        case.claim(actor=worker, via=Via.API, at=at)
        for n in range(5):
            case.add_note(f"note {n}", actor=worker, via=Via.API, at=at)
        case.log_service(ServiceKind.PHONE_FOLLOW_UP, "call", at, 10, actor=worker,
                         via=Via.API, at=at)
        case.close(ClosureOutcome.RESOLVED, "done", actor=supervisor, via=Via.API, at=at)
        batch.append(case)
        written += 10
        if len(batch) == 200:
            c.cases_app.save(*batch)
            batch.clear()
    if batch:
        c.cases_app.save(*batch)
    return written


def run(store: str, events: int, lag_count: int) -> None:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    settings = settings_for(store, schema)
    c = build(settings)
    try:
        worker, supervisor = seed_people(c)
        c.start_projections()
        lag = measure_lag(c, worker, lag_count)
        print(f"[{store}] save-to-view lag, wake-ups:        {summary(lag)}")
        # Baseline: no wake-ups at all (no save hook, no LISTEN), a 100 ms poll.
        c.runner.stop()
        if c.listener is not None:
            c.listener.stop()
        c.cases_app.saved_listeners.clear()
        c.runner.poll_interval = 0.1
        c.runner.start()
        polled = measure_lag(c, worker, max(20, lag_count // 5))
        print(f"[{store}] baseline, polling every 100 ms: {summary(polled)}")
        c.runner.stop()

        t0 = time.perf_counter()
        written = bulk_history(c, worker, supervisor, events // 10)
        print(f"[{store}] wrote {written} events in {time.perf_counter() - t0:.1f} s")

        t0 = time.perf_counter()
        caught = c.runner.catch_up()
        seconds = time.perf_counter() - t0
        print(f"[{store}] baseline, live runner catching up: {caught} events in "
              f"{seconds:.1f} s = {caught / seconds:,.0f} events/s")

        t0 = time.perf_counter()
        result = rebuild(c.cases_app, c.views,
                         lambda: CaseProjection(c.tokenizer, settings.tz,
                                                c.runner.projection.load_case))
        seconds = time.perf_counter() - t0
        print(f"[{store}] rebuild-projections: {result.events} events in {seconds:.1f} s = "
              f"{result.events / seconds:,.0f} events/s")
    finally:
        c.close()
        if store == "postgres":
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def main() -> None:
    configure_logging("warning")  # print the figures, not a log line per request
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--lag-samples", type=int, default=300)
    parser.add_argument("--store", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    stores = ["sqlite", "postgres"] if args.store == "both" else [args.store]
    for store in stores:
        run(store, args.events, args.lag_samples)


if __name__ == "__main__":
    main()

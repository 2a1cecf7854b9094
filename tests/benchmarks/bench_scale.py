"""Scale on PostgreSQL: queue reads and a full rebuild with 200,000 cases in 20 teams.

    uv run --frozen python -m tests.benchmarks.bench_scale --postgres URL
        [--teams 20] [--cases-per-team 10000] [--reads 300]

Each case gets five events (opened, assessed, and for three in five assigned plus two
notes; the rest wait in the intake queue), so the default store holds over a million
events. The cases are written through the domain and the application in batches (the
same events the service would record, without HTTP), then projected by the live
runner's catch-up; the queue and caseload reads are timed through the service's
queries; then `rebuild-projections`' rebuild runs over the whole store. The baseline
beside each read is the same read on a store of one team of 1,000 cases, in the same
run. Figures only: no resident data is printed.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import psycopg
from argon2 import PasswordHasher
from psycopg import sql

from adapters.bootstrap import Container, build
from adapters.logging import configure_logging
from adapters.projection.rebuild import rebuild
from adapters.settings import Settings
from domain.case import Assessment, Case
from domain.sequence import ReferenceSequence
from domain.values import Actor
from domain.vocabulary import Need, Risk, Role, Via
from projections.cases import CaseProjection
from service.clock import Clock
from service.identity import OPERATOR
from tests.benchmarks.bench_commands import intake

BATCH = 250
START = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)


class StepClock(Clock):
    def __init__(self) -> None:
        self.at = START

    def now(self) -> datetime:
        return self.at


def load(container: Container, teams: int, per_team: int) -> tuple[int, float]:
    """Write the cases; the number of events and the seconds it took."""
    identity, app = container.identity, container.cases_app
    identity.hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # log-ins untimed
    started = time.perf_counter()
    events = 0
    for t in range(teams):
        code = f"T{t:02d}"
        identity.create_team(OPERATOR, code, f"Team {t}", "江北区")
        lead = identity.create_user(OPERATOR, f"lead-{code.lower()}", "bench-password-1",
                                    "Lead", Role.SUPERVISOR, team=code).actor
        workers = [identity.create_user(OPERATOR, f"w{w}-{code.lower()}", "bench-password-1",
                                        "Worker", Role.WORKER, team=code).actor
                   for w in range(10)]
        sequence = ReferenceSequence.start(code, START.year, at=START)
        for first in range(0, per_team, BATCH):
            cases = [one_case(sequence, code, n, lead, workers)
                     for n in range(first, min(first + BATCH, per_team))]
            recordings = app.save(sequence, *cases)
            events += len(recordings)
        print(f"  team {code}: {per_team} cases, {events:,} events so far, "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    return events, time.perf_counter() - started


def one_case(sequence: ReferenceSequence, team: str, n: int, lead: Actor,
             workers: list[Actor]) -> Case:
    at = START + timedelta(seconds=n * 7)
    command = intake(n)
    case = Case.open(
        case_id=uuid4(), reference=sequence.issue(uuid4(), at=at), team=team,
        channel=command.channel, profile=command.profile, details=command.details,
        request=command.request, vulnerabilities=command.vulnerabilities,
        needs=command.needs, consent=command.consent, assessment=None,
        actor=lead, via=Via.IMPORT, at=at)
    risk = (Risk.LOW, Risk.MEDIUM, Risk.HIGH, Risk.CRITICAL)[n % 4]
    case.assess(Assessment(risk=risk, needs=(Need.MEDICATION,), notes="Assessed by phone",
                           plan="Deliver medicine",
                           follow_up_due=(at + timedelta(days=n % 40)).date()),
                actor=lead, via=Via.API, at=at)
    if n % 5 < 3:
        worker = workers[n % len(workers)]
        case.assign(worker, None, actor=lead, via=Via.API, at=at)
        case.add_note("Called; medicine arrives tomorrow", actor=worker, via=Via.API, at=at)
        case.add_note("Delivered", actor=worker, via=Via.API, at=at)
    else:
        case.add_note("Waiting for a worker", actor=lead, via=Via.API, at=at)
        case.add_note("Called back", actor=lead, via=Via.API, at=at)
    return case


def timed(read: Callable[[], object], reads: int) -> tuple[float, float]:
    """Median and p99 in ms."""
    samples = []
    for _ in range(reads):
        started = time.perf_counter()
        read()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), statistics.quantiles(samples, n=100)[98]


def measure(url: str, teams: int, per_team: int, reads: int, rebuild_too: bool) -> dict[str, float]:
    schema = f"bench_scale_{uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), database_url=url, database_schema=schema,
                            demo=False, log_level="warning")
        clock = StepClock()
        container = build(settings, clock=clock)
        figures: dict[str, float] = {}
        try:
            events, seconds = load(container, teams, per_team)
            figures.update(events=events, load_rate=events / seconds)
            started = time.perf_counter()
            container.runner.catch_up()
            figures["catch_up_rate"] = events / (time.perf_counter() - started)
            lead = container.identity.user_by_name("lead-t00")
            worker = container.identity.user_by_name("w0-t00")
            assert lead is not None
            assert worker is not None
            queries = container.queries
            clock.at = START + timedelta(days=20)  # about half the follow-ups overdue
            figures["queue_p50"], figures["queue_p99"] = timed(
                lambda: queries.intake_queue(lead.actor, limit=50), reads)
            figures["caseload_p50"], figures["caseload_p99"] = timed(
                lambda: queries.caseload(worker.actor, limit=50), reads)
            if rebuild_too:
                started = time.perf_counter()
                result = rebuild(container.cases_app, container.views,
                                 lambda: CaseProjection(container.tokenizer, settings.tz,
                                                        container.runner.projection.load_case))
                figures["rebuild_rate"] = result.events / (time.perf_counter() - started)
        finally:
            container.close()
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", required=True, help="postgresql:// URL")
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--cases-per-team", type=int, default=10_000)
    parser.add_argument("--reads", type=int, default=300)
    args = parser.parse_args()
    configure_logging("warning")
    logging.getLogger().setLevel(logging.WARNING)
    print("baseline: 1 team of 1,000 cases")
    small = measure(args.postgres, 1, 1000, args.reads, rebuild_too=False)
    print(f"scale: {args.teams} teams of {args.cases_per_team:,} cases")
    large = measure(args.postgres, args.teams, args.cases_per_team, args.reads,
                    rebuild_too=True)
    print(f"\nevents: {large['events']:,.0f} (baseline {small['events']:,.0f})")
    print(f"load through the application: {large['load_rate']:,.0f} events/s")
    print(f"live runner catching up: {large['catch_up_rate']:,.0f} events/s "
          f"(baseline {small['catch_up_rate']:,.0f})")
    for read in ("queue", "caseload"):
        print(f"{read} read, limit 50: median {large[read + '_p50']:.2f} ms, "
              f"p99 {large[read + '_p99']:.2f} ms (baseline {small[read + '_p50']:.2f} / "
              f"{small[read + '_p99']:.2f} ms)")
    print(f"rebuild-projections: {large['rebuild_rate']:,.0f} events/s")


if __name__ == "__main__":
    main()

"""Benchmark of a queue page that shows each resident's name and request (issue 12 item 3):
the read of 50 intake-queue rows of a team holding thousands of cases, with the names
and requests opened (one AES-GCM decryption per row, under the case's key).

    uv run python -m tests.benchmarks.bench_queue_names [--cases 3000] [--reads 200]

Cases are opened (assessed, unassigned) through the service layer on a SQLite store
in a temporary directory, so every case has its own data key. Prints the median and the
90th percentile of: the service read of a 50-row page with the unwrapped keys cached
(the usual case: the server has read these rows before), the same with the key cache
emptied before each read (a fresh server process: each row's key is read from the key
store and unwrapped), and the UI's intake fragment (`/work/intake`, 200 rows) as the
team's supervisor. It asserts nothing; docs/performance.md keeps the figures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from litestar.testing import TestClient

from adapters.bootstrap import Container, build
from adapters.http.app import create_app
from adapters.logging import configure_logging
from adapters.settings import Settings
from domain.case import Assessment
from domain.values import Actor, Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import Channel, ConsentMethod, Gender, Need, Risk, Role, Vulnerability
from service.cases import OpenCase
from service.clock import FixedClock
from service.identity import OPERATOR

PASSWORD = "bench-password"
RISKS = (Risk.LOW, Risk.MEDIUM, Risk.HIGH, Risk.CRITICAL)


def seed(container: Container, clock: FixedClock, cases: int) -> Actor:
    identity = container.identity
    identity.create_team(OPERATOR, "JB", "江北社工站", "江北区")
    worker = identity.create_user(OPERATOR, "bench.worker", PASSWORD, "王磊", Role.WORKER,
                                  team="JB").actor
    lead = identity.create_user(OPERATOR, "bench.lead", PASSWORD, "李静", Role.SUPERVISOR,
                                team="JB").actor
    today = clock.now().date()
    for number in range(cases):
        clock.advance(timedelta(seconds=20))
        container.cases.open_case(worker, OpenCase(
            team="JB", channel=Channel.HOTLINE,
            profile=ResidentProfile(birth_year=1940 + number % 40, gender=Gender.FEMALE,
                                    district="江北区", street="观音桥街道",
                                    community="建新社区", lives_alone=True),
            details=ResidentDetails(name=f"居民{number}", phone=f"138 {number:04d} 0000"),
            request="居家隔离,家中缺菜缺药;胰岛素只剩一天的量\n家属在外地,联系不上",
            vulnerabilities=(Vulnerability.OLDER_PERSON, Vulnerability.IN_QUARANTINE),
            needs=(Need.FOOD,), consent=Consent(given=True, method=ConsentMethod.VERBAL),
            assessment=Assessment(risk=RISKS[number % 4], needs=(Need.FOOD,), notes=None,
                                  plan="送菜送药", follow_up_due=today + timedelta(days=1))))
    return lead


def timed(read: Callable[[], object], reads: int,
          before: Callable[[], None] = lambda: None) -> list[float]:
    read()  # warm up
    spent = []
    for _ in range(reads):
        before()
        started = time.perf_counter()
        read()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def report(name: str, spent: list[float]) -> None:
    p90 = statistics.quantiles(spent, n=10)[-1]
    print(f"{name:<46} median {statistics.median(spent):6.2f} ms   p90 {p90:6.2f} ms")


def main() -> None:
    configure_logging("warning")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--reads", type=int, default=200)
    args = parser.parse_args()
    clock = FixedClock(datetime(2022, 4, 10, 1, 0, tzinfo=UTC))
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="casework-bench-names-")),
                        demo=False)
    container = build(settings, clock)
    try:
        print(f"seeding {args.cases} cases in one team's intake queue ...")
        lead = seed(container, clock, args.cases)
        container.runner.catch_up()
        queries, keys = container.queries, container.case_keys

        def page() -> object:
            items = queries.intake_queue(lead, limit=50, names=True).items
            assert len(items) == 50
            return items

        def cold() -> None:
            if keys is not None:
                with keys._lock:  # a fresh process: no key unwrapped yet
                    keys._cache.clear()

        report("intake page of 50 (keys cached)", timed(page, args.reads))
        report("intake page of 50 (key cache empty)", timed(page, args.reads, cold))
        with TestClient(create_app(container)) as client:
            client.get("/login")
            client.post("/login", data={"username": "bench.lead", "password": PASSWORD,
                                        "_csrf_token": client.cookies.get("casework_csrf")})
            report("GET /work/intake (200 rows, supervisor)",
                   timed(lambda: client.get("/work/intake"), max(args.reads // 4, 20)))
    finally:
        container.close()


if __name__ == "__main__":
    main()

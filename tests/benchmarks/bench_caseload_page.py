"""Benchmark of the web UI: server-side time to render a worker's desk (`/work`) with 200
cases in the caseload (and the team's intake queue beside it).

    uv run python -m tests.benchmarks.bench_caseload_page [--cases 200] [--renders 50]

Cases are opened, assessed and assigned through the service layer on a SQLite store in
a temporary directory; the page is then rendered N times through Litestar's TestClient
as the logged-in worker. Prints the median and the 90th percentile, and the same for the
caseload fragment that the page polls every 10 seconds; the target is a median under
100 ms. Beside them it prints a baseline: requests through the same client and session
that render no case data. It asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
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


def seed(container: Container, clock: FixedClock, cases: int) -> None:
    identity = container.identity
    identity.create_team(OPERATOR, "JB", "江北社工站", "江北区")
    worker = identity.create_user(OPERATOR, "bench.worker", PASSWORD, "王磊", Role.WORKER,
                                  team="JB").actor
    lead = identity.create_user(OPERATOR, "bench.lead", PASSWORD, "李静", Role.SUPERVISOR,
                                team="JB").actor
    identity.create_user(OPERATOR, "bench.idle", PASSWORD, "赵敏", Role.WORKER, team="JB")
    for number in range(cases):
        clock.advance(timedelta(minutes=3))
        open_one(container, worker, lead, number, assign=True)
    for number in range(20):  # an intake queue beside the caseload
        open_one(container, worker, lead, cases + number, assign=False)


def open_one(container: Container, worker: Actor, lead: Actor, number: int, *,
             assign: bool) -> None:
    today = container.clock.now().date()
    assessment = Assessment(risk=RISKS[number % 4], needs=(Need.FOOD, Need.MEDICATION),
                            notes=None, plan="送菜送药", follow_up_due=today + timedelta(
                                days=1 + number % 5))
    command = OpenCase(
        team="JB", channel=Channel.HOTLINE,
        profile=ResidentProfile(birth_year=1940 + number % 40, gender=Gender.FEMALE,
                                district="江北区", street="观音桥街道", community="建新社区",
                                lives_alone=True),
        details=ResidentDetails(name=f"居民{number}", phone=f"138 {number:04d} 0000"),
        request="居家隔离,家中缺菜缺药", vulnerabilities=(Vulnerability.OLDER_PERSON,
                                                 Vulnerability.IN_QUARANTINE),
        needs=(Need.FOOD,), consent=Consent(given=True, method=ConsentMethod.VERBAL),
        assessment=assessment)
    case = container.cases.open_case(worker, command).case
    if assign:
        container.cases.assign(lead, case.id, worker.id, None)


def log_in(client: TestClient, username: str) -> None:  # type: ignore[type-arg]
    client.get("/login")
    client.post("/login", data={"username": username, "password": PASSWORD,
                                "_csrf_token": client.cookies.get("casework_csrf")})


def timings(client: TestClient, path: str, renders: int) -> list[float]:  # type: ignore[type-arg]
    client.get(path)  # warm up: templates compiled, connections open
    spent = []
    for _ in range(renders):
        started = time.perf_counter()
        answer = client.get(path)
        spent.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200
    return spent


def report(name: str, spent: list[float]) -> None:
    p90 = statistics.quantiles(spent, n=10)[-1]
    print(f"{name:<34} median {statistics.median(spent):6.1f} ms   p90 {p90:6.1f} ms   "
          f"({len(spent)} renders)")


def main() -> None:
    configure_logging("warning")  # print the figures, not a log line per request
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--renders", type=int, default=50)
    args = parser.parse_args()
    clock = FixedClock(datetime(2022, 4, 10, 1, 0, tzinfo=UTC))
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="casework-bench-ui-")),
                        demo=False)
    container = build(settings, clock)
    try:
        print(f"seeding {args.cases} cases ...")
        seed(container, clock, args.cases)
        container.runner.catch_up()
        with TestClient(create_app(container)) as client:
            log_in(client, "bench.worker")
            page = client.get("/work").text
            shown = len(re.findall(r'href="/cases/[0-9a-f-]{36}"', page))
            print(f"/work lists {shown} cases ({args.cases} in the caseload + 20 waiting)")
            report("GET /work (caseload + intake)", timings(client, "/work", args.renders))
            report("GET /work/caseload (fragment)",
                   timings(client, "/work/caseload", args.renders))
        # The baseline beside it: the same page for a worker of the same team with an
        # empty caseload (the fixed cost of a request, the session, the intake queue and
        # the templates), and the bare request cost of /healthz.
        with TestClient(create_app(container)) as client:
            log_in(client, "bench.idle")
            report("baseline: GET /work (0 cases)", timings(client, "/work", args.renders))
            report("baseline: GET /healthz", timings(client, "/healthz", args.renders))
    finally:
        container.close()


if __name__ == "__main__":
    main()

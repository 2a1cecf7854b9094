"""Benchmark of the per-request and log-in costs (issue 8): each figure beside its baseline.

    uv run --frozen python -m tests.benchmarks.bench_auth [--postgres URL] [--rounds N]

- account lookup: the caller's account as every API request and UI page looks it up,
  replayed from the event store (the baseline) and from the account cache (which asks
  the store for its position first); a whole `GET /api/v1/me` through the TestClient
  both ways; the JWT decode beside a dictionary look-up of the same token;
- password hashing: argon2-cffi's defaults (the old parameters) and OWASP's, wall and
  CPU time of a hash and a verify;
- logging: one call filtered out (debug at level info) and one emitted (info), with the
  old configuration, with the structlog alternatives, and with configure_logging as it is.

SQLite in a temporary directory; PostgreSQL too with --postgres (a fresh schema, dropped
after). Prints medians of several rounds; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import logging
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
import structlog
from argon2 import PasswordHasher
from litestar.security.jwt import Token
from litestar.testing import TestClient
from psycopg import sql

from adapters.bootstrap import Container, build
from adapters.http.app import create_app
from adapters.http.tokens import CachedToken
from adapters.logging import configure_logging
from adapters.settings import Settings
from domain.vocabulary import Role
from service.identity import OPERATOR, password_hasher

PASSWORD = "bench-password"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def per_call(fn: Callable[[], object], calls: int, rounds: int) -> float:
    """Median over `rounds` of the mean wall time of one call, in microseconds."""
    fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(times)


def compare(baseline: Callable[[], object], now: Callable[[], object], calls: int,
            rounds: int) -> tuple[float, float]:
    """`per_call` of both, their rounds interleaved (a busy machine slows both alike)."""
    pairs = [(per_call(baseline, calls, 1), per_call(now, calls, 1)) for _ in range(rounds)]
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs))


def row(what: str, baseline: float, now: float, unit: str = "µs") -> None:
    print(f"  {what:<44} {baseline:>10.1f} {now:>10.1f} {unit}  ×{baseline / now:.1f}")


def header(title: str, before: str = "baseline", after: str = "now") -> None:
    print(f"\n{title}\n  {'':<44} {before:>10} {after:>10}")


# accounts --------------------------------------------------------------------------------
@contextmanager
def store(postgres: str | None) -> Iterator[Settings]:
    with tempfile.TemporaryDirectory() as tmp:
        if postgres is None:
            yield Settings(data_dir=Path(tmp), demo=False)
            return
        schema = f"bench_auth_{uuid4().hex[:12]}"
        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        try:
            yield Settings(data_dir=Path(tmp), database_url=postgres, database_schema=schema,
                           demo=False)
        finally:
            with psycopg.connect(postgres, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def accounts(settings: Settings, label: str, rounds: int) -> None:
    container = build(settings, hasher=CHEAP)
    try:
        measure_accounts(container, label, rounds)
    finally:
        container.close()


def measure_accounts(container: Container, label: str, rounds: int) -> None:
    identity = container.identity
    identity.create_team(OPERATOR, "JB", "江北社工站", "江北区")
    user = identity.create_user(OPERATOR, "bench.worker", PASSWORD, "王磊", Role.WORKER,
                                team="JB")
    for _ in range(3):  # a few events in the stream, as a used account has
        identity.set_password(OPERATOR, user.id, PASSWORD)
    app = create_app(container)
    jwt_auth = app.state["jwt_auth"]
    token: str = jwt_auth.create_token(identifier=str(user.id))
    secret = jwt_auth.token_secret
    header(f"account lookup per request ({label})", "replayed", "cached")
    row("the caller's account", *compare(lambda: identity._load_user(user.id),
                                         lambda: identity.find_user(user.id), 300, rounds))
    recorder = container.identity_app.recorder
    probe = container.identity_probe
    assert probe is not None
    row("store changed? recorder max() vs the probe",
        *compare(recorder.max_notification_id, probe, 300, rounds))
    row("JWT decode: litestar Token vs CachedToken",
        *compare(lambda: Token.decode(token, secret, "HS256"),
                 lambda: CachedToken.decode(token, secret, "HS256"), 2000, rounds))
    bearer = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        def me() -> object:
            answer = client.get("/api/v1/me", headers=bearer)
            assert answer.status_code == 200, answer.text
            return answer

        cached = identity.find_user

        def me_replayed() -> object:
            identity.find_user = identity._load_user  # type: ignore[method-assign]
            try:
                return me()
            finally:
                identity.find_user = cached  # type: ignore[method-assign]

        row("GET /api/v1/me through the TestClient", *compare(me_replayed, me, 100, rounds))


# hashing ---------------------------------------------------------------------------------
def hashing(rounds: int) -> None:
    old, new = PasswordHasher(), password_hasher()
    header("password hashing (argon2id)", "m64M,t3,p4", "m19M,t2,p1")
    old_hash, new_hash = old.hash(PASSWORD), new.hash(PASSWORD)
    for what, clock, unit in (("wall", time.perf_counter, "ms"),
                              ("CPU", time.process_time, "ms")):
        for name, old_call, new_call in (
                ("hash", lambda: old.hash(PASSWORD), lambda: new.hash(PASSWORD)),
                ("verify (a log-in)", lambda: old.verify(old_hash, PASSWORD),
                 lambda: new.verify(new_hash, PASSWORD))):
            row(f"{name}, {what} time", timed(old_call, clock, rounds),
                timed(new_call, clock, rounds), unit)


def timed(fn: Callable[[], object], clock: Callable[[], float], rounds: int) -> float:
    times = []
    for _ in range(max(rounds, 5)):
        start = clock()
        fn()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


# logging ---------------------------------------------------------------------------------
SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def old_config(first: list[Any], wrapper: type[Any], cache: bool) -> Callable[[], None]:
    """configure_logging as it was, with `first` processors and another wrapper."""
    def configure() -> None:
        configure_logging("info", json_lines=True, stream=io.StringIO())
        structlog.configure(
            processors=[*first, *SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
            logger_factory=structlog.stdlib.LoggerFactory(),
            wrapper_class=wrapper, cache_logger_on_first_use=cache)
    return configure


def current_config() -> None:
    configure_logging("info", json_lines=True, stream=io.StringIO())


def log_calls(rounds: int) -> None:
    variants: list[tuple[str, Callable[[], None]]] = [
        ("before: no cache, no early filter",
         old_config([], structlog.stdlib.BoundLogger, cache=False)),
        ("cache + stdlib.filter_by_level first",
         old_config([structlog.stdlib.filter_by_level], structlog.stdlib.BoundLogger,
                    cache=True)),
        ("cache + make_filtering_bound_logger(INFO)",
         old_config([], structlog.make_filtering_bound_logger(logging.INFO), cache=True)),
        ("now: configure_logging", current_config),
    ]
    print(f"\nlogging, per call (µs)\n  {'':<44} {'filtered':>10} {'emitted':>10}")
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in variants}
    for _ in range(rounds):  # variants interleaved: a busy machine slows all alike
        for name, configure in variants:
            configure()
            log = structlog.stdlib.get_logger(f"bench.{uuid4().hex}")
            # Through the module-level proxy, as the service's loggers are called.
            figures[name].append((
                per_call(lambda log=log: log.debug("bench_debug", n=1, what="x"), 20000, 1),
                per_call(lambda log=log: log.info("bench_info", n=1, what="x"), 2000, 1)))
    for name, pairs in figures.items():
        print(f"  {name:<44} {statistics.median(p[0] for p in pairs):>10.2f} "
              f"{statistics.median(p[1] for p in pairs):>10.2f}")
    structlog.reset_defaults()
    configure_logging("warning")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", metavar="URL", help="also measure on PostgreSQL")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", choices=["accounts", "hashing", "logging"])
    args = parser.parse_args()
    configure_logging("warning")  # the figures, not a log line per request
    if args.only in (None, "accounts"):
        with store(None) as settings:
            accounts(settings, "SQLite", args.rounds)
        if args.postgres:
            with store(args.postgres) as settings:
                accounts(settings, "PostgreSQL", args.rounds)
    if args.only in (None, "hashing"):
        hashing(args.rounds)
    if args.only in (None, "logging"):
        log_calls(args.rounds)


if __name__ == "__main__":
    main()

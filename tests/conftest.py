"""Suite-wide fixtures: the PostgreSQL server and the rule that CI never skips it.

PostgreSQL tests carry the `postgres` marker. Locally, without a reachable server, they
skip. When the environment variable CI is "true" they fail instead, and the session fails
if any test marked `postgres` was skipped for whatever reason. The browser tests
(tests/e2e, marker `e2e`) follow the same rule for Chromium.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from psycopg import sql

POSTGRES_URL = os.environ.get(
    "CASEWORK_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


@cache
def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None if it answers."""
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return f"PostgreSQL at {POSTGRES_URL} is unreachable ({type(error).__name__})"
    return None


def require_postgres() -> None:
    """Skip a PostgreSQL test when there is no server; in CI, fail it instead."""
    problem = postgres_problem()
    if problem is None:
        return
    if in_ci():
        pytest.fail(f"{problem}; CI=true requires the PostgreSQL tests to run", pytrace=False)
    pytest.skip(problem)


@dataclass(frozen=True)
class PostgresSchema:
    url: str
    schema: str


@contextmanager
def fresh_postgres_schema() -> Iterator[PostgresSchema]:
    """A fresh, empty schema in the test database (a random name, so that parallel test
    workers never meet), dropped on leaving. Close everything that holds connections
    into the schema first."""
    require_postgres()
    schema = f"casework_test_{uuid4().hex[:16]}"
    name = sql.Identifier(schema)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(name))
    try:
        yield PostgresSchema(POSTGRES_URL, schema)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(name))


@pytest.fixture
def postgres_schema() -> Iterator[PostgresSchema]:
    """A fresh, empty schema in the test database, dropped after the test.

    Close everything that holds connections into the schema before this fixture's
    teardown runs (depend on it, so that pytest tears it down last).
    """
    with fresh_postgres_schema() as schema:
        yield schema


# --- order and scheduling under pytest-xdist ---------------------------------------------
# `--numprocesses=2 --dist=loadscope --no-loadscope-reorder` in pyproject.toml: the workers
# take the tests in collection order, each test on its own, except the browser tests, which
# stay together on one worker and in their order, as in a run in one process (they share
# one `casework serve` and one Chromium, package fixtures: split, each worker starts its
# own, and a second server and browser only add load to two busy cores). With the `long`
# tests (the schemathesis runs, a minute or more each) collected first, each worker starts
# one, and the rest of the suite fills in around them.
# A long test keeps its full budget on a loaded machine: the default timeout (300 s, whose
# thread method ends the worker process) once cut a schemathesis run off mid-way.
LONG_TIMEOUT = 1800


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("long") is None)
    for item in items:
        if item.get_closest_marker("long") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(LONG_TIMEOUT))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "tests/e2e" if nodeid.startswith("tests/e2e/") else nodeid

    return BrowserTestsTogether(config, log)


# --- CI guard: no skipped PostgreSQL or browser test may pass for green -------------------
# marker → what its tests need; under CI=true a skipped test with one of them fails the run.
GUARDED_MARKERS = {"postgres": "PostgreSQL", "e2e": "browser (Chromium)"}
_skipped_guarded_tests: dict[str, list[str]] = {marker: [] for marker in GUARDED_MARKERS}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        for marker, skipped in _skipped_guarded_tests.items():
            if marker in report.keywords:
                skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if in_ci() and any(_skipped_guarded_tests.values()):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not in_ci():
        return
    for marker, skipped in _skipped_guarded_tests.items():
        if not skipped:
            continue
        what = GUARDED_MARKERS[marker]
        terminalreporter.section(f"{what} tests skipped under CI", sep="=", red=True)
        for nodeid in skipped:
            terminalreporter.line(f"SKIPPED (not allowed in CI): {nodeid}", red=True)
        terminalreporter.line(
            f"{len(skipped)} {what} test(s) were skipped; with CI=true every test marked "
            f"`{marker}` must run. The run fails.",
            red=True,
        )

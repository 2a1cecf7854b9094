"""`casework bench`: load, start the three servers, drive the rounds, report.

Every process it starts runs in its own process group and is killed on the way out,
whatever happened (an error, Ctrl-C, SIGTERM); the temporary directory and, on
PostgreSQL, the schema are dropped too.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import Any

from adapters.http.nodelay import PROTOCOL as NODELAY_PROTOCOL
from adapters.settings import Settings
from tests.benchmarks.surge.load import load_casework
from tests.benchmarks.surge.rounds import Bench, Servers
from tests.benchmarks.surge.servers import HOST, Server, start
from tests.benchmarks.surge.twin_store import preload
from tests.benchmarks.surge.wrk import BenchBroken, wrk_binary


@dataclass(frozen=True)
class Options:
    quick: bool = False
    as_json: bool = False
    cases: int | None = None
    postgres: str | None = None
    rounds: int | None = None
    seconds: float | None = None
    connections: int = 32
    threads: int = 2
    workers: int = 1
    api_workers: int | None = None  # Casework's API processes; None: `workers`
    projector: bool | None = None  # the projector its own process; None: yes, as serve

    def resolved(self) -> Options:
        """The defaults that depend on --quick and --postgres."""
        return replace(self, cases=self.cases or (1000 if self.quick else 20_000),
                       rounds=self.rounds or (1 if self.quick else 3),
                       seconds=self.seconds or (3.0 if self.quick else 10.0),
                       api_workers=self.api_workers or self.workers,
                       projector=True if self.projector is None else self.projector)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def terminated_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C, so every `finally` below runs."""
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def casework_command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("casework")
    head = [str(script)] if script.exists() else [
        sys.executable, "-c", "from adapters.cli import main; main()"]
    return [*head, *args]


def start_casework(options: Options, settings: Settings, work: Path,
                   running: list[Server]) -> Server:
    """`casework serve` with `api_workers` processes; with `projector`, after a
    `casework projector` of its own that holds the projector lock first (the API
    processes then only read the views, as in the PostgreSQL deployment)."""
    env = casework_env(settings)
    also = []
    if options.projector:
        projector = start("Casework projector", casework_command("projector"), env,
                          work / "projector.log")
        running.append(projector)
        projector.wait_for_line("Projecting from position")
        also.append(projector)
        # The API processes only read; serve starts no projector of its own.
        env = {**env, "CASEWORK_PROJECTOR": "external"}
    else:
        env = {**env, "CASEWORK_PROJECTOR": "inline"}
    server = start("Casework", casework_command(
        "serve", "--host", HOST, "--port", "{port}", "--workers", str(options.api_workers)),
        env, work / "casework.log")
    server.also = also
    running.append(server)
    return server


def uvicorn_command(app: str, workers: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", app, "--factory", "--host", HOST,
            "--port", "{port}", "--workers", str(workers), "--log-level", "warning",
            "--no-access-log", "--http", NODELAY_PROTOCOL,
            "--loop", "uvloop"]  # as `casework serve`


def casework_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    env.update(CASEWORK_DATA_DIR=str(settings.data_dir), CASEWORK_DEMO="0",
               CASEWORK_LOG_LEVEL="warning")
    if settings.database_url:
        env["CASEWORK_DATABASE_URL"] = settings.database_url
        env["CASEWORK_DATABASE_SCHEMA"] = settings.database_schema or ""
    return env


def run(options: Options, emit: Callable[[str], None] = print) -> dict[str, Any]:
    """Run the bench; `emit` gets the table (and the JSON). Raises BenchBroken."""
    options = options.resolved()
    assert options.cases is not None
    wrk_binary()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="casework-bench-"))
    schema = f"bench_{uuid.uuid4().hex[:10]}" if options.postgres else None
    settings = Settings(data_dir=work / "casework", database_url=options.postgres,
                        database_schema=schema, demo=False, log_level="warning")
    running: list[Server] = []
    try:
        with terminated_as_interrupt():
            say(f"casework bench: loading {options.cases:,} cases into Casework "
                f"({'PostgreSQL' if options.postgres else 'SQLite'}) ...")
            loaded = load_casework(settings, options.cases, say)
            say(f"  {loaded.events:,} events in {loaded.seconds:.1f} s; the twin ...")
            preload(work / "twin.sqlite", loaded.case_ids, loaded.now)
            twin_env = {**os.environ, "SURGE_TWIN_DB": str(work / "twin.sqlite"),
                        "SURGE_TWIN_SECRET": uuid.uuid4().hex}
            servers = Servers(
                casework=start_casework(options, settings, work, running),
                crud=start("CRUD twin", uvicorn_command(
                    "tests.benchmarks.surge.crud_twin:app_from_env", options.workers),
                    twin_env, work / "twin.log"),
                bare=start("bare", uvicorn_command(
                    "tests.benchmarks.surge.bare:create_app", options.workers),
                    dict(os.environ), work / "bare.log"))
            running.extend([servers.crud, servers.bare])
            servers.casework.wait_ready("/readyz", timeout=120)
            servers.crud.wait_ready("/readyz")
            servers.bare.wait_ready("/")
            bench = Bench(options, servers, loaded, work, say)
            result = bench.run(settings)
            result["load"] = {"cases": options.cases, "events": loaded.events,
                              "seconds": round(loaded.seconds, 1)}
            result["elapsed_s"] = round(time.monotonic() - started, 1)
            result["warnings"] += server_errors(work)
            emit(bench.text(result))
            if options.quick and result["broken_rounds"]:
                raise BenchBroken("rounds broke: " + "; ".join(result["broken_rounds"]))
            return result
    finally:
        for server in running:
            server.stop()
        if schema is not None and options.postgres:
            drop_schema(options.postgres, schema)
        shutil.rmtree(work, ignore_errors=True)


def server_errors(work: Path) -> list[str]:
    """Casework's own complaints during the run (its log is at warning level): a
    server error under load is a finding, not noise."""
    found = []
    for name in ("casework.log", "projector.log"):
        path = work / name
        text = path.read_text(errors="replace") if path.exists() else ""
        for marker in ("unexpected_error", "Traceback"):
            if count := text.count(marker):
                found.append(f"{name}: {count} x {marker}")
    return found


def drop_schema(url: str, schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
            sql.Identifier(schema)))


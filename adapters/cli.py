"""The `casework` command line: serve, admin create-user, demo, projector,
rebuild-projections, verify, checkpoint, rotate-master-key, retention, backup, restore,
bench.

Every command reads its settings from the environment (CASEWORK_DATA_DIR,
CASEWORK_DATABASE_URL, ...), and on error prints one line to stderr and exits non-zero.
"""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn
from uuid import UUID

import click
import uvicorn
from eventsourcing.persistence import PersistenceError

from adapters.bootstrap import Container, build
from adapters.cli_backup import backup, restore
from adapters.cli_import import import_cases
from adapters.cli_integrity import checkpoint, verify
from adapters.cli_keys import retention, rotate_master_key
from adapters.cli_projections import projector, rebuild_projections
from adapters.demo import StoreNotEmpty, load_demo, store_is_empty
from adapters.demo.password import demo_password_file
from adapters.http.nodelay import PROTOCOL as NODELAY_PROTOCOL
from adapters.logging import configure_logging, get_logger
from adapters.projection.chain_check import ChainBroken
from adapters.projector_process import ProjectorProcess
from adapters.settings import Settings, SettingsError
from domain.errors import DomainError
from domain.vocabulary import USER_ROLES, Role, Via
from service.identity import OPERATOR

log = get_logger(__name__)


def _settings() -> Settings:
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return settings


@contextmanager
def _container(settings: Settings) -> Iterator[Container]:
    container = build(settings)
    try:
        yield container
    finally:
        container.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Casework: event-sourced case management for community social workers.

    Settings come from the environment: CASEWORK_DATA_DIR (default ./var) holds the
    embedded SQLite store; CASEWORK_DATABASE_URL (postgresql://...) selects PostgreSQL
    instead; CASEWORK_DEMO=0 starts an empty store without demo data.
    """


# serve -------------------------------------------------------------------------------
@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Number of server processes.")
def serve(host: str, port: int, workers: int) -> None:
    """Start the web service (API and web UI).

    On the first start with an empty store the demo data is loaded and the demo log-ins
    are printed (with a password generated for this data directory), unless
    CASEWORK_DEMO=0. Bound to an address other than loopback, the demo data is loaded
    only with CASEWORK_DEMO=1 set explicitly.
    """
    settings = _settings()
    if store_is_empty(settings):
        if settings.demo:
            if not is_loopback(host) and not settings.demo_explicit:
                raise click.ClickException(
                    f"refusing to load the demo data on a server bound to {host}, which is "
                    "not a loopback address (anyone who reaches it could try the demo "
                    "accounts): set CASEWORK_DEMO=0 to start empty, or CASEWORK_DEMO=1 to "
                    "load the demo data anyway")
            _load_demo(settings)
        else:
            click.echo("The store is empty (CASEWORK_DEMO=0): create the first account with "
                       "`casework admin create-user USERNAME --role admin --password-stdin`.")
    elif demo_password_file(settings.data_dir).exists():
        click.echo("Demo log-ins: the password of every demo account is in "
                   f"{demo_password_file(settings.data_dir)}")
    display_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
    if ":" in display_host:
        display_host = f"[{display_host}]"
    click.echo(f"Casework is starting: log in at http://{display_host}:{port}/")
    log.info("starting the web service", host=host, port=port, workers=workers)
    # The projections in a process of their own (CASEWORK_PROJECTOR, decision 0016).
    child = ProjectorProcess() if settings.projector_mode == "process" else None
    if child is not None:
        child.start()
    try:
        _run_server(settings, host, port, workers)
    finally:
        if child is not None:
            child.stop()


def _run_server(settings: Settings, host: str, port: int, workers: int) -> None:
    uvicorn.run(
        "adapters.http.app:app_from_env", factory=True, host=host, port=port, workers=workers,
        log_config=None, log_level=settings.log_level.strip().lower(), access_log=False,
        server_header=False,
        # X-Forwarded-For is believed only from CASEWORK_TRUSTED_PROXIES, by the app
        # itself (adapters/http/client_address.py), not from loopback by uvicorn.
        proxy_headers=False,
        # Measured with wrk (docs/performance.md, issue 8): the httptools parser and the
        # uvloop event loop serve more requests per second than h11 and asyncio's loop;
        # the protocol also turns Nagle's algorithm off (adapters/http/nodelay.py).
        http=NODELAY_PROTOCOL, loop="uvloop",
    )


# admin ---------------------------------------------------------------------------------
@cli.group()
def admin() -> None:
    """Administration: bootstrap accounts."""


@admin.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in USER_ROLES]),
              help="The user's role.")
@click.option("--team", metavar="CODE", help="Team code (workers and supervisors).")
@click.option("--organisation", metavar="ID", type=click.UUID,
              help="Organisation id (partners).")
@click.option("--display-name", metavar="NAME", help="Name shown in the UI (default: username).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from stdin (required: never give it as an argument).")
def create_user(username: str, role: str, team: str | None, organisation: UUID | None,
                display_name: str | None, password_stdin: bool) -> None:
    """Create a user; prints the new user's id.

    The password is read from stdin, e.g. `printf '%s' "$PW" | casework admin create-user
    jb.lead --role supervisor --team JB --password-stdin`.
    """
    if not password_stdin:
        raise click.UsageError("give the password on stdin and pass --password-stdin")
    settings = _settings()
    password = _read_password()
    with _container(settings) as container:
        user = container.identity.create_user(
            OPERATOR, username, password, display_name or username, Role(role), team=team,
            organisation_id=organisation, via=Via.SYSTEM)
    log.info("user created", user_id=str(user.id), role=user.role.value, team=user.team)
    click.echo(str(user.id))


def _read_password() -> str:
    if sys.stdin.isatty():
        entered: str = click.prompt("Password", hide_input=True, confirmation_prompt=True,
                                    err=True)
        return entered
    password = sys.stdin.read()
    if password.endswith("\n"):
        password = password[:-1]
        if password.endswith("\r"):
            password = password[:-1]
    return password


# demo ----------------------------------------------------------------------------------
@cli.command()
def demo() -> None:
    """Load the demo teams, users, organisations and cases into an empty store."""
    settings = _settings()
    if not store_is_empty(settings):
        raise StoreNotEmpty
    _load_demo(settings)


def _load_demo(settings: Settings) -> None:
    click.echo("Loading the demo data into the empty store...", err=True)
    summary = load_demo(settings)
    click.echo(f"Loaded the demo data: {summary.teams} teams, {summary.organisations} "
               f"organisations, {len(summary.logins)} users, {len(summary.cases)} cases.")
    click.echo("Demo log-ins (demo data only):")
    rows = [("username", "password", "role", "team / organisation")] + [
        (login.username, login.password, login.role.value,
         login.team or login.organisation or "-")
        for login in summary.logins
    ]
    user_w, password_w, role_w = (max(len(row[i]) for row in rows) for i in range(3))
    for user, password, role, where in rows:
        click.echo(f"  {user:<{user_w}}  {password:<{password_w}}  {role:<{role_w}}  {where}")
    click.echo(f"The demo password is kept in {demo_password_file(settings.data_dir)} "
               "(readable by you only).")


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or a name) is reachable only from this machine."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # another host name, or "" (every address)
        return False


cli.add_command(projector)
cli.add_command(rebuild_projections)
cli.add_command(verify)
cli.add_command(checkpoint)
cli.add_command(rotate_master_key)
cli.add_command(retention)
cli.add_command(backup)
cli.add_command(restore)
cli.add_command(import_cases)


# bench ---------------------------------------------------------------------------------
@cli.command()
@click.option("--quick", is_flag=True,
              help="CI size: 1,000 cases, one round of 3 s; fails only if the bench breaks.")
@click.option("--json", "as_json", is_flag=True,
              help="Also print the figures as one JSON object, last on stdout.")
@click.option("--cases", type=click.IntRange(10, 1_000_000),
              help="Cases to load before the rounds.  [default: 20000; --quick 1000]")
@click.option("--postgres", metavar="URL",
              help="Run Casework on PostgreSQL (postgresql://...), in a fresh schema that "
                   "is dropped afterwards.")
@click.option("--rounds", type=click.IntRange(1, 30),
              help="Rounds of every kind on every server.  [default: 3; --quick 1]")
@click.option("--duration", type=click.FloatRange(1, 600),
              help="Seconds of each wrk run.  [default: 10; --quick 3]")
@click.option("--connections", default=32, show_default=True, type=click.IntRange(1, 1024),
              help="wrk connections (log-in rounds use 4).")
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 64),
              help="wrk threads.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16),
              help="Server processes of each server under test.")
@click.option("--api-workers", type=click.IntRange(1, 16),
              help="Casework's API processes (`casework serve --workers`).  "
                   "[default: --workers]")
@click.option("--projector-process/--no-projector-process", default=None,
              help="Run Casework's projections as their own `casework projector` process "
                   "beside the API processes, as `casework serve` does.  [default: yes]")
def bench(quick: bool, as_json: bool, cases: int | None, postgres: str | None,
          rounds: int | None, duration: float | None, connections: int, threads: int,
          workers: int, api_workers: int | None, projector_process: bool | None) -> None:
    """Surge benchmark: Casework against a CRUD twin and the bare framework.

    Loads a temporary store, starts `casework serve`, a CRUD twin of the same endpoints
    and a bare Litestar app on free loopback ports, drives each with wrk in alternating
    rounds (intake, note, assessment, queue read, search, log-in) and prints the figures
    with Casework's ratio to the twin's. Runs from a checkout of the repository (the
    harness lives in tests/benchmarks/surge); needs wrk (apt-get install wrk).
    """
    if postgres is not None and not postgres.startswith(("postgresql://", "postgres://")):
        raise click.BadParameter("must be a postgresql:// URL", param_hint="--postgres")
    configure_logging("warning")
    try:
        from tests.benchmarks.surge.runner import Options, run
        from tests.benchmarks.surge.wrk import BenchBroken
    except ImportError:
        raise click.ClickException("casework bench runs from a checkout of the repository "
                                   "(tests/benchmarks/surge is missing)") from None
    options = Options(quick=quick, as_json=as_json, cases=cases, postgres=postgres,
                      rounds=rounds, seconds=duration, connections=connections,
                      threads=threads, workers=workers, api_workers=api_workers,
                      projector=projector_process)
    try:
        run(options, emit=click.echo)
    except BenchBroken as error:
        raise click.ClickException(f"the bench broke: {error}") from None


# entry point ---------------------------------------------------------------------------
def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"casework: error: {' '.join(message.split())}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Run a command; every failure is one line on stderr and a non-zero exit."""
    try:
        result = cli.main(args=argv, prog_name="casework", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.format_message())
        sys.exit(error.exit_code)
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx else "casework"
        _fail(f"{where}: {error.format_message()} (see {where} --help)", error.exit_code)
    except click.ClickException as error:
        _fail(error.format_message(), error.exit_code)
    except click.exceptions.Abort:
        _fail("aborted")
    except (DomainError, SettingsError, StoreNotEmpty, ChainBroken) as error:
        _fail(str(error))
    except PersistenceError as error:
        _fail(f"the event store failed: {type(error).__name__}: {error}")
    except Exception as error:
        # A bug, not the user's mistake: the details go to the debug log, not the screen.
        log.debug("command failed", exc_info=error)
        _fail(f"unexpected {type(error).__name__} (run with CASEWORK_LOG_LEVEL=debug "
              "for details)")
    sys.exit(result if isinstance(result, int) else 0)


if __name__ == "__main__":  # `python -m adapters.cli`: how serve starts the projector
    main()

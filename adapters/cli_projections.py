"""`casework projector` and `casework rebuild-projections`."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from types import FrameType

import click

from adapters.bootstrap import Container, build
from adapters.logging import configure_logging, get_logger
from adapters.projection.rebuild import RebuildResult, rebuild
from adapters.settings import Settings
from projections.cases import CaseProjection

log = get_logger(__name__)
LOCK_RETRY_SECONDS = 2.0
PARENT_CHECK_SECONDS = 1.0
SQLITE_POLL_SECONDS = 0.005
LAG_REPORT_SECONDS = 5.0
LOG_EVERY_TICKS = 6  # a log line every 30 s


def report_lag(container: Container) -> None:
    """Where the API processes' /metrics find this projector's lag."""
    p50, p99 = container.runner.lag.quantile(0.5), container.runner.lag.quantile(0.99)
    if p50 is None or p99 is None:
        return
    try:
        container.lag_report.record(p50, p99, datetime.now(UTC))
    except Exception as error:  # a busy or unreachable database: the next tick tries again
        log.warning("lag_report_failed", error=type(error).__name__)


def _stop_with_parent(parent: int, stop: threading.Event) -> None:
    """A server killed outright cannot stop its projector: the projector notices that
    its parent is gone (it is re-parented) and stops by itself."""
    while not stop.wait(PARENT_CHECK_SECONDS):
        if os.getppid() != parent:
            log.warning("projector_parent_gone", parent=parent)
            stop.set()


@click.command()
@click.option("--wait/--no-wait", default=True, show_default=True,
              help="Wait as a standby while another projector holds the lock.")
@click.option("--once", is_flag=True, help="Catch up with the store, then exit.")
@click.option("--parent", type=int, hidden=True,
              help="Stop when this process (the `casework serve` that started us) ends.")
def projector(wait: bool, once: bool, parent: int | None) -> None:
    """Run the projections as their own process (the PostgreSQL deployment).

    Only one projector runs at a time: it takes a database lock (a file lock in the
    embedded mode). API processes then only read the views. Every minute it also
    expires the referrals nobody answered in time. Stops on SIGTERM or Ctrl-C.
    """
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if parent is not None:
        threading.Thread(target=_stop_with_parent, args=(parent, stop), daemon=True,
                         name="parent-watch").start()
    container = build(settings)
    if not settings.uses_postgres:
        # No NOTIFY on SQLite: a projector of its own polls the store, often (a read of
        # the newest position: cheap), so that its lag stays a few milliseconds.
        container.runner.poll_interval = SQLITE_POLL_SECONDS
    try:
        while not container.start_projections():
            if not wait:
                raise click.ClickException("another projector holds the lock")
            click.echo("Another projector holds the lock; waiting as a standby...", err=True)
            if stop.wait(LOCK_RETRY_SECONDS):
                return
        click.echo(f"Projecting from position {container.runner.position}.", err=True)
        if once:
            target = container.cases_app.recorder.max_notification_id() or 0
            container.runner.wait_for(target, timeout=3600)
            expired = container.sweeper.run_once()
            click.echo(f"Caught up to position {container.runner.position}; "
                       f"{expired} overdue referrals expired.")
            return
        ticks = 0
        while not stop.wait(LAG_REPORT_SECONDS):
            report_lag(container)
            ticks += 1
            if ticks % LOG_EVERY_TICKS == 0:
                log.info("projector", position=container.runner.position,
                         applied=container.runner.applied_events,
                         lag_p50=container.runner.lag.quantile(0.5))
    finally:
        container.close()


@click.command("rebuild-projections")
def rebuild_projections() -> None:
    """Rebuild every read model from the events.

    The views are built into fresh tables and replace the old ones in one transaction
    when complete; the service keeps answering from the old ones meanwhile.
    """
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    container = build(settings)
    try:
        rebuild_with_progress(container)
    finally:
        container.close()


def rebuild_with_progress(container: Container) -> RebuildResult:
    """Rebuild the views of `container` with a progress bar on stderr; says how it went."""
    total = container.cases_app.recorder.max_notification_id() or 0
    started = time.perf_counter()
    with click.progressbar(length=total, label="Rebuilding the views",
                           file=sys.stderr) as bar:

        def advance(count: int) -> None:
            bar.update(count)

        result = rebuild(
            container.cases_app, container.views,
            lambda: CaseProjection(container.tokenizer, container.settings.tz,
                                   container.runner.projection.load_case,
                                   container.runner.projection.notifications),
            progress=advance)
    seconds = time.perf_counter() - started
    rate = result.events / seconds if seconds > 0 else 0.0
    click.echo(f"Rebuilt the views from {result.events} events up to position "
               f"{result.position} in {seconds:.1f} s ({rate:,.0f} events/s).")
    return result

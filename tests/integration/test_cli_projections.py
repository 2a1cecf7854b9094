"""`casework projector` and `casework rebuild-projections`, run as an operator runs them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from adapters.bootstrap import build
from adapters.settings import Settings
from tests.integration.test_cli import (
    CASEWORK,
    assert_no_resident_data,
    casework,
    data_dir,
    env,
)

__all__ = ["data_dir", "env"]  # fixtures shared with test_cli


def views_position(data_dir: Path) -> tuple[int, int]:
    """(position the views applied, last position in the store)."""
    container = build(Settings(data_dir=data_dir, demo=False))
    try:
        return (container.views.reader().position(),
                container.cases_app.recorder.max_notification_id() or 0)
    finally:
        container.close()


def test_rebuild_projections_rebuilds_every_view_from_the_events(
        env: dict[str, str], data_dir: Path) -> None:
    assert casework(env, "demo").code == 0
    run = casework(env, "rebuild-projections")
    assert run.code == 0, run.stderr
    applied, head = views_position(data_dir)
    assert head > 0
    assert applied == head
    assert f"Rebuilt the views from {head} events up to position {head}" in run.stdout
    assert_no_resident_data(run.stdout + run.stderr)


def test_projector_once_catches_up_and_a_second_one_waits(
        env: dict[str, str], data_dir: Path) -> None:
    assert casework(env, "demo").code == 0
    # A projector holding the lock: a second one without --wait refuses in one line.
    first = subprocess.Popen([str(CASEWORK), "projector"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert first.stderr is not None
        line = first.stderr.readline()
        while line and "Projecting from position" not in line:
            line = first.stderr.readline()
        second = casework(env, "projector", "--no-wait")
        assert second.code != 0
        assert "another projector holds the lock" in second.stderr
    finally:
        first.terminate()
        first.wait(timeout=30)
        if first.stderr is not None:
            first.stderr.close()
    applied, head = views_position(data_dir)
    assert applied == head
    again = casework(env, "projector", "--once")
    assert again.code == 0, again.stderr
    assert f"Caught up to position {head};" in again.stdout
    assert "overdue referrals expired" in again.stdout


def test_projector_help_says_what_it_is_for(env: dict[str, str]) -> None:
    run = casework(env, "projector", "--help")
    assert run.code == 0
    assert "Only one projector runs at a time" in run.stdout

"""`casework retention` erases cases closed longer ago than the retention period;
`casework rotate-master-key` re-wraps the case keys without touching the events."""

from __future__ import annotations

from dataclasses import replace

import pytest

from adapters.bootstrap import build, case_keys, retention_due, run_retention
from adapters.security.case_keys import MasterKey, new_master_key_text
from adapters.settings import Settings
from domain.values import ERASED
from domain.vocabulary import ClosureOutcome
from service.clock import FixedClock
from tests.integration.conftest import CHEAP_HASHER, World
from tests.integration.views_support import project


class TestRetention:
    def test_a_case_closed_longer_ago_than_the_period_is_erased(self, world: World) -> None:
        container = world.container
        old = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.close(world.jb_supervisor, old.id, ClosureOutcome.RESOLVED, "Done")
        world.later(days=20)
        recent = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.close(world.jb_supervisor, recent.id, ClosureOutcome.RESOLVED, "Done")
        still_open = world.active_case(world.jb_worker, world.jb_supervisor)
        world.later(days=5)
        project(container)
        settings = replace(container.settings, retention_days=10)
        args = (container.cases, container.queries, container.clock, settings)

        assert [d.case_id for d in retention_due(*args)] == [old.id]  # the dry run
        assert [d.case_id for d in run_retention(*args)] == [old.id]
        project(container)

        assert world.cases.get_case(world.jb_supervisor, old.id).personal["name"] == ERASED
        for kept in (recent.id, still_open.id):
            assert world.cases.get_case(world.jb_supervisor, kept).personal["name"] == "宋老师"
        assert retention_due(*args) == []


class TestRotation:
    @pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
    def test_the_case_keys_are_rewrapped_and_the_case_reads_whole(
            self, settings: Settings, clock: FixedClock) -> None:
        from tests.integration.conftest import make_world

        container = build(settings, clock=clock, hasher=CHEAP_HASHER)
        try:
            world = make_world(container, clock)
            case = world.active_case(world.jb_worker, world.jb_supervisor)
        finally:
            container.close()
        new_text = new_master_key_text()
        keys = case_keys(settings)
        try:
            assert keys.rotate(MasterKey.from_base64(new_text)) >= 1
        finally:
            keys.close()
        events_before = (settings.data_dir / "cases.sqlite").read_bytes()

        rotated = replace(settings, master_key=new_text)
        container = build(rotated, clock=clock, hasher=CHEAP_HASHER)
        try:
            detail = container.cases.get_case(world.jb_supervisor, case.id)
            assert detail.personal["name"] == "宋老师"
        finally:
            container.close()
        assert (settings.data_dir / "cases.sqlite").read_bytes() == events_before

"""The team dashboard (docs/domain.md §3), on SQLite and PostgreSQL: open caseload and overdue
follow-ups per worker, unassigned cases by risk, cases opened and closed per local day
(Asia/Shanghai), and who may see which team's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.errors import NotFound, NotPermitted
from domain.vocabulary import ClosureOutcome, Risk
from service.results import Dashboard, WorkerLoad
from tests.integration.conftest import World
from tests.integration.views_support import project

APRIL_10 = date(2022, 4, 10)
APRIL_11 = date(2022, 4, 11)
APRIL_13 = date(2022, 4, 13)


@dataclass(frozen=True)
class Scene:
    """Who holds what after `busy_days`; read on 13 April, 00:30 local time."""

    pd_case: UUID


def loads(dashboard: Dashboard) -> dict[UUID, tuple[int, int]]:
    return {w.worker_id: (w.open_cases, w.overdue) for w in dashboard.workers}


def counted_days(dashboard: Dashboard) -> dict[date, tuple[int, int]]:
    return {d.day: (d.opened, d.closed) for d in dashboard.per_day if d.opened or d.closed}


@pytest.fixture
def scene(world: World) -> Scene:
    """Ten cases opened on 10 April (one in PD), one opened and one closed just after
    midnight on 11 April (still 10 April in UTC), then two quiet days."""
    cases, worker, colleague, lead = (world.cases, world.jb_worker, world.jb_colleague,
                                      world.jb_supervisor)
    # 09:00 local, 10 April.
    world.active_case(worker, lead, Risk.HIGH)  # follow-up 11 April
    distant = world.assessment(Risk.LOW, follow_up_due=APRIL_10 + timedelta(days=20))
    later = world.open_case(worker, assessment=distant).case.id
    cases.assign(lead, later, worker.id, None)
    world.active_case(colleague, lead, Risk.MEDIUM)
    pending = world.active_case(colleague, lead, Risk.HIGH).id
    cases.close(colleague, pending, ClosureOutcome.RESOLVED, "Delivered")
    world.open_case(worker)
    world.assessed_case(worker, Risk.CRITICAL)
    world.assessed_case(worker, Risk.LOW)
    to_close = world.assessed_case(worker, Risk.LOW).id
    pd_case = world.assessed_case(world.pd_worker, Risk.HIGH).id
    world.later(hours=14, minutes=30)  # 23:30 local, 10 April
    world.open_case(worker)
    world.later(hours=1)  # 00:30 local, 11 April; 16:30 UTC, 10 April
    world.open_case(worker)
    cases.close(worker, to_close, ClosureOutcome.RESOLVED, "The family took over")
    project(world.container)
    world.later(days=2)  # 00:30 local, 13 April
    return Scene(pd_case)


class TestTeamDashboard:
    def test_a_supervisor_sees_their_teams_workload(self, world: World, scene: Scene) -> None:
        dashboard = world.container.queries.dashboard(world.jb_supervisor)

        assert dashboard.team == "JB"
        assert loads(dashboard) == {world.jb_worker.id: (2, 1), world.jb_colleague.id: (2, 2)}
        assert dashboard.overdue_total == 3
        assert dashboard.unassigned_by_risk == {
            "critical": 1, "high": 0, "medium": 0, "low": 1, "unassessed": 3}
        # Critical after 2 hours, the unassessed after 24: all past by now; low is not.
        assert dashboard.breached_unassigned == 4

    def test_cases_opened_and_closed_per_local_day(self, world: World, scene: Scene) -> None:
        dashboard = world.container.queries.dashboard(world.jb_supervisor)

        assert counted_days(dashboard) == {APRIL_10: (9, 0), APRIL_11: (1, 1)}
        days = [d.day for d in dashboard.per_day]
        assert days[-1] == APRIL_13
        assert days == [APRIL_13 - timedelta(days=13 - i) for i in range(14)]

    def test_the_other_team_sees_only_its_own(self, world: World, scene: Scene) -> None:
        dashboard = world.container.queries.dashboard(world.pd_supervisor)

        assert dashboard.team == "PD"
        assert loads(dashboard) == {world.pd_worker.id: (0, 0)}  # idle, but on the board
        assert dashboard.unassigned_by_risk == {
            "critical": 0, "high": 1, "medium": 0, "low": 0, "unassessed": 0}
        assert counted_days(dashboard) == {APRIL_10: (1, 0)}

    def test_an_auditor_sees_any_team_or_all(self, world: World, scene: Scene) -> None:
        queries = world.container.queries
        as_supervisor = queries.dashboard(world.jb_supervisor)
        assert queries.dashboard(world.auditor, "JB") == as_supervisor

        everything = queries.dashboard(world.auditor)
        assert everything.team is None
        # every team's workers: JB's loads, and PD's worker with nothing yet
        assert everything.workers == [*as_supervisor.workers,
                                      WorkerLoad(world.pd_worker.id, 0, 0)]
        assert everything.unassigned_by_risk == {
            "critical": 1, "high": 1, "medium": 0, "low": 1, "unassessed": 3}
        assert counted_days(everything) == {APRIL_10: (10, 0), APRIL_11: (1, 1)}

    def test_the_dashboard_follows_new_work(self, world: World, scene: Scene) -> None:
        queries = world.container.queries
        queue = queries.intake_queue(world.jb_worker).items
        world.cases.claim(world.jb_worker, queue[0].case_id)  # the critical case
        world.open_case(world.jb_worker)
        project(world.container)

        dashboard = queries.dashboard(world.jb_supervisor)

        assert loads(dashboard)[world.jb_worker.id] == (3, 2)  # its follow-up was 11 April
        assert dashboard.unassigned_by_risk["critical"] == 0
        assert dashboard.unassigned_by_risk["unassessed"] == 4
        assert counted_days(dashboard)[APRIL_13] == (1, 0)

    def test_who_may_see_which_dashboard(self, world: World) -> None:
        queries = world.container.queries
        with pytest.raises(NotFound):
            queries.dashboard(world.jb_supervisor, "PD")
        assert queries.dashboard(world.jb_supervisor, "JB").team == "JB"
        for actor in (world.jb_worker, world.partner, world.admin):
            with pytest.raises(NotPermitted):
                queries.dashboard(actor)

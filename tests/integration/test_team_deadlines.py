"""A team's own deadlines in the stores' reads (issue 14, decision 0031), on SQLite and
PostgreSQL: the case list's "time to assign ended" filter and the sweep's candidates
reckon each team's time to assign from when its cases began waiting."""

from __future__ import annotations

from datetime import timedelta

from domain.deadline_policy import DeadlineOverrides
from domain.vocabulary import Risk
from projections.interfaces import CaseQuery
from service.identity import OPERATOR
from tests.integration.conftest import World
from tests.integration.views_support import project


def breached_ids(world: World, auditor: bool = True) -> set[str]:
    actor = world.auditor if auditor else world.pd_supervisor
    listing = world.container.queries.search(
        actor, CaseQuery(assign_due_by=world.clock.now()), limit=50)
    return {str(row.case_id) for row in listing.items}  # type: ignore[union-attr]


class TestTheBreachedFilter:
    def test_each_team_by_its_own_time_to_assign(self, world: World) -> None:
        world.identity.set_team_deadlines(OPERATOR, "JB", DeadlineOverrides(
            assign_critical=30, assign_unassessed=45))
        jb_critical = world.assessed_case(world.jb_worker, Risk.CRITICAL)
        jb_unassessed = world.open_case(world.jb_worker).case
        jb_high = world.assessed_case(world.jb_worker, Risk.HIGH)
        pd_critical = world.assessed_case(world.pd_worker, Risk.CRITICAL)
        world.later(minutes=46)
        project(world.container)
        assert breached_ids(world) == {str(jb_critical.id), str(jb_unassessed.id)}

        world.later(hours=2)
        project(world.container)
        assert breached_ids(world) == {str(jb_critical.id), str(jb_unassessed.id),
                                       str(pd_critical.id)}
        assert breached_ids(world, auditor=False) == {str(pd_critical.id)}
        world.later(hours=24)
        assert str(jb_high.id) in breached_ids(world)


class TestTheSweep:
    def test_it_looks_back_as_far_as_the_shortest_time_to_assign(self, world: World) -> None:
        world.identity.set_team_deadlines(OPERATOR, "PD", DeadlineOverrides(assign_low=20))
        world.assessed_case(world.pd_worker, Risk.LOW)
        world.assessed_case(world.jb_worker, Risk.LOW)
        world.later(minutes=16)  # the last quarter of PD's 20 minutes
        project(world.container)
        notifications = world.container.notifications
        assert notifications is not None
        assert notifications.sweep_deadlines() == 1
        assert world.identity.shortest_time_to_assign() == timedelta(minutes=20)

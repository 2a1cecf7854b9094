"""The notifications view on SQLite and PostgreSQL: written with the other views by the
projection runner, rebuilt from the events with the read marks kept, and the deadline
sweep telling each deadline once."""

from __future__ import annotations

from datetime import timedelta

from adapters.projection.rebuild import rebuild
from domain.vocabulary import Risk
from projections.cases import CaseProjection
from projections.notifications import Kind
from service.notifications import NotificationService
from tests.integration.conftest import World
from tests.integration.views_support import project


def service(world: World) -> NotificationService:
    notifications = world.container.notifications
    assert notifications is not None
    return notifications


class TestNotificationView:
    def test_a_rebuild_makes_the_same_notifications_and_keeps_what_was_read(
            self, world: World) -> None:
        for _ in range(2):
            world.active_case(world.jb_worker, world.jb_supervisor)
        project(world.container)
        notifications = service(world)
        before = notifications.page(world.jb_worker).items
        assert [row.kind for row in before] == [Kind.CASE_ASSIGNED] * 2
        notifications.mark_read(world.jb_worker, before[0].notification_id)

        container = world.container
        live = container.runner.projection
        rebuild(container.cases_app, container.views,
                lambda: CaseProjection(container.tokenizer, container.settings.tz,
                                       live.load_case, live.notifications))

        after = notifications.page(world.jb_worker)
        assert [(r.notification_id, r.read) for r in after.items] == [
            (r.notification_id, r.notification_id == before[0].notification_id)
            for r in before]
        assert after.unread == 1

    def test_the_deadline_sweep_tells_the_supervisors_once(self, world: World) -> None:
        case = world.assessed_case(world.jb_worker, Risk.CRITICAL)  # two hours to assign
        project(world.container)
        notifications = service(world)
        assert notifications.sweep_deadlines() == 0  # on track

        world.clock.advance(timedelta(hours=1, minutes=45))
        assert notifications.sweep_deadlines() == 1  # the one JB supervisor
        world.clock.advance(timedelta(hours=1))  # breached now: still the same deadline
        assert notifications.sweep_deadlines() == 0

        [told] = notifications.page(world.jb_supervisor).items
        assert (told.kind, told.case_id, told.detail) == (Kind.DEADLINE_ASSIGN, case.id,
                                                          "at_risk")
        assert notifications.page(world.pd_supervisor).items == []
        assert notifications.page(world.jb_worker).items == []

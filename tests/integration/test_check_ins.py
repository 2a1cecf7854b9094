"""Recurring check-ins through the service (issue 13, decision 0028): a daily plan over ten
simulated days — the clock comes from outside — shows the right check-ins due, done,
skipped and breached, in the case's own list, in today's list and in the caseload."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from domain.checkins import CheckInState, Every
from domain.vocabulary import ClosureOutcome
from service.check_ins import case_check_ins, check_ins_between, todays_check_ins
from service.commands import (
    CheckInDone,
    CommandContext,
    RescheduleCheckIn,
    SetFollowUpPlan,
    SkipCheckIn,
)
from tests.integration.conftest import World
from tests.integration.views_support import project

DONE, SKIPPED, BREACHED, DUE = (CheckInState.DONE, CheckInState.SKIPPED,
                                CheckInState.BREACHED, CheckInState.DUE)


class TestADailyPlanOverTenDays:
    def test_due_done_skipped_and_breached(self, world: World) -> None:
        tz = world.container.settings.tz
        worker = world.jb_worker
        case_id = world.active_case(worker, world.jb_supervisor).id
        by_worker = CommandContext(worker)
        first = world.today()  # 10 April 2022, 09:00 in Shanghai

        def local(offset: int, hour: float) -> datetime:
            return datetime.combine(first + timedelta(days=offset), time(0), tzinfo=tz) + \
                timedelta(hours=hour)

        def at(offset: int, hour: float) -> None:
            world.clock.current = local(offset, hour)

        def today_list() -> list[tuple[date, CheckInState]]:
            project(world.container)
            today = todays_check_ins(world.container.queries, worker)
            return [(i.check_in.due_on, i.check_in.state) for i in today.check_ins]

        def run(command: object) -> None:
            world.cases.handle(command, by_worker)  # type: ignore[arg-type]

        run(SetFollowUpPlan(case_id, Every.DAY, time(10)))  # quarantine: every day at 10:00
        day = [first + timedelta(days=n) for n in range(10)]

        assert today_list() == [(day[0], DUE)]
        at(0, 10.5)
        run(CheckInDone(case_id, day[0], "体温正常,物资够用"))
        assert today_list() == []
        at(1, 8)
        run(SkipCheckIn(case_id, day[1], "已转送医院"))
        assert today_list() == []
        at(2, 11.9)
        assert today_list() == [(day[2], DUE)]  # within its two hours' grace
        at(2, 12.1)
        assert today_list() == [(day[2], BREACHED)]  # missed: no call on day 2
        at(3, 9)
        run(RescheduleCheckIn(case_id, day[3], local(3, 15)))
        at(3, 13)
        assert today_list() == [(day[2], BREACHED), (day[3], DUE)]  # 15:00 now, not 10:00
        at(3, 15.5)
        run(CheckInDone(case_id, day[3], None))
        at(4, 11.5)
        run(CheckInDone(case_id, day[4], "电话已接通"))  # late, within the grace period
        for n in (5, 8):
            at(n, 10.2)
            run(CheckInDone(case_id, day[n], None))
        at(7, 9)
        run(SkipCheckIn(case_id, day[7], "家属代为回复"))
        at(9, 23)

        case = world.cases.get_case(worker, case_id)
        states = {c.due_on: c.state for c in check_ins_between(
            case, world.clock.now(), tz, day[0], day[9])}
        assert states == {day[0]: DONE, day[1]: SKIPPED, day[2]: BREACHED, day[3]: DONE,
                          day[4]: DONE, day[5]: DONE, day[6]: BREACHED, day[7]: SKIPPED,
                          day[8]: DONE, day[9]: BREACHED}
        assert [c.state for c in case_check_ins(case, world.clock.now(), tz).ahead] == [
            CheckInState.UPCOMING] * 5
        # the caseload: the case's follow-up is its oldest check-in still open, overdue
        assert case.follow_up_due == day[2]
        project(world.container)
        [item] = [i for i in world.container.queries.caseload(worker).items
                  if i.case_id == case_id]
        assert (item.follow_up_due, item.overdue, item.deadline_state) == (
            day[2], True, "breached")
        assert today_list() == [(day[2], BREACHED), (day[6], BREACHED), (day[9], BREACHED)]
        dashboard = world.container.queries.dashboard(world.jb_supervisor)
        [load] = [w for w in dashboard.workers if w.worker_id == worker.id]
        assert load.overdue == 1

    def test_closing_the_case_ends_its_check_ins(self, world: World) -> None:
        worker = world.jb_worker
        case_id = world.active_case(worker, world.jb_supervisor).id
        world.cases.handle(SetFollowUpPlan(case_id, Every.DAY, time(10)),
                           CommandContext(worker))
        project(world.container)
        assert len(todays_check_ins(world.container.queries, worker).check_ins) == 1
        world.cases.close(world.jb_supervisor, case_id, ClosureOutcome.RESOLVED, "已康复")
        project(world.container)
        assert todays_check_ins(world.container.queries, worker).check_ins == []
        assert world.cases.get_case(world.jb_supervisor, case_id).follow_up_plan is None

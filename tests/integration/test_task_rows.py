"""Task rows (decision 0032) on SQLite and PostgreSQL: the row of each task an event
touched, its texts sealed, the reads the task lists, the caseload's overdue count and the
hours report make, and a rebuild that makes the same rows."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from adapters.projection.rebuild import rebuild
from adapters.storage.view_tables import TASK_COLUMNS
from domain.checkins import Every
from domain.values import ERASED, Actor
from domain.vocabulary import Role, TaskKind, TaskStatus
from projections.interfaces import TaskQuery
from service.commands import (
    AcceptTask,
    CommandContext,
    CompleteTask,
    CreateTask,
    OfferTask,
)
from service.identity import OPERATOR
from service.volunteers import VolunteerProfile
from tests.integration.conftest import PASSWORD, World
from tests.integration.views_support import fresh_projection, project, resident, view_texts

DESCRIPTION = "去神经内科代取特病药"


def volunteer(world: World, username: str, team: str = "JB") -> Actor:
    view = world.identity.create_user(OPERATOR, username, PASSWORD, username, Role.VOLUNTEER,
                                      team=team, volunteer=VolunteerProfile((team,), "江北区"))
    return view.actor


def worked(world: World) -> tuple[UUID, UUID, Actor]:
    """Song Laoshi's case with a monthly task, done once by a volunteer: the first
    occurrence completed, the next accepted by her."""
    song = volunteer(world, "vol-song")
    case = world.open_case(world.jb_worker, details=resident("宋兰芬", "13800000001"),
                           assessment=world.assessment()).case
    world.cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None)
    run = world.cases.handle
    made = run(CreateTask(case.id, TaskKind.DELIVERY, DESCRIPTION,
                          world.clock.now() + timedelta(days=2), "市第一人民医院",
                          Every.MONTH), CommandContext(world.jb_worker))
    assert made.task is not None
    task_id = made.task.id
    run(OfferTask(task_id, song.id), CommandContext(world.jb_worker))
    run(AcceptTask(task_id), CommandContext(song))
    world.later(days=1)
    run(CompleteTask(task_id, 120, "排队两小时"), CommandContext(song))
    return case.id, task_id, song


def dump(world: World) -> list[tuple[object, ...]]:
    views = world.container.views
    with views.db.read() as tx:
        tables = views.tables_in(tx)
        return [tuple(r) for r in tx.fetchall(
            f"SELECT {', '.join(TASK_COLUMNS)} FROM {tables.tasks} ORDER BY task_id")]


class TestTaskRows:
    def test_rows_follow_the_tasks_and_hold_their_texts_sealed(self, world: World) -> None:
        _case_id, task_id, song = worked(world)
        project(world.container)
        reader = world.container.views.reader()
        first = reader.task_row(task_id)
        assert first is not None
        assert (first.status, first.volunteer_id, first.minutes) == (
            TaskStatus.COMPLETED, song.id, 120)
        assert (first.description, first.resident, first.street) == (
            DESCRIPTION, "宋老师", "观音桥街道")
        mine = reader.tasks(TaskQuery(volunteer_id=song.id, pool_teams=("JB",)), 10, None)
        assert [row.status for row in mine] == [TaskStatus.COMPLETED, TaskStatus.ACCEPTED]
        assert mine[1].previous_id == task_id
        assert not [text for text in view_texts(world.container)
                    if DESCRIPTION in text or "宋老师" in text]

    def test_overdue_counts_and_hours(self, world: World) -> None:
        case_id, _task_id, song = worked(world)
        project(world.container)
        reader = world.container.views.reader()
        later = world.clock.now() + timedelta(days=40)
        assert reader.open_task_overdue_counts([case_id], later) == {case_id: 1}
        assert reader.open_task_overdue_counts([case_id], world.clock.now()) == {}
        lines = reader.task_hours(("JB",), None, None, None)
        assert [(line.volunteer_id, line.minutes, line.tasks, line.kind, line.month)
                for line in lines] == [(song.id, 120, 1, "delivery", "2022-04")]
        assert reader.task_hours(("PD",), None, None, None) == []

    def test_a_team_scope_and_a_workers_caseload(self, world: World) -> None:
        _case_id, _, _ = worked(world)
        project(world.container)
        reader = world.container.views.reader()
        assert len(reader.tasks(TaskQuery(teams=("JB",)), 10, None)) == 2
        assert reader.tasks(TaskQuery(teams=("PD",)), 10, None) == []
        assert len(reader.tasks(TaskQuery(worker_id=world.jb_worker.id), 10, None)) == 2
        assert reader.tasks(TaskQuery(worker_id=world.jb_colleague.id), 10, None) == []
        first, second = reader.tasks(TaskQuery(teams=("JB",)), 10, None)
        assert first.due_by < second.due_by  # by due time
        assert reader.tasks(TaskQuery(teams=("JB",), status=(TaskStatus.ACCEPTED,)), 10,
                            None) == [second]

    def test_erasure_leaves_the_rows_unreadable(self, world: World) -> None:
        case_id, _task_id, _ = worked(world)
        world.cases.erase(world.jb_supervisor, case_id, "本人申请")
        project(world.container)
        reader = world.container.views.reader()
        rows = reader.tasks(TaskQuery(case_id=case_id), 10, None)
        assert {(row.description, row.place, row.resident) for row in rows} == {
            (ERASED, ERASED, ERASED)}

    def test_a_rebuild_makes_the_same_rows(self, world: World) -> None:
        worked(world)
        project(world.container)
        incremental = dump(world)
        assert len(incremental) == 2
        container = world.container
        rebuild(container.cases_app, container.views, lambda: fresh_projection(container))
        assert dump(world) == incremental

"""The cast of the task page tests: volunteers of team JB near Song Laoshi (community,
street, elsewhere in the district, paused), and her case with tasks made through the
service, as the volunteers' own pages would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from domain.values import Actor
from domain.vocabulary import Role, TaskKind, Via
from service.commands import AcceptTask, CaseCommand, CommandContext, CompleteTask, CreateTask
from service.identity import OPERATOR
from service.volunteers import VolunteerProfile
from tests.integration.conftest import PASSWORD, World

NEAR, STREET, FAR, PAUSED = "vol-near", "vol-street", "vol-far", "vol-paused"
NAMES = {NEAR: "近邻小周", STREET: "街坊老李", FAR: "区里小陈", PAUSED: "暂停老王"}


def volunteers(world: World) -> dict[str, Actor]:
    made = {}
    for username, street, community, available in (
            (NEAR, "观音桥街道", "建新社区", True), (STREET, "观音桥街道", "北城社区", True),
            (FAR, "五里店街道", "", True), (PAUSED, "观音桥街道", "建新社区", False)):
        made[username] = world.identity.create_user(
            OPERATOR, username, PASSWORD, NAMES[username], Role.VOLUNTEER, team="JB",
            volunteer=VolunteerProfile(("JB",), "江北区", street, community, (),
                                       available)).actor
    return made


def song_case(world: World) -> UUID:
    """Song Laoshi's case (江北区观音桥街道建新社区): assessed, assigned to jb-wang."""
    case = world.open_case(world.jb_worker, assessment=world.assessment()).case
    world.cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None)
    return case.id


def run(world: World, actor: Actor, command: CaseCommand) -> Any:
    return world.cases.handle(command, CommandContext(actor, Via.API))


def make_task(world: World, case_id: UUID, *, days: float = 2,
              kind: TaskKind = TaskKind.PURCHASE_ON_BEHALF) -> UUID:
    result = run(world, world.jb_worker, CreateTask(
        case_id, kind, "代配特病药", world.clock.now() + timedelta(days=days), "区人民医院"))
    return result.task.id  # type: ignore[no-any-return]


def accept_and_complete(world: World, volunteer: Actor, task_id: UUID,
                        minutes: int) -> None:
    run(world, volunteer, AcceptTask(task_id))
    run(world, volunteer, CompleteTask(task_id, minutes, "药已送到"))

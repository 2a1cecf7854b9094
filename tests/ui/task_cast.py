"""The cast of the volunteer's task pages: Song Laoshi's case of team JB (tests/http's),
volunteers of JB (周敏 also of PD), and tasks made and offered by the case's side through
the service, as the case page's forms will."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from domain.identity import user_id_for
from domain.values import Actor
from domain.vocabulary import Role, TaskKind, Via
from service.commands import AcceptTask, CommandContext, CompleteTask, CreateTask, OfferTask
from service.identity import OPERATOR
from service.volunteers import VolunteerProfile
from tests.http.task_support import CONTACT_ONLY, SONG_SECRETS, song_case
from tests.integration.conftest import PASSWORD, World

__all__ = ["CONTACT_ONLY", "SONG_SECRETS", "Cast", "cast_of"]
ZHOU, LI = "jb-zhou", "jb-vol-li"  # volunteers of JB (周敏 also of PD)


class Cast:
    def __init__(self, world: World) -> None:
        self.world = world
        for username, name, teams in ((ZHOU, "周敏", ("JB", "PD")), (LI, "李强", ("JB",))):
            world.identity.create_user(
                OPERATOR, username, PASSWORD, name, Role.VOLUNTEER, team=teams[0],
                volunteer=VolunteerProfile(teams, "江北区", "观音桥街道", "建新社区",
                                           (), True))
        self.case_id = song_case(world)

    def volunteer(self, username: str) -> Actor:
        view = self.world.identity.user(user_id_for(username))
        return view.actor

    def task(self, *, to: str | None = None, kind: TaskKind = TaskKind.DELIVERY,
             due_in: timedelta = timedelta(days=2), case_id: UUID | None = None,
             by: Actor | None = None, **fields: Any) -> UUID:
        """A task offered to `to` (a username) or to the pool."""
        world = self.world
        worker = by or world.jb_worker
        made = world.cases.handle(CreateTask(
            case_id or self.case_id, kind, fields.get("description", "取特病药"),
            world.clock.now() + due_in, fields.get("place", "市第一人民医院神经内科")),
            CommandContext(worker, Via.API))
        assert made.task is not None
        task_id = made.task.id
        world.cases.handle(OfferTask(task_id, user_id_for(to) if to else None),
                           CommandContext(worker, Via.API))
        return task_id

    def done(self, username: str, task_id: UUID, minutes: int) -> None:
        """Accepted and completed by `username` through the service."""
        actor = self.volunteer(username)
        self.world.cases.handle(AcceptTask(task_id), CommandContext(actor, Via.API))
        self.world.cases.handle(CompleteTask(task_id, minutes, None),
                                CommandContext(actor, Via.API))


def cast_of(world: World) -> Cast:
    return Cast(world)

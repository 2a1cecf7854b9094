"""The cast and steps of the task tests (decision 0032): volunteers of team JB living at
different distances from Song Laoshi, one of team PD, and a case with a task."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from adapters.http.auth import CREDENTIALS_CLAIM
from domain.values import ResidentDetails
from domain.vocabulary import Role, TaskKind
from service.identity import OPERATOR
from service.volunteers import VolunteerProfile
from tests.http.conftest import Api
from tests.integration.conftest import PASSWORD, World

TASKS = "/api/v1/tasks"
# The resident of these tests: the volunteers may call her 宋老师, never by her name.
SONG = ResidentDetails(name="宋兰芬", phone="13800000001", id_number="500105195201011234",
                       address_detail="3-2-201", emergency_contact_name="李明",
                       emergency_contact_phone="13900000009",
                       emergency_contact_relation="son")
SONG_SECRETS = ("宋兰芬", "500105195201011234", "李明", "13900000009",
                "Lives with her granddaughter", "Escort to the neurology clinic")
CONTACT_ONLY = ("13800000001", "3-2-201")
# Volunteers of JB: `near` lives in the resident's community, `street` on her street,
# `far` elsewhere in the district; `paused` is away; `pd` is of the other team.
NEAR, STREET, FAR, PAUSED, PD = "vol-near", "vol-street", "vol-far", "vol-paused", "vol-pd"


def volunteer(api: Api, username: str, teams: tuple[str, ...], *, street: str = "",
              community: str = "", district: str = "江北区", available: bool = True,
              kinds: tuple[TaskKind, ...] = ()) -> UUID:
    view = api.world.identity.create_user(
        OPERATOR, username, PASSWORD, username.replace("-", " ").title(), Role.VOLUNTEER,
        team=teams[0], volunteer=VolunteerProfile(teams, district, street, community, kinds,
                                                  available))
    # A volunteer's profile counts as a change of credentials: mint under the count.
    jwt_auth = api.app.state["jwt_auth"]
    api.tokens[username] = jwt_auth.create_token(
        identifier=str(view.id), token_extras={CREDENTIALS_CLAIM: view.credentials_version})
    return view.id


def volunteers(api: Api) -> dict[str, UUID]:
    return {
        NEAR: volunteer(api, NEAR, ("JB",), street="观音桥街道", community="建新社区"),
        STREET: volunteer(api, STREET, ("JB",), street="观音桥街道", community="北城社区"),
        FAR: volunteer(api, FAR, ("JB",), street="五里店街道"),
        PAUSED: volunteer(api, PAUSED, ("JB",), street="观音桥街道", community="建新社区",
                          available=False),
        PD: volunteer(api, PD, ("PD",), district="浦东新区"),
    }


def song_case(world: World) -> UUID:
    """Song Laoshi's case: opened, assessed and assigned to jb-wang."""
    case = world.open_case(world.jb_worker, details=SONG,
                           assessment=world.assessment()).case
    world.cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None)
    return case.id


def task_body(world: World, **overrides: Any) -> dict[str, Any]:
    return {"kind": "delivery", "description": "Fetch the 特病药 from the neurology clinic",
            "due_by": (world.clock.now() + timedelta(days=2)).isoformat(),
            "place": "市第一人民医院神经内科", **overrides}


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def make_task(api: Api, case_id: UUID, user: str = "jb-wang", **overrides: Any) -> Any:
    return ok(api.as_(user).post(f"/api/v1/cases/{case_id}/tasks",
                                 json=task_body(api.world, **overrides)), 201)


def act(api: Api, user: str, task_id: str, action: str, body: Any = None,
        status: int = 200, **kw: Any) -> Any:
    response = api.as_(user).post(f"{TASKS}/{task_id}/{action}", json=body, **kw)
    assert response.status_code == status, response.text
    return response.json()


def leaks(body: Any, *secrets: str) -> list[str]:
    text = str(body)
    return [secret for secret in secrets if secret in text]

"""Who may do what: pure functions over an actor and a case's team.

Out of scope (another team's case, another organisation's referral) is `NotFound`,
so existence never leaks; a role that may never do a thing is `NotPermitted`. A volunteer
never sees a case, in scope or not: every case is `NotFound` to them (SPEC §6). A
supervisor's scope reaches the teams below theirs (`Actor.scope`, decision 0030): they
read those cases, assign and route them; the rest is the case's own team's to do.
"""

from __future__ import annotations

from uuid import UUID

from domain.errors import NotFound, NotPermitted
from domain.values import Actor
from domain.vocabulary import CASE_SIDE_ROLES, Role


def require_sees_cases(actor: Actor) -> None:
    """A volunteer does the errands given to them and never sees a case, its history,
    assessment or notes: any case, listed or named, is not there for them (404)."""
    if actor.role is Role.VOLUNTEER:
        raise NotFound("no such case")


def can_read_case(actor: Actor, team: str) -> bool:
    if actor.role is Role.AUDITOR:
        return True
    return actor.role in CASE_SIDE_ROLES and team in actor.scope


def require_case_in_scope(actor: Actor, team: str) -> None:
    if not can_read_case(actor, team):
        raise NotFound("no such case")


def require_case_side(actor: Actor, team: str, action: str) -> None:
    """Workers and supervisors of the case's team act on it; nobody else."""
    if actor.role is Role.AUDITOR:
        raise NotPermitted(f"an auditor reads cases but may not {action}")
    require_case_in_scope(actor, team)
    if actor.team != team:
        raise NotPermitted(f"a supervisor above the case's team reads, assigns and routes "
                           f"it; only its own team may {action}")


def require_supervisor_over(actor: Actor, team: str, action: str) -> None:
    """A supervisor of the case's team or of a team above it (decision 0030)."""
    if actor.role is Role.AUDITOR:
        raise NotPermitted(f"an auditor reads cases but may not {action}")
    require_case_in_scope(actor, team)
    if actor.role is not Role.SUPERVISOR:
        raise NotPermitted(f"only a supervisor may {action}")


def require_supervisor(actor: Actor, team: str, action: str) -> None:
    require_case_side(actor, team, action)
    if actor.role is not Role.SUPERVISOR:
        raise NotPermitted(f"only a supervisor may {action}")


def require_can_open(actor: Actor, team: str) -> None:
    require_sees_cases(actor)
    if actor.role not in CASE_SIDE_ROLES:
        raise NotPermitted("only workers and supervisors open cases")
    if actor.team != team:
        raise NotPermitted("a case can only be opened for your own team")


def require_receiving_organisation(actor: Actor, organisation_id: UUID) -> None:
    if actor.role is not Role.PARTNER or actor.organisation_id != organisation_id:
        raise NotFound("no such referral")


def require_system_or_case_side(actor: Actor, team: str, action: str) -> None:
    if actor.role is Role.SYSTEM:
        return
    require_case_side(actor, team, action)

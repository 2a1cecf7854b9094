"""Routing down and escalating up (decision 0030): a supervisor moves a case within their
own part of the team tree at once (`Case.Routed`); anywhere else — a sibling, an
ancestor — it is a transfer request the receiving team's supervisor decides. The service
says whether the receiving team is the supervisor's own or below it (`in_actor_scope`);
the aggregate never looks teams up."""

from __future__ import annotations

from uuid import UUID

from domain.actions import CaseAction, available_commands
from domain.case import Case
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import Actor
from domain.vocabulary import Role, Status
from tests.unit.facts import (
    API,
    NOW,
    SUPERVISOR,
    TEAM,
    WORKER,
    assigned,
    history,
    open_case,
    opened,
    transfer_requested,
)
from tests.unit.scenario import Step, event, given

STREET = "CS"  # TEAM (JB) is one of its communities; CB is another
STREET_LEAD = Actor(UUID(int=21), Role.SUPERVISOR, team=STREET,
                    teams_below=frozenset({TEAM, "CB"}))
STREET_WORKER = Actor(UUID(int=22), Role.WORKER, team=STREET)
REASON = "就近服务"


def route(to_team: str, actor: Actor = STREET_LEAD, *, in_scope: bool = True,
          reason: str = REASON) -> Step:
    return lambda case: case.request_transfer(to_team, reason, actor=actor, via=API, at=NOW,
                                              in_actor_scope=in_scope)


class TestRoutingDown:
    def test_a_case_routed_below_joins_that_team_at_once_unassigned(self) -> None:
        case = given(*history(Status.ACTIVE)).when(route("CB")).then(event(
            Case.Routed, from_team=TEAM, to_team="CB", personal={"reason": REASON},
            actor=STREET_LEAD.ref))
        assert (case.team, case.assigned_worker_id, case.status) == ("CB", None,
                                                                     Status.ASSESSED)
        assert case.pending_transfer is None
        assert case.waiting_since == NOW

    def test_the_teams_own_supervisor_routes_down_too(self) -> None:
        case = given(opened()).when(route("CB", SUPERVISOR)).then(Case.Routed)
        assert (case.team, case.status) == ("CB", Status.INTAKE)

    def test_a_supervisor_above_may_pull_a_case_up_to_their_own_team(self) -> None:
        case = given(opened()).when(route(STREET)).then(Case.Routed)
        assert case.team == STREET

    def test_outside_the_actors_scope_it_is_a_request_as_before(self) -> None:
        case = given(opened()).when(route("QY", SUPERVISOR, in_scope=False)).then(event(
            Case.TransferRequested, to_team="QY"))
        assert (case.team, case.pending_transfer is not None) == (TEAM, True)

    def test_routing_needs_a_reason_and_another_team(self) -> None:
        given(opened()).when(route("CB", reason=" ")).then_raises(InvalidInput, field="reason")
        given(opened()).when(route(TEAM)).then_raises(RuleViolated, rule="same_team")

    def test_no_routing_while_a_transfer_is_pending(self) -> None:
        given(opened(), transfer_requested()).when(route("CB")).then_raises(
            RuleViolated, rule="transfer_pending")

    def test_a_worker_never_routes(self) -> None:
        given(opened()).when(route("CB", WORKER)).then_raises(NotPermitted)

    def test_a_supervisor_of_a_team_below_cannot_route_the_case_of_one_above(self) -> None:
        street_case = given(open_case(by=STREET_WORKER, team=STREET).collect_events())
        street_case.when(route("CB", SUPERVISOR)).then_raises(NotFound)


class TestFromAbove:
    def test_a_supervisor_above_assigns_a_worker_of_the_cases_own_team(self) -> None:
        given(*history(Status.ASSESSED)).when(
            lambda case: case.assign(WORKER, None, actor=STREET_LEAD, via=API, at=NOW)
        ).then(Case.Assigned)

    def test_but_never_a_worker_of_another_team(self) -> None:
        given(*history(Status.ASSESSED)).when(
            lambda case: case.assign(STREET_WORKER, None, actor=STREET_LEAD, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="worker_not_in_team")

    def test_the_teams_own_work_stays_its_own(self) -> None:
        given(*history(Status.ACTIVE)).when(
            lambda case: case.add_note("督导意见", actor=STREET_LEAD, via=API, at=NOW)
        ).then_raises(NotPermitted)

    def test_what_the_case_page_offers_a_supervisor_above(self) -> None:
        case = given(*history(Status.ASSESSED)).case
        assert available_commands(case, STREET_LEAD) == {CaseAction.ASSIGN,
                                                         CaseAction.TRANSFER}
        active = given(*history(Status.ASSESSED), assigned()).case
        assert CaseAction.CLOSE not in available_commands(active, STREET_LEAD)

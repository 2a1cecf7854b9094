"""The team tree in the web UI (decision 0030): the team picker a supervisor of a street
or district sees on the intake queue and the dashboard, and the teams a case may be
routed down to (下派) or escalated to (上报)."""

from __future__ import annotations

from adapters.http.ui.pages import Ui
from domain.vocabulary import Role


def chooses_team(ui: Ui) -> bool:
    """Whether a case list's `team` filter is the caller's to set: an auditor's, and a
    supervisor's with teams below theirs (a team out of scope lists nothing)."""
    return ui.actor.role is Role.AUDITOR or bool(ui.actor.teams_below)


def team_choices(ui: Ui) -> list[tuple[str, str]]:
    """A supervisor's own team and every team below it, parents first; none when no
    team lies below (no picker then)."""
    actor = ui.actor
    if actor.role is not Role.SUPERVISOR or actor.team is None or not actor.teams_below:
        return []
    tree = ui.container.identity.team_tree()
    return [(code, ui.names.team(code)) for code in tree.subtree(actor.team)]


def move_options(ui: Ui, case_team: str) -> dict[str, list[tuple[str, str]]]:
    """Where a supervisor may send a case of `case_team`: routed down at once (the teams
    below their own, in tree order), escalated (the teams above their own: a
    request), or transferred (any other team: a request, as before)."""
    actor = ui.actor
    tree = ui.container.identity.team_tree()
    own = actor.team or ""
    down = [code for code in tree.subtree(own) if code not in (case_team, own)] if own else []
    up = [code for code in tree.above(own) if code != case_team] if own else []
    taken = {case_team, *down, *up}
    other = sorted(code for code in tree.nodes if code not in taken)
    return {"route_options": [(code, ui.names.team(code)) for code in down],
            "escalate_options": [(code, ui.names.team(code)) for code in up],
            "team_options": [(code, ui.names.team(code)) for code in other]}

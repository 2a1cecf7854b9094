"""Every route handler of the service, in one list for the factory."""

from __future__ import annotations

from typing import Any

from litestar import Router

from adapters.http import ui
from adapters.http.api import (
    admin,
    campaigns,
    case_commands,
    case_history,
    case_reads,
    check_ins,
    exports,
    imports,
    notifications,
    ops,
    password,
    queues,
    referrals,
    reports,
    task_reads,
    tasks,
    team_deadlines,
    volunteers,
)
from adapters.http.auth import login


def handlers() -> list[Any]:
    found: list[Any] = [login, ops.healthz, ops.readyz, ops.metrics]
    for module in (case_commands, case_reads, case_history, queues, referrals, reports,
                   admin, password, notifications, exports, imports, check_ins, campaigns,
                   tasks, task_reads, volunteers, team_deadlines):
        found.extend(module.HANDLERS)
    found.extend(ui.handlers())  # the web UI's pages and static files
    # One router, so that the handlers of each path register together: Litestar 2.25
    # registers a path's earlier handler again when a later one joins that path, and a
    # sync handler wrapped twice answers an un-awaited coroutine (a 500).
    # A volunteer never sees a case: every case route answers them 404 (SPEC §6).
    return [Router(path="/", route_handlers=found,
                   guards=[volunteers.hide_cases_from_volunteers])]

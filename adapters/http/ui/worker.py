"""A social worker's desk: my caseload and my team's intake queue (docs/domain.md §3 order), both
refreshing by themselves; claiming an unassigned case."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from adapters.http.ui.commands import run_command
from adapters.http.ui.forms import Form
from adapters.http.ui.names import team_workers
from adapters.http.ui.pages import CASE_SIDE, CaseId, FormBody, Ui, fragment, page, signed_in
from adapters.http.ui.tiers import team_choices
from domain.vocabulary import Role, Status
from service.check_ins import todays_check_ins
from service.commands import Claim
from service.paging import MAX_LIMIT

After = Annotated[int | None, QueryParameter(name="after", ge=0)]
POLL_SECONDS = 10
TeamCode = Annotated[str | None, QueryParameter(pattern=r"^[A-Z][A-Z0-9]{1,9}$")]


def _caseload(ui: Ui, after: int | None) -> dict[str, Any]:
    listing = ui.container.queries.caseload(ui.actor, limit=MAX_LIMIT, min_position=after,
                                             names=True)
    return {"caseload": listing.items, "caseload_fresh": listing.fresh,
            "caseload_more": listing.next_cursor is not None}


def _intake(ui: Ui, after: int | None, team: str | None = None) -> dict[str, Any]:
    """The intake queue of the caller's team, or of `team` below a supervisor's (0030)."""
    team = team or ui.actor.team
    listing = ui.container.queries.intake_queue(ui.actor, team=team, limit=MAX_LIMIT,
                                                 min_position=after, names=True)
    return {"intake": listing.items, "intake_fresh": listing.fresh,
            "intake_more": listing.next_cursor is not None, "queue_team": team,
            "may_claim": team == ui.actor.team,
            "assign_options": assign_options(ui, team) if any(
                item.status is Status.ASSESSED for item in listing.items) else []}


def assign_options(ui: Ui, team: str | None = None) -> list[tuple[str, str]]:
    """A supervisor's choice of whom to assign to from the intake queue: the team's
    active workers, least loaded first, each with their open caseload; the supervisors
    after them (a supervisor is never the first choice)."""
    team = team or ui.actor.team
    if ui.actor.role is not Role.SUPERVISOR or team is None:
        return []
    counts = ui.container.queries.caseload_counts(ui.actor, team)
    members = team_workers(ui.container.identity, team)
    members.sort(key=lambda u: (u.role is Role.SUPERVISOR, counts.get(u.id, 0)))
    return [(str(u.id), ui.tr.t("queue.worker_load_lead" if u.role is Role.SUPERVISOR
                                else "queue.worker_load", name=u.display_name,
                                n=counts.get(u.id, 0)))
            for u in members]


def _now(ui: Ui) -> str:
    return ui.tr.when(ui.container.clock.now())


@get("/work", name="ui-work", sync_to_thread=True)
def work(request: Request[Any, Any, Any], after: After = None,
         team: TeamCode = None) -> Template:
    ui = signed_in(request, *CASE_SIDE)
    return page(ui, "work.html", title=ui.tr.t("work.title"), poll=POLL_SECONDS,
                updated=_now(ui), **_caseload(ui, after), **_intake(ui, None, team),
                teams=team_choices(ui),
                today=todays_check_ins(ui.container.queries, ui.actor))  # 今日回访 (0028)


@get("/work/caseload", name="ui-work-caseload", sync_to_thread=True)
def caseload_fragment(request: Request[Any, Any, Any]) -> Template:
    ui = signed_in(request, *CASE_SIDE)
    return fragment(ui, "partials/caseload.html", updated=_now(ui), **_caseload(ui, None))


@get("/work/intake", name="ui-work-intake", sync_to_thread=True)
def intake_fragment(request: Request[Any, Any, Any], team: TeamCode = None) -> Template:
    ui = signed_in(request, *CASE_SIDE)
    return fragment(ui, "partials/intake.html", updated=_now(ui), **_intake(ui, None, team))


@post("/cases/{case_id:uuid}/claim", name="ui-claim", sync_to_thread=True, status_code=303)
def claim(request: Request[Any, Any, Any], case_id: CaseId,
          data: FormBody) -> Template | Redirect:
    ui = signed_in(request, *CASE_SIDE)
    form = Form(data)

    return run_command(ui, case_id, "claim", form, lambda: Claim(case_id),
                       done_key="done.claimed",
                       to_work=form.raw("back") == "work")


HANDLERS: list[Any] = [work, caseload_fragment, intake_fragment, claim]

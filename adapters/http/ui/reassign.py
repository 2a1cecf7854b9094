"""Bulk reassignment (批量改派): a supervisor moves some or all of one worker's cases to
another worker of the team, with one reason recorded on each case — through the same
service path as the API's (service/bulk.py), the form's request key included."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Template

from adapters.http.observability import Metrics
from adapters.http.ui.commanding import idempotency_of
from adapters.http.ui.feedback import explain
from adapters.http.ui.forms import Form
from adapters.http.ui.names import team_workers
from adapters.http.ui.pages import FormBody, Ui, page, signed_in
from domain.errors import DomainError, InvalidInput
from domain.vocabulary import Role, Via
from service.bulk import ReassignCases
from service.commands import CommandContext
from service.paging import MAX_LIMIT
from service.results import QueueItem


def _caseload(ui: Ui, worker_id: UUID | None, members: list[UUID],
              after: int | None = None) -> list[QueueItem]:
    if worker_id is None or worker_id not in members:
        return []
    listing = ui.container.queries.caseload(ui.actor, worker_id=worker_id,
                                            worker_team=ui.actor.team, limit=MAX_LIMIT,
                                            min_position=after)
    return [item for item in listing.items if isinstance(item, QueueItem)]


def _page(ui: Ui, worker_id: UUID | None, *, status: int = 200, after: int | None = None,
          **extra: Any) -> Template:
    members = team_workers(ui.container.identity, ui.actor.team or "")
    options = [(str(m.id), f"{m.display_name} ({ui.tr.label('role', m.role)})")
               for m in members]
    cases = _caseload(ui, worker_id, [m.id for m in members], after)
    return page(ui, "reassign.html", status=status, title=ui.tr.t("reassign.title"),
                worker_options=options, from_worker=str(worker_id) if worker_id else "",
                to_options=[o for o in options if o[0] != str(worker_id)],
                cases=cases, **extra)


@get("/team/reassign", name="ui-reassign", sync_to_thread=True)
def reassign_form(request: Request[Any, Any, Any],
                  worker: Annotated[UUID | None, QueryParameter(name="from")] = None
                  ) -> Template:
    ui = signed_in(request, Role.SUPERVISOR)
    return _page(ui, worker)


@post("/team/reassign", name="ui-reassign-post", sync_to_thread=True, status_code=200)
def reassign(request: Request[Any, Any, Any], data: FormBody) -> Template:
    ui = signed_in(request, Role.SUPERVISOR)
    form = Form(data)
    from_worker = None
    try:
        from_worker = form.uuid("from_worker")
        case_ids = [UUID(v) for v in form.values_of("case_ids")]
        if not case_ids:
            raise InvalidInput("case_ids", "at_least_one")
        listed = _caseload(ui, from_worker, [from_worker])
        references = {item.case_id: item.reference for item in listed}
        result = ui.container.bulk.reassign(
            ReassignCases(form.uuid("to_worker"), form.text("reason"), tuple(case_ids)),
            CommandContext(ui.actor, Via.UI, None, idempotency_of(ui, form)))
    except (DomainError, ValueError) as error:
        problem = explain(ui.tr, error if isinstance(error, DomainError)
                          else InvalidInput("case_ids", "unknown_choice"))
        return _page(ui, from_worker, status=problem.status, problem=problem,
                     open_form="reassign", values=form.values)
    metrics: Metrics = ui.request.app.state["metrics"]
    results: list[tuple[str, str | None]] = []
    for outcome in result.outcomes:
        reference = references.get(outcome.case_id, str(outcome.case_id)[:8])
        if outcome.error is None:
            if outcome.position is not None:  # not answered from an earlier request
                metrics.commands.labels("ui_reassign").inc()
            results.append((reference, None))
        else:
            results.append((reference, explain(ui.tr, outcome.error).message))
    return _page(ui, from_worker, after=result.position, results=results)


HANDLERS: list[Any] = [reassign_form, reassign]

"""A case's history beyond its events (SPEC §6): what changed between two versions, and
the whole history exported as a JSON or CSV file. Supervisors and auditors only; every
read is recorded in the case's access log (an export as `history_export`)."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.params import FromPath, QueryParameter

from adapters.bootstrap import Container
from adapters.http.api.reading import OVERSIGHT, People, require_role
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.schemas.responses import ChangeOut, DiffOut, HistoryExportOut, HistoryItemOut
from domain.values import Actor
from service.changes import Change
from service.history import HistoryItem, diff, read_history

TAGS = ["cases"]
CasePath = FromPath[UUID]
WORKER_FIELDS = frozenset({"assigned_worker_id"})
CSV_COLUMNS = ("version", "at", "type", "actor_id", "actor_username", "actor_role", "via",
               "changes", "data")
# A cell that a spreadsheet would run as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def change_out(change: Change, people: People) -> ChangeOut:
    """A change with API values (enum values, ISO dates, ids) and workers' names."""
    old, new = msgspec.to_builtins(change.old), msgspec.to_builtins(change.new)
    names: dict[str, str | None] = {}
    if change.field in WORKER_FIELDS:
        names = {"from_name": people.display_name(change.old) if change.old else None,
                 "to_name": people.display_name(change.new) if change.new else None}
    return ChangeOut(field=change.field, from_=old, to=new, referral_id=change.referral_id,
                     hidden=change.hidden, **names)


def history_item_out(item: HistoryItem, people: People) -> HistoryItemOut:
    return HistoryItemOut(
        version=item.version, type=item.type, at=item.at,
        actor=people.actor(item.actor_id, item.actor_role), via=item.via,
        data=msgspec.to_builtins(item.data),
        changes=[change_out(change, people) for change in item.changes])


@get("/api/v1/cases/{case_id:uuid}/diff", operation_id="getCaseDiff", tags=TAGS,
     sync_to_thread=True, responses=problems(400, 401, 403, 404, 422),
     summary="What changed between two versions of a case (supervisors, auditors)",
     description="Field by field, from version `from` to version `to`, "
                 "0 <= from < to <= the case's current version (0 is before the case was "
                 "opened). A version out of range is a 422 with code `out_of_range` and "
                 "the allowed `min` and `max`. Recorded in the access log as `history`.")
def case_diff(request: Request[Any, Any, State], case_id: CasePath,
              from_version: Annotated[int, QueryParameter(
                  name="from", description="The earlier version (0: before opening)")],
              to_version: Annotated[int, QueryParameter(
                  name="to", description="The later version")]) -> DiffOut:
    caller = actor(request)
    require_role(caller, OVERSIGHT, "compare versions of a case")
    container = container_of(request)
    found = diff(container.cases, caller, case_id, from_version, to_version)
    people = People(container.identity)
    return DiffOut(case_id=found.case_id, reference=found.reference,
                   from_=found.from_version, to=found.to_version, from_at=found.from_at,
                   to_at=found.to_at,
                   changes=[change_out(change, people) for change in found.changes])


def _export(request: Request[Any, Any, State], case_id: UUID) -> tuple[HistoryExportOut, str]:
    caller = actor(request)
    require_role(caller, OVERSIGHT, "export a case's history")
    return history_export(container_of(request), caller, case_id)


def history_export(container: Container, caller: Actor,
                   case_id: UUID) -> tuple[HistoryExportOut, str]:
    """The whole history as one document and the case's reference; recorded in the
    access log as an export (the API's and the web UI's downloads)."""
    items = read_history(container.cases, caller, case_id, export=True)
    people = People(container.identity)
    reference = str(items[0].data.get("reference", case_id))
    body = HistoryExportOut(case_id=case_id, reference=reference,
                            exported_at=container.clock.now(),
                            items=[history_item_out(item, people) for item in items])
    return body, reference


def attachment(name: str) -> dict[str, str]:
    return {"Cache-Control": "no-store", "Content-Disposition": f'attachment; filename="{name}"'}


@get("/api/v1/cases/{case_id:uuid}/history.json", operation_id="exportCaseHistoryJson",
     tags=TAGS, sync_to_thread=True, responses=problems(400, 401, 403, 404),
     summary="A case's whole history as a JSON file (supervisors, auditors)",
     description="Every event, oldest first, with what it changed, as one attachment. "
                 "Recorded in the access log as `history_export`.")
def export_history_json(request: Request[Any, Any, State],
                        case_id: CasePath) -> Response[HistoryExportOut]:
    body, reference = _export(request, case_id)
    return Response(body, headers=attachment(f"{reference}-history.json"))


def _cell(value: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _changes_text(changes: list[ChangeOut]) -> str:
    """`risk: medium → high; follow_up_due: 2022-12-01 → 2022-12-03`"""
    parts = []
    for change in changes:
        name = change.field if change.referral_id is None else \
            f"{change.field} ({change.referral_id})"
        parts.append(f"{name}: (hidden)" if change.hidden else
                     f"{name}: {_value(change.from_)} → {_value(change.to)}")
    return "; ".join(parts)


def history_csv(body: HistoryExportOut) -> bytes:
    """One row per event; UTF-8 with a byte-order mark, so that Excel reads the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in body.items:
        row = [str(item.version), item.at.isoformat(), item.type, str(item.actor.id),
               item.actor.username or "", item.actor.role.value, item.via.value,
               _changes_text(item.changes),
               json.dumps(item.data, ensure_ascii=False, sort_keys=True)]
        writer.writerow([_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


@get("/api/v1/cases/{case_id:uuid}/history.csv", operation_id="exportCaseHistoryCsv",
     tags=TAGS, sync_to_thread=True, responses=problems(400, 401, 403, 404),
     media_type="text/csv; charset=utf-8",
     summary="A case's whole history as a CSV file (supervisors, auditors)",
     description="UTF-8 with a byte-order mark (Excel). One row per event, oldest first: "
                 "`version`, `at`, `type`, `actor_id`, `actor_username`, `actor_role`, "
                 "`via`, `changes` (`field: from → to; …`) and `data` (the event's fields "
                 "as JSON). Recorded in the access log as `history_export`.")
def export_history_csv(request: Request[Any, Any, State],
                       case_id: CasePath) -> Response[bytes]:
    body, reference = _export(request, case_id)
    return Response(history_csv(body), media_type="text/csv; charset=utf-8",
                    headers=attachment(f"{reference}-history.csv"))


HANDLERS: list[Any] = [case_diff, export_history_json, export_history_csv]

"""The caller's in-app notifications (SPEC §6; issue 12): newest first with the unread
count, and marking them read. Every signed-in user has their own; another user's is 404.
A notification names a case by its reference and ids, never a resident."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody, QueryParameter

from adapters.http.api.reading import Cursor, Limit
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.schemas.requests import EmptyIn
from adapters.http.schemas.responses import (
    MarkedOut,
    NotificationOut,
    NotificationPageOut,
)
from projections.notifications import NotificationRow
from service.notifications import NotificationService

TAGS = ["notifications"]
Unread = Annotated[bool, QueryParameter(description="Only the unread ones.")]


def _service(request: Request[Any, Any, State]) -> NotificationService:
    notifications = container_of(request).notifications
    assert notifications is not None
    return notifications


def _out(row: NotificationRow) -> NotificationOut:
    return NotificationOut(id=row.notification_id, kind=row.kind, case_id=row.case_id,
                           reference=row.reference, referral_id=row.referral_id,
                           team=row.team, detail=row.detail or None, at=row.at,
                           read=row.read)


@get("/api/v1/notifications", operation_id="listNotifications", tags=TAGS,
     sync_to_thread=True, responses=problems(400, 401, 422),
     summary="The caller's notifications, newest first, with the unread count",
     description="Kinds: `case_assigned`, `referral_received`, `closure_pending`, "
                 "`transfer_incoming`, `case_routed` (`detail`: the team it came from), "
                 "`referral_answered` (`detail`: the referral's "
                 "status), `deadline_assign` and `deadline_follow_up` (`detail`: "
                 "`at_risk` or `breached`), `task_answered` (`detail`: `declined`, "
                 "`handed_over` or `completed`).")
def list_notifications(request: Request[Any, Any, State], limit: Limit = None,
                       cursor: Cursor = None, unread: Unread = False) -> NotificationPageOut:
    caller = actor(request)
    found = _service(request).page(caller, limit=limit, cursor=cursor, unread_only=unread)
    return NotificationPageOut(items=[_out(row) for row in found.items],
                               unread=found.unread, next_cursor=found.next_cursor)


@post("/api/v1/notifications/{notification_id:uuid}/read", operation_id="markNotificationRead",
      tags=TAGS, sync_to_thread=True, status_code=200,
      responses=problems(400, 401, 404, 413), summary="Mark one notification read",
      description="404 for a notification that is not the caller's.")
def mark_notification_read(request: Request[Any, Any, State],
                           notification_id: FromPath[UUID],
                           data: JSONBody[EmptyIn | None] = None) -> MarkedOut:
    caller = actor(request)
    service = _service(request)
    service.mark_read(caller, notification_id)
    return MarkedOut(marked=1, unread=service.unread(caller))


@post("/api/v1/notifications/read", operation_id="markAllNotificationsRead", tags=TAGS,
      sync_to_thread=True, status_code=200, responses=problems(400, 401, 413),
      summary="Mark all the caller's notifications read")
def mark_all_notifications_read(request: Request[Any, Any, State],
                                data: JSONBody[EmptyIn | None] = None) -> MarkedOut:
    caller = actor(request)
    service = _service(request)
    marked = service.mark_all_read(caller)
    return MarkedOut(marked=marked, unread=service.unread(caller))


HANDLERS: list[Any] = [list_notifications, mark_notification_read,
                       mark_all_notifications_read]

"""In-app notifications (issue 12 item 6): the header's unread count, polled like the
queues, and the list with read/unread and marking read. Each user sees and marks only
their own; texts name a case by its reference, never a resident."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from adapters.http.ui.pages import (
    NOTIFY_POLL,
    FormBody,
    Ui,
    done,
    fragment,
    page,
    signed_in,
    ui_of,
)
from domain.vocabulary import Role
from projections.notifications import Kind, NotificationRow
from service.notifications import NotificationService

POLL_SECONDS = NOTIFY_POLL  # the count follows an event within this (plus the views' lag)
Show = Annotated[str | None, QueryParameter(pattern="^(unread|all)$")]
Cursor = Annotated[str | None, QueryParameter(max_length=200)]


@dataclass(frozen=True)
class Shown:
    """One notification as the list shows it."""

    row: NotificationRow
    text: str
    href: str


def service(ui: Ui) -> NotificationService:
    notifications = ui.container.notifications
    assert notifications is not None
    return notifications


def unread_count(ui: Ui) -> int:
    """The header's count (0 for no one signed in)."""
    return service(ui).unread(ui.actor) if ui.user is not None else 0


def _href(ui: Ui, row: NotificationRow) -> str:
    if ui.user is not None and ui.user.role is Role.PARTNER:
        return f"/referrals/{row.referral_id}" if row.referral_id else "/referrals"
    if row.kind is Kind.TRANSFER_INCOMING:
        return "/team/transfers"
    return f"/cases/{row.case_id}"


def _text(ui: Ui, row: NotificationRow, team_names: dict[str, str]) -> str:
    tr = ui.tr
    params: dict[str, str] = {"reference": row.reference}
    if row.kind in (Kind.REFERRAL_RECEIVED, Kind.CASE_ROUTED):
        # the referring team; for a routed case, the team it came from (`detail`)
        team = row.detail if row.kind is Kind.CASE_ROUTED else row.team
        if team not in team_names:
            identity = ui.container.identity
            team_names[team] = (identity.team(team).name
                                if identity.team_exists(team) else team)
        params["team"] = team_names[team]
    elif row.kind is Kind.REFERRAL_ANSWERED:
        params["status"] = tr.label("referral_status", row.detail)
    elif row.kind in (Kind.DEADLINE_ASSIGN, Kind.DEADLINE_FOLLOW_UP):
        params["state"] = tr.label("deadline", row.detail)
    elif row.kind is Kind.TASK_ANSWERED:
        params["what"] = tr.t(f"notify.task.{row.detail}")
    return tr.t(f"notify.{row.kind.value}", **params)


def _listing(ui: Ui, show: str, cursor: str | None) -> dict[str, Any]:
    found = service(ui).page(ui.actor, cursor=cursor, unread_only=show == "unread")
    names: dict[str, str] = {}
    items = [Shown(row, _text(ui, row, names), _href(ui, row)) for row in found.items]
    return {"items": items, "unread": found.unread, "next_cursor": found.next_cursor,
            "show": show}


@get("/notifications", name="ui-notifications", sync_to_thread=True)
def notifications(request: Request[Any, Any, Any], show: Show = None,
                  cursor: Cursor = None) -> Template:
    ui = signed_in(request)
    return page(ui, "notifications.html", title=ui.tr.t("notify.title"), poll=POLL_SECONDS,
                **_listing(ui, show or "all", cursor))


@get("/notifications/count", name="ui-notifications-count", sync_to_thread=True)
def count(request: Request[Any, Any, Any]) -> Template | Response[None]:
    """The header's count, polled. With no session it answers 204 (nothing to swap),
    never a redirect to the log-in page: a poll must not take the user off a page with
    unsaved input."""
    ui = ui_of(request)
    if ui.user is None or ui.user.must_change_password:
        return Response(None, status_code=204)
    return fragment(ui, "partials/notify_count.html", unread=unread_count(ui))


def _back(data: dict[str, Any]) -> str:
    show = data.get("show")
    return "/notifications?show=unread" if show == "unread" else "/notifications"


@post("/notifications/{notification_id:uuid}/read", name="ui-notification-read",
      sync_to_thread=True, status_code=303)
def mark_read(request: Request[Any, Any, Any], notification_id: FromPath[UUID],
              data: FormBody) -> Redirect:
    ui = signed_in(request)
    service(ui).mark_read(ui.actor, notification_id)  # another user's: NotFound, 404
    return done(ui, _back(data), "done.notification_read")


@post("/notifications/read-all", name="ui-notifications-read-all", sync_to_thread=True,
      status_code=303)
def mark_all_read(request: Request[Any, Any, Any], data: FormBody) -> Redirect:
    ui = signed_in(request)
    marked = service(ui).mark_all_read(ui.actor)
    return done(ui, _back(data), "done.notifications_read", n=str(marked))


HANDLERS: list[Any] = [notifications, count, mark_read, mark_all_read]

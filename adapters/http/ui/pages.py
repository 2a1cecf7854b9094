"""What every page handler shares: the signed-in user, their language, names, the
navigation, and rendering a template (never cached: pages hold resident data)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from urllib.parse import quote, urlsplit
from uuid import UUID, uuid4

from litestar import Request
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from adapters.bootstrap import Container
from adapters.http.auth import container_of
from adapters.http.ui import session
from adapters.http.ui.forms import FormData
from adapters.http.ui.i18n import LANGUAGES, Translator
from adapters.http.ui.names import CaseName, Names
from domain.errors import NotFound, NotPermitted
from domain.policy import can_read_case
from domain.values import Actor
from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    ConsentMethod,
    Gender,
    Need,
    ReferralOutcome,
    ReferralStatus,
    Risk,
    Role,
    ServiceKind,
    Status,
    TaskKind,
    Vulnerability,
)
from service.identity import UserView

FormBody = URLEncodedBody[FormData]  # a posted HTML form (values are text or lists)
CaseId = FromPath[UUID]
ReferralId = FromPath[UUID]

NO_STORE = {"Cache-Control": "no-store"}
NOTIFY_POLL = 10  # seconds between two reads of the header's notification count
CASE_SIDE = (Role.WORKER, Role.SUPERVISOR)
CASE_READERS = (Role.WORKER, Role.SUPERVISOR, Role.AUDITOR)

# (path, catalog key) of the navigation, per role.
NAV: dict[Role, tuple[tuple[str, str], ...]] = {
    Role.WORKER: (("/work", "nav.work"), ("/cases/new", "nav.intake"),
                  ("/cases", "nav.cases"), ("/campaigns", "nav.campaigns")),
    Role.SUPERVISOR: (("/work", "nav.work"), ("/cases/new", "nav.intake"),
                      ("/cases", "nav.cases"), ("/campaigns", "nav.campaigns"),
                      ("/team", "nav.team"),
                      ("/team/approvals", "nav.approvals"), ("/team/transfers", "nav.transfers"),
                      ("/team/reassign", "nav.reassign"), ("/team/import", "nav.import"),
                      ("/report", "nav.report"), ("/team/members", "nav.members"),
                      ("/access-log", "access.title")),
    Role.PARTNER: (("/referrals", "nav.inbox"), ("/report", "nav.report")),
    Role.AUDITOR: (("/cases", "nav.cases"), ("/team", "nav.team"), ("/report", "nav.report"),
                   ("/access-log", "access.title")),
    Role.ADMIN: (("/admin/users", "nav.admin_users"), ("/admin/teams", "nav.admin_teams"),
                 ("/admin/organisations", "nav.admin_organisations")),
    Role.VOLUNTEER: (("/volunteer", "nav.volunteer_tasks"),
                     ("/volunteer/hours", "nav.volunteer_hours")),
}
HOME: dict[Role, str] = {Role.WORKER: "/work", Role.SUPERVISOR: "/work",
                         Role.PARTNER: "/referrals", Role.AUDITOR: "/cases",
                         Role.ADMIN: "/admin/users", Role.VOLUNTEER: "/volunteer"}


# Vocabularies offered in forms, by the catalog kind that names their values.
KINDS: dict[str, tuple[Enum, ...]] = {
    "risk": tuple(Risk), "need": tuple(Need), "vulnerability": tuple(Vulnerability),
    "channel": tuple(Channel), "service_kind": tuple(ServiceKind),
    "closure_outcome": tuple(ClosureOutcome), "referral_outcome": tuple(ReferralOutcome),
    "referral_status": tuple(ReferralStatus), "gender": tuple(Gender),
    "consent_method": tuple(ConsentMethod), "status": tuple(Status),
    "task_kind": tuple(TaskKind),
}


class LoginRequired(Exception):
    """No one is logged in: the handler sends the browser to the log-in page."""


PASSWORD_PAGE = "/password"  # noqa: S105 - a page's path, not a secret


class PasswordChangeRequired(Exception):
    """An administrator set the user's password: every page sends them to choose a new
    one first."""


@dataclass
class Ui:
    request: Request[Any, Any, Any]
    container: Container
    tr: Translator
    user: UserView | None
    _names: Names | None = field(default=None, repr=False)

    @property
    def actor(self) -> Actor:
        if self.user is None:
            raise LoginRequired
        return self.user.actor

    @property
    def names(self) -> Names:
        if self._names is None:
            self._names = Names(self.container.identity, self.tr.label("role", "system"),
                                cases=self._case_name)
        return self._names

    def _case_name(self, case_id: UUID) -> CaseName:
        """A case's reference and address, if the reader may see it (its list row: no
        case is loaded, and nothing is written to the access log)."""
        row = self.container.views.reader().case_row(case_id)
        if row is None or self.user is None or not can_read_case(self.user.actor, row.team):
            return CaseName(None)
        return CaseName(row.reference, f"/cases/{case_id}")


def ui_of(request: Request[Any, Any, Any]) -> Ui:
    container = container_of(request)
    tr = Translator(session.language(request), container.settings.tz)
    return Ui(request, container, tr, session.current_user(request, container.identity))


def signed_in(request: Request[Any, Any, Any], *roles: Role) -> Ui:
    """The page's context for a logged-in user of one of `roles` (any role if none). A
    page that does not name volunteers is not there for them (404): they never see a
    case, its lists or the case side's pages (SPEC §6)."""
    ui = ui_of(request)
    if ui.user is None:
        raise LoginRequired
    request.scope["user"] = ui.user  # the request log records who acted (the id only)
    if ui.user.must_change_password:
        raise PasswordChangeRequired
    if roles and ui.user.role not in roles:
        if ui.user.role is Role.VOLUNTEER:  # never a case, nor a page of the case side
            raise NotFound("this page is not for volunteers")
        raise NotPermitted(f"a {ui.user.role.value} may not open this page")
    return ui


def home_of(user: UserView | None) -> str:
    return HOME.get(user.role, "/") if user is not None else "/login"


SAFE_METHODS = ("GET", "HEAD")


def login_redirect(request: Request[Any, Any, Any]) -> Redirect:
    """To the log-in page, and back to the page afterwards.

    A form sent after the session ended (or an HTMX request of a page left open) comes
    back to the page the form is on, and the log-in page says why (`ended=1`): the browser
    kept what was typed (static/casework.js) and puts it back there. Nothing typed is
    kept on the server, and the form is not sent again by itself."""
    unsafe = request.method not in SAFE_METHODS
    target = request.url.path if not unsafe else form_page(request.url.path)
    if not unsafe and request.url.query:
        target += "?" + request.url.query
    if request.headers.get("hx-request"):  # a fragment: back to the page it was part of
        shown = urlsplit(request.headers.get("hx-current-url", ""))
        target = safe_next(shown.path + (f"?{shown.query}" if shown.query else "")) or "/"
    target = safe_next(target) or "/"
    query = [f"next={quote(target, safe='/')}"] if target != "/" else []
    if unsafe:
        query.append("ended=1")
    location = "/login" + ("?" + "&".join(query) if query else "")
    headers = {"HX-Redirect": location} if request.headers.get("hx-request") else {}
    return Redirect(location, status_code=303, headers=headers)


def safe_next(value: str | None) -> str | None:
    """A local path to go back to after logging in: never another site (`//host`,
    `/\\host`), never the log-in page itself, nothing but printable characters."""
    if (not value or not value.startswith("/") or value.startswith("//") or "\\" in value
            or not value.isprintable() or value.split("?")[0] in ("/login", "/logout")):
        return None
    return value


# Addresses that only take a form, and the page each form is on. A page answering a
# form (a refusal) or a wrong method links back to that page, never to the address
# itself: a link is a GET, which such an address does not take.
_UUID = "[0-9a-fA-F-]{36}"
_FORM_PAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), target) for pattern, target in (
        (rf"^(/cases/{_UUID})/(?!history$)[^/]+(?:/.*)?$", r"\1"),
        (rf"^(/referrals/{_UUID})/[^/]+$", r"\1"),
        (rf"^(/team/transfers)/{_UUID}$", r"\1"),
        (r"^/cases/new/duplicates$", "/cases/new"),
        (rf"^(/admin/users/{_UUID})/[^/]+$", r"\1"),
        (rf"^(/volunteer/tasks/{_UUID})/[^/]+$", r"\1"),
        (r"^/volunteer/availability$", "/volunteer"),
    )
)


def form_page(path: str) -> str:
    """The page a form posted to `path` is on (`path` itself for any other address)."""
    for pattern, target in _FORM_PAGES:
        if pattern.match(path):
            return pattern.sub(target, path)
    return path


def page_path(request: Request[Any, Any, Any]) -> str:
    """The address of the page shown: for a GET, the address asked for; for a form sent,
    the page the form is on (the language switch and "reload" come back there)."""
    path = request.url.path
    return path if request.method in ("GET", "HEAD") else form_page(path)


def context(ui: Ui, *, flashes: bool = True, **extra: Any) -> dict[str, Any]:
    tr = ui.tr
    user = ui.user
    path = page_path(ui.request)
    links = NAV.get(user.role, ()) if user else ()
    matching = [href for href, _ in links
                if path == href or (href != "/" and path.startswith(href + "/"))]
    current = max(matching, key=len) if matching else None
    nav = [{"href": href, "label": tr.t(key), "current": href == current}
           for href, key in links]

    def options(kind: str, only: Any = None) -> list[tuple[str, str]]:
        return [(v.value, tr.label(kind, v)) for v in (only or KINDS[kind])]

    return {
        "options": options, "t": tr.t, "label": tr.label, "labels": tr.labels,
        "when": tr.when, "day": tr.day, "month": tr.month, "money": tr.money,
        "hours": tr.hours, "tr": tr, "lang": tr.lang,
        "languages": LANGUAGES, "user": user, "nav": nav, "path": path, "names": ui.names,
        "flashes": [tr.t(key, **params) for key, params in session.take_flashes(ui.request)]
        if flashes else [],
        "problem": None, "values": {}, "open_form": None,
        "request_key": lambda: uuid4().hex,  # one per form: its idempotency key
        # For the browser's drafts (static/casework.js): how long the session lasts
        # unless used, and which forms were just done (their drafts are dropped).
        "session_seconds": int(session.SESSION_LIFETIME.total_seconds()) if user else None,
        "sent_forms": session.take_sent(ui.request) if flashes else [],
        # The header's unread notifications, counted when the header is drawn (issue 12).
        "unread_notifications": lambda: _unread_notifications(ui), "notify_poll": NOTIFY_POLL,
        **extra,
    }


def _unread_notifications(ui: Ui) -> int:
    notifications = ui.container.notifications
    if notifications is None or ui.user is None:
        return 0
    return notifications.unread(ui.user.actor)


def page(ui: Ui, template: str, *, status: int = 200, headers: dict[str, str] | None = None,
         **extra: Any) -> Template:
    return Template(template_name=template, context=context(ui, **extra), status_code=status,
                    headers={**NO_STORE, **(headers or {})})


def fragment(ui: Ui, template: str, **extra: Any) -> Template:
    """A part of a page for HTMX to swap in (it leaves the messages for the next page)."""
    return Template(template_name=template, context=context(ui, flashes=False, **extra),
                    headers=NO_STORE)



def done(ui: Ui, location: str, key: str, **params: str) -> Redirect:
    """After a command: a message for the next page, and there (303: see other)."""
    session.flash(ui.request, key, **params)
    session.mark_sent(ui.request, ui.request.url.path)
    return Redirect(location, status_code=303)

"""The web UI's session: a server-side session (id in an HttpOnly cookie, data in the
views database) holding who is logged in, their language and one-off messages.

The cookie is SameSite=Lax: a link into the service from a chat message or an e-mail
still finds the user logged in (Strict would drop the cookie on that first visit), while
cross-site form posts and sub-requests carry no cookie; every unsafe request also needs
the CSRF token. The cookie is Secure when CASEWORK_SECURE_COOKIES is set (behind https).

The session id is never taken from the client: an id that the store does not know is
replaced by a fresh one, and logging in always starts a fresh id (no session fixation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty, Message, ScopeSession
from litestar.utils.dataclass import extract_dataclass_items

from adapters.http.ui.i18n import LANGUAGES, negotiate, supported
from adapters.settings import Settings
from service.identity import IdentityService, UserView

COOKIE = "casework_session"
LANG_COOKIE = "casework_lang"
CSRF_COOKIE = "casework_csrf"  # its token also goes into every form
SESSION_LIFETIME = timedelta(hours=12)  # a long shift; renewed while in use
USER = "uid"
CREDENTIALS = "cv"  # the account's credentials_version at the log-in
LANG = "lang"
FLASH = "flash"
SENT = "sent"  # the addresses of forms just done: the next page lets the browser forget them
_FRESH_ID = "casework.fresh_session_id"
_LOADED = "casework.session_as_loaded"
# Sent by a list or count that refreshes itself (static/casework.js): such a request reads
# the session without renewing it, so an open tab does not keep a session alive for ever.
REFRESH_HEADER = "x-casework-refresh"
_NOT_RENEWED = "casework.session_not_renewed"
# Paths that never need a session (their requests would only create empty ones).
NO_SESSION = ["^/api/", "^/static/", "^/schema", "^/swagger", "^/healthz", "^/readyz",
              "^/metrics"]


class UiSessionBackend(ServerSideSessionBackend):
    """Litestar's server-side backend, with fresh ids and no empty sessions stored."""

    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any, Any]
                                   ) -> dict[str, Any]:
        session_id = connection.cookies.get(self.config.key)
        if session_id and session_id != "null":
            store = self.config.get_store_from_app(connection.scope["app"])
            if connection.headers.get(REFRESH_HEADER) == "1":
                connection.scope.setdefault("state", {})[_NOT_RENEWED] = True
                data = await store.get(session_id, renew_for=None)
            else:
                data = await self.get(session_id, store=store)  # renews its expiry
            if data is not None:
                connection.scope.setdefault("state", {})[_LOADED] = data
                return self.deserialize_data(data)
        connection.scope.setdefault("state", {})[_FRESH_ID] = self.generate_session_id()
        return {}

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        fresh: str | None = connection.scope.get("state", {}).get(_FRESH_ID)
        return fresh or super().get_session_id(connection)

    async def store_in_message(self, scope_session: ScopeSession, message: Message,
                               connection: ASGIConnection[Any, Any, Any, Any]) -> None:
        if isinstance(scope_session, dict) and scope_session.pop("_rotate", False):
            old = connection.cookies.get(self.config.key)
            if old:
                await self.delete(old, store=self.config.get_store_from_app(
                    connection.scope["app"]))
            connection.scope.setdefault("state", {})[_FRESH_ID] = self.generate_session_id()
        if not scope_session:
            if not connection.cookies.get(self.config.key):
                return  # nothing to keep and nothing to clear
            scope_session = Empty  # an empty session is a cleared one: no row, no id
        elif self._unchanged(scope_session, connection):
            # Written back as it was read, it could undo what a request running beside
            # this one stored meanwhile (an htmx check beside a form's post: the form's
            # message was lost). Loading it renewed its expiry already; a refresh
            # (REFRESH_HEADER) renews neither the row nor the cookie.
            if connection.scope.get("state", {}).get(_NOT_RENEWED):
                return
            cookie = dict(extract_dataclass_items(self.config, exclude_none=True,
                                                  include=Cookie.__dict__.keys()))
            MutableScopeHeaders.from_message(message).add("Set-Cookie", Cookie(
                value=self.get_session_id(connection), key=self.config.key,
                **cookie).to_header(header=""))
            return
        await super().store_in_message(scope_session, message, connection)

    def _unchanged(self, scope_session: ScopeSession,
                   connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
        loaded = connection.scope.get("state", {}).get(_LOADED)
        return (loaded is not None and isinstance(scope_session, dict)
                and self.serialize_data(scope_session, connection.scope) == loaded)


@dataclass
class UiSessionConfig(ServerSideSessionConfig):
    _backend_class = UiSessionBackend


def session_config(settings: Settings) -> UiSessionConfig:
    return UiSessionConfig(
        key=COOKIE, max_age=int(SESSION_LIFETIME.total_seconds()), renew_on_access=True,
        httponly=True, samesite="lax", secure=settings.secure_cookies, store="ui_sessions",
        exclude=NO_SESSION,
    )


def _session(connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any] | None:
    found = connection.scope.get("session")
    return found if isinstance(found, dict) else None


def log_in(connection: ASGIConnection[Any, Any, Any, Any], user: UserView,
           lang: str | None) -> None:
    """Start a fresh session for the user, in the language they chose (if any)."""
    connection.set_session({USER: str(user.id), CREDENTIALS: user.credentials_version,
                            "_rotate": True, **({LANG: lang} if lang else {})})


def log_out(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    connection.clear_session()


def current_user(connection: ASGIConnection[Any, Any, Any, Any],
                 identity: IdentityService) -> UserView | None:
    session = _session(connection)
    raw = session.get(USER) if session is not None else None
    if not isinstance(raw, str):
        return None
    try:
        user = identity.find_user(UUID(raw))
    except ValueError:
        return None
    if user is None or not user.active:
        return None
    # A new password or a deactivation since the log-in ends the session (in every
    # process: the account cache follows the identity store).
    if session is None or session.get(CREDENTIALS, 0) != user.credentials_version:
        return None
    return user


def language(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The session's language, else the language cookie, else the browser's."""
    session = _session(connection)
    chosen = session.get(LANG) if session is not None else None
    for candidate in (chosen, connection.cookies.get(LANG_COOKIE)):
        found = supported(candidate) if isinstance(candidate, str) else None
        if found in LANGUAGES:
            return found
    return negotiate(connection.headers.get("accept-language"))


def choose_language(connection: ASGIConnection[Any, Any, Any, Any], lang: str) -> None:
    session = _session(connection)
    if session is not None and session.get(USER):
        session[LANG] = lang


def flash(connection: ASGIConnection[Any, Any, Any, Any], key: str, **params: str) -> None:
    """A message for the next page (a catalog key and its values; never resident data)."""
    session = _session(connection)
    if session is not None and session.get(USER):
        messages = list(session.get(FLASH) or [])
        messages.append([key, params])
        session[FLASH] = messages[-5:]


Flash = tuple[str, dict[str, str]]


def mark_sent(connection: ASGIConnection[Any, Any, Any, Any], action: str) -> None:
    """The form posted to `action` was done: the browser's copy of its input (a draft kept
    in case the session ended, static/casework.js) may go."""
    session = _session(connection)
    if session is not None and session.get(USER):
        session[SENT] = [*list(session.get(SENT) or [])[-4:], action]


def take_sent(connection: ASGIConnection[Any, Any, Any, Any]) -> list[str]:
    session = _session(connection)
    if session is None:
        return []
    return [str(action) for action in session.pop(SENT, None) or []]


def take_flashes(connection: ASGIConnection[Any, Any, Any, Any]) -> list[Flash]:
    session = _session(connection)
    if session is None:
        return []
    messages = session.pop(FLASH, None) or []
    return [(str(key), dict(params)) for key, params in messages]

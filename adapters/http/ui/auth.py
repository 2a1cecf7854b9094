"""Log-in, log-out and the language switch of the web UI."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from adapters.http.client_address import client_address
from adapters.http.ui import session
from adapters.http.ui.forms import Form
from adapters.http.ui.i18n import supported
from adapters.http.ui.pages import (
    NO_STORE,
    FormBody,
    Ui,
    home_of,
    login_redirect,
    page,
    safe_next,
    signed_in,
    ui_of,
)
from adapters.storage.ratelimit import LoginRateLimiter
from adapters.storage.user_languages import SqlUserLanguages
from domain.vocabulary import Role, Via

LANG_COOKIE_AGE = 365 * 24 * 3600


@get("/", name="ui-home", sync_to_thread=True)
def home(request: Request[Any, Any, Any]) -> Redirect:
    ui = ui_of(request)
    if ui.user is None:
        return login_redirect(request)
    return Redirect(home_of(ui.user), status_code=303)


@get("/login", name="ui-login", sync_to_thread=True)
def login_page(request: Request[Any, Any, Any],
               next_path: Annotated[str | None, QueryParameter(name="next",
                                                                max_length=500)] = None,
               ended: Annotated[str | None, QueryParameter(max_length=1)] = None
               ) -> Template | Redirect:
    """The log-in form; `ended=1`: a form was sent after the session ended, and the page
    says so (what was typed is kept in the browser and comes back after the log-in)."""
    ui = ui_of(request)
    if ui.user is not None:
        return Redirect(safe_next(next_path) or home_of(ui.user), status_code=303)
    return page(ui, "login.html", title=ui.tr.t("login.title"), next=safe_next(next_path),
                ended=ended == "1")


@post("/login", name="ui-login-post", sync_to_thread=True, status_code=303)
def login(request: Request[Any, Any, Any], data: FormBody) -> Template | Redirect:
    ui = ui_of(request)
    form = Form(data)
    username = form.raw("username").strip()[:100]
    password = form.raw("password")[:256]
    target = safe_next(form.raw("next"))
    limiter: LoginRateLimiter = request.app.state["login_limiter"]
    now = datetime.now(tz=UTC)
    account = limiter.key("user", username)
    address = limiter.key("addr", client_address(request))
    wait = limiter.attempt(account, address, now)

    def again(key: str, status: int, **params: object) -> Template:
        return page(ui, "login.html", status=status, title=ui.tr.t("login.title"),
                    next=target, error=ui.tr.t(key, **params), username=username,
                    ended=form.raw("ended") == "1",
                    headers={"Retry-After": str(wait)} if wait else None)

    if wait is not None:
        return again("login.too_many", 429, seconds=wait)
    if not username or not password:
        return again("login.missing", 400)
    user = ui.container.identity.authenticate(username, password, Via.UI)
    if user is None:
        return again("login.wrong", 401)
    limiter.succeeded(account, address, now)
    # The account's own choice wins; a first choice made in this browser (on the log-in
    # page) becomes the account's.
    languages: SqlUserLanguages = request.app.state["user_languages"]
    lang = languages.get(user.id)
    if lang is None and supported(request.cookies.get(session.LANG_COOKIE) or "") is not None:
        lang = ui.tr.lang
        languages.set(user.id, lang)
    session.log_in(request, user, lang)
    return Redirect(target or home_of(user), status_code=303,
                    cookies=[_language_cookie(ui, lang)] if lang else None)


@post("/logout", name="ui-logout", sync_to_thread=False, status_code=303)
def logout(request: Request[Any, Any, Any]) -> Redirect:
    """The session ends and the browser forgets the language: the next person at a
    shared computer starts in their own (or the browser's)."""
    session.log_out(request)
    return Redirect("/login", status_code=303, cookies=[Cookie(
        key=session.LANG_COOKIE, value="", max_age=0, path="/", httponly=True,
        samesite="lax")])


@post("/language", name="ui-language", sync_to_thread=True, status_code=303)
def choose_language(request: Request[Any, Any, Any], data: FormBody) -> Response[Any]:
    form = Form(data)
    ui = ui_of(request)
    chosen = supported(form.raw("lang"))
    lang = chosen or ui.tr.lang
    session.choose_language(request, lang)
    if chosen is not None and ui.user is not None:  # the account keeps its choice
        languages: SqlUserLanguages = request.app.state["user_languages"]
        languages.set(ui.user.id, chosen)
    target = safe_next(form.raw("next")) or home_of(ui.user)
    return Redirect(target, status_code=303, cookies=[_language_cookie(ui, lang)])


def _language_cookie(ui: Ui, lang: str) -> Cookie:
    return Cookie(key=session.LANG_COOKIE, value=lang, max_age=LANG_COOKIE_AGE, path="/",
                  httponly=True, samesite="lax", secure=ui.container.settings.secure_cookies)


@get("/session/alive", name="ui-session-alive", sync_to_thread=True)
def session_alive(request: Request[Any, Any, Any]) -> Response[dict[str, int]]:
    """Keeps the session going (reading it renews it): the "continue working" button of
    the warning before the session ends. How many seconds it now lasts unless used; 401
    (0 seconds) when it has ended already."""
    ui = ui_of(request)
    if ui.user is None:
        return Response({"seconds": 0}, status_code=401, headers=NO_STORE)
    return Response({"seconds": int(session.SESSION_LIFETIME.total_seconds())},
                    headers=NO_STORE)


@get("/welcome", name="ui-welcome", sync_to_thread=True)
def welcome(request: Request[Any, Any, Any]) -> Template:
    ui = signed_in(request, Role.ADMIN)
    return page(ui, "welcome.html", title=ui.tr.t("welcome.title"))


HANDLERS: list[Any] = [home, login_page, login, logout, choose_language, session_alive,
                       welcome]

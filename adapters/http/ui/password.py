"""The web UI's change-password page: a user whose password an administrator set is sent
here from every page until they chose a new one (SPEC §6); anyone may come to change
theirs. The change ends every other session and token of the account; this browser
gets a fresh session."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from adapters.http.ui import session
from adapters.http.ui.forms import Form
from adapters.http.ui.pages import (
    PASSWORD_PAGE,
    FormBody,
    Ui,
    home_of,
    login_redirect,
    page,
    ui_of,
)
from adapters.storage.user_languages import SqlUserLanguages
from domain.errors import InvalidInput
from domain.vocabulary import Via


def _form(ui: Ui, *, status: int = 200, error: str | None = None) -> Template:
    assert ui.user is not None
    set_at = ui.user.password_set_by_other_at
    when = set_at.astimezone(ui.container.settings.tz).strftime("%Y-%m-%d %H:%M") \
        if set_at is not None else None
    return page(ui, "password.html", status=status, title=ui.tr.t("password.title"),
                set_at=when, error=error)


@get(PASSWORD_PAGE, name="ui-password", sync_to_thread=True)
def password_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    ui = ui_of(request)
    if ui.user is None:
        return login_redirect(request)
    request.scope["user"] = ui.user
    return _form(ui)


@post(PASSWORD_PAGE, name="ui-password-post", sync_to_thread=True, status_code=303)
def change_password(request: Request[Any, Any, Any], data: FormBody) -> Template | Redirect:
    ui = ui_of(request)
    if ui.user is None:
        return login_redirect(request)
    request.scope["user"] = ui.user
    form = Form(data)
    current, new = form.raw("current_password")[:256], form.raw("new_password")[:256]
    if new != form.raw("repeat_password")[:256]:
        return _form(ui, status=422, error=ui.tr.t("password.mismatch"))
    try:
        changed = ui.container.identity.change_own_password(ui.user.id, current, new, Via.UI)
    except InvalidInput as refused:
        return _form(ui, status=422, error=ui.tr.t(f"input.{refused.code}", **{
            k: str(v) for k, v in (refused.params or {}).items()}))
    languages: SqlUserLanguages = request.app.state["user_languages"]
    session.log_in(request, changed, languages.get(changed.id))
    session.flash(request, "password.changed")
    return Redirect(home_of(changed), status_code=303)


HANDLERS: list[Any] = [password_page, change_password]

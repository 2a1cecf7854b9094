"""The web UI: server-rendered pages (Jinja + HTMX) in Chinese and English over the same
service layer as the API. Sessions in the views database, CSRF on every unsafe request.

`handlers()` go into the application's route handlers; `template_config`, `csrf_config`,
`session_middleware` and `stores` into the application itself (adapters/http/app.py).
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from litestar import Router
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import HTTPException
from litestar.middleware import DefineMiddleware
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.template.config import TemplateConfig

from adapters.bootstrap import Container
from adapters.http.auth import PUBLIC
from adapters.http.ui import (
    access,
    admin,
    admin_volunteers,
    auth,
    campaigns,
    cases,
    check_ins,
    commands,
    exports,
    history,
    imports,
    intake,
    notifications,
    partner,
    password,
    reassign,
    report,
    supervisor,
    team_deadlines,
    volunteer,
    volunteer_hours,
    volunteer_tasks,
    worker,
)
from adapters.http.ui.errors import EXCEPTION_HANDLERS, on_unrouted
from adapters.http.ui.session import CSRF_COOKIE, NO_SESSION, session_config
from adapters.http.ui.static_files import StaticFileSystem
from adapters.settings import Settings
from adapters.storage.session_store import SqlSessionStore
from domain.values import ERASED

HERE = Path(__file__).parent
CSRF_HEADER = "x-csrftoken"
STATIC_MAX_AGE = 24 * 3600



def handlers() -> list[Any]:
    """The UI's pages (public to the JWT middleware: they have their own session) and its
    static files; built per application."""
    pages = Router(
        path="/", route_handlers=[
            *auth.HANDLERS, *worker.HANDLERS, *intake.HANDLERS, *cases.HANDLERS,
            *commands.HANDLERS, *supervisor.HANDLERS, *reassign.HANDLERS, *history.HANDLERS,
            *partner.HANDLERS, *report.HANDLERS, *password.HANDLERS,
            *admin.HANDLERS, *notifications.HANDLERS, *exports.HANDLERS, *access.HANDLERS,
            *imports.HANDLERS, *check_ins.HANDLERS, *campaigns.HANDLERS,
            *admin_volunteers.HANDLERS, *volunteer.HANDLERS, *team_deadlines.HANDLERS,
            *volunteer_tasks.HANDLERS, *volunteer_hours.HANDLERS],
        include_in_schema=False, opt=PUBLIC, exception_handlers=EXCEPTION_HANDLERS,
    )
    static = create_static_files_router(
        path="/static", directories=[HERE / "static"], name="static",
        include_in_schema=False, opt=PUBLIC, file_system=StaticFileSystem(),
        cache_control=CacheControlHeader(max_age=STATIC_MAX_AGE, public=True))
    return [pages, static]


def app_exception_handlers() -> dict[type[Exception] | int, Any]:
    """The application's own handlers (for requests no route took) that the UI adds to
    the API's: an unknown address or a wrong method outside the API is a page."""
    return {HTTPException: on_unrouted}


@pass_context
def _erased_in_words(context: Context, value: Any) -> Any:
    """Every value a page prints: an erased personal value reads 已删除 / erased."""
    if value == ERASED:
        return "已删除" if str(context.get("lang", "zh")).startswith("zh") else "erased"
    return value


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    environment = Environment(loader=FileSystemLoader(HERE / "templates"),
                              autoescape=select_autoescape(default=True),
                              trim_blocks=True, lstrip_blocks=True, auto_reload=False,
                              finalize=_erased_in_words)
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))


def csrf_config(settings: Settings, key: bytes) -> CSRFConfig:
    """CSRF for the UI's forms and HTMX requests; the API (bearer tokens) is left out.

    The secret is derived from the token-signing key, which every server process shares.
    """
    secret = hmac.new(key, b"casework web UI CSRF", hashlib.sha256).hexdigest()
    return CSRFConfig(secret=secret, cookie_name=CSRF_COOKIE, header_name=CSRF_HEADER,
                      cookie_httponly=True, cookie_samesite="lax",
                      cookie_secure=settings.secure_cookies, exclude=NO_SESSION)


def session_middleware(settings: Settings) -> DefineMiddleware:
    return session_config(settings).middleware


def stores(container: Container) -> dict[str, Store]:
    return {"ui_sessions": SqlSessionStore(container.views.db)}

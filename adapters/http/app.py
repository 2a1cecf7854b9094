"""The Litestar application factory. Nothing is built at import time."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware

from adapters.bootstrap import Container, build
from adapters.http import routes, ui
from adapters.http.auth import make_jwt_auth
from adapters.http.bodies import JsonBodyGuard
from adapters.http.client_address import parse_networks
from adapters.http.errors import EXCEPTION_HANDLERS
from adapters.http.headers import add_security_headers
from adapters.http.observability import Metrics, RequestObserver
from adapters.http.openapi import ClosedStructs, openapi_config
from adapters.logging import configure_logging
from adapters.security.keys import load_or_create_key
from adapters.settings import Settings
from adapters.storage.ratelimit import LoginRateLimiter
from adapters.storage.user_languages import SqlUserLanguages

MAX_BODY = 64 * 1024


def create_app(container: Container, *, owns_container: bool = False) -> Litestar:
    """The web application over one container.

    Tests pass their own container and close it themselves. A server process owns its
    container: it runs the projections in-process (unless another process holds the
    projector lock) from start-up, and closes the container at shutdown.
    """
    settings = container.settings
    key = load_or_create_key("jwt", settings.data_dir, settings.jwt_secret)
    jwt_auth = make_jwt_auth(key)
    metrics = Metrics()
    state: dict[str, Any] = {
        "container": container,
        "jwt_auth": jwt_auth,
        "metrics": metrics,
        "login_limiter": LoginRateLimiter(container.views.db),
        "user_languages": SqlUserLanguages(container.views.db),
        "trusted_proxies": parse_networks(",".join(settings.trusted_proxies)),
    }

    def start_projections() -> None:
        # A second server process waits as a standby and takes over if the first stops.
        container.start_projections(standby=True)

    return Litestar(
        route_handlers=routes.handlers(),
        state=State(state),
        on_app_init=[jwt_auth.on_app_init],
        middleware=[DefineMiddleware(RequestObserver, metrics=metrics), JsonBodyGuard,
                    ui.session_middleware(settings)],
        # The web UI: Jinja pages, sessions in the views database, CSRF (not on the API).
        template_config=ui.template_config(),
        csrf_config=ui.csrf_config(settings, key),
        stores=ui.stores(container),
        exception_handlers={**EXCEPTION_HANDLERS, **ui.app_exception_handlers()},
        request_max_body_size=MAX_BODY,
        before_send=[add_security_headers],
        openapi_config=openapi_config(),
        plugins=[ClosedStructs()],  # request bodies: additionalProperties false
        on_startup=([start_projections]
                    if owns_container and settings.projector_mode == "inline" else []),
        on_shutdown=[container.close] if owns_container else [],
        logging_config=None,  # adapters.logging configures every logger
    )


def app_from_env() -> Litestar:
    """Factory for uvicorn (`factory=True`): each server process builds its own container."""
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return create_app(build(settings), owns_container=True)

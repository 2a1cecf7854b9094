"""One JSON log line per request, Prometheus metrics, request ids.

A log line holds method, route template, status, duration, request id and actor id:
never a body, a header, a query string or anything about a resident.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from adapters.http.errors import request_id_var

log = structlog.get_logger("casework.http")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class Metrics:
    """A registry per application (tests build many applications in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("casework_http_requests_total", "HTTP requests",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("casework_http_request_seconds", "HTTP request latency",
                                 ["method", "route"], registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
        self.commands = Counter("casework_commands_total", "Commands that appended events",
                                ["command"], registry=self.registry)
        self.projection_lag = Gauge("casework_projection_lag_seconds",
                                    "Save-to-view lag of recent events",
                                    ["quantile"], registry=self.registry)
        self.store_position = Gauge("casework_event_store_position",
                                    "Last position in the cases' event store",
                                    registry=self.registry)
        self.views_position = Gauge("casework_views_position",
                                    "Last position the read models applied",
                                    registry=self.registry)


def route_of(scope: Scope) -> str:
    template = scope.get("path_template")
    return str(template) if template else "unmatched"


class RequestObserver:
    """ASGI middleware: request id, timing, the log line and the request metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers: list[Any] = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            # Every log line of the request (the events it records) carries its id.
            with structlog.contextvars.bound_contextvars(request_id=request_id):
                await self.app(scope, receive, send_with_id)
        finally:
            duration = time.perf_counter() - started
            route = route_of(scope)
            method = str(scope.get("method", ""))
            user = scope.get("user")
            actor_id = str(getattr(user, "id", "")) or None
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(duration)
            log.info("request", method=method, route=route, status=status,
                     duration_ms=round(duration * 1000, 2), request_id=request_id,
                     actor_id=actor_id)
            request_id_var.reset(token)

"""Operations: liveness and readiness (no authentication), and Prometheus metrics for
loopback clients or a client with the metrics bearer token (CASEWORK_METRICS_TOKEN)."""

from __future__ import annotations

import hmac
import ipaddress
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.openapi.datastructures import ResponseSpec
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from adapters.bootstrap import Container
from adapters.http.auth import PUBLIC, container_of
from adapters.http.errors import problems
from adapters.http.observability import Metrics
from adapters.http.openapi import NO_TOKEN
from adapters.http.schemas.responses import HealthOut

MAX_PROJECTION_BACKLOG = 1000
# The projector reports every 5 s: an older figure means it stopped reporting.
REPORTED_LAG_MAX_AGE = timedelta(seconds=60)
OPEN: dict[str, Any] = {"opt": PUBLIC, "security": NO_TOKEN}  # no token needed


@get("/healthz", operation_id="healthz", tags=["operations"], **OPEN,
     sync_to_thread=False, summary="Liveness: the process answers")
def healthz() -> HealthOut:
    return HealthOut(status="ok")


@get("/readyz", operation_id="readyz", tags=["operations"], **OPEN, sync_to_thread=True,
     summary="Readiness: the store answers and the read models keep up",
     responses={503: ResponseSpec(data_container=HealthOut, description="Not ready",
                                  generate_examples=False)})
def readyz(request: Request[Any, Any, State]) -> Response[HealthOut]:
    container = container_of(request)
    checks: dict[str, str] = {}
    ready = True
    try:
        head = container.cases_app.recorder.max_notification_id() or 0
        checks["event_store"] = "ok"
    except Exception as error:
        checks["event_store"] = f"unreachable ({type(error).__name__})"
        return Response(HealthOut(status="unavailable", checks=checks), status_code=503)
    try:
        applied = container.views.reader().position()
        backlog = head - applied
        checks["projections"] = f"{backlog} events behind"
        if backlog > MAX_PROJECTION_BACKLOG:
            ready = False
    except Exception as error:
        checks["projections"] = f"unreachable ({type(error).__name__})"
        ready = False
    try:  # a break of the hash chain the projector found (decision 0019)
        broken = container.runner.chain.current_break()
    except Exception as error:
        broken = f"unknown ({type(error).__name__})"
    if broken is not None:
        checks["event_chain"] = f"broken at {broken}"
        ready = False
    status = "ok" if ready else "unavailable"
    return Response(HealthOut(status=status, checks=checks), status_code=200 if ready else 503)


@get("/metrics", operation_id="metrics", tags=["operations"], **OPEN, sync_to_thread=True,
     summary="Prometheus metrics (loopback clients, or the metrics bearer token)",
     media_type=CONTENT_TYPE_LATEST, responses=problems(401, 403))
def metrics(request: Request[Any, Any, State]) -> Response[bytes]:
    container = container_of(request)
    require_metrics_reader(request, container.settings.metrics_token)
    registry: Metrics = request.app.state["metrics"]
    try:
        registry.store_position.set(container.cases_app.recorder.max_notification_id() or 0)
        registry.views_position.set(container.views.reader().position())
    except Exception:  # metrics still answer while the store is down (readyz says why)
        registry.store_position.set(-1)
    for quantile, value in _lag(container).items():
        registry.projection_lag.labels(str(quantile)).set(value)
    return Response(generate_latest(registry.registry), media_type=CONTENT_TYPE_LATEST)


def require_metrics_reader(request: Request[Any, Any, State], token: str | None) -> None:
    """Metrics tell the load and the size of the store: a loopback client reads them (a
    local Prometheus, the benchmarks); any other needs the configured bearer token."""
    if _loopback(request.client.host if request.client else None):
        return
    if token is None:
        raise PermissionDeniedException("metrics are served to loopback clients only")
    sent = request.headers.get("authorization", "")
    scheme, _, value = sent.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(),
                                                              token.encode()):
        raise NotAuthorizedException()


def _loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _lag(container: Container) -> dict[float, float]:
    """This process's projector's lag, or the one another process reported lately."""
    lag = container.runner.lag
    p50, p99 = lag.quantile(0.5), lag.quantile(0.99)
    if p50 is not None and p99 is not None:
        return {0.5: p50, 0.99: p99}
    try:
        reported = container.lag_report.latest()
    except Exception:  # the views' database is away: no figure rather than a stale one
        return {}
    if reported is None or datetime.now(UTC) - reported.at > REPORTED_LAG_MAX_AGE:
        return {}
    return {0.5: reported.p50, 0.99: reported.p99}

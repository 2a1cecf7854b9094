"""The bare framework: Litestar answering a constant JSON for every path and method.

The floor under both servers: what HTTP parsing, routing and JSON encoding cost alone.

    uvicorn tests.benchmarks.surge.bare:create_app --factory
"""

from __future__ import annotations

from litestar import Litestar, route
from litestar.enums import HttpMethod

CONSTANT = {"status": "ok"}


@route(["/", "/{path:path}"], http_method=[HttpMethod.GET, HttpMethod.POST], status_code=200)
async def constant() -> dict[str, str]:
    return CONSTANT


def create_app() -> Litestar:
    return Litestar(route_handlers=[constant], openapi_config=None)

"""Request bodies a decoder cannot take apart answer 400, not 500 (SPEC §4).

Litestar decodes a JSON body with msgspec when a handler asks for it: a body nested
thousands deep makes msgspec raise RecursionError and one that is not UTF-8 raises
UnicodeDecodeError, and both would reach the generic 500 handler. This middleware
decodes a JSON body once, before the route's handler (Litestar keeps the decoded value
on the connection, so the handler does not decode it again), and turns those two into
a 400 problem. Any other malformed JSON is left to the handler's own 400."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.enums import ScopeType
from litestar.exceptions import ClientException, SerializationException
from litestar.types import ASGIApp, Receive, Scope, Send

_WITH_BODY = {"POST", "PUT", "PATCH", "DELETE"}
_NOT_JSON = ("application/x-www-form-urlencoded", "multipart/")


class JsonBodyGuard:
    """ASGI middleware: a JSON body too deep or not UTF-8 is a 400."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and scope.get("method") in _WITH_BODY:
            request: Request[Any, Any, Any] = Request(scope, receive)
            content_type = request.headers.get("content-type", "").lower()
            if not content_type.startswith(_NOT_JSON):
                await _decode(request)
        await self.app(scope, receive, send)


async def _decode(request: Request[Any, Any, Any]) -> None:
    try:
        await request.json()
    except RecursionError:
        raise ClientException("the JSON body is nested too deeply") from None
    except UnicodeDecodeError:
        raise ClientException("the body is not valid UTF-8") from None
    except SerializationException:
        pass  # the handler answers malformed JSON with its own 400

"""Hardening headers on every answer (issue 11, item 7).

- `Content-Security-Policy`: scripts, styles, images and requests from this origin only
  (htmx and Chart.js are served from /static; no inline script or event handler, no
  eval), no plugins, no framing, forms posted only here. The interactive API pages
  under /schema load their renderer from a CDN: they get only the framing rules.
- `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`,
  `Referrer-Policy: same-origin`.
- `Cache-Control: no-store` on everything but the static files: pages and API answers
  carry personal data, and a shared computer's browser cache must not keep them.
"""

from __future__ import annotations

from litestar.types import Message, Scope

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
CSP_API_PAGES = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
COMMON = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
_REPLACED = {b"content-security-policy", b"x-frame-options", b"x-content-type-options",
             b"referrer-policy"}


def headers_for(path: str) -> list[tuple[bytes, bytes]]:
    csp = CSP_API_PAGES if path == "/schema" or path.startswith("/schema/") else CSP
    found = [(b"content-security-policy", csp.encode()), *COMMON]
    if not path.startswith("/static/"):
        found.append((b"cache-control", b"no-store"))
    return found


async def add_security_headers(message: Message, scope: Scope) -> None:
    """A `before_send` hook: Litestar calls it for every message of every answer, also
    those no route or middleware saw (an unknown address, a refused token)."""
    if message["type"] != "http.response.start":
        return
    extra = headers_for(str(scope.get("path", "")))
    names = _REPLACED | {name for name, _ in extra}
    kept = [(k, v) for k, v in message.get("headers", []) if bytes(k).lower() not in names]
    message["headers"] = [*kept, *extra]

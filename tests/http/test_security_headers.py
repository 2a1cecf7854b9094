"""Hardening headers on every answer (issue 11, item 7): pages, API answers, problems,
unknown addresses and static files."""

from __future__ import annotations

import pytest

from tests.http.conftest import Api
from tests.http.reads_support import SQLITE_ONLY

HARDENING = {"x-frame-options": "DENY", "x-content-type-options": "nosniff",
             "referrer-policy": "same-origin"}


@SQLITE_ONLY
@pytest.mark.parametrize(("username", "path"), [
    (None, "/login"), ("jb-wang", "/api/v1/cases"), ("jb-wang", "/api/v1/me"),
    ("bright-light", "/api/v1/referrals"), (None, "/api/v1/cases"),
    (None, "/no/such/page"), (None, "/api/v1/no-such-route"), (None, "/healthz"),
    (None, "/schema/openapi.json"), (None, "/static/casework.css"), (None, "/static/%00"),
])
def test_every_answer_carries_the_hardening_headers(api: Api, username: str | None,
                                                    path: str) -> None:
    client = api.anonymous if username is None else api.as_(username)
    response = client.get(path)
    for name, value in HARDENING.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    csp = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp
    if path.startswith("/static/"):  # no personal data: the browser may keep them
        assert "no-store" not in response.headers.get("cache-control", "")
    else:
        assert response.headers.get("cache-control") == "no-store"


@SQLITE_ONLY
def test_the_pages_policy_allows_only_this_origin_and_no_inline_script(api: Api) -> None:
    csp = api.anonymous.get("/login").headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in csp

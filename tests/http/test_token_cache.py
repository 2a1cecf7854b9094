"""Bearer tokens are decoded once and then found in a small cache (issue 8): what a full
decode refuses is refused from the cache too - another secret, a forged or changed
token, and a token that has expired since it was cached."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from litestar.exceptions import NotAuthorizedException
from litestar.security.jwt import Token

from adapters.http.tokens import CachedToken, _decoded
from tests.http.conftest import Api

SECRET = "s" * 32


def token(lifetime: timedelta = timedelta(hours=1), sub: str = "someone") -> str:
    return Token(exp=datetime.now(tz=UTC) + lifetime, sub=sub).encode(SECRET, "HS256")


def test_a_token_is_decoded_once() -> None:
    encoded = token(sub="decoded-once")
    first = CachedToken.decode(encoded, SECRET, "HS256")
    hits = _decoded.cache_info().hits
    again = CachedToken.decode(encoded, SECRET, "HS256")
    assert again is first
    assert again.sub == "decoded-once"
    assert _decoded.cache_info().hits == hits + 1


@pytest.mark.parametrize("change", ["secret", "signature", "payload"])
def test_what_a_decode_refuses_is_refused_after_a_cached_decode(change: str) -> None:
    encoded = token()
    CachedToken.decode(encoded, SECRET, "HS256")
    header, payload, signature = encoded.split(".")
    forged = {"secret": encoded, "signature": f"{header}.{payload}.{signature[::-1]}",
              "payload": f"{header}.{payload[:-2]}AA.{signature}"}[change]
    secret = "t" * 32 if change == "secret" else SECRET
    with pytest.raises(NotAuthorizedException):
        CachedToken.decode(forged, secret, "HS256")


def test_an_expired_token_is_refused_although_it_was_cached() -> None:
    encoded = token(timedelta(seconds=2))
    CachedToken.decode(encoded, SECRET, "HS256")
    time.sleep(3.1)  # exp has whole seconds
    with pytest.raises(NotAuthorizedException):
        CachedToken.decode(encoded, SECRET, "HS256")


def test_the_api_decodes_tokens_through_the_cache(api: Api) -> None:
    assert api.app.state["jwt_auth"].token_cls is CachedToken
    hits = _decoded.cache_info().hits
    for _ in range(3):
        assert api.as_("jb-wang").get("/api/v1/me").status_code == 200
    assert _decoded.cache_info().hits >= hits + 2

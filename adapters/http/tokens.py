"""Bearer tokens decoded once: a small LRU of token string → decoded token.

Every API request carries the same token for an hour; checking its HMAC and parsing its
claims again each time cost ~50 µs of a ~1 ms request (issue 8, tests/benchmarks/
bench_auth.py). A token is cached only after a full decode succeeded with the same secret
and algorithm, and a cached one is refused once it has expired, as a decode would refuse
it. Whether the account may still use it is not cached here: that is the account
cache's check, on every request (docs/decisions/0014-account-cache.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Self, cast

from litestar.security.jwt import Token

CACHED_TOKENS = 4096


class CachedToken(Token):
    """Litestar's JWT token, decoded through a cache when no extra check is asked for."""

    @classmethod
    def decode(cls, encoded_token: str, secret: str, algorithm: str,
               audience: str | Sequence[str] | None = None,
               issuer: str | Sequence[str] | None = None,
               require_claims: Sequence[str] | None = None, verify_exp: bool = True,
               verify_nbf: bool = True, strict_audience: bool = False) -> Self:
        if (cls is not CachedToken or audience or issuer or require_claims or not verify_exp
                or not verify_nbf or strict_audience):
            return super().decode(encoded_token, secret, algorithm, audience, issuer,
                                  require_claims, verify_exp, verify_nbf, strict_audience)
        token = _decoded(encoded_token, secret, algorithm)
        if token.exp <= datetime.now(tz=UTC) or "nbf" in token.extras:
            # Expired (or maybe not valid yet): the full decode refuses it as before.
            return super().decode(encoded_token, secret, algorithm)
        return cast(Self, token)


@lru_cache(maxsize=CACHED_TOKENS)
def _decoded(encoded_token: str, secret: str, algorithm: str) -> CachedToken:
    """A full decode; only a token that passed is kept (lru_cache keeps no exception)."""
    return Token.decode.__func__(CachedToken, encoded_token, secret, algorithm)  # type: ignore[attr-defined,no-any-return]

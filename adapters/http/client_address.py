"""The address a request came from, for the log-in throttling.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only when
the peer is one of the proxies the operator configured (`CASEWORK_TRUSTED_PROXIES`,
none by default): then the client is the right-most address in the header that is not
itself a trusted proxy. From anyone else the header is ignored, so a client cannot
rotate addresses to slip past the per-address limit."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from litestar import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str) -> tuple[Network, ...]:
    """Comma-separated addresses or CIDR blocks; ValueError names a bad one."""
    found: list[Network] = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            found.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or CIDR block") from None
    return tuple(found)


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def resolve(peer: str | None, forwarded_for: str | None, proxies: Sequence[Network]) -> str:
    """The client's address: the peer's own, unless the peer is a trusted proxy."""
    if not peer:
        return "unknown"
    if not forwarded_for or not _trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop[:64]
    return hops[0][:64] if hops else peer


def client_address(request: Request[Any, Any, Any]) -> str:
    proxies: Sequence[Network] = request.app.state.get("trusted_proxies", ())
    peer = request.client.host if request.client else None
    forwarded = ",".join(request.headers.getall("x-forwarded-for", [])) or None
    return resolve(peer, forwarded, proxies)

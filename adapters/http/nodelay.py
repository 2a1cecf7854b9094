"""uvicorn's HTTP protocol with Nagle's algorithm off on every connection.

With `--workers` above 1, uvicorn binds the listening socket itself as
`socket.socket(AF_INET)`, whose `proto` is 0, and asyncio sets TCP_NODELAY only on
sockets whose `proto` is IPPROTO_TCP: the connections of a multi-process server keep
Nagle's algorithm on. A response written in two segments (head, then body) then waits for
the client's delayed ACK: about 40 ms per request on a kept-alive connection, whatever
the request costs (0.3 ms with one process, 44 ms with two, for a constant answer). One
process is not affected (asyncio binds that socket with IPPROTO_TCP); setting it again
there is harmless.

    uvicorn.run(..., http=PROTOCOL)
    uvicorn --http adapters.http.nodelay:NoDelayHttpToolsProtocol ...

`casework serve` uses the httptools parser (measured faster than h11); the h11 variant
is kept for servers without it.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

PROTOCOL = "adapters.http.nodelay:NoDelayHttpToolsProtocol"


def no_delay(transport: asyncio.BaseTransport) -> bool:
    """TCP_NODELAY on the transport's socket if it is TCP; whether it was set."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:  # the peer is already gone
        return False
    return True


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)

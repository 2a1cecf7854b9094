"""PostgreSQL wake-ups: LISTEN on the events table's channel and wake the runner at
every NOTIFY the library sends after an insert; reconnect by itself when the
connection drops (the runner's poll covers the gap, and a reconnect wakes it once)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
import structlog
from psycopg import sql

log = structlog.get_logger(__name__)


class PostgresListener:
    def __init__(self, url: str, channel: str, wake: Callable[[], None]) -> None:
        self.url = url
        self.channel = channel
        self.wake = wake
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.reconnects = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="pg-listen", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        backoff = 0.1
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    self.connected.set()
                    self.wake()
                    backoff = 0.1
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=0.5, stop_after=1):
                            self.wake()
            except psycopg.Error as error:
                self.connected.clear()
                self.reconnects += 1
                log.warning("listen_reconnect", error=type(error).__name__)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)

"""Small HTTP clients of the harness: log-in, the save-to-view lag probe, the timed
read of the 1,000-event case and the server's own lag gauge."""

from __future__ import annotations

import http.client
import json
import re
import statistics
import threading
import time
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from tests.benchmarks.surge.wrk import BenchBroken

PROBE_EVERY = 0.1  # seconds between the probe's notes


class Client:
    def __init__(self, url: str, token: str = "") -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1",
                                                     parts.port or 80, timeout=30)
        self.token = token

    def call(self, method: str, path: str, body: Any = None
             ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body).encode() if body is not None else None
        self.connection.request(method, path, body=data, headers=headers)
        answer = self.connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()

    def close(self) -> None:
        self.connection.close()


def log_in(url: str, username: str, password: str) -> str:
    client = Client(url)
    try:
        status, _, body = client.call("POST", "/api/v1/auth/login",
                                      {"username": username, "password": password})
    finally:
        client.close()
    if status != 200:
        raise BenchBroken(f"log-in at {url} answered {status}")
    token: str = json.loads(body)["token"]
    return token


def time_reads(url: str, token: str, path: str, count: int) -> list[float]:
    """Milliseconds of `count` sequential GETs of `path` (after one warm-up)."""
    client = Client(url, token)
    spent = []
    try:
        for n in range(count + 1):
            started = time.perf_counter()
            status, _, _ = client.call("GET", path)
            if status != 200:
                raise BenchBroken(f"GET of the 1,000-event case answered {status}")
            if n:
                spent.append((time.perf_counter() - started) * 1000)
    finally:
        client.close()
    return spent


def time_intakes(url: str, token: str, body: str, count: int) -> list[float]:
    """Milliseconds of `count` sequential intakes (each a new resident) on an idle server."""
    client = Client(url, token)
    spent = []
    try:
        for n in range(count):
            started = time.perf_counter()
            status, _, _ = client.call(
                "POST", "/api/v1/cases", json.loads(body.replace("@U@", f"99{n:09d}")))
            if status != 201:
                raise BenchBroken(f"a single intake answered {status}")
            spent.append((time.perf_counter() - started) * 1000)
    finally:
        client.close()
    return spent


class LagProbe(threading.Thread):
    """Every ~100 ms: post a note, then read the intake queue with `min_position` set to
    the note's `X-Position`. The sample is the time from the note's answer to the read's
    answer: what a worker waits to see their own write in a read model, under load (an
    upper bound of the save-to-view lag: it includes one small queue read)."""

    def __init__(self, url: str, token: str, case_id: UUID) -> None:
        super().__init__(name="surge-lag-probe", daemon=True)
        self.client = Client(url, token)
        self.case_id = case_id
        self.samples: list[float] = []
        self.stale = 0
        self.failures = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            while not self._stop_event.wait(PROBE_EVERY):
                self._probe()
        finally:
            self.client.close()

    def _probe(self) -> None:
        status, headers, _ = self.client.call(
            "POST", f"/api/v1/cases/{self.case_id}/notes", {"text": "lag probe"})
        position = headers.get("x-position")
        if status != 200 or position is None:
            self.failures += 1
            return
        answered = time.perf_counter()
        status, headers, body = self.client.call(
            "GET", f"/api/v1/queues/intake?limit=1&min_position={position}")
        if status != 200:
            self.failures += 1
            return
        self.samples.append((time.perf_counter() - answered) * 1000)
        if json.loads(body).get("fresh") is False:
            self.stale += 1

    def finish(self) -> None:
        self._stop_event.set()
        self.join(timeout=35)


_GAUGE = re.compile(r'^casework_projection_lag_seconds\{quantile="([0-9.]+)"\} (\S+)$',
                    re.MULTILINE)


def server_lag(url: str) -> dict[str, float]:
    """The server's own save-to-view lag quantiles (ms) from /metrics."""
    client = Client(url)
    try:
        status, _, body = client.call("GET", "/metrics")
    finally:
        client.close()
    if status != 200:
        return {}
    return {f"p{round(float(q) * 100)}_ms": float(v) * 1000
            for q, v in _GAUGE.findall(body.decode())}


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None

"""Run Debian's `wrk` with surge.lua and read the JSON line its `done()` prints."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("surge.lua")
MARKER = "SURGE_RESULT "
WRK = "/usr/bin/wrk"


class BenchBroken(RuntimeError):
    """The bench itself failed (a server, a script, a round): not a slow figure."""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    mean_ms: float
    non2xx: int
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok_share(self) -> float:
        """The share of requests answered 2xx/3xx."""
        return 1 - self.non2xx / self.requests if self.requests else 0.0

    @property
    def broken(self) -> bool:
        """No request answered, or most answered with an error or not at all."""
        failed = self.non2xx + self.socket_errors
        return self.requests == 0 or failed > self.requests / 2


def parse(output: str) -> WrkResult:
    """The figures of one wrk run, from the line surge.lua's done() printed."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            try:
                data = json.loads(line[len(MARKER):])
                return WrkResult(
                    requests=int(data["requests"]), seconds=data["duration_us"] / 1e6,
                    p50_ms=data["p50_us"] / 1000, p99_ms=data["p99_us"] / 1000,
                    mean_ms=data["mean_us"] / 1000, non2xx=int(data["non2xx"]),
                    socket_errors=sum(int(data[k]) for k in (
                        "connect_errors", "read_errors", "write_errors", "timeouts")))
            except (ValueError, KeyError, TypeError) as error:
                raise BenchBroken(f"wrk printed a malformed result line ({error})") from None
    raise BenchBroken("wrk printed no result line (did the Lua script fail?)")


@dataclass(frozen=True)
class Load:
    """One kind of request: how wrk sends it."""

    method: str
    paths: Path
    body: str = ""
    bodies: Path | None = None
    token: str = ""
    connections: int | None = None  # None: the run's default


def wrk_binary() -> str:
    found = shutil.which("wrk") or (WRK if Path(WRK).exists() else None)
    if found is None:
        raise BenchBroken("wrk is not installed (apt-get install wrk)")
    return found


def run(url: str, load: Load, *, salt: int, threads: int, connections: int,
        seconds: float) -> WrkResult:
    conns = max(load.connections or connections, threads)
    env = {**os.environ, "SURGE_METHOD": load.method, "SURGE_PATHS": str(load.paths),
           "SURGE_BODY": load.body, "SURGE_BODIES": str(load.bodies or ""),
           "SURGE_TOKEN": load.token, "SURGE_SALT": str(salt)}
    argv = [wrk_binary(), f"-t{threads}", f"-c{conns}", f"-d{max(1, round(seconds))}s",
            "--timeout", "30s", "-s", str(SCRIPT), url]
    done = subprocess.run(argv, env=env, capture_output=True, text=True,
                          timeout=seconds + 60, check=False)
    if done.returncode != 0:
        raise BenchBroken(f"wrk exited {done.returncode}: {done.stderr.strip()[:300]}")
    return parse(done.stdout)

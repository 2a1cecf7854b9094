"""The three servers under test, each its own process group on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks.surge.wrk import BenchBroken

HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ROOT = Path(__file__).resolve().parents[3]  # the repository checkout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    # Processes that serve with it (Casework's projector): counted in its CPU and memory.
    also: list[Server] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchBroken(f"the {self.name} server exited with "
                                  f"{self.process.returncode} at start-up (log: {self.log})")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise BenchBroken(f"the {self.name} server did not answer {path} within "
                          f"{timeout:.0f} s (log: {self.log})")

    def pids(self) -> list[int]:
        return [pid for server in (self, *self.also)
                for pid in process_tree(server.process.pid)]

    def rss_mb(self) -> float:
        """Resident memory of the server, every process below it (workers) and `also`."""
        return sum(vm_rss_kb(pid) for pid in self.pids()) / 1024

    def wait_for_line(self, text: str, timeout: float = 120.0) -> None:
        """Wait until the process's log shows `text` (a process with no port)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                raise BenchBroken(f"the {self.name} exited with {self.process.returncode} "
                                  f"at start-up (log: {self.log})")
            time.sleep(0.1)
        raise BenchBroken(f"the {self.name} did not say {text!r} within {timeout:.0f} s "
                          f"(log: {self.log})")

    def settle(self, limit: float = 180.0, window: float = 0.25, quiet: int = 2) -> float:
        """Wait until the server is idle (under 5 % of a core in `quiet` windows in a row),
        so that requests still in flight from the last round do not run into the next
        one. Returns the seconds waited (at most `limit`)."""
        started = time.monotonic()
        last = cpu_ticks(self.pids())
        idle = 0
        while time.monotonic() - started < limit and idle < quiet:
            time.sleep(window)
            now = cpu_ticks(self.pids())
            idle = idle + 1 if (now - last) / CLOCK_TICKS < 0.05 * window else 0
            last = now
        return time.monotonic() - started

    def stop(self) -> None:
        for other in self.also:
            other.stop()
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            except ProcessLookupError:
                pass
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # a worker that outlived its parent


def start(name: str, argv: list[str], env: dict[str, str], log: Path) -> Server:
    """Start a server in its own session (process group), output to `log`."""
    port = free_port()
    argv = [part.replace("{port}", str(port)) for part in argv]
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    return Server(name, port, process, log)


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_ticks(pids: list[int]) -> int:
    """User and system CPU time of these processes, in clock ticks."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total


def vm_rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0

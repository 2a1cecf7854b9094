"""`casework serve`: the projections in a process of their own (decision 0016).

The child runs `casework projector` with the server's environment. If it stops while
the server still runs, it is started again after a pause (another standby projector
elsewhere may take the lock meanwhile: the child then waits as a standby itself).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import structlog

log = structlog.get_logger(__name__)

RESTART_PAUSE = 2.0
STOP_TIMEOUT = 10.0


class ProjectorProcess:
    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._watch: threading.Thread | None = None

    def start(self) -> None:
        self._spawn()
        self._watch = threading.Thread(target=self._keep_running, name="projector-watch",
                                       daemon=True)
        self._watch.start()

    def _spawn(self) -> None:
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "adapters.cli", "projector", "--parent", str(os.getpid())])
        log.info("projector_process_started", pid=self._process.pid)

    def _keep_running(self) -> None:
        while not self._stopping.is_set():
            process = self._process
            assert process is not None
            code = process.wait()
            if self._stopping.is_set():
                return
            log.warning("projector_process_stopped", exit_code=code)
            if self._stopping.wait(RESTART_PAUSE):
                return
            self._spawn()

    def stop(self) -> None:
        self._stopping.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._watch is not None:
            self._watch.join(timeout=STOP_TIMEOUT)

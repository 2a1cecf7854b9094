"""Only one projector at a time: a PostgreSQL advisory lock, or a file lock in the
embedded mode. The lock is held for as long as the projector runs."""

from __future__ import annotations

import fcntl
import hashlib
from pathlib import Path
from typing import IO, Any

import psycopg

from adapters.security.files import private_directory, private_file


class ProjectorLock:
    def acquire(self) -> bool:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError


class FileProjectorLock(ProjectorLock):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        private_directory(self.path.parent)
        handle = private_file(self.path).open("a")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class PostgresProjectorLock(ProjectorLock):
    def __init__(self, url: str, scope: str) -> None:
        self.url = url
        digest = hashlib.sha256(f"casework-projector:{scope}".encode()).digest()
        self.key = int.from_bytes(digest[:8], "big", signed=True)
        self._conn: psycopg.Connection[Any] | None = None

    def acquire(self) -> bool:
        conn = psycopg.connect(self.url, autocommit=True)
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        if not row or not row[0]:
            conn.close()
            return False
        self._conn = conn
        return True

    def release(self) -> None:
        if self._conn is not None:
            self._conn.execute("SELECT pg_advisory_unlock(%s)", (self.key,))
            self._conn.close()
            self._conn = None

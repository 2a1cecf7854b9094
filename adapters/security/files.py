"""Private files: the data directory 0700, the stores' files and keys 0600, whatever the
process's umask (a umask only takes permissions away, so the modes are set as the files
are created and set again afterwards).

SQLite gives a database's -wal, -shm and -journal files the database file's own
permissions, so creating the database file 0600 before SQLite opens it is enough.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _restrict(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current == mode:
        return
    try:
        os.chmod(path, mode)
    except PermissionError:  # not ours: say so rather than fail the start
        log.warning("permissions_not_restricted", path=str(path), mode=oct(current))
        return
    if current & 0o077:
        log.info("permissions_restricted", path=str(path), was=oct(current), now=oct(mode))


def private_directory(path: Path) -> Path:
    """Create `path` (and its parents) if missing; the directory itself becomes 0700."""
    path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    _restrict(path, DIRECTORY_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty if missing; it becomes 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)
    _restrict(path, FILE_MODE)
    return path


def private_sqlite(path: Path) -> Path:
    """An SQLite database file (and any companion file already there) 0600, in a 0700
    directory."""
    private_directory(path.parent)
    private_file(path)
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            _restrict(companion, FILE_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write a new file that only the owner can read (fails if it exists)."""
    private_directory(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    _restrict(path, FILE_MODE)

"""Secret keys: from the environment, or generated into the data directory.

The embedded mode generates each key on first use into `<data dir>/keys/` (mode 0600)
and says so in the log; nothing secret lives in the repository.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)


def load_or_create_key(name: str, data_dir: Path, env_value: str | None = None) -> bytes:
    if env_value:
        return env_value.encode()
    directory = data_dir / "keys"
    path = directory / f"{name}.key"
    if path.exists():
        return path.read_bytes().strip()
    directory.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key)
    finally:
        os.close(fd)
    log.info("key_generated", key=name, path=str(path))
    return key

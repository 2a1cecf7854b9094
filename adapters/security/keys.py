"""Secret keys: from the environment, or generated into the data directory.

The embedded mode generates each key on first use into `<data dir>/keys/` (the files 0600,
the folders 0700) and says so in the log; nothing secret lives in the repository.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import structlog

from adapters.security.files import private_directory, private_file, write_private

log = structlog.get_logger(__name__)


def load_or_create_key(name: str, data_dir: Path, env_value: str | None = None) -> bytes:
    if env_value:
        return env_value.encode()
    private_directory(data_dir)
    directory = private_directory(data_dir / "keys")
    path = directory / f"{name}.key"
    if path.exists():
        return private_file(path).read_bytes().strip()
    key = secrets.token_hex(32).encode()
    write_private(path, key)
    log.info("key_generated", key=name, path=str(path))
    return key

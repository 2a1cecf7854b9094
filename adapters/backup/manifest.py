"""The backup directory's manifest: what was copied, how much, and where each event
store's hash chain ended (decision 0021)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from adapters.security.files import private_file

FORMAT = "casework-backup"
VERSION = 1
FILE_NAME = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in one line."""


@dataclass(frozen=True)
class StoreHead:
    """An event store as copied: its events, its last position and the link there."""

    events: int
    last_position: int
    chain_head: str  # hex of the link at last_position ('' when the store is empty)


@dataclass(frozen=True)
class Manifest:
    store: str  # "sqlite" or "postgres"
    created_at: str
    heads: dict[str, StoreHead]
    # file name → its row count (PostgreSQL tables) or page count (SQLite files)
    counts: dict[str, int]
    sha256: dict[str, str]  # file name → digest, to notice a damaged copy
    format: str = FORMAT
    version: int = VERSION
    notes: list[str] = field(default_factory=list)

    def write(self, directory: Path) -> Path:
        path = private_file(directory / FILE_NAME)
        path.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n")
        return path

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / FILE_NAME
        if not path.is_file():
            raise BackupError(f"{directory} is not a casework backup (no {FILE_NAME})")
        try:
            data: dict[str, Any] = json.loads(path.read_text())
            if data.get("format") != FORMAT:
                raise ValueError("not a casework backup manifest")
            if data.get("version") != VERSION:
                raise BackupError(f"{path}: backup format version {data.get('version')} is "
                                  f"not the one this casework reads ({VERSION})")
            heads = {name: StoreHead(**head) for name, head in data["heads"].items()}
            return cls(store=str(data["store"]), created_at=str(data["created_at"]),
                       heads=heads, counts=dict(data["counts"]), sha256=dict(data["sha256"]),
                       notes=list(data.get("notes", [])))
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(f"{path} cannot be read: {error}") from None

    def check_files(self, directory: Path) -> None:
        """Every file the manifest names is there, unchanged."""
        for name, digest in self.sha256.items():
            path = directory / name
            if not path.is_file():
                raise BackupError(f"the backup is incomplete: {name} is missing")
            if file_digest(path) != digest:
                raise BackupError(f"the backup is damaged: {name} does not match its "
                                  "digest in the manifest")


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

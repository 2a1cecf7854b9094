"""The key file a backup writes apart from its data (decision 0021): the master key
(unless it comes from CASEWORK_MASTER_KEY), the other generated keys, and every case's
wrapped data key as the key store holds them at the time of the backup.

A restore takes the case keys from the key file it is given, never from the data
backup: given today's key file, a case erased after an old data backup was taken stays
erased, because its key is in no key file made since.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag

from adapters.backup.manifest import BackupError
from adapters.bootstrap import key_table
from adapters.security.case_keys import MasterKey
from adapters.security.files import private_directory, write_private
from adapters.settings import Settings

FORMAT = "casework-keys"
VERSION = 1
# The keys generated into <data dir>/keys/ unless their variable is set.
GENERATED = {"search": "CASEWORK_SEARCH_KEY", "jwt": "CASEWORK_JWT_SECRET",
             "checkpoint": "CASEWORK_CHECKPOINT_KEY"}


def _from_env(settings: Settings, name: str) -> str | None:
    return {"search": settings.search_key, "jwt": settings.jwt_secret,
            "checkpoint": settings.checkpoint_key, "master": settings.master_key}[name]


def keys_directory(settings: Settings) -> Path:
    return settings.data_dir / "keys"


@dataclass(frozen=True)
class KeyFile:
    store: str
    created_at: str
    master_key: str | None  # base64; None when it came from CASEWORK_MASTER_KEY
    keys: dict[str, str]  # search, jwt, checkpoint: those generated into the data dir
    case_keys: list[tuple[UUID, bytes]]  # wrapped by the master key

    def write(self, path: Path) -> None:
        data = {"format": FORMAT, "version": VERSION, "store": self.store,
                "created_at": self.created_at, "master_key": self.master_key,
                "keys": self.keys,
                "case_keys": [[str(case_id), base64.b64encode(wrapped).decode()]
                              for case_id, wrapped in self.case_keys]}
        write_private(path, (json.dumps(data, indent=1) + "\n").encode())

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        try:
            data: dict[str, Any] = json.loads(path.read_text())
            if data.get("format") != FORMAT or data.get("version") != VERSION:
                raise ValueError(f"not a {FORMAT} file of version {VERSION}")
            return cls(store=str(data["store"]), created_at=str(data["created_at"]),
                       master_key=data["master_key"], keys=dict(data["keys"]),
                       case_keys=[(UUID(case_id), base64.b64decode(wrapped))
                                  for case_id, wrapped in data["case_keys"]])
        except OSError as error:
            raise BackupError(f"cannot read the key file {path}: {error.strerror}") from None
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(f"{path} is not a casework key file: {error}") from None


def export_keys(settings: Settings, created_at: str) -> KeyFile:
    """The keys as they are now. Called after the data is copied, so that every case in
    the data copy has its key here unless it was erased meanwhile."""
    directory = keys_directory(settings)
    master = None
    if settings.master_key is None:
        master_file = directory / "master.key"
        if not master_file.is_file():
            raise BackupError(f"{master_file} is missing: no master key to back up")
        master = master_file.read_text().strip()
    keys = {}
    for name in GENERATED:
        path = directory / f"{name}.key"
        if _from_env(settings, name) is None and path.is_file():
            keys[name] = path.read_text().strip()
    table = key_table(settings)
    try:
        case_keys = list(table.all())
    finally:
        table.close()
    return KeyFile("postgres" if settings.uses_postgres else "sqlite", created_at, master,
                   keys, case_keys)


def master_for(key_file: KeyFile, settings: Settings) -> MasterKey:
    """The master key the restored service will use; it must open the file's keys."""
    text = settings.master_key or key_file.master_key
    if text is None:
        raise BackupError("the key file holds no master key (it came from "
                          "CASEWORK_MASTER_KEY when the backup was taken): set "
                          "CASEWORK_MASTER_KEY to that key")
    try:
        master = MasterKey.from_base64(text)
    except ValueError as error:
        raise BackupError(f"the master key cannot be used: {error}") from None
    unopened = 0
    for case_id, wrapped in key_file.case_keys:
        try:
            master.unwrap(case_id, wrapped)
        except (InvalidTag, ValueError):
            unopened += 1
    if unopened:
        raise BackupError(f"the master key does not open {unopened} of the key file's "
                          f"{len(key_file.case_keys)} case keys (a key file of another "
                          "deployment, or CASEWORK_MASTER_KEY is not the key of this file)")
    return master


def conflicting_key_files(key_file: KeyFile, settings: Settings) -> list[str]:
    """Key files already in the data directory that differ from the key file's."""
    directory = keys_directory(settings)
    wanted = dict(key_file.keys)
    if settings.master_key is None and key_file.master_key is not None:
        wanted["master"] = key_file.master_key
    return [str(directory / f"{name}.key") for name, text in wanted.items()
            if _from_env(settings, name) is None and (directory / f"{name}.key").is_file()
            and (directory / f"{name}.key").read_text().strip() != text]


def install_keys(key_file: KeyFile, settings: Settings) -> list[str]:
    """Write the file's generated keys into the data directory (0600); what was done."""
    directory = private_directory(keys_directory(settings))
    wanted = dict(key_file.keys)
    if settings.master_key is None and key_file.master_key is not None:
        wanted["master"] = key_file.master_key
    done = []
    for name, text in wanted.items():
        path = directory / f"{name}.key"
        if _from_env(settings, name) is not None or path.is_file():
            continue
        write_private(path, text.encode())
        done.append(name)
    table = key_table(settings)
    try:
        table.put_many(key_file.case_keys)
    finally:
        table.close()
    return done

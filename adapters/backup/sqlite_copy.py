"""The embedded store's backup: each SQLite database copied by SQLite's online backup
API (one read transaction per file: a consistent copy while the service writes; in WAL
mode readers do not block the writers). The case key store is not copied here: it goes
to the key file (key_file.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from adapters.backup.manifest import BackupError, StoreHead, file_digest
from adapters.security.files import private_file, private_sqlite
from adapters.storage.chain_recorders import SqliteChainRecorder
from service.applications import CasesApplication, IdentityApplication

EVENT_STORES = (CasesApplication.name, IdentityApplication.name)
# Copied in this order: the cases before the accounts that act in them (an account is
# made before it acts), the views (access log, languages) last; the views are rebuilt
# on restore anyway.
FILES = tuple(f"{name}.sqlite" for name in (*EVENT_STORES, "views"))
EVENTS_TABLE = "stored_events"
NOT_RESTORED = ("cw_ui_sessions", "cw_login_attempts")


def copy_database(source: Path, target: Path) -> int:
    """Copy one database file with the backup API; its page count."""
    private_file(target)
    with closing(sqlite3.connect(source, timeout=30)) as src, \
            closing(sqlite3.connect(target)) as dst:
        src.backup(dst)  # all pages in one step: one read snapshot of the source
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        pages = int(dst.execute("PRAGMA page_count").fetchone()[0])
    return pages


def store_head(path: Path) -> StoreHead:
    with closing(sqlite3.connect(path)) as db:
        events, last = db.execute(
            f"SELECT count(*), coalesce(max(rowid), 0) FROM {EVENTS_TABLE}").fetchone()
        row = db.execute(f"SELECT link FROM {SqliteChainRecorder.chain_table} "
                         "WHERE position = ?", (last,)).fetchone()
    return StoreHead(int(events), int(last), bytes(row[0]).hex() if row else "")


def back_up(data_dir: Path, dest: Path, say: Callable[[str], None]
            ) -> tuple[dict[str, StoreHead], dict[str, int], dict[str, str]]:
    heads, counts, digests = {}, {}, {}
    for name in FILES:
        source = data_dir / name
        if not source.is_file():
            raise BackupError(f"{source} is missing: is CASEWORK_DATA_DIR the data "
                              "directory of the service?")
        target = dest / name
        counts[name] = copy_database(source, target)
        digests[name] = file_digest(target)
        say(f"copied {name} ({counts[name]} pages)")
    for store in EVENT_STORES:
        heads[store] = store_head(dest / f"{store}.sqlite")
    return heads, counts, digests


def restore(src: Path, data_dir: Path, say: Callable[[str], None]) -> None:
    for name in FILES:
        if not (src / name).is_file():  # not created empty by the copy below
            raise BackupError(f"the backup is incomplete: {name} is missing")
        copy_database(src / name, private_sqlite(data_dir / name))
        say(f"restored {name}")
    # Sessions and log-in attempts of the old service do not outlive it (as on
    # PostgreSQL, where they are not copied): everyone logs in again.
    with closing(sqlite3.connect(data_dir / "views.sqlite")) as views:
        for table in NOT_RESTORED:
            if views.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)
                             ).fetchone():
                views.execute(f"DELETE FROM {table}")
        views.commit()


def is_empty_place(data_dir: Path) -> bool:
    return not data_dir.exists() or (data_dir.is_dir() and not any(data_dir.iterdir()))

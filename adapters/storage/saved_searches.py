"""Searches by name, phone or ID number, kept on the server for a short while so that
their results have an address with no personal data in it (issue 12 item 4, decision
0024): the browser posts the words, the server keeps them here under a random id and
redirects to `/cases?search=<id>`.

A search is bound to the user who made it and expires after TTL. Its words are personal
data: they are stored sealed (AES-GCM, a random nonce, the id and the user bound in as
associated data) under a key derived from the search key, never in plain text, and
deleted once expired (each save clears every expired search; a read of one deletes it).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.storage import codec as c
from adapters.storage.sql import Database

TABLE = "cw_saved_searches"
TTL = timedelta(minutes=30)
NONCE = 12
ID_PATTERN = r"^[A-Za-z0-9_-]{20,40}$"
DDL = (
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at TEXT NOT NULL,
        sealed BYTEA NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_expiry ON {TABLE} (expires_at)",
)


class SavedSearches:
    def __init__(self, db: Database, search_key: bytes, ttl: timedelta = TTL) -> None:
        self.db = db
        self.ttl = ttl
        self._aead = AESGCM(hmac.new(search_key, b"casework-saved-search",
                                     hashlib.sha256).digest())
        with db.transaction() as tx:
            for statement in DDL:
                tx.execute(statement if db.dialect == "postgres"
                           else statement.replace("BYTEA", "BLOB"))

    def save(self, user_id: UUID, words: str, now: datetime) -> str:
        """Keep `words` for `user_id`; the id of the search (random, 128 bits)."""
        search_id = secrets.token_urlsafe(16)
        nonce = secrets.token_bytes(NONCE)
        sealed = nonce + self._aead.encrypt(nonce, words.encode(),
                                            _bound(search_id, user_id))
        with self.db.transaction() as tx:
            tx.execute(f"DELETE FROM {TABLE} WHERE expires_at <= ?", (c.t(now),))
            tx.execute(f"INSERT INTO {TABLE} (id, user_id, expires_at, sealed) "
                       "VALUES (?, ?, ?, ?)",
                       (search_id, str(user_id), c.t(now + self.ttl), sealed))
        return search_id

    def words(self, search_id: str, user_id: UUID, now: datetime) -> str | None:
        """The words of the user's search; None when it is unknown, someone else's or
        expired (an expired one is deleted)."""
        with self.db.transaction() as tx:
            row = tx.fetchone(f"SELECT user_id, expires_at, sealed FROM {TABLE} WHERE id = ?",
                              (search_id,))
            if row is None:
                return None
            if str(row[1]) <= str(c.t(now)):
                tx.execute(f"DELETE FROM {TABLE} WHERE id = ?", (search_id,))
                return None
        if row[0] != str(user_id):
            return None
        sealed = bytes(row[2])
        return self._aead.decrypt(sealed[:NONCE], sealed[NONCE:],
                                  _bound(search_id, user_id)).decode()


def _bound(search_id: str, user_id: UUID) -> bytes:
    return b"casework-search:" + search_id.encode() + b":" + user_id.bytes

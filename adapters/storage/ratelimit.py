"""Log-in attempts per key (username, client address) in a sliding window, kept in the
views database so that every server process shares them.

Every attempt is counted when it starts (so parallel guesses cannot slip past the
limit), and a successful one is taken back: only failures add up, so the staff of a
station sharing one address all log in at the start of a shift."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from adapters.storage import codec as c
from adapters.storage.sql import Database

TABLE = "cw_login_attempts"


class LoginRateLimiter:
    def __init__(self, db: Database, *, limit: int = 5,
                 window: timedelta = timedelta(minutes=1)) -> None:
        self.db = db
        self.limit = limit
        self.window = window
        with db.transaction() as tx:
            tx.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT NOT NULL, at TEXT NOT NULL)")
            tx.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_key ON {TABLE} (key, at)")

    @staticmethod
    def key(kind: str, value: str) -> str:
        # Usernames and addresses are not resident data, but need not be kept in plain.
        return hashlib.sha256(f"{kind}:{value.casefold()}".encode()).hexdigest()[:32]

    def attempt(self, keys: list[str], now: datetime) -> int | None:
        """Record an attempt under every key; seconds to wait if any key is over its limit
        (and then nothing is recorded)."""
        since = c.t(now - self.window)
        with self.db.transaction() as tx:
            tx.execute(f"DELETE FROM {TABLE} WHERE at < ?", (since,))
            wait = 0
            for key in keys:
                rows = tx.fetchall(f"SELECT at FROM {TABLE} WHERE key = ? AND at >= ? "
                                   "ORDER BY at", (key, since))
                if len(rows) >= self.limit:
                    oldest = c.must_t(rows[len(rows) - self.limit][0])
                    wait = max(wait, int((oldest + self.window - now).total_seconds()) + 1)
            if wait:
                return wait
            for key in keys:
                tx.execute(f"INSERT INTO {TABLE} (key, at) VALUES (?, ?)", (key, c.t(now)))
        return None

    def succeeded(self, keys: list[str], now: datetime) -> None:
        """Take back the attempts recorded at `now` under these keys (a good log-in)."""
        with self.db.transaction() as tx:
            for key in keys:
                tx.execute(f"DELETE FROM {TABLE} WHERE key = ? AND at = ?", (key, c.t(now)))

"""Log-in throttling, kept in the views database so that every server process shares it.

Two counts of failed log-ins, each attempt counted when it starts (so parallel guesses
cannot slip past) and a successful one taken back:

- per account, a growing delay rather than a lock: the first `limit` failures in
  `account_window` cost nothing, then each further attempt must wait twice as long as
  the one before after the last failure (2 s, 4 s, 8 s ... at most `max_delay`). The
  right password is never refused for good: once the delay has passed it logs in, and a
  good log-in clears the account's failures.
- per client address, a generous limit (`address_limit` failures in `window`): a
  station of fifty staff behind one address can mistype passwords at the start of a
  shift, but one address cannot guess across many accounts quickly.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta

from adapters.storage import codec as c
from adapters.storage.sql import Database, Tx

TABLE = "cw_login_attempts"
ADDRESS_LIMIT = 30
FIRST_DELAY = timedelta(seconds=2)


class LoginRateLimiter:
    def __init__(self, db: Database, *, limit: int = 5,
                 window: timedelta = timedelta(minutes=1),
                 address_limit: int | None = None,
                 account_window: timedelta = timedelta(minutes=15),
                 max_delay: timedelta = timedelta(minutes=1)) -> None:
        self.db = db
        self.limit = limit
        self.window = window
        self.address_limit = address_limit if address_limit is not None else max(
            ADDRESS_LIMIT, limit)
        self.account_window = account_window
        self.max_delay = max_delay
        with db.transaction() as tx:
            tx.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT NOT NULL, at TEXT NOT NULL)")
            tx.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_key ON {TABLE} (key, at)")

    @staticmethod
    def key(kind: str, value: str) -> str:
        # Usernames and addresses are not resident data, but need not be kept in plain.
        return hashlib.sha256(f"{kind}:{value.casefold()}".encode()).hexdigest()[:32]

    def delay(self, failures: int) -> timedelta:
        """How long after its last failure an account with this many failures waits."""
        if failures < self.limit:
            return timedelta(0)
        doubled = FIRST_DELAY * (1 << min(failures - self.limit, 16))
        return min(doubled, self.max_delay)

    def attempt(self, account: str, address: str, now: datetime) -> int | None:
        """Record an attempt for the account and the address; seconds to wait if either
        must wait (and then nothing is recorded)."""
        with self.db.transaction() as tx:
            tx.execute(f"DELETE FROM {TABLE} WHERE at < ?",
                       (c.t(now - max(self.window, self.account_window)),))
            wait = max(self._account_wait(tx, account, now),
                       self._address_wait(tx, address, now))
            if wait:
                return wait
            for key in (account, address):
                tx.execute(f"INSERT INTO {TABLE} (key, at) VALUES (?, ?)", (key, c.t(now)))
        return None

    def _account_wait(self, tx: Tx, account: str, now: datetime) -> int:
        rows = tx.fetchall(f"SELECT at FROM {TABLE} WHERE key = ? AND at >= ? ORDER BY at",
                           (account, c.t(now - self.account_window)))
        if len(rows) < self.limit:
            return 0
        last = c.must_t(rows[-1][0])
        remaining = (last + self.delay(len(rows)) - now).total_seconds()
        return math.ceil(remaining) if remaining > 0 else 0

    def _address_wait(self, tx: Tx, address: str, now: datetime) -> int:
        rows = tx.fetchall(f"SELECT at FROM {TABLE} WHERE key = ? AND at >= ? ORDER BY at",
                           (address, c.t(now - self.window)))
        if len(rows) < self.address_limit:
            return 0
        oldest = c.must_t(rows[len(rows) - self.address_limit][0])
        return int((oldest + self.window - now).total_seconds()) + 1

    def succeeded(self, account: str, address: str, now: datetime) -> None:
        """A good log-in: the account's failures are cleared, and this attempt is taken
        back from the address."""
        with self.db.transaction() as tx:
            tx.execute(f"DELETE FROM {TABLE} WHERE key = ?", (account,))
            tx.execute(f"DELETE FROM {TABLE} WHERE key = ? AND at = ?", (address, c.t(now)))

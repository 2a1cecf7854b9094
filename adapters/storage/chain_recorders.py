"""Event recorders that keep the hash chain (decision 0019) in the events' transaction.

Each insert of events also inserts their links into the store's chain table, in the
same transaction and under the same write lock, so the chain's order is the order of
the notification ids and concurrent writers (other processes, group commit) still make
one chain. SQLite: the write lock is taken by the events' INSERT, before the chain's
last link is read and the new links computed. PostgreSQL: the library locks the events
table (EXCLUSIVE) before inserting; after that, with the lock held, one statement per
event has the database compute its link from the last one (its sha256()), queued in the
library's pipeline so that it costs no round trip of its own.

A store made before the chain gets its links once, when its recorder is first built
with an empty chain table (`backfill`); an empty chain beside stored events is logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import structlog
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from adapters.integrity.chain import GENESIS, links
from adapters.storage.sql import SCHEMA_CHANGE_LOCK

log = structlog.get_logger(__name__)

BACKFILL_PAGE = 1000
Link = tuple[int, bytes]


class SqliteChainRecorder(SQLiteApplicationRecorder):
    chain_table = "event_chain"

    def __init__(self, datastore: SQLiteDatastore,
                 events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(),
                f"CREATE TABLE IF NOT EXISTS {self.chain_table} "
                "(position INTEGER PRIMARY KEY, link BLOB NOT NULL)"]

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT 1 FROM {self.chain_table} LIMIT 1")
            if c.fetchone() is not None:
                return
        with self.datastore.transaction(commit=True) as c:
            # Take the write lock before reading: another process may be writing.
            c.execute(f"DELETE FROM {self.chain_table} WHERE position < 0")
            c.execute(f"SELECT 1 FROM {self.chain_table} LIMIT 1")
            if c.fetchone() is None:
                self._backfill(c)

    def _backfill(self, c: SQLiteCursor) -> None:
        previous, after, count = GENESIS, 0, 0
        while True:
            c.execute(f"SELECT rowid, * FROM {self.events_table_name} WHERE rowid > ? "
                      "ORDER BY rowid LIMIT ?", (after, BACKFILL_PAGE))
            rows = c.fetchall()
            if not rows:
                break
            events = [(row["rowid"], _stored(self.convert_originator_id(row["originator_id"]),
                                             row)) for row in rows]
            new = links(previous, events)
            c.executemany(f"INSERT INTO {self.chain_table} VALUES (?, ?)", new)
            after, previous = new[-1]
            count += len(new)
        if count:
            log.warning("event_chain_backfilled", events=count)

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent],
                       **kwargs: Any) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if ids:
            c.execute(f"SELECT link FROM {self.chain_table} ORDER BY position DESC LIMIT 1")
            row = c.fetchone()
            previous = bytes(row[0]) if row is not None else GENESIS
            c.executemany(f"INSERT INTO {self.chain_table} VALUES (?, ?)",
                          links(previous, zip(ids, stored_events, strict=True)))
        return ids

    def select_links(self, gt: int, limit: int, lte: int | None = None) -> list[Link]:
        """Links after position `gt` (up to `lte`), in position order."""
        statement = f"SELECT position, link FROM {self.chain_table} WHERE position > ?"
        params: list[int] = [gt]
        if lte is not None:
            statement += " AND position <= ?"
            params.append(lte)
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement + " ORDER BY position LIMIT ?", [*params, limit])
            return [(int(row[0]), bytes(row[1])) for row in c.fetchall()]

    def link_before(self, position: int) -> Link | None:
        """The last link before `position`."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT position, link FROM {self.chain_table} WHERE position < ? "
                      "ORDER BY position DESC LIMIT 1", (position,))
            row = c.fetchone()
        return (int(row[0]), bytes(row[1])) if row is not None else None


class PostgresChainRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *,
                 events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        if datastore.enable_db_functions:
            raise ValueError("the hash chain needs the library's default insert path "
                             "(ENABLE_DB_FUNCTIONS off)")
        self.chain_table_name = events_table_name.removesuffix("_events") + "_chain"
        self.sql_create_statements.append(self._sql(
            "CREATE TABLE IF NOT EXISTS {chain} "
            "(position bigint PRIMARY KEY, link bytea NOT NULL)"))
        originator = ("uuid_send(originator_id)" if datastore.originator_id_type == "uuid"
                      else "convert_to(originator_id, 'UTF8')")
        # The link of one event just inserted, computed by the database from the last
        # link: the same bytes as adapters/integrity/chain.py hashes. A short statement,
        # so that planning it costs little (a recursive one over a whole transaction's
        # events took 2 ms to plan).
        self._link_new_event = self._sql(
            "INSERT INTO {chain} (position, link) SELECT notification_id, sha256("
            " COALESCE((SELECT link FROM {chain} ORDER BY position DESC LIMIT 1),"
            "  decode(repeat('00', 32), 'hex'))"
            f" || int8send(notification_id) || int4send(length({originator}))"
            f" || {originator} || int8send(originator_version)"
            " || int4send(length(convert_to(topic, 'UTF8'))) || convert_to(topic, 'UTF8')"
            " || int4send(length(state)) || state)"
            " FROM {events} WHERE notification_id = %s")

    def _sql(self, statement: str) -> Composed:
        return SQL(statement).format(
            chain=SQL("{}.{}").format(Identifier(self.datastore.schema),
                                      Identifier(self.chain_table_name)),
            events=SQL("{}.{}").format(Identifier(self.datastore.schema),
                                       Identifier(self.events_table_name)))

    def _create_table(self, curs: Cursor[DictRow]) -> None:
        # One process at a time (adapters/storage/sql.py, SCHEMA_CHANGE_LOCK): the
        # server's processes and the projector create the tables as they start.
        curs.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_CHANGE_LOCK,))
        super()._create_table(curs)

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._sql("SELECT 1 FROM {chain} LIMIT 1"))
            if curs.fetchone() is not None:
                return
            self._lock_table(curs)
            curs.execute(self._sql("SELECT 1 FROM {chain} LIMIT 1"))
            if curs.fetchone() is None:
                self._backfill(curs)

    def _backfill(self, curs: Cursor[DictRow]) -> None:
        previous, after, count = GENESIS, 0, 0
        while True:
            curs.execute(self._sql(
                "SELECT notification_id, originator_id, originator_version, topic, state "
                "FROM {events} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"),
                (after, BACKFILL_PAGE))
            rows = curs.fetchall()
            if not rows:
                break
            new = links(previous, [(row["notification_id"], _stored(row["originator_id"], row))
                                   for row in rows])
            curs.executemany(self._sql("INSERT INTO {chain} VALUES (%s, %s)"), new)
            after, previous = new[-1]
            count += len(new)
        if count:
            log.warning("event_chain_backfilled", events=count)

    def _fetch_ids_after_insert_events(self, curs: Cursor[DictRow],
                                       stored_events: Sequence[StoredEvent],
                                       **kwargs: Any) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if ids:  # the events table is locked (EXCLUSIVE) until this transaction ends
            # One statement per event, in position order, queued in the pipeline and
            # sent with the COMMIT: no round trip of their own.
            curs.executemany(self._link_new_event, [(i,) for i in sorted(ids)])
        return ids

    def select_links(self, gt: int, limit: int, lte: int | None = None) -> list[Link]:
        """Links after position `gt` (up to `lte`), in position order."""
        statement = "SELECT position, link FROM {chain} WHERE position > %s"
        params: list[int] = [gt]
        if lte is not None:
            statement += " AND position <= %s"
            params.append(lte)
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._sql(statement + " ORDER BY position LIMIT %s"),
                         [*params, limit])
            return [(int(row["position"]), bytes(row["link"])) for row in curs.fetchall()]

    def link_before(self, position: int) -> Link | None:
        """The last link before `position`."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._sql("SELECT position, link FROM {chain} WHERE position < %s "
                                   "ORDER BY position DESC LIMIT 1"), (position,))
            row = curs.fetchone()
        return (int(row["position"]), bytes(row["link"])) if row is not None else None


def _stored(originator_id: Any, row: Any) -> StoredEvent:
    return StoredEvent(originator_id=originator_id,
                       originator_version=int(row["originator_version"]),
                       topic=str(row["topic"]), state=bytes(row["state"]))


RECORDER_TOPICS = {
    "sqlite": f"{__name__}:SqliteChainRecorder",
    "postgres": f"{__name__}:PostgresChainRecorder",
}

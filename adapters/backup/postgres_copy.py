"""The PostgreSQL store's backup: the casework tables copied with COPY inside one
REPEATABLE READ, READ ONLY transaction (one snapshot of every table: consistent while
the service writes, and no client tools needed). The read models are not copied: they
are rebuilt on restore. The case key table is not copied here: it goes to the key file
(key_file.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg import IsolationLevel, sql

from adapters.backup.manifest import BackupError, StoreHead, file_digest
from adapters.security.files import private_file
from adapters.settings import Settings
from service.applications import CasesApplication, IdentityApplication

EVENT_STORES = (CasesApplication.name, IdentityApplication.name)
# The event stores with their chains, and what the views' database holds that cannot be
# rebuilt from the events (the access log; each account's language; which notifications
# each user has read).
TABLES = (*(f"{name}_{part}" for name in EVENT_STORES for part in ("events", "chain")),
          "cw_access_log", "cw_user_languages", "cw_notification_reads",
          # the campaigns' index, written by the service, not rebuilt from the events
          # (decision 0029)
          "cw_campaigns", "cw_campaign_contacts", "cw_campaign_calls")
SUFFIX = ".copy"
# Every PostgreSQL backup has these.
REQUIRED = tuple(f"{name}_{part}{SUFFIX}" for name in EVENT_STORES
                 for part in ("events", "chain"))


def _schema(connection: psycopg.Connection[Any], settings: Settings) -> str:
    if settings.database_schema:
        return settings.database_schema
    row = connection.execute("SELECT current_schema()").fetchone()
    assert row is not None
    return str(row[0])


def _tables_in(connection: psycopg.Connection[Any], schema: str) -> set[str]:
    rows = connection.execute("SELECT table_name FROM information_schema.tables "
                              "WHERE table_schema = %s", (schema,)).fetchall()
    return {str(row[0]) for row in rows}


def _name(schema: str, table: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(table))


def back_up(settings: Settings, dest: Path, say: Callable[[str], None]
            ) -> tuple[dict[str, StoreHead], dict[str, int], dict[str, str]]:
    assert settings.database_url is not None
    heads, counts, digests = {}, {}, {}
    with psycopg.connect(settings.database_url) as connection:
        # One snapshot for every table. Writers of events hold an EXCLUSIVE lock on
        # their table until they commit, so the snapshot holds a gapless prefix.
        connection.isolation_level = IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        schema = _schema(connection, settings)
        present = _tables_in(connection, schema)
        for store in EVENT_STORES:
            if f"{store}_events" not in present:
                raise BackupError(f"schema {schema} holds no {store} event store: is "
                                  "CASEWORK_DATABASE_SCHEMA the service's schema?")
        for table in TABLES:
            if table not in present:
                continue
            target = private_file(dest / f"{table}{SUFFIX}")
            with target.open("wb") as out, connection.cursor().copy(
                    sql.SQL("COPY {} TO STDOUT").format(_name(schema, table))) as copy:
                for data in copy:
                    out.write(data)
            row = connection.execute(sql.SQL("SELECT count(*) FROM {}").format(
                _name(schema, table))).fetchone()
            counts[target.name] = int(row[0]) if row else 0
            digests[target.name] = file_digest(target)
            say(f"copied {table} ({counts[target.name]} rows)")
        for store in EVENT_STORES:
            events, last = connection.execute(sql.SQL(
                "SELECT count(*), coalesce(max(notification_id), 0) FROM {}").format(
                _name(schema, f"{store}_events"))).fetchone() or (0, 0)
            link = connection.execute(sql.SQL("SELECT link FROM {} WHERE position = %s"
                                              ).format(_name(schema, f"{store}_chain")),
                                      (last,)).fetchone()
            heads[store] = StoreHead(int(events), int(last), bytes(link[0]).hex() if link
                                     else "")
        connection.rollback()
    return heads, counts, digests


def schema_tables(settings: Settings) -> list[str]:
    """The tables in the schema a restore would write to (empty: it may)."""
    assert settings.database_url is not None
    with psycopg.connect(settings.database_url, autocommit=True) as connection:
        return sorted(_tables_in(connection, _schema(connection, settings)))


def restore(src: Path, settings: Settings, say: Callable[[str], None]) -> None:
    """Load the copied tables into the (freshly created, empty) tables of the schema,
    in one transaction, and move the sequences past the restored rows."""
    assert settings.database_url is not None
    with psycopg.connect(settings.database_url) as connection:
        schema = _schema(connection, settings)
        present = _tables_in(connection, schema)
        for table in TABLES:
            source = src / f"{table}{SUFFIX}"
            if not source.is_file():
                continue
            if table not in present:
                raise BackupError(f"table {table} was not created in schema {schema}")
            with source.open("rb") as data, connection.cursor().copy(
                    sql.SQL("COPY {} FROM STDIN").format(_name(schema, table))) as copy:
                while block := data.read(1 << 20):
                    copy.write(block)
            say(f"restored {table}")
        for table, column in [*((f"{store}_events", "notification_id")
                                for store in EVENT_STORES), ("cw_access_log", "id")]:
            connection.execute(sql.SQL(
                "SELECT setval(pg_get_serial_sequence(%s, %s), "
                "coalesce((SELECT max({}) FROM {}), 0) + 1, false)").format(
                sql.Identifier(column), _name(schema, table)),
                (f'"{schema}"."{table}"', column))
        connection.commit()

"""Edits of the stored events behind the service's back, as an intruder with the
database's files or a database account would make them (tests of decision 0019)."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
from psycopg import sql

from adapters.settings import Settings


class Tamper:
    """Raw SQL on one store's events table (cases or identity)."""

    def __init__(self, settings: Settings, store: str = "cases") -> None:
        self.settings = settings
        self.store = store

    def _run(self, *statements: tuple[str, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        if self.settings.database_url is None:
            connection = sqlite3.connect(self.settings.data_dir / f"{self.store}.sqlite")
            try:
                for statement, params in statements:
                    text = statement.format(events="stored_events", id="rowid")
                    rows = connection.execute(text, params).fetchall()
                connection.commit()
            finally:
                connection.close()
            return rows
        schema = self.settings.database_schema or "public"
        with psycopg.connect(self.settings.database_url, autocommit=True) as connection:
            for statement, params in statements:
                events = sql.SQL("{}.{}").format(sql.Identifier(schema),
                                                 sql.Identifier(f"{self.store}_events"))
                text = sql.SQL(statement.replace("?", "%s")).format(
                    events=events, id=sql.SQL("notification_id"))
                cursor = connection.execute(text, params)
                rows = cursor.fetchall() if cursor.description else []
        return rows

    def state(self, position: int) -> bytes:
        return bytes(self._run(("SELECT state FROM {events} WHERE {id} = ?", (position,)))[0][0])

    def flip_a_byte(self, position: int) -> None:
        """Change one byte of the stored state of the event at `position`."""
        state = bytearray(self.state(position))
        state[len(state) // 2] ^= 0x01
        self._run(("UPDATE {events} SET state = ? WHERE {id} = ?", (bytes(state), position)))

    def delete(self, position: int) -> None:
        self._run(("DELETE FROM {events} WHERE {id} = ?", (position,)))

    def swap(self, first: int, second: int) -> None:
        """Exchange the positions of two events."""
        self._run(("UPDATE {events} SET {id} = ? WHERE {id} = ?", (-1, first)),
                  ("UPDATE {events} SET {id} = ? WHERE {id} = ?", (first, second)),
                  ("UPDATE {events} SET {id} = ? WHERE {id} = ?", (second, -1)))

"""The views on SQLite and PostgreSQL: one portable SQL implementation of the
abstract interfaces of projections/, over the Database wrapper."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from adapters.storage import codec as c
from adapters.storage.sql import Database, Tx
from adapters.storage.summary import TextSeal, summary_from, summary_text
from adapters.storage.task_rows import task_values
from adapters.storage.view_tables import (
    ADDED_CASE_COLUMNS,
    ADDED_REFERRAL_COLUMNS,
    CASE_COLUMNS,
    NOTIFICATION_COLUMNS,
    NOTIFICATION_READS,
    NOTIFICATION_READS_DDL,
    POINTER_DDL,
    POINTER_TABLE,
    PREFIXES,
    REFERRAL_COLUMNS,
    TASK_COLUMNS,
    TRACKING_NAME,
    Tables,
)
from domain.vocabulary import (
    OPEN_STATUSES,
    Channel,
    ClosureOutcome,
    Need,
    ReferralOutcome,
    ReferralStatus,
    Risk,
    Status,
    Vulnerability,
)
from projections.interfaces import CaseQuery, ReferralQuery, ViewReader, ViewSession, ViewStore
from projections.notifications import Kind, NotificationRow
from projections.rows import CaseRow, DailyCount, ReferralRow, TaskRow

_TRIAGE = {Risk.CRITICAL: 0, None: 1, Risk.HIGH: 2, Risk.MEDIUM: 3, Risk.LOW: 4}
_CASE_SELECT = ", ".join(CASE_COLUMNS)
_REFERRAL_SELECT = ", ".join(REFERRAL_COLUMNS)
# A phone shared by a whole street's residents: a duplicate look-up reads the newest
# cases of each token, this many at most (older ones, mostly closed, are not shown).
TOKEN_MATCHES = 50


def ids_with_tokens(tx: Tx, tables: Tables, tokens: Sequence[str],
                    per_token: int = 0) -> list[str]:
    """Ids of the newest cases (`per_token` of each token, TOKEN_MATCHES by default)
    holding any of the tokens, from the token index alone: whatever a planner's
    statistics say, the look-up never walks a team's cases (a planner without fresh
    statistics would rather)."""
    found: dict[str, None] = {}
    for token in tokens:
        for r in tx.fetchall(
                f"SELECT case_id FROM {tables.tokens} WHERE token = ? "
                "ORDER BY opened_at DESC, case_id DESC LIMIT ?",
                (token, per_token or TOKEN_MATCHES)):
            found[str(r[0])] = None
    return list(found)


def open_cases_with_tokens(tx: Tx, tables: Tables, team: str, tokens: Sequence[str],
                           limit: int, seal: TextSeal | None = None) -> list[CaseRow]:
    """Open cases of a team holding any of the tokens, newest first: the token index,
    then each case by its key."""
    ids = ids_with_tokens(tx, tables, tokens) if tokens else []
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = [case_from(r, seal) for r in tx.fetchall(
        f"SELECT {_CASE_SELECT} FROM {tables.cases} WHERE case_id IN ({marks})", ids)]
    found = [row for row in rows if row.team == team and row.status in OPEN_STATUSES]
    found.sort(key=lambda row: (row.opened_at, str(row.case_id)), reverse=True)
    return found[:limit]


def case_values(row: CaseRow, seal: TextSeal | None = None) -> tuple[Any, ...]:
    return (
        str(row.case_id), row.reference, row.team, row.status.value, row.channel.value,
        c.t(row.opened_at), c.t(row.waiting_since), row.version, c.t(row.updated_at),
        row.risk.value if row.risk else None, _TRIAGE[row.risk], row.risk.rank if row.risk else -1,
        c.enums(row.needs), c.enums(row.vulnerabilities), c.u(row.assigned_worker_id),
        c.d(row.follow_up_due), c.t(row.follow_up_set_at), c.t(row.assign_due), c.t(row.closed_at),
        row.outcome.value if row.outcome else None, row.pending_transfer_to, row.district,
        row.birth_year, c.tokens(row.name_tokens), c.tokens(row.phone_tokens),
        c.tokens(row.id_tokens), _duplicates(row.duplicates),
        summary_text(row.case_id, row.resident_name, row.request_line, seal,
                     row.summary_stored),
        row.street, row.community,
    )


def _duplicates(marks: Sequence[tuple[UUID, str]]) -> str:
    return ",".join(f"{case_id}={reference}" for case_id, reference in marks)


def duplicates_from(value: str | None) -> tuple[tuple[UUID, str], ...]:
    if not value:
        return ()
    pairs = (mark.split("=", 1) for mark in value.split(","))
    return tuple((UUID(case_id), reference) for case_id, reference in pairs)


def case_from(values: Sequence[Any], seal: TextSeal | None = None, *,
              open_summary: bool = True) -> CaseRow:
    """A case row as stored; its name and request line opened when `open_summary` and
    the store has a seal (one decryption), else kept sealed as read."""
    v = dict(zip(CASE_COLUMNS, values, strict=True))
    case_id = UUID(v["case_id"])
    name, line = summary_from(case_id, v["summary"], seal, open_sealed=open_summary)
    return CaseRow(
        case_id=case_id, reference=v["reference"], team=v["team"],
        status=Status(v["status"]), channel=Channel(v["channel"]),
        opened_at=c.must_t(v["opened_at"]), waiting_since=c.must_t(v["waiting_since"]),
        version=int(v["version"]), updated_at=c.must_t(v["updated_at"]),
        risk=Risk(v["risk"]) if v["risk"] else None,
        needs=c.from_enums(Need, v["needs"]),
        vulnerabilities=c.from_enums(Vulnerability, v["vulnerabilities"]),
        assigned_worker_id=c.from_u(v["assigned_worker_id"]),
        follow_up_due=c.from_d(v["follow_up_due"]),
        follow_up_set_at=c.from_t(v["follow_up_set_at"]), assign_due=c.from_t(v["assign_due"]),
        closed_at=c.from_t(v["closed_at"]),
        outcome=ClosureOutcome(v["outcome"]) if v["outcome"] else None,
        pending_transfer_to=v["pending_transfer_to"], district=v["district"],
        birth_year=v["birth_year"], name_tokens=c.from_tokens(v["name_tokens"]),
        phone_tokens=c.from_tokens(v["phone_tokens"]), id_tokens=c.from_tokens(v["id_tokens"]),
        duplicates=duplicates_from(v["duplicates"]),
        resident_name=name, request_line=line, summary_stored=v["summary"] or "",
        street=v["street"] or "", community=v["community"] or "",
    )


def note_binding(referral_id: UUID) -> UUID:
    """What a referral's sealed note is bound to (not its service text's binding)."""
    return uuid5(referral_id, "note")


def referral_values(row: ReferralRow, seal: TextSeal | None = None) -> tuple[Any, ...]:
    service = (row.service if seal is None
               else seal.seal(row.case_id, row.referral_id, row.service))
    note = (row.note if seal is None or not row.note
            else seal.seal(row.case_id, note_binding(row.referral_id), row.note))
    return (
        str(row.referral_id), str(row.case_id), row.reference, str(row.organisation_id),
        row.team, row.status.value, service, c.t(row.sent_at), c.t(row.respond_by),
        row.district, row.age_band, c.enums(row.vulnerabilities), c.enums(row.needs),
        c.t(row.accepted_at), c.t(row.answered_at), c.t(row.completed_at), c.t(row.closed_at),
        row.outcome.value if row.outcome else None, c.money(row.value_cny), row.people_helped,
        note,
    )


def referral_from(values: Sequence[Any], seal: TextSeal | None = None) -> ReferralRow:
    v = dict(zip(REFERRAL_COLUMNS, values, strict=True))
    case_id, referral_id = UUID(v["case_id"]), UUID(v["referral_id"])
    service = v["service"] if seal is None else seal.open(case_id, referral_id, v["service"])
    note = v["note"] or ""
    if seal is not None and note:
        note = seal.open(case_id, note_binding(referral_id), note)
    return ReferralRow(
        referral_id=referral_id, case_id=case_id,
        reference=v["reference"], organisation_id=UUID(v["organisation_id"]), team=v["team"],
        status=ReferralStatus(v["status"]), service=service,
        sent_at=c.must_t(v["sent_at"]), respond_by=c.must_t(v["respond_by"]),
        district=v["district"], age_band=v["age_band"],
        vulnerabilities=c.from_enums(Vulnerability, v["vulnerabilities"]),
        needs=c.from_enums(Need, v["needs"]), accepted_at=c.from_t(v["accepted_at"]),
        answered_at=c.from_t(v["answered_at"]), completed_at=c.from_t(v["completed_at"]),
        closed_at=c.from_t(v["closed_at"]),
        outcome=ReferralOutcome(v["outcome"]) if v["outcome"] else None,
        value_cny=c.from_money(v["value_cny"]), people_helped=v["people_helped"], note=note,
    )


def notification_values(row: NotificationRow) -> tuple[Any, ...]:
    return (str(row.notification_id), str(row.user_id), row.kind.value, str(row.case_id),
            row.reference, c.t(row.at), row.team, c.u(row.referral_id), row.detail)


def notification_from(values: Sequence[Any]) -> NotificationRow:
    v = dict(zip(NOTIFICATION_COLUMNS, values, strict=True))
    return NotificationRow(
        notification_id=UUID(v["notification_id"]), user_id=UUID(v["user_id"]),
        kind=Kind(v["kind"]), case_id=UUID(v["case_id"]), reference=v["reference"],
        at=c.must_t(v["at"]), team=v["team"], referral_id=c.from_u(v["referral_id"]),
        detail=v["detail"], read=bool(v["is_read"]))


def insert_notifications(tx: Tx, tables: Tables, rows: Sequence[NotificationRow]) -> None:
    """New notifications (one already held is left as it is), read if their user marked
    them read before (a rebuild keeps the marks)."""
    names = ", ".join(NOTIFICATION_COLUMNS)
    tx.executemany(
        f"INSERT INTO {tables.notifications} ({names}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM "
        f"{NOTIFICATION_READS} WHERE user_id = ? AND notification_id = ?) THEN 1 ELSE 0 END) "
        "ON CONFLICT (notification_id) DO NOTHING",
        [(*notification_values(row), str(row.user_id), str(row.notification_id))
         for row in rows])


def _upsert(table: str, columns: Sequence[str], key: str) -> str:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{col} = excluded.{col}" for col in columns if col != key)
    return (f"INSERT INTO {table} ({names}) VALUES ({marks}) "
            f"ON CONFLICT ({key}) DO UPDATE SET {updates}")


class SqlViewSession(ViewSession):
    """Writes of one transaction, kept in memory and written by `flush()` in a few
    batched statements: a batch of events that touches one case ten times writes its
    row once. Reads see the session's own unflushed writes."""

    def __init__(self, tx: Tx, tables: Tables, *, lock_tracking: bool = False,
                 seal: TextSeal | None = None) -> None:
        self.seal = seal
        self.tx = tx
        self.tables = tables
        # PostgreSQL: reading the position locks the tracking row until the commit, so
        # two runners (a lost projector lock) never apply the same batch. SQLite's
        # writers are serialised by BEGIN IMMEDIATE already.
        self._for_update = " FOR UPDATE" if lock_tracking else ""
        self._cases: dict[UUID, CaseRow] = {}
        self._referrals: dict[UUID, ReferralRow] = {}
        self._notifications: dict[UUID, NotificationRow] = {}
        self._tasks: dict[UUID, TaskRow] = {}
        self._daily: dict[tuple[str, str], list[int]] = {}
        # Tokens as stored for each case this session has seen, those it must still
        # write, and which cases hold each of those (for look-ups before the flush).
        self._stored_tokens: dict[UUID, frozenset[str]] = {}
        self._new_tokens: dict[UUID, frozenset[str]] = {}
        self._holders: dict[str, set[UUID]] = {}
        self._dropped_tokens: dict[UUID, frozenset[str]] = {}  # an erased case's
        self._loaded: dict[UUID, CaseRow] = {}  # rows read for look-ups, as stored

    def position(self) -> int:
        row = self.tx.fetchone(f"SELECT position FROM {self.tables.tracking} WHERE name = ?"
                               f"{self._for_update}", (TRACKING_NAME,))
        return int(row[0]) if row else 0

    def set_position(self, position: int) -> None:
        self.tx.execute(_upsert(self.tables.tracking, ("name", "position"), "name"),
                        (TRACKING_NAME, position))

    def get_case(self, case_id: UUID) -> CaseRow | None:
        if case_id in self._cases:
            return self._cases[case_id]
        if case_id in self._loaded:
            return replace(self._loaded[case_id])
        row = self.tx.fetchone(
            f"SELECT {_CASE_SELECT} FROM {self.tables.cases} WHERE case_id = ?", (str(case_id),))
        if row is None:
            return None
        found = case_from(row, open_summary=False)
        self._stored_tokens[case_id] = found.tokens
        return found

    def put_case(self, row: CaseRow) -> None:
        self._cases[row.case_id] = row
        tokens = row.tokens
        stored = self._stored_tokens.get(row.case_id)
        if stored != tokens:
            if stored and stored - tokens:
                self._dropped_tokens[row.case_id] = (
                    self._dropped_tokens.get(row.case_id, frozenset()) | (stored - tokens))
                for token in stored - tokens:
                    self._holders.get(token, set()).discard(row.case_id)
            self._stored_tokens[row.case_id] = tokens
            self._new_tokens[row.case_id] = tokens
            for token in tokens:
                self._holders.setdefault(token, set()).add(row.case_id)

    def open_cases_with_tokens(self, team: str, tokens: tuple[str, ...],
                               limit: int) -> list[CaseRow]:
        if not tokens:
            return []
        stored = [UUID(case_id) for case_id in ids_with_tokens(self.tx, self.tables, tokens)]
        self._load([case_id for case_id in stored if case_id not in self._cases])
        ids = {*stored, *(case_id for token in tokens for case_id in self._holders.get(token, ()))}
        rows = [self._cases.get(case_id) or self._loaded.get(case_id) for case_id in ids]
        return [row for row in rows
                if row is not None and row.team == team and row.status in OPEN_STATUSES]

    def _load(self, case_ids: list[UUID]) -> None:
        """Rows of these cases as stored, in one statement (kept until the flush)."""
        missing = [case_id for case_id in case_ids if case_id not in self._loaded]
        if not missing:
            return
        marks = ", ".join("?" for _ in missing)
        for values in self.tx.fetchall(
                f"SELECT {_CASE_SELECT} FROM {self.tables.cases} WHERE case_id IN ({marks})",
                [str(case_id) for case_id in missing]):
            row = case_from(values, open_summary=False)
            self._loaded[row.case_id] = row
            self._stored_tokens.setdefault(row.case_id, row.tokens)

    def put_referral(self, row: ReferralRow) -> None:
        self._referrals[row.referral_id] = row

    def put_notification(self, row: NotificationRow) -> None:
        self._notifications[row.notification_id] = row

    def put_task(self, row: TaskRow) -> None:
        self._tasks[row.task_id] = row

    def add_daily(self, team: str, day: date, *, opened: int = 0, closed: int = 0) -> None:
        counts = self._daily.setdefault((team, day.isoformat()), [0, 0])
        counts[0] += opened
        counts[1] += closed

    def flush(self) -> None:
        if self._cases:
            self.tx.executemany(_upsert(self.tables.cases, CASE_COLUMNS, "case_id"),
                                [case_values(row, self.seal)
                                 for row in self._cases.values()])
        if self._referrals:
            self.tx.executemany(
                _upsert(self.tables.referrals, REFERRAL_COLUMNS, "referral_id"),
                [referral_values(row, self.seal) for row in self._referrals.values()])
        if self._notifications:
            insert_notifications(self.tx, self.tables, list(self._notifications.values()))
        if self._tasks:
            self.tx.executemany(_upsert(self.tables.tasks, TASK_COLUMNS, "task_id"),
                                [task_values(row, self.seal) for row in self._tasks.values()])
        if self._daily:
            daily = self.tables.daily
            self.tx.executemany(
                f"INSERT INTO {daily} (team, day, opened, closed) VALUES (?, ?, ?, ?) "
                f"ON CONFLICT (team, day) DO UPDATE SET opened = {daily}.opened "
                f"+ excluded.opened, closed = {daily}.closed + excluded.closed",
                [(team, day, counts[0], counts[1])
                 for (team, day), counts in self._daily.items()])
        if self._dropped_tokens:
            self.tx.executemany(
                f"DELETE FROM {self.tables.tokens} WHERE token = ? AND case_id = ?",
                [(token, str(case_id)) for case_id, tokens in self._dropped_tokens.items()
                 for token in sorted(tokens)])
        if self._new_tokens:
            self.tx.executemany(
                f"INSERT INTO {self.tables.tokens} (token, case_id, opened_at) "
                "VALUES (?, ?, ?) ON CONFLICT (token, case_id) DO NOTHING",
                [(token, case_id, opened_at)
                 for case_id, opened_at, tokens in (
                     (str(case_id), c.t(self._cases[case_id].opened_at), tokens)
                     for case_id, tokens in self._new_tokens.items())
                 for token in sorted(tokens)])
        self._cases.clear()
        self._referrals.clear()
        self._notifications.clear()
        self._tasks.clear()
        self._daily.clear()
        self._new_tokens.clear()
        self._dropped_tokens.clear()
        self._holders.clear()
        self._loaded.clear()


class SqlViewStore(ViewStore):
    """Views in one database; `tables` fixed for a rebuild, else the live set."""

    def __init__(self, db: Database, tables: Tables | None = None, *,
                 text_seal: TextSeal | None = None) -> None:
        self.db = db
        self.text_seal = text_seal
        self.fixed_tables = tables
        with db.transaction() as tx:
            tx.execute(POINTER_DDL)
            tx.execute(NOTIFICATION_READS_DDL)
            if tx.fetchone(f"SELECT prefix FROM {POINTER_TABLE} WHERE name = 'live'") is None:
                tx.execute(f"INSERT INTO {POINTER_TABLE} (name, prefix) VALUES ('live', ?) "
                           "ON CONFLICT (name) DO NOTHING", (PREFIXES[0],))
        live = self.live_tables()
        if tables is None:
            self.create(live)

    def create(self, tables: Tables, *, indexes: bool = True) -> None:
        with self.db.transaction() as tx:
            for statement in tables.table_ddl():
                tx.execute(statement)
            self._add_missing_columns(tx, tables)
            self._index_tokens(tx, tables)
        if indexes:
            self.create_indexes(tables)

    def create_indexes(self, tables: Tables) -> None:
        # One transaction each: on SQLite the live runner waits for the write lock
        # meanwhile, and a long sorted build should not make it wait for all of them.
        for statement in tables.index_ddl():
            with self.db.transaction() as tx:
                tx.execute(statement)

    def _add_missing_columns(self, tx: Tx, tables: Tables) -> None:
        """A store made before a column existed gets it."""
        for table, added in ((tables.cases, ADDED_CASE_COLUMNS),
                             (tables.referrals, ADDED_REFERRAL_COLUMNS)):
            present = set(self._columns(tx, table))
            for column, declaration in added.items():
                if column not in present:
                    tx.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    def _columns(self, tx: Tx, table: str) -> list[str]:
        if self.db.dialect == "sqlite":
            return [str(r[1]) for r in tx.fetchall(f"PRAGMA table_info({table})")]
        return [str(r[0]) for r in tx.fetchall(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema()", (table,))]

    def _index_tokens(self, tx: Tx, tables: Tables) -> None:
        """A store made before the token index existed: index its cases' tokens once."""
        if tx.fetchone(f"SELECT 1 FROM {tables.tokens} LIMIT 1") is not None:
            return
        rows = tx.fetchall(f"SELECT case_id, name_tokens, phone_tokens, id_tokens, opened_at "
                           f"FROM {tables.cases}")
        if not rows:
            return
        tx.executemany(
            f"INSERT INTO {tables.tokens} (token, case_id, opened_at) VALUES (?, ?, ?) "
            "ON CONFLICT (token, case_id) DO NOTHING",
            [(token, r[0], r[4]) for r in rows
             for token in sorted({*c.from_tokens(r[1]), *c.from_tokens(r[2]),
                                  *c.from_tokens(r[3])})])

    def drop(self, tables: Tables) -> None:
        with self.db.transaction() as tx:
            for table in tables.all():
                tx.execute(f"DROP TABLE IF EXISTS {table}")

    def live_tables(self, tx: Tx | None = None) -> Tables:
        sql = f"SELECT prefix FROM {POINTER_TABLE} WHERE name = 'live'"
        row = tx.fetchone(sql) if tx else self.db.fetchall(sql)[0]
        assert row is not None
        return Tables(str(row[0]))

    def tables_in(self, tx: Tx) -> Tables:
        return self.fixed_tables or self.live_tables(tx)

    @contextmanager
    def session(self) -> Iterator[SqlViewSession]:
        # The views are made from the events: their commits need not wait for the disk.
        with self.db.transaction(durable=False) as tx:
            session = SqlViewSession(tx, self.tables_in(tx),
                                     lock_tracking=self.db.dialect == "postgres",
                                     seal=self.text_seal)
            yield session
            session.flush()

    def refresh_statistics(self, tables: Tables | None = None) -> None:
        """PostgreSQL: ANALYZE the view tables, as autovacuum would (if it runs), so the
        planner keeps the queue indexes as the tables grow. SQLite's reads are written
        to need no statistics, and get none (its plans stay as tested)."""
        if self.db.dialect != "postgres":
            return
        with self.db.transaction() as tx:
            for table in (tables or self.tables_in(tx)).all():
                tx.execute(f"ANALYZE {table}")

    def point_live_to(self, tx: Tx, tables: Tables) -> None:
        tx.execute(f"UPDATE {POINTER_TABLE} SET prefix = ? WHERE name = 'live'", (tables.prefix,))

    def reader(self) -> ViewReader:
        from adapters.storage.view_reader import SqlViewReader

        return SqlViewReader(self)

    def close(self) -> None:
        self.db.close()


__all__ = [
    "CaseQuery",
    "CaseRow",
    "DailyCount",
    "ReferralQuery",
    "ReferralRow",
    "SqlViewStore",
    "case_from",
    "referral_from",
]

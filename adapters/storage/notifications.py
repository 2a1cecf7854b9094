"""The notifications view (projections/notifications.py) on SQLite and PostgreSQL.

The rows live in the live set of view tables (the projection writes them with the other
views; a rebuild makes them again). Which ones a user has read lives apart, in
`cw_notification_reads`, by the rows' deterministic ids: a rebuilt row comes back read.
The header's count is one COUNT over a partial index of the user's unread rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID

from adapters.storage import codec as c
from adapters.storage.sql import Tx
from adapters.storage.view_reader import SqlViewReader
from adapters.storage.view_tables import (
    CASELOAD_WHERE,
    INTAKE_WHERE,
    NOTIFICATION_COLUMNS,
    NOTIFICATION_READS,
    Tables,
)
from adapters.storage.views import (
    _CASE_SELECT,
    SqlViewStore,
    case_from,
    insert_notifications,
    notification_from,
)
from projections.notifications import NotificationRow, NotificationStore
from projections.rows import CaseRow

_SELECT = ", ".join(NOTIFICATION_COLUMNS)
# Deadline candidates: the unassigned cases waiting long enough to be at risk under the
# shortest time to assign of any team (the sweep says how long); a follow-up is looked at
# from 30 days ahead (a span of up to 120 days, a warning of up to 30 days).
FOLLOW_UP_LOOKAHEAD = timedelta(days=30)


class SqlNotificationStore(NotificationStore):
    def __init__(self, views: SqlViewStore) -> None:
        self.views = views
        self.db = views.db
        self._reader = SqlViewReader(views)

    def unread_count(self, user_id: UUID) -> int:
        # Word for word the partial index's condition, so the planner uses it.
        return self._reader._read(lambda tx, t: int(tx.fetchall(
            f"SELECT COUNT(*) FROM {t.notifications} WHERE user_id = ? AND is_read = 0",
            (str(user_id),))[0][0]))

    def newest(self, user_id: UUID, limit: int, after: tuple[str, str] | None,
             unread_only: bool = False) -> list[NotificationRow]:
        where = ["user_id = ?"]
        params: list[object] = [str(user_id)]
        if unread_only:
            where.append("is_read = 0")
        if after is not None:
            where.append("(at < ? OR (at = ? AND notification_id < ?))")
            params.extend([after[0], after[0], after[1]])
        params.append(limit)
        return self._reader._read(lambda tx, t: [notification_from(r) for r in tx.fetchall(
            f"SELECT {_SELECT} FROM {t.notifications} WHERE {' AND '.join(where)} "
            "ORDER BY at DESC, notification_id DESC LIMIT ?", params)])

    def mark_read(self, user_id: UUID, notification_id: UUID) -> bool:
        with self.db.transaction() as tx:
            tables = self.views.live_tables(tx)
            found = tx.fetchone(f"SELECT is_read FROM {tables.notifications} "
                                "WHERE notification_id = ? AND user_id = ?",
                                (str(notification_id), str(user_id)))
            if found is None:
                return False
            self._mark(tx, tables, user_id, [str(notification_id)])
            return True

    def mark_all_read(self, user_id: UUID) -> int:
        with self.db.transaction() as tx:
            tables = self.views.live_tables(tx)
            ids = [str(r[0]) for r in tx.fetchall(
                f"SELECT notification_id FROM {tables.notifications} "
                "WHERE user_id = ? AND is_read = 0", (str(user_id),))]
            self._mark(tx, tables, user_id, ids)
            return len(ids)

    def _mark(self, tx: Tx, tables: Tables, user_id: UUID, ids: Sequence[str]) -> None:
        if not ids:
            return
        now = c.t(datetime.now(UTC))
        tx.executemany(f"INSERT INTO {NOTIFICATION_READS} (user_id, notification_id, read_at) "
                       "VALUES (?, ?, ?) ON CONFLICT (user_id, notification_id) DO NOTHING",
                       [(str(user_id), notification_id, now) for notification_id in ids])
        tx.executemany(f"UPDATE {tables.notifications} SET is_read = 1 "
                       "WHERE notification_id = ? AND user_id = ?",
                       [(notification_id, str(user_id)) for notification_id in ids])

    def deadline_candidates(self, now: datetime, waiting_before: datetime) -> list[CaseRow]:
        waited = c.t(waiting_before)
        follow_by = c.d((now + FOLLOW_UP_LOOKAHEAD).date())
        return self._reader._read(lambda tx, t: [case_from(r) for r in [
            *tx.fetchall(f"SELECT {_CASE_SELECT} FROM {t.cases} "
                         f"WHERE {INTAKE_WHERE} AND waiting_since <= ?", (waited,)),
            *tx.fetchall(f"SELECT {_CASE_SELECT} FROM {t.cases} "
                         f"WHERE {CASELOAD_WHERE} AND follow_up_due <= ?", (follow_by,)),
        ]])

    def add(self, rows: Sequence[NotificationRow]) -> int:
        if not rows:
            return 0
        with self.db.transaction() as tx:
            tables = self.views.live_tables(tx)
            marks = ", ".join("?" for _ in rows)
            held = {str(r[0]) for r in tx.fetchall(
                f"SELECT notification_id FROM {tables.notifications} "
                f"WHERE notification_id IN ({marks})",
                [str(row.notification_id) for row in rows])}
            new = [row for row in rows if str(row.notification_id) not in held]
            insert_notifications(tx, tables, new)
            return len(new)

"""Rebuild every view from the events into a fresh set of tables, then point the
service at them in one transaction. The service keeps answering from the old set
meanwhile; the live runner keeps following it; after the switch it follows the new
set from the new set's own tracking position, so nothing is applied twice or missed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.application import Application

from adapters.projection.runner import ProjectionRunner
from adapters.storage.view_tables import Tables, other_prefix
from adapters.storage.views import SqlViewSession, SqlViewStore
from projections.cases import CaseProjection

CATCH_UP_ROUNDS = 5
BUSY_ATTEMPTS = 5


@dataclass(frozen=True)
class RebuildResult:
    events: int
    position: int
    tables: str


def rebuild(app: Application[UUID], store: SqlViewStore,
            make_projection: Callable[[], CaseProjection],
            progress: Callable[[int], None] | None = None,
            batch_size: int = 2000) -> RebuildResult:
    live = store.live_tables()
    target = Tables(other_prefix(live.prefix))
    store.drop(target)
    # Keys only while the rows pour in; the reads' indexes are built once, at the end.
    store.create(target, indexes=False)
    shadow = SqlViewStore(store.db, tables=target, text_seal=store.text_seal)
    projection = make_projection()
    runner = ProjectionRunner(app, shadow, projection, batch_size=batch_size)

    def catch_up() -> int:
        # SQLite does not queue writers: under a stream of commands the live runner may
        # keep the write lock past the timeout. A batch is one transaction that reads
        # its own start, so trying it again is safe.
        for attempt in range(1, BUSY_ATTEMPTS + 1):
            try:  # up to the head as it is now: commands keep coming meanwhile
                return runner.catch_up(progress, until=app.recorder.max_notification_id())
            except Exception as error:
                if attempt == BUSY_ATTEMPTS or not store.db.is_busy(error):
                    raise
        raise AssertionError("unreachable")

    total = catch_up()
    for _ in range(CATCH_UP_ROUNDS):  # writes that came in meanwhile
        count = catch_up()
        total += count
        if count == 0:
            break
    store.create_indexes(target)
    with store.db.transaction() as tx:
        # The last events and the switch commit together: no event falls between.
        session = SqlViewSession(tx, target, seal=store.text_seal)
        # Up to the head as it is now: writes that keep coming must not hold this
        # transaction (and the live runner's writes) open; the live runner follows the
        # new tables from their own position after the switch.
        head = app.recorder.max_notification_id() or 0
        while True:
            start = session.position()
            notifications = app.recorder.select_notifications(start=start + 1,
                                                              limit=batch_size, stop=head)
            if not notifications:
                break
            for notification in notifications:
                projection.process(app.mapper.to_domain_event(notification), session)
            session.set_position(notifications[-1].id)
            total += len(notifications)
            if progress is not None:
                progress(len(notifications))
        session.flush()
        position = session.position()
        store.point_live_to(tx, target)
    store.drop(live)
    store.refresh_statistics(target)
    return RebuildResult(events=total, position=position, tables=target.prefix)

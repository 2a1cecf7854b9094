"""After a restore: the cases whose data key is in no key file are recorded as erased."""

from __future__ import annotations

from uuid import UUID

from adapters.bootstrap import Container
from domain.case import Case
from domain.values import SYSTEM_ACTOR
from domain.vocabulary import Via
from service.applications import find

# Recorded on a restored case whose data key is in no key file: erased after the backup.
KEYLESS_REASON = "no data key in the restored key file (erased after the backup)"


def erase_keyless(container: Container) -> list[str]:
    """Record as erased (as the system) every case that has no data key: its key was
    destroyed after the backup was taken. Without this, its next command would make it a
    new key, and its old events could no longer be read."""
    keys = container.case_keys
    if keys is None:
        return []
    with container.views.db.read() as tx:
        rows = tx.fetchall(f"SELECT case_id, reference FROM "
                           f"{container.views.tables_in(tx).cases} ORDER BY reference")
    erased = []
    for case_id, reference in rows:
        case = find(container.cases_app, UUID(str(case_id)), Case)
        if case is None or case.erased or keys.table.get(case.id) is not None:
            continue
        container.cases.erase(SYSTEM_ACTOR, case.id, KEYLESS_REASON, via=Via.SYSTEM)
        erased.append(str(reference))
    return erased

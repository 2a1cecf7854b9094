"""After a restore: the cases whose data key is in no key file are recorded as erased
(service/restored.py)."""

from __future__ import annotations

from uuid import UUID

from adapters.bootstrap import Container
from service.restored import erase_keyless as erase_in_service


def erase_keyless(container: Container) -> list[str]:
    """Record as erased every case of the views that has no data key; their references."""
    keys = container.case_keys
    if keys is None:
        return []
    with container.views.db.read() as tx:
        rows = tx.fetchall(f"SELECT case_id, reference FROM "
                           f"{container.views.tables_in(tx).cases} ORDER BY reference")
    return erase_in_service(container.cases, [(UUID(str(case_id)), str(reference))
                                              for case_id, reference in rows],
                            lambda case_id: keys.table.get(case_id) is not None)

"""After a restore (decision 0021): a case of the backup whose data key is in no key file
was erased after the backup was taken. Its personal data is unreadable already; the
system records the erasure so that the case takes no new data (its next command would
otherwise be sealed under a new key, and its old events could not be read at all)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from uuid import UUID

from domain.case import Case
from domain.values import SYSTEM_ACTOR
from domain.vocabulary import Via
from service.applications import find
from service.cases import CaseService

KEYLESS_REASON = "no data key in the restored key file (erased after the backup)"


def erase_keyless(cases: CaseService, candidates: Iterable[tuple[UUID, str]],
                  has_key: Callable[[UUID], bool]) -> list[str]:
    """Erase, as the system, each candidate case (id, reference) without a data key that
    is not erased yet; their references."""
    erased = []
    for case_id, reference in candidates:
        if has_key(case_id):
            continue
        case = find(cases.app, case_id, Case)
        if case is None or case.erased:
            continue
        cases.erase(SYSTEM_ACTOR, case_id, KEYLESS_REASON, via=Via.SYSTEM)
        erased.append(reference)
    return erased

"""Cases this process opened that the views may not hold yet.

The duplicate look-up at intake reads the views' token index without waiting for the
projections. A case opened a moment ago by this process may not be there yet; this
short list fills that gap, so two intakes of one phone in a row through the same
process always see each other. (Two in the same instant through different processes
may still miss each other at intake: the case projection then marks both.)
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import Recording

from domain.case import Case
from projections.rows import CaseRow

KEPT = 10_000  # far more than the projections ever lag behind


@dataclass(frozen=True)
class _Intake:
    position: int
    tokens: frozenset[str]
    row: CaseRow


class RecentIntakes:
    def __init__(self, row_of: Callable[[Case], CaseRow],
                 tokens_of: Callable[[Case], Sequence[str]]) -> None:
        self.row_of = row_of
        self.tokens_of = tokens_of
        self._lock = threading.Lock()
        self._intakes: deque[_Intake] = deque(maxlen=KEPT)

    def note(self, recordings: Sequence[Recording[UUID]]) -> None:
        """Called with what each save recorded: keeps the cases it opened."""
        for recording in recordings:
            event = recording.domain_event
            if not isinstance(event, Case.Opened):
                continue
            case = event.mutate(None)
            assert isinstance(case, Case)
            intake = _Intake(recording.notification.id, frozenset(self.tokens_of(case)),
                             self.row_of(case))
            with self._lock:
                self._intakes.append(intake)

    def forget(self, case_id: UUID) -> None:
        """An erased case is no longer found by its tokens."""
        with self._lock:
            kept = [i for i in self._intakes if i.row.case_id != case_id]
            self._intakes.clear()
            self._intakes.extend(kept)

    def matching(self, team: str, tokens: Sequence[str], applied: int) -> list[CaseRow]:
        """Cases of the team holding any of the tokens, opened after the views' position
        `applied`; those the views already hold are forgotten."""
        wanted = set(tokens)
        with self._lock:
            while self._intakes and self._intakes[0].position <= applied:
                self._intakes.popleft()
            return [i.row for i in self._intakes
                    if i.position > applied and i.row.team == team and i.tokens & wanted]

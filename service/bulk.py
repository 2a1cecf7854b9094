"""Bulk reassignment (SPEC §2, §4): a supervisor moves many cases to one worker, with one
reason recorded on each case, and gets an outcome per case — a case the rules refuse
does not stop the others.

With an idempotency key, the list of cases is fixed by the first request (a batch
record) and each case's reassignment is recorded with its own events, so a retry after
a failure part-way answers the cases already done from their records and does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.values import Actor
from service.cases import CaseOutcome, CaseService
from service.commands import CommandContext
from service.idempotency import lookup, record_batch
from service.paging import MAX_LIMIT
from service.queries import CaseQueries


@dataclass(frozen=True)
class ReassignCases:
    """Either `case_ids`, or every open case of `from_worker_id` in the caller's team."""

    to_worker_id: UUID
    reason: str
    case_ids: tuple[UUID, ...] | None = None
    from_worker_id: UUID | None = None


@dataclass(frozen=True)
class BulkResult:
    outcomes: list[CaseOutcome]
    position: int  # the last event written, or the store's head when nothing was

    @property
    def done(self) -> int:
        """Cases reassigned by this request (not answered from an earlier one's record)."""
        return sum(1 for o in self.outcomes if o.position is not None)


class BulkCommands:
    def __init__(self, cases: CaseService, queries: CaseQueries) -> None:
        self.cases = cases
        self.queries = queries

    def reassign(self, command: ReassignCases, context: CommandContext) -> BulkResult:
        caller, idempotency = context.actor, context.idempotency
        cases = self.cases
        cases.bulk_reassign_worker(caller, command.to_worker_id, command.reason)  # early
        if idempotency is None:
            outcomes = cases.reassign_each(caller, self._chosen(caller, command),
                                           command.to_worker_id, command.reason,
                                           via=context.via)
        else:
            with cases.key_lock.holding(idempotency.record_id):
                batch = lookup(cases.app, idempotency)
                if batch is None:
                    batch = record_batch(cases.app, idempotency,
                                         tuple(self._chosen(caller, command)),
                                         at=cases.clock.now())
                outcomes = cases.reassign_each(caller, list(batch.case_ids),
                                               command.to_worker_id, command.reason,
                                               via=context.via, idempotency=idempotency)
        done = [o.position for o in outcomes if o.position is not None]
        return BulkResult(outcomes, max(done, default=self._head()))

    def _head(self) -> int:
        return self.cases.app.recorder.max_notification_id() or 0

    def _chosen(self, caller: Actor, command: ReassignCases) -> list[UUID]:
        if command.case_ids is not None:
            return list(dict.fromkeys(command.case_ids))
        assert command.from_worker_id is not None
        return self._cases_of_worker(caller, command.from_worker_id)

    def _cases_of_worker(self, caller: Actor, worker_id: UUID) -> list[UUID]:
        """Every open case of the worker in the caller's team, from the caseload view (once
        it has applied every event stored so far)."""
        worker = self.cases.identity.find_user(worker_id)
        head = self._head()
        found: list[UUID] = []
        cursor: str | None = None
        while True:
            page = self.queries.caseload(
                caller, worker_id=worker_id, worker_team=worker.team if worker else None,
                limit=MAX_LIMIT, cursor=cursor, min_position=head)
            found.extend(item.case_id for item in page.items if item.team == caller.team)
            cursor = page.next_cursor
            if cursor is None:
                return found

"""Group commit: saves that arrive together share a transaction, each answers after its
own commit, and a save that loses a race fails on its own."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import AggregateRecorder, IntegrityError, StoredEvent

from adapters.bootstrap import Container
from adapters.storage.group_commit import GroupCommitRecorder
from tests.integration.conftest import World


class SlowRecorder(AggregateRecorder):
    """Takes 50 ms per transaction (so saves pile up behind it) and refuses any
    transaction holding a stored event of a version it has seen already."""

    def __init__(self) -> None:
        self.transactions: list[int] = []
        self.stored: set[tuple[UUID | str, int]] = set()
        self.next_id = 0

    def insert_events(self, stored_events: Sequence[StoredEvent],
                      **kwargs: Any) -> Sequence[int] | None:
        time.sleep(0.05)
        keys = [(e.originator_id, e.originator_version) for e in stored_events]
        if any(key in self.stored for key in keys) or len(set(keys)) < len(keys):
            raise IntegrityError("version taken")
        self.stored.update(keys)
        self.transactions.append(len(stored_events))
        ids = list(range(self.next_id + 1, self.next_id + 1 + len(stored_events)))
        self.next_id += len(stored_events)
        return ids

    def select_events(self, originator_id: UUID | str, *, gt: int | None = None,
                      lte: int | None = None, desc: bool = False,
                      limit: int | None = None) -> Sequence[StoredEvent]:
        return []


def event(originator: UUID, version: int = 1) -> StoredEvent:
    return StoredEvent(originator_id=originator, originator_version=version, topic="t",
                       state=b"{}")


def save_all(recorder: GroupCommitRecorder,
             saves: list[list[StoredEvent]]) -> list[Sequence[int] | BaseException | None]:
    answers: list[Sequence[int] | BaseException | None] = [None] * len(saves)

    def save(n: int) -> None:
        try:
            answers[n] = recorder.insert_events(saves[n])
        except IntegrityError as error:
            answers[n] = error

    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(saves))]
    for thread in threads:
        thread.start()
        time.sleep(0.002)
    for thread in threads:
        thread.join(timeout=10)
    return answers


class TestGroupCommit:
    def test_saves_that_arrive_together_share_a_transaction(self) -> None:
        slow = SlowRecorder()
        saves = [[event(uuid4()), event(uuid4(), 2)] for _ in range(10)]

        answers = save_all(GroupCommitRecorder(slow), saves)

        assert len(slow.transactions) < 10
        assert sum(slow.transactions) == 20
        ids = [n for answer in answers for n in answer]  # type: ignore[union-attr]
        assert sorted(ids) == list(range(1, 21))
        assert all(len(answer) == 2 for answer in answers)  # type: ignore[arg-type]

    def test_a_save_that_lost_a_race_fails_alone(self) -> None:
        slow = SlowRecorder()
        case = uuid4()
        saves = [[event(uuid4())] for _ in range(3)] + [[event(case)], [event(case)]]
        saves += [[event(uuid4())] for _ in range(3)]

        answers = save_all(GroupCommitRecorder(slow), saves)

        refused = [a for a in answers if isinstance(a, IntegrityError)]
        assert len(refused) == 1
        assert sum(slow.transactions) == 7


@pytest.mark.usefixtures("world")
class TestConcurrentCommandsOnTheStore:
    def test_many_writers_on_many_cases_and_one_case_lose_nothing(
            self, world: World, container: Container) -> None:
        cases = [world.assessed_case(world.jb_worker).id for _ in range(4)]
        before = [container.cases_app.repository.get(c).version for c in cases]
        errors: list[BaseException] = []

        def write(case_id: UUID, n: int) -> None:
            try:
                for i in range(5):
                    world.cases.add_note(world.jb_worker, case_id, f"note {n}.{i}")
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=write, args=(cases[n % 4], n)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert errors == []
        versions = [container.cases_app.repository.get(c).version for c in cases]
        assert versions == [version + 3 * 5 for version in before]  # 3 writers × 5 notes

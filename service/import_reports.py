"""An import's progress and report (service/imports.py): each row's outcome, counts, and
where reports are kept. No personal data: row numbers, column names, codes, references."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from domain.vocabulary import Channel
from service.import_rows import Problem


class RowStatus(StrEnum):
    CREATED = "created"
    WOULD_CREATE = "would_create"  # a dry run
    ALREADY_IMPORTED = "already_imported"
    DUPLICATE = "duplicate"  # a likely duplicate of an open case or an earlier row
    REFUSED = "refused"


class ImportState(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"  # stopped by an error; run the same file again to resume


@dataclass(frozen=True)
class Sheet:
    """What the adapters read from a file: the header row and each data row with its
    row number in the sheet (the header is row 1); None for a row that could not be
    decoded (a broken encoding)."""

    headers: list[str]
    rows: list[tuple[int, list[str] | None]]


@dataclass(frozen=True)
class RowOutcome:
    row: int
    status: RowStatus
    reference: str | None = None
    problems: tuple[Problem, ...] = ()


@dataclass
class ImportReport:
    """An import's progress and report. No personal data: numbers, codes, references."""

    id: UUID
    team: str
    user_id: UUID
    dry_run: bool
    started_at: datetime
    total: int
    channel: Channel = Channel.COMMUNITY_COMMITTEE
    state: ImportState = ImportState.RUNNING
    done: int = 0
    finished_at: datetime | None = None
    outcomes: dict[int, RowOutcome] = field(default_factory=dict)

    def count(self, status: RowStatus) -> int:
        return sum(1 for o in self.outcomes.values() if o.status is status)

    @property
    def counts(self) -> dict[str, int]:
        return {status.value: self.count(status) for status in RowStatus}

    @property
    def problems(self) -> list[Problem]:
        """Every reason a row did not go in, in row order."""
        return [p for row in sorted(self.outcomes) for p in self.outcomes[row].problems]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "team": self.team, "user_id": str(self.user_id),
            "dry_run": self.dry_run, "started_at": self.started_at.isoformat(),
            "total": self.total, "channel": self.channel.value, "state": self.state.value,
            "done": self.done,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "outcomes": [[o.row, o.status.value, o.reference,
                          [[p.column, p.code, dict(p.params)] for p in o.problems]]
                         for o in self.outcomes.values()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        outcomes = {}
        for row, status, reference, problems in data["outcomes"]:
            outcomes[row] = RowOutcome(row, RowStatus(status), reference, tuple(
                Problem(row, column, code, params) for column, code, params in problems))
        finished = data["finished_at"]
        return cls(UUID(data["id"]), data["team"], UUID(data["user_id"]), data["dry_run"],
                   datetime.fromisoformat(data["started_at"]), data["total"],
                   Channel(data["channel"]), ImportState(data["state"]), data["done"],
                   datetime.fromisoformat(finished) if finished else None, outcomes)


class ImportJobs(Protocol):
    """Where imports' reports are kept, shared by every process (adapters/storage)."""

    def save(self, report: ImportReport) -> None: ...

    def get(self, import_id: UUID) -> ImportReport | None: ...

"""Loaders of the Case aggregate for the read side that folds it (the projection, the
queries' fresh look-ups), so that the composition root wires them without handling
the aggregate itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from domain.case import Case
from service.applications import CasesApplication, load


def case_at(app: CasesApplication) -> Callable[[UUID, int], Case]:
    """(case id, version) -> the case at that version."""

    def loader(case_id: UUID, version: int) -> Case:
        case: Any = app.repository.get(case_id, version=version)
        assert isinstance(case, Case)
        return case

    return loader


def case_now(app: CasesApplication) -> Callable[[UUID], Case]:
    """case id -> the case now (NotFound if there is none)."""
    return lambda case_id: load(app, case_id, Case, "case")

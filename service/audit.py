"""The access log: who read which case, when — reads of personal data are audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.errors import InvalidInput
from domain.vocabulary import Role
from service import paging

# What was read: the case now, the case as it stood, its history (read, or compared
# between two versions), its history exported as a file, or a referral's contact details
# shown to the receiving organisation.
CASE = "case"
CASE_AS_OF = "case_as_of"
HISTORY = "history"
HISTORY_EXPORT = "history_export"
REFERRAL_CONTACT = "referral_contact"
# The case printed as a record sheet (个案记录表); a row of a case list or a referral
# export (a file for a report: one entry per case it holds).
CASE_PRINT = "case_print"
CASE_EXPORT = "case_export"
REFERRAL_EXPORT = "referral_export"
# A task's volunteer shown the resident's phone and address (decision 0032).
TASK_CONTACT = "task_contact"
_CURSOR = "access"
_SEARCH_CURSOR = "access_search"


@dataclass(frozen=True)
class AccessEntry:
    case_id: UUID
    at: datetime
    actor_id: UUID
    actor_role: Role
    what: str  # "case", "case_as_of", "history", "history_export", "referral_contact", ...
    team: str | None = None  # the case's team when it was read (a supervisor's view)


@dataclass(frozen=True)
class AccessFilter:
    """Which entries of the whole log: every given filter must hold; `teams` is the
    reader's scope (None: every team)."""

    case_id: UUID | None = None
    actor_id: UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    teams: tuple[str, ...] | None = None


class AccessLog(Protocol):
    def record(self, entry: AccessEntry) -> None: ...

    def entries(self, case_id: UUID, limit: int, before: tuple[str, int] | None
                ) -> list[tuple[AccessEntry, tuple[str, int]]]: ...

    def record_many(self, entries: list[AccessEntry]) -> None: ...

    def search(self, where: AccessFilter, limit: int, before: tuple[str, int] | None
               ) -> list[tuple[AccessEntry, tuple[str, int]]]:
        """Newest first (time, then entry); `before` is the (at, id) of the last entry of
        the previous page."""


class NoAccessLog:
    """For tools that read no case data on anyone's behalf (demo loading, rebuilds)."""

    def record(self, entry: AccessEntry) -> None:
        return None

    def entries(self, case_id: UUID, limit: int, before: tuple[str, int] | None
                ) -> list[tuple[AccessEntry, tuple[str, int]]]:
        return []

    def record_many(self, entries: list[AccessEntry]) -> None:
        return None

    def search(self, where: AccessFilter, limit: int, before: tuple[str, int] | None
               ) -> list[tuple[AccessEntry, tuple[str, int]]]:
        return []


@dataclass(frozen=True)
class AccessPage:
    items: list[AccessEntry]
    next_cursor: str | None


Found = list[tuple[AccessEntry, tuple[str, int]]]


def access_page(log: AccessLog, case_id: UUID, limit: int | None,
                cursor: str | None) -> AccessPage:
    """One page of a case's access log, newest first."""
    return _page(lambda size, before: log.entries(case_id, size, before), _CURSOR,
                 limit, cursor)


def search_page(log: AccessLog, where: AccessFilter, limit: int | None,
                cursor: str | None) -> AccessPage:
    """One page of the entries matching `where`, newest first."""
    return _page(lambda size, before: log.search(where, size, before), _SEARCH_CURSOR,
                 limit, cursor)


def _page(read: Callable[[int, tuple[str, int] | None], Found], kind: str,
          limit: int | None, cursor: str | None) -> AccessPage:
    size = paging.check_limit(limit)
    found = read(size + 1, _before(cursor, kind))
    page = found[:size]
    next_cursor = None
    if len(found) > size:
        at, entry_id = page[-1][1]
        next_cursor = paging.encode_cursor(kind, [at, entry_id])
    return AccessPage([entry for entry, _ in page], next_cursor)


def _before(cursor: str | None, kind: str) -> tuple[str, int] | None:
    value = paging.decode_cursor(kind, cursor)
    if value is None:
        return None
    if (not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], str)
            or not isinstance(value[1], int) or isinstance(value[1], bool)):
        raise InvalidInput("cursor", "invalid_cursor")
    return (value[0], value[1])

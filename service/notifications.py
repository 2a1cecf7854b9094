"""A user's in-app notifications: the header's count, the list, marking them read; and
the sweep that tells of deadlines about to break. Everyone reads and marks only their
own: another user's notification is "not found"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, tzinfo
from uuid import UUID

from domain.errors import NotFound
from domain.values import Actor
from domain.vocabulary import Role
from projections.notifications import (
    NotificationPage,
    NotificationStore,
    Recipients,
    deadline_notifications,
)
from service import paging
from service.clock import Clock
from service.identity import UserView
from service.team_deadlines import FixedDeadlines, TeamDeadlines, once_per_team


@dataclass
class DirectoryRecipients:
    """Recipients from the accounts as they are now (active ones only)."""

    users: Callable[[], Sequence[UserView]]

    def supervisors(self, team: str) -> Sequence[UUID]:
        return [u.id for u in self.users()
                if u.active and u.role is Role.SUPERVISOR and u.team == team]

    def partners(self, organisation_id: UUID) -> Sequence[UUID]:
        return [u.id for u in self.users()
                if u.active and u.role is Role.PARTNER and u.organisation_id == organisation_id]


class NotificationService:
    def __init__(self, store: NotificationStore, recipients: Recipients, clock: Clock,
                 timezone: tzinfo, deadlines: TeamDeadlines | None = None) -> None:
        self.store = store
        self.deadlines: TeamDeadlines = deadlines or FixedDeadlines()
        self.recipients = recipients
        self.clock = clock
        self.timezone = timezone

    def unread(self, actor: Actor) -> int:
        return self.store.unread_count(actor.id)

    def page(self, actor: Actor, *, limit: int | None = None, cursor: str | None = None,
             unread_only: bool = False) -> NotificationPage:
        size = paging.check_limit(limit)
        after = paging.pair_from(cursor, "notifications")
        rows = self.store.newest(actor.id, size + 1, after, unread_only)
        items = rows[:size]
        next_cursor = None
        if len(rows) > size:
            last = items[-1]
            at = last.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
            next_cursor = paging.encode_cursor("notifications",
                                               [at, str(last.notification_id)])
        return NotificationPage(items, self.store.unread_count(actor.id), next_cursor)

    def mark_read(self, actor: Actor, notification_id: UUID) -> None:
        if not self.store.mark_read(actor.id, notification_id):
            raise NotFound("no such notification")

    def mark_all_read(self, actor: Actor) -> int:
        return self.store.mark_all_read(actor.id)

    def sweep_deadlines(self) -> int:
        """Tell of deadlines now at risk or breached (each once); how many were told."""
        now = self.clock.now()
        # A time to assign is at risk from its last quarter on.
        waited = now - self.deadlines.shortest_time_to_assign() * 3 / 4
        rows = deadline_notifications(self.store.deadline_candidates(now, waited), now,
                                      self.timezone, self.recipients,
                                      once_per_team(self.deadlines.deadline_policy))
        return self.store.add(rows)

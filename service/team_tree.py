"""The team tree of a process (decision 0030), kept in memory: every request of a
supervisor asks which teams lie below theirs, and the tree changes rarely.

It is forgotten whenever the identity store records an event of a team or of the teams'
directory (the account cache tells, service/user_cache.py: it looks at the store before
every account it answers), and built again from the teams at the next question.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from uuid import UUID

from domain.identity import directory_id, team_id
from domain.tiers import TeamTree


class TeamTreeCache:
    def __init__(self, load: Callable[[], TeamTree]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._tree: TeamTree | None = None
        # Bumped when the tree is forgotten: a build that started before must not
        # keep what it read.
        self._generation = 0

    def get(self) -> TeamTree:
        with self._lock:
            if self._tree is not None:
                return self._tree
            generation = self._generation
        tree = self._load()
        with self._lock:
            if self._generation == generation:
                self._tree = tree
        return tree

    def changed(self, streams: set[UUID] | None) -> None:
        """The streams the identity store wrote (None: unknown): forget the tree if any
        is a team's or the teams' directory."""
        with self._lock:
            tree = self._tree
            if tree is None:
                self._generation += 1
                return
            watched = {directory_id("teams"), *(team_id(code) for code in tree.nodes)}
            if streams is None or streams & watched:
                self._tree = None
                self._generation += 1

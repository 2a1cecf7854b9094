"""The three-tier network of teams (docs/decisions/0030): district 区 → street 街道 →
community 社区. Each team names its parent (`Team.ParentSet`); the tree answers which
teams lie below a team (a supervisor's scope) and which above it (where to escalate).

Pure: the tree is built from what the service read of the teams.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from domain.errors import InvalidInput
from domain.vocabulary import TeamLevel

# Higher is above: a parent's rank is greater than its child's.
LEVEL_RANK = {TeamLevel.COMMUNITY: 0, TeamLevel.STREET: 1, TeamLevel.DISTRICT: 2}


@dataclass(frozen=True)
class TeamNode:
    code: str
    level: TeamLevel | None
    parent: str | None


def check_parent(child: TeamNode, parent: TeamNode, tree: TeamTree) -> None:
    """A parent is a team of a higher level (district > street > community) that is not
    the child itself nor one of the teams below it."""
    if parent.code == child.code or parent.code in tree.below(child.code):
        raise InvalidInput("parent", "parent_cycle")
    if child.level is None or parent.level is None \
            or LEVEL_RANK[parent.level] <= LEVEL_RANK[child.level]:
        raise InvalidInput("parent", "parent_level")


@dataclass(frozen=True)
class TeamTree:
    """Teams by code and their children; a parent that names no known team is ignored."""

    nodes: dict[str, TeamNode]
    children: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # `below` answers, kept: a supervisor's every request asks for theirs.
    _below: dict[str, frozenset[str]] = field(default_factory=dict, compare=False,
                                              repr=False)

    @classmethod
    def of(cls, nodes: Iterable[TeamNode]) -> TeamTree:
        by_code = {node.code: node for node in nodes}
        children: dict[str, list[str]] = {}
        for node in by_code.values():
            if node.parent is not None and node.parent in by_code:
                children.setdefault(node.parent, []).append(node.code)
        return cls(by_code, {code: tuple(sorted(kids)) for code, kids in children.items()})

    def parent(self, code: str) -> str | None:
        node = self.nodes.get(code)
        return node.parent if node is not None and node.parent in self.nodes else None

    def below(self, code: str) -> frozenset[str]:
        """Every team under `code` (children, their children, …), not `code` itself."""
        known = self._below.get(code)
        if known is not None:
            return known
        found: set[str] = set()
        stack = list(self.children.get(code, ()))
        while stack:
            team = stack.pop()
            if team in found or team == code:
                continue  # a cycle (never recorded) stops here rather than looping
            found.add(team)
            stack.extend(self.children.get(team, ()))
        self._below[code] = frozenset(found)
        return self._below[code]

    def above(self, code: str) -> tuple[str, ...]:
        """The ancestors of `code`, nearest first."""
        found: list[str] = []
        parent = self.parent(code)
        while parent is not None and parent not in found and parent != code:
            found.append(parent)
            parent = self.parent(parent)
        return tuple(found)

    def subtree(self, code: str) -> tuple[str, ...]:
        """`code` and every team below it, parents before children, siblings by code."""
        order = [code]
        for team in order:
            order.extend(kid for kid in self.children.get(team, ()) if kid not in order)
        return tuple(order)

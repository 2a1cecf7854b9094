"""Domain errors. Each names the rule it enforces, in words a user understands."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: something the domain refused."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RuleViolated(DomainError):
    """A business rule of SPEC §2 refused the command (HTTP 409)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule


class InvalidInput(DomainError):
    """A value is outside what the domain accepts (HTTP 422)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class NotPermitted(DomainError):
    """The actor's role may never do this (HTTP 403)."""


class NotFound(DomainError):
    """Unknown, or outside the actor's scope (HTTP 404): existence never leaks."""


class VersionConflict(DomainError):
    """The case changed since the client read it (HTTP 412 with If-Match, else 409)."""

    def __init__(self, current_version: int, expected_version: int | None = None) -> None:
        super().__init__(
            f"the case is at version {current_version}"
            + (f", not {expected_version}" if expected_version is not None else "")
        )
        self.current_version = current_version
        self.expected_version = expected_version


class AlreadyExists(DomainError):
    """A unique name (username, team code) is already taken (HTTP 409)."""

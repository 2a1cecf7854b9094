"""Every refused value of a command at once (issue 12): a form with three wrong fields
says so once, not three times in turn.

`Problems` runs each check of a command's values, keeps what each refuses (the first
problem of each field) and, at the end, refuses with all of them: one problem as the
`InvalidInput` it is, several as `InvalidInputs`, an `InvalidInput` too (its first
problem's field and code), so that code that knows only one still reads it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

from domain.errors import InvalidInput

P = ParamSpec("P")
T = TypeVar("T")


class InvalidInputs(InvalidInput):
    """Several values refused at once (HTTP 422): `problems`, one per field."""

    def __init__(self, problems: Sequence[InvalidInput]) -> None:
        first = problems[0]
        super().__init__(first.field, first.code, first.params)
        self.problems: tuple[InvalidInput, ...] = tuple(problems)
        self.message = "; ".join(problem.message for problem in self.problems)
        self.args = (self.message,)


def problems_of(error: InvalidInput) -> tuple[InvalidInput, ...]:
    """The problems an error names: its own, or each of several."""
    return error.problems if isinstance(error, InvalidInputs) else (error,)


class Problems:
    """The problems found so far among a command's values."""

    def __init__(self) -> None:
        self.found: list[InvalidInput] = []

    def __bool__(self) -> bool:
        return bool(self.found)

    def add(self, error: InvalidInput) -> None:
        for problem in problems_of(error):
            if all(problem.field != known.field for known in self.found):
                self.found.append(problem)

    def check(self, check: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """The check's answer, or None when it refused (the refusal is kept)."""
        try:
            return check(*args, **kwargs)
        except InvalidInput as error:
            self.add(error)
            return None

    def refuse(self) -> None:
        """Refuse with every problem found, if any."""
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            raise InvalidInputs(self.found)

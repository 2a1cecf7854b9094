"""A tiny given/when/then for the Case aggregate.

    given(opened(), assessed(Risk.HIGH))          # the case's past
        .when(lambda case: case.claim(...))       # one command
        .then(event(Case.Claimed, worker_id=...)) # the events it records

`given` rebuilds the case from its past events exactly as the event store does
(`event.mutate(None)` for `Opened`, `event.mutate(case)` for the rest), so every
command runs on a case that only its events describe. A past item is an event, a
list of events, or a step (a command run on the case as it stood then).
`then_raises` checks the refusal and that the refused command recorded nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.case import Case
from domain.errors import DomainError

Step = Callable[[Case], object]
Past = Case.Event | Sequence[Case.Event] | Step


@dataclass(frozen=True)
class Expected:
    """An event type and the field values it must carry (other fields are not checked)."""

    type: type[Case.Event]
    fields: dict[str, Any] = field(default_factory=dict)


def event(event_type: type[Case.Event], **fields: Any) -> Expected:
    return Expected(event_type, fields)


def replay(events: Sequence[Case.Event]) -> Case:
    case: Case | None = None
    for past_event in events:
        case = past_event.mutate(case)
    if case is None:
        raise AssertionError("a case's history starts with Case.Opened")
    return case


def recorded(case: Case) -> list[Case.Event]:
    """The events a command just recorded (the ones a save would store)."""
    collected: list[Case.Event] = []
    for pending in case.collect_events():
        if not isinstance(pending, Case.Event):
            raise AssertionError(f"not a case event: {pending!r}")
        collected.append(pending)
    return collected


def given(*past: Past) -> Scenario:
    events: list[Case.Event] = []
    for item in past:
        if isinstance(item, Case.Event):
            events.append(item)
        elif isinstance(item, Sequence):
            events.extend(item)
        else:
            case = replay(events)
            item(case)
            events.extend(recorded(case))
    return Scenario(events)


def when_opening(command: Callable[[], Case]) -> Outcome:
    """Intake: the command creates the case, so there is no past."""
    try:
        case = command()
    except DomainError as error:
        return Outcome([], [], error)
    return Outcome([], recorded(case), None)


@dataclass(frozen=True)
class Scenario:
    events: list[Case.Event]

    @property
    def case(self) -> Case:
        return replay(self.events)

    def when(self, command: Step) -> Outcome:
        case = replay(self.events)
        try:
            command(case)
        except DomainError as error:
            return Outcome(self.events, recorded(case), error)
        return Outcome(self.events, recorded(case), None)


@dataclass(frozen=True)
class Outcome:
    past: list[Case.Event]
    new: list[Case.Event]
    error: DomainError | None

    def then(self, *expected: Expected | type[Case.Event]) -> Case:
        """Checks the recorded events; returns the case rebuilt from all its events."""
        if self.error is not None:
            raise AssertionError(f"refused: {type(self.error).__name__}: {self.error}")
        wanted = [e if isinstance(e, Expected) else Expected(e) for e in expected]
        names = [type(e).__name__ for e in self.new]
        if names != [w.type.__name__ for w in wanted]:
            raise AssertionError(f"recorded {names}, expected {[w.type.__name__ for w in wanted]}")
        for got, want in zip(self.new, wanted, strict=True):
            if type(got) is not want.type:
                raise AssertionError(f"recorded {type(got).__qualname__}, not {want.type}")
            for name, value in want.fields.items():
                actual = getattr(got, name)
                if actual != value:
                    raise AssertionError(
                        f"{type(got).__name__}.{name} is {actual!r}, expected {value!r}"
                    )
        return replay(self.past + self.new)

    def then_raises(self, error_type: type[DomainError], **attributes: Any) -> DomainError:
        """Checks the refusal (type and attributes such as `rule` or `field`)."""
        if self.error is None:
            raise AssertionError(
                f"accepted, recording {[type(e).__name__ for e in self.new]}; "
                f"expected {error_type.__name__}"
            )
        if not isinstance(self.error, error_type):
            raise AssertionError(
                f"raised {type(self.error).__name__}: {self.error}; expected {error_type.__name__}"
            )
        for name, value in attributes.items():
            actual = getattr(self.error, name)
            if actual != value:
                raise AssertionError(
                    f"{error_type.__name__}.{name} is {actual!r}, expected {value!r} "
                    f"({self.error})"
                )
        if self.new:
            raise AssertionError(
                f"refused, yet recorded {[type(e).__name__ for e in self.new]}"
            )
        return self.error

"""How the demo stories are told: through the service layer, on a clock that moves.

Each story is a generator that yields the time of its next step; `play` runs the stories
interleaved in time order, moving a FixedClock forward before every step, so that all
events of the deployment carry plausible, increasing times over the past days.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from uuid import UUID

from adapters.demo.residents import RESIDENTS
from domain.case import Assessment
from domain.values import Actor, Consent
from domain.vocabulary import Channel, ConsentMethod, Need, Risk, Via, Vulnerability
from service.cases import CaseService, CommandResult, OpenCase
from service.clock import FixedClock
from service.commands import CaseCommand, CommandContext

Story = Generator[datetime, None, None]
VERBAL = Consent(given=True, method=ConsentMethod.VERBAL)


@dataclass
class Demo:
    """What a story needs: the services, the staff, the calendar and the cases told so far."""

    cases: CaseService
    clock: FixedClock
    timezone: tzinfo
    first_day: date
    actors: dict[str, Actor]
    organisations: dict[str, UUID]
    told: dict[str, UUID] = field(default_factory=dict)

    def at(self, day: int, hh_mm: str) -> datetime:
        """A moment of the demo calendar: `day` days after the first day, at local `hh_mm`."""
        hour, minute = (int(part) for part in hh_mm.split(":"))
        local = datetime.combine(self.first_day + timedelta(days=day), time(hour, minute),
                                 tzinfo=self.timezone)
        return local.astimezone(UTC)

    def day(self, day: int) -> date:
        return self.first_day + timedelta(days=day)

    def actor(self, username: str) -> Actor:
        return self.actors[username]

    def assessment(self, risk: Risk, needs: Iterable[Need], plan: str, follow_up_day: int,
                   notes: str | None = None) -> Assessment:
        return Assessment(risk=risk, needs=tuple(needs), notes=notes, plan=plan,
                          follow_up_due=self.day(follow_up_day))

    def do(self, username: str, command: CaseCommand) -> CommandResult:
        """A command on a case (a task's, say) by `username`, as the web UI sends it."""
        return self.cases.handle(command, CommandContext(self.actor(username), Via.UI))

    def open(self, key: str, username: str, *, channel: Channel, resident: str, request: str,
             vulnerabilities: Iterable[Vulnerability], needs: Iterable[Need],
             assessment: Assessment | None = None, consent: Consent = VERBAL,
             via: Via = Via.UI) -> UUID:
        """Open the case that the story calls `key`, for the team of `username`."""
        actor = self.actor(username)
        assert actor.team is not None
        person = RESIDENTS[resident]
        today = self.clock.now().astimezone(self.timezone).date()
        command = OpenCase(team=actor.team, channel=channel, profile=person.profile(today),
                           details=person.details(), request=request,
                           vulnerabilities=tuple(vulnerabilities), needs=tuple(needs),
                           consent=consent, assessment=assessment)
        case_id = self.cases.open_case(actor, command, via=via).case.id
        self.told[key] = case_id
        return case_id


def play(clock: FixedClock, stories: Iterable[Story]) -> None:
    """Run the stories' steps in time order; a story may never step back in time."""
    waiting: list[tuple[datetime, int, Story]] = []

    def next_step(order: int, story: Story) -> None:
        try:
            when = next(story)
        except StopIteration:
            return
        if when < clock.now():
            raise ValueError(f"a demo story steps back in time to {when.isoformat()}")
        heapq.heappush(waiting, (when, order, story))

    for order, story in enumerate(stories):
        next_step(order, story)
    while waiting:
        when, order, story = heapq.heappop(waiting)
        clock.advance(when - clock.now())
        next_step(order, story)


StoryFactory = Callable[[Demo], Story]

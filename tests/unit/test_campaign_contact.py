"""A campaign's contact (domain/campaign.py, decision 0029): holding, each outcome, retries
at another time of day, the last try, and the case a found need opens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from domain.campaign import (
    HOLD_MINUTES,
    MAX_TRIES,
    RETRY_HOURS,
    CallOutcome,
    Campaign,
    Contact,
    ContactState,
    part_of_day,
)
from domain.errors import InvalidInput, RuleViolated
from domain.values import ActorRef
from domain.vocabulary import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = datetime(2022, 4, 10, 9, 0, tzinfo=SHANGHAI)  # a Sunday morning
ANNA = ActorRef(id=uuid4(), role=Role.WORKER)
BO = ActorRef(id=uuid4(), role=Role.WORKER)


def contact() -> Contact:
    return Contact.load(uuid4(), campaign_id=uuid4(), team="JB", row=2, name="宋秀兰",
                        phone="13900001234", address="3-2-401", notes=None, by=ANNA, at=AT)


def call(c: Contact, outcome: CallOutcome, at: datetime, by: ActorRef = ANNA) -> None:
    c.hold(by=by, at=at)
    c.record_call(by=by, at=at, outcome=outcome, note="called",
                  case_id=uuid4() if outcome is CallOutcome.NEED_FOUND else None,
                  timezone=SHANGHAI)


def test_a_held_contact_is_not_handed_to_another_caller_until_the_hold_lapses() -> None:
    c = contact()
    c.hold(by=ANNA, at=AT)
    with pytest.raises(RuleViolated) as refused:
        c.hold(by=BO, at=AT + timedelta(minutes=HOLD_MINUTES - 1))
    assert refused.value.rule == "contact_held"
    with pytest.raises(RuleViolated):  # nor may Bo record a call on Anna's contact
        c.record_call(by=BO, at=AT, outcome=CallOutcome.REACHED_NO_NEED, note=None,
                      case_id=None, timezone=SHANGHAI)
    c.hold(by=BO, at=AT + timedelta(minutes=HOLD_MINUTES))
    assert c.held_by == BO.id


def test_no_answer_is_due_again_later_at_another_part_of_the_day_then_unreachable() -> None:
    c = contact()
    at = AT
    parts = [part_of_day(at)]
    for _ in range(MAX_TRIES - 1):
        call(c, CallOutcome.NO_ANSWER, at)
        assert c.state is ContactState.DUE
        assert c.due_at is not None
        assert c.due_at - at >= timedelta(hours=RETRY_HOURS)
        assert not c.is_due(at)
        with pytest.raises(RuleViolated):
            c.hold(by=BO, at=at)
        at = c.due_at
        parts.append(part_of_day(at.astimezone(SHANGHAI)))
    assert parts[1] != parts[0]
    assert parts[2] != parts[1]
    call(c, CallOutcome.NO_ANSWER, at)
    assert c.state is ContactState.UNREACHABLE
    assert c.tries == MAX_TRIES
    with pytest.raises(RuleViolated) as refused:
        c.hold(by=ANNA, at=at + timedelta(days=1))
    assert refused.value.rule == "contact_settled"


@pytest.mark.parametrize(("outcome", "state"), [
    (CallOutcome.REACHED_NO_NEED, ContactState.REACHED),
    (CallOutcome.NEED_FOUND, ContactState.REACHED),
    (CallOutcome.WRONG_NUMBER, ContactState.UNREACHABLE),
    (CallOutcome.MOVED_OR_DECEASED, ContactState.UNREACHABLE),
])
def test_every_other_outcome_ends_the_contact(outcome: CallOutcome,
                                              state: ContactState) -> None:
    c = contact()
    call(c, outcome, AT)
    assert c.state is state
    assert (c.case_id is not None) == (outcome is CallOutcome.NEED_FOUND)
    with pytest.raises(RuleViolated):
        call(c, CallOutcome.REACHED_NO_NEED, AT + timedelta(days=1))


def test_a_call_needs_the_contact_held_first() -> None:
    with pytest.raises(RuleViolated) as refused:
        contact().record_call(by=ANNA, at=AT, outcome=CallOutcome.NO_ANSWER, note=None,
                              case_id=None, timezone=SHANGHAI)
    assert refused.value.rule == "contact_not_held"


def test_a_late_evening_no_answer_is_retried_the_next_morning() -> None:
    c = contact()
    call(c, CallOutcome.NO_ANSWER, datetime(2022, 4, 10, 19, 0, tzinfo=SHANGHAI))
    assert c.due_at == datetime(2022, 4, 11, 8, 30, tzinfo=SHANGHAI)


def test_a_contact_without_a_valid_phone_is_refused_and_a_closed_campaign_takes_nothing(
        ) -> None:
    with pytest.raises(InvalidInput) as refused:
        Contact.load(uuid4(), campaign_id=uuid4(), team="JB", row=3, name="李", phone="12",
                     address=None, notes=None, by=ANNA, at=AT)
    assert refused.value.field == "phone"
    campaign = Campaign.start(uuid4(), team="JB", title="80+", description="", by=ANNA,
                              at=AT.astimezone(UTC))
    campaign.close(by=ANNA, at=AT)
    with pytest.raises(RuleViolated) as closed:
        campaign.require_open()
    assert closed.value.rule == "campaign_closed"

"""Referrals nobody answered expire by themselves (docs/domain.md §2: `sent` → `expired` when no
answer came by its `respond_by`, default 72 hours), on SQLite and PostgreSQL: the
partner's inbox and the outcome report say so, and the case can close again."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

import pytest

from domain.case import Case
from domain.errors import RuleViolated
from domain.vocabulary import ClosureOutcome, ReferralStatus
from projections.interfaces import ReferralQuery
from service.expiry import expire_overdue_referrals
from tests.integration.conftest import World
from tests.integration.views_support import project


def referred(world: World) -> tuple[UUID, UUID]:
    case = world.active_case(world.jb_worker, world.jb_supervisor)
    sent = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                     "Food parcel", None)
    assert sent.referral_id is not None
    return case.id, sent.referral_id


def sweep(world: World) -> int:
    project(world.container)
    expired = expire_overdue_referrals(world.cases, world.container.queries.reader,
                                       world.clock)
    project(world.container)
    return expired


def status(world: World, case_id: UUID, referral_id: UUID) -> ReferralStatus:
    case = world.container.cases_app.repository.get(case_id)
    assert isinstance(case, Case)
    return case.referrals[referral_id].status


class TestExpiry:
    def test_an_unanswered_referral_expires_after_72_hours(self, world: World) -> None:
        case_id, referral_id = referred(world)
        world.later(hours=71)
        assert sweep(world) == 0
        world.later(hours=1, minutes=1)

        assert sweep(world) == 1

        assert status(world, case_id, referral_id) is ReferralStatus.EXPIRED
        row = world.container.queries.reader.referral_row(referral_id)
        assert row is not None
        assert row.status is ReferralStatus.EXPIRED

    def test_the_case_can_then_close(self, world: World) -> None:
        case_id, _ = referred(world)
        with pytest.raises(RuleViolated):
            world.cases.close(world.jb_worker, case_id, ClosureOutcome.RESOLVED, "Delivered")
        world.later(hours=73)
        sweep(world)

        closed = world.cases.close(world.jb_worker, case_id, ClosureOutcome.RESOLVED,
                                   "Delivered by the community station instead").case
        assert closed.closed_at is not None

    def test_a_referral_answered_in_time_is_left_alone(self, world: World) -> None:
        case_id, accepted = referred(world)
        world.cases.accept_referral(world.partner, accepted)
        _, declined = referred(world)
        world.cases.decline_referral(world.partner, declined, "No volunteers nearby")
        world.later(hours=100)

        assert sweep(world) == 0
        assert status(world, case_id, accepted) is ReferralStatus.ACCEPTED

    def test_sweeping_again_expires_nothing_more(self, world: World) -> None:
        referred(world)
        referred(world)
        world.later(hours=80)
        assert sweep(world) == 2
        assert sweep(world) == 0
        expired = list(world.container.queries.reader.referral_rows(
            ReferralQuery(status=(ReferralStatus.EXPIRED,))))
        assert len(expired) == 2

    def test_an_answer_the_views_have_not_seen_yet_is_not_overridden(
            self, world: World) -> None:
        case_id, referral_id = referred(world)
        project(world.container)
        world.later(hours=72, minutes=-5)
        world.cases.accept_referral(world.partner, referral_id)  # the views lag behind
        world.later(minutes=10)

        expired = expire_overdue_referrals(world.cases, world.container.queries.reader,
                                           world.clock)

        assert expired == 0
        assert status(world, case_id, referral_id) is ReferralStatus.ACCEPTED


    def test_the_referrals_of_an_erased_case_are_not_tried_at_every_sweep(
            self, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
        erased_case, erased_referral = referred(world)
        _, other = referred(world)
        world.cases.erase(world.jb_supervisor, erased_case, "the resident asked")
        world.later(hours=80)
        tried: list[UUID] = []
        expire = world.cases.expire_referral

        def counting(actor: Any, referral_id: UUID, **context: Any) -> Any:
            tried.append(referral_id)
            return expire(actor, referral_id, **context)

        monkeypatch.setattr(world.cases, "expire_referral", counting)

        assert sweep(world) == 1
        assert sweep(world) == 0
        assert tried == [other]  # the erased case's referral is never tried
        assert status(world, erased_case, erased_referral) is ReferralStatus.SENT

class TestTheSweeper:
    def test_the_projecting_process_expires_overdue_referrals_by_itself(
            self, world: World) -> None:
        container = world.container
        container.sweeper.interval = 0.05
        case_id, referral_id = referred(world)
        world.later(hours=73)

        assert container.start_projections()

        deadline = time.monotonic() + 10
        while status(world, case_id, referral_id) is not ReferralStatus.EXPIRED:
            assert time.monotonic() < deadline, "the sweeper never expired the referral"
            time.sleep(0.05)
        # The sweep counts itself once all its work is done (the expiry is saved first,
        # then the deadline notifications): wait for that too.
        while container.sweeper.sweeps < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert container.sweeper.sweeps >= 1

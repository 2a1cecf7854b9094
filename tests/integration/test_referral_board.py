"""The referral board of an organisation and its outcome report (docs/domain.md §1, §3), on
SQLite and PostgreSQL: a partner sees only its own organisation's referrals, a
de-identified summary until it accepts, contact details only while a referral is
accepted and not completed, and a report with no resident personal data in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from domain.errors import NotFound, NotPermitted
from domain.values import SYSTEM_ACTOR, ResidentDetails
from domain.vocabulary import ReferralOutcome, ReferralStatus, Risk
from projections.rows import ReferralRow
from service.outcome_report import OutcomeSummary
from service.queries import Listing
from tests.integration.conftest import World
from tests.integration.views_support import project

DETAILS = ResidentDetails(
    name="欧阳秀英", phone="138 0013 8000", id_number="31011519420315002X",
    address_detail="金杨新村 12号楼 502室", emergency_contact_name="李建国",
    emergency_contact_phone="139 0177 2244")
REQUEST = ("欧阳秀英 needs her insulin; call 138 0013 8000 (or 13800138000), or her son "
           "李建国 on 139 0177 2244; ID 31011519420315002X; she lives at 金杨新村 12号楼 502室")
PERSONAL = ["欧阳秀英", "138 0013 8000", "13800138000", "0013 8000", "31011519420315002X",
            "金杨新村 12号楼 502室", "12号楼", "李建国", "139 0177 2244", "0177 2244"]


def referral_rows(listing: Listing) -> list[ReferralRow]:
    assert all(isinstance(item, ReferralRow) for item in listing.items)
    return [item for item in listing.items if isinstance(item, ReferralRow)]


def leaks(text: str) -> list[str]:
    return [value for value in PERSONAL if value in text]


@dataclass(frozen=True)
class Board:
    case_id: UUID
    to_foundation: UUID
    to_other: UUID


@pytest.fixture
def board(world: World) -> Board:
    """One case of JB referred to the foundation and to the other organisation."""
    opened = world.open_case(world.jb_worker, details=DETAILS, request=REQUEST,
                             assessment=world.assessment(Risk.HIGH)).case
    world.cases.assign(world.jb_supervisor, opened.id, world.jb_worker.id, None)
    other_org = world.other_partner.organisation_id
    assert other_org is not None
    to_foundation = world.cases.send_referral(world.jb_worker, opened.id, world.foundation,
                                              "Insulin delivery", None).referral_id
    world.later(minutes=5)
    to_other = world.cases.send_referral(world.jb_worker, opened.id, other_org,
                                         "Groceries", None).referral_id
    assert to_foundation is not None
    assert to_other is not None
    project(world.container)
    return Board(opened.id, to_foundation, to_other)


class TestWhoSeesWhichReferral:
    def test_a_partner_sees_only_its_organisations_referrals(
            self, world: World, board: Board) -> None:
        queries = world.container.queries
        mine = referral_rows(queries.referrals(world.partner))
        theirs = referral_rows(queries.referrals(world.other_partner))

        assert [row.referral_id for row in mine] == [board.to_foundation]
        assert [row.referral_id for row in theirs] == [board.to_other]
        assert queries.referral(world.partner, board.to_foundation).service == "Insulin delivery"
        with pytest.raises(NotFound):
            queries.referral(world.partner, board.to_other)
        with pytest.raises(NotFound):
            queries.referral_detail(world.partner, board.to_other)
        with pytest.raises(NotFound):
            queries.referrals(world.partner, organisation_id=world.other_partner.organisation_id)
        with pytest.raises(NotFound):
            queries.outcome_report(world.partner,
                                   organisation_id=world.other_partner.organisation_id)

    def test_the_case_side_sees_its_teams_referrals_and_an_auditor_all(
            self, world: World, board: Board) -> None:
        queries = world.container.queries
        both = {board.to_foundation, board.to_other}
        newest_first = [board.to_other, board.to_foundation]
        assert [r.referral_id for r in referral_rows(queries.referrals(world.jb_worker))] == (
            newest_first)
        assert {r.referral_id for r in referral_rows(queries.referrals(world.auditor))} == both
        assert referral_rows(queries.referrals(world.pd_supervisor)) == []
        with pytest.raises(NotFound):
            queries.referral(world.pd_worker, board.to_foundation)
        with pytest.raises(NotPermitted):
            queries.referrals(world.admin)

    def test_the_board_by_status(self, world: World, board: Board) -> None:
        world.cases.accept_referral(world.partner, board.to_foundation)
        project(world.container)
        queries = world.container.queries
        accepted = queries.referrals(world.jb_worker, status=(ReferralStatus.ACCEPTED,))
        sent = queries.referrals(world.jb_worker, status=(ReferralStatus.SENT,))
        assert [r.referral_id for r in referral_rows(accepted)] == [board.to_foundation]
        assert [r.referral_id for r in referral_rows(sent)] == [board.to_other]
        assert referral_rows(queries.referrals(world.other_partner,
                                               status=(ReferralStatus.ACCEPTED,))) == []


class TestWhatAPartnerSees:
    def test_before_acceptance_a_de_identified_summary(self, world: World,
                                                       board: Board) -> None:
        detail = world.container.queries.referral_detail(world.partner, board.to_foundation)

        assert detail.contact is None
        assert "needs her insulin" in detail.request_summary
        assert leaks(detail.request_summary) == []
        assert leaks(repr(detail)) == []
        assert (detail.row.district, detail.row.age_band) == ("江北区", "70-79")
        assert detail.row.needs
        assert detail.row.vulnerabilities

    def test_contact_details_only_while_accepted_and_not_completed(
            self, world: World, board: Board) -> None:
        queries, cases = world.container.queries, world.cases
        cases.accept_referral(world.partner, board.to_foundation)
        project(world.container)

        accepted = queries.referral_detail(world.partner, board.to_foundation)
        assert accepted.contact is not None
        assert (accepted.contact.name, accepted.contact.phone) == ("欧阳秀英", "13800138000")
        assert accepted.contact.address_detail == "金杨新村 12号楼 502室"
        assert accepted.contact.emergency_contact_phone == "13901772244"
        assert leaks(accepted.request_summary) == []

        cases.complete_referral(world.partner, board.to_foundation,
                                ReferralOutcome.SERVICE_PROVIDED, "Insulin for a month",
                                Decimal("300.00"), 1)
        # Access lapses at completion, even before the views have caught up.
        assert queries.referral_detail(world.partner, board.to_foundation).contact is None
        project(world.container)
        completed = queries.referral_detail(world.partner, board.to_foundation)
        assert completed.contact is None
        assert leaks(repr(completed)) == []

    def test_a_declined_or_withdrawn_referral_shows_no_contact(
            self, world: World, board: Board) -> None:
        queries = world.container.queries
        world.cases.decline_referral(world.other_partner, board.to_other, "No capacity")
        world.cases.accept_referral(world.partner, board.to_foundation)
        world.cases.withdraw_referral(world.jb_worker, board.to_foundation, "Family helps")
        project(world.container)
        for partner, referral in ((world.other_partner, board.to_other),
                                  (world.partner, board.to_foundation)):
            detail = queries.referral_detail(partner, referral)
            assert detail.contact is None
            assert leaks(repr(detail)) == []


# --- the outcome report ------------------------------------------------------------------
@pytest.fixture
def history(world: World) -> dict[str, UUID]:
    """Six referrals to the foundation sent at 09:00 on 10 April and one on 2 May,
    answered at known times; one to the other organisation."""
    cases, worker, partner = world.cases, world.jb_worker, world.partner
    case_ids = [world.open_case(worker, details=DETAILS, request=REQUEST,
                                assessment=world.assessment(Risk.MEDIUM)).case.id
                for _ in range(6)]
    sent = {name: cases.send_referral(worker, case_id, world.foundation, "Home care",
                                      None).referral_id
            for name, case_id in zip(("r1", "r2", "r3", "declined", "withdrawn", "expired"),
                                     case_ids, strict=True)}
    refs: dict[str, UUID] = {k: v for k, v in sent.items() if v is not None}
    world.later(hours=2)
    cases.accept_referral(partner, refs["r1"])
    world.later(hours=2)
    cases.accept_referral(partner, refs["r2"])
    world.later(hours=2)
    cases.decline_referral(partner, refs["declined"], "Outside our district")
    world.later(hours=4)
    cases.accept_referral(partner, refs["r3"])
    world.later(hours=1)
    cases.withdraw_referral(worker, refs["withdrawn"], "Resolved by the family")
    world.later(hours=15)  # 26 hours after sending: r1 was accepted 24 hours ago
    cases.complete_referral(partner, refs["r1"], ReferralOutcome.SERVICE_PROVIDED,
                            "Daily visits", Decimal("500.00"), 2)
    world.later(hours=26)  # r2 was accepted 48 hours ago
    cases.complete_referral(partner, refs["r2"], ReferralOutcome.PARTIALLY_PROVIDED,
                            "Two visits", Decimal("120.50"), 1)
    world.later(hours=21)  # 73 hours after sending
    cases.expire_referral(SYSTEM_ACTOR, refs["expired"])
    world.clock.current = datetime(2022, 5, 2, 1, 0, tzinfo=UTC)  # 09:00 local, 2 May
    may = cases.send_referral(worker, case_ids[0], world.foundation, "Home care",
                              None).referral_id
    other_org = world.other_partner.organisation_id
    assert may is not None
    assert other_org is not None
    elsewhere = cases.send_referral(worker, case_ids[1], other_org, "Food", None).referral_id
    assert elsewhere is not None
    world.later(hours=1)
    cases.accept_referral(partner, may)
    world.later(hours=5)
    cases.complete_referral(partner, may, ReferralOutcome.SERVICE_PROVIDED, "Meals",
                            Decimal("80"), 4)
    project(world.container)
    return {**refs, "may": may, "elsewhere": elsewhere}


def measures(summary: OutcomeSummary) -> tuple[object, ...]:
    return (summary.referrals, summary.acceptance_rate,
            summary.time_to_accept.median_hours, summary.time_to_accept.p90_hours,
            summary.time_to_complete.median_hours, summary.time_to_complete.p90_hours,
            summary.value_delivered_cny, summary.people_helped)


class TestOutcomeReport:
    def test_counts_rates_times_and_value_by_month(self, world: World,
                                                    history: dict[str, UUID]) -> None:
        report = world.container.queries.outcome_report(world.partner)

        april, may = report.by_month
        assert (april.month, may.month) == ("2022-04", "2022-05")
        assert april.by_status == {"sent": 0, "accepted": 1, "declined": 1, "expired": 1,
                                   "completed": 2, "withdrawn": 1}
        assert april.outcomes["service_provided"] == 1
        assert april.outcomes["partially_provided"] == 1
        # Accepted 3 of 5 answered; accepted after 2, 4 and 10 hours; completed 24 and
        # 48 hours after acceptance.
        assert measures(april) == (6, 0.6, 4.0, 8.8, 36.0, 45.6, Decimal("620.50"), 3)
        assert measures(may) == (1, 1.0, 1.0, 1.0, 5.0, 5.0, Decimal("80.00"), 4)
        assert measures(report.total) == (7, 0.6667, 3.0, 8.2, 24.0, 43.2,
                                          Decimal("700.50"), 7)
        assert report.total.by_status["completed"] == 3

    def test_each_organisation_reports_only_its_own(self, world: World,
                                                    history: dict[str, UUID]) -> None:
        queries = world.container.queries
        theirs = queries.outcome_report(world.other_partner)
        assert theirs.total.referrals == 1
        assert theirs.total.by_status["sent"] == 1
        assert [m.month for m in theirs.by_month] == ["2022-05"]
        ours = queries.outcome_report(world.partner)
        assert queries.outcome_report(world.auditor, organisation_id=world.foundation) == ours
        everything = queries.outcome_report(world.auditor)
        assert everything.total.referrals == 8
        assert queries.outcome_report(world.jb_supervisor).total.referrals == 8
        assert queries.outcome_report(world.pd_supervisor).total.referrals == 0
        with pytest.raises(NotPermitted):
            queries.outcome_report(world.admin)

    def test_a_period_by_sending_time(self, world: World, history: dict[str, UUID]) -> None:
        queries = world.container.queries
        may_first = datetime(2022, 4, 30, 16, 0, tzinfo=UTC)  # 00:00 local, 1 May
        may = queries.outcome_report(world.partner, sent_from=may_first)
        april = queries.outcome_report(world.partner, sent_to=may_first)
        assert [m.month for m in may.by_month] == ["2022-05"]
        assert (may.total.referrals, april.total.referrals) == (1, 6)

    def test_the_board_pages_and_the_report_hold_no_personal_data(
            self, world: World, history: dict[str, UUID]) -> None:
        queries = world.container.queries
        seen: list[UUID] = []
        cursor: str | None = None
        while True:
            page = queries.referrals(world.partner, limit=3, cursor=cursor)
            seen.extend(row.referral_id for row in referral_rows(page))
            assert leaks(repr(page)) == []
            cursor = page.next_cursor
            if cursor is None:
                break
        assert seen[0] == history["may"]
        assert sorted(seen) == sorted(v for k, v in history.items() if k != "elsewhere")
        report = queries.outcome_report(world.partner)
        assert leaks(repr(report)) == []
        assert "Daily visits" not in repr(report)

    def test_a_referral_answered_later_moves_between_statuses(
            self, world: World, history: dict[str, UUID]) -> None:
        world.cases.complete_referral(world.partner, history["r3"],
                                      ReferralOutcome.CLIENT_NO_SHOW, "Nobody home",
                                      Decimal("0"), 0)
        project(world.container)
        april = world.container.queries.outcome_report(world.partner).by_month[0]
        assert (april.by_status["accepted"], april.by_status["completed"]) == (0, 3)
        assert april.outcomes["client_no_show"] == 1
        # r3 was accepted on 10 April at 19:00 local and completed on 2 May at 15:00.
        assert april.time_to_complete.median_hours == 48.0
        assert april.time_to_complete.p90_hours == 48.0 + 0.8 * (524.0 - 48.0)
        assert april.people_helped == 3

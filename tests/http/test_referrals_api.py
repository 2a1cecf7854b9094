"""Referrals over HTTP (docs/domain.md §1, §4): who sees which referrals, the partner's
de-identified view (contact details only while accepted and not completed), paging and
filters, and the outcome report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import pytest

from domain.vocabulary import ReferralOutcome, Risk
from tests.http.conftest import Api
from tests.http.reads_support import (
    DETAILS,
    REQUEST,
    SQLITE_ONLY,
    every_page,
    ids,
    leaks,
    ok,
    project,
    s,
)
from tests.integration.conftest import World

REFERRALS = "/api/v1/referrals"
OUTCOMES = "/api/v1/referrals/outcomes"


@dataclass(frozen=True)
class Board:
    case_id: UUID
    to_foundation: UUID  # JB's case, to the foundation of `bright-light`
    to_other: UUID  # JB's case, to the organisation of `riverside`
    pd_to_foundation: UUID  # a PD case, to the foundation


def referral_path(referral_id: UUID) -> str:
    return f"{REFERRALS}/{referral_id}"


@pytest.fixture
def board(world: World) -> Board:
    opened = world.open_case(world.jb_worker, details=DETAILS, request=REQUEST,
                             assessment=world.assessment(Risk.HIGH)).case
    world.cases.assign(world.jb_supervisor, opened.id, world.jb_worker.id, None)
    other_org = world.other_partner.organisation_id
    assert other_org is not None
    to_foundation = world.cases.send_referral(world.jb_worker, opened.id, world.foundation,
                                              "Insulin delivery", "Ring twice").referral_id
    world.later(minutes=5)
    to_other = world.cases.send_referral(world.jb_worker, opened.id, other_org,
                                         "Groceries", None).referral_id
    world.later(minutes=5)
    pd_case = world.active_case(world.pd_worker, world.pd_supervisor, Risk.MEDIUM)
    pd_to_foundation = world.cases.send_referral(world.pd_worker, pd_case.id,
                                                 world.foundation, "Food parcel",
                                                 None).referral_id
    assert to_foundation
    assert to_other
    assert pd_to_foundation
    project(world)
    return Board(opened.id, to_foundation, to_other, pd_to_foundation)


def accept(world: World, board: Board) -> None:
    world.later(hours=3)
    world.cases.accept_referral(world.partner, board.to_foundation)
    project(world)


def complete(world: World, board: Board) -> None:
    world.later(hours=20)
    world.cases.complete_referral(world.partner, board.to_foundation,
                                  ReferralOutcome.SERVICE_PROVIDED, "Two insulin pens",
                                  Decimal("500.00"), 1)
    project(world)


@SQLITE_ONLY
class TestPartnerView:
    def test_a_partner_sees_only_its_organisations_referrals_de_identified(
            self, api: Api, board: Board) -> None:
        response = api.as_("bright-light").get(REFERRALS)
        body = ok(response)
        assert ids(body) == [s(board.pd_to_foundation), s(board.to_foundation)]
        assert leaks(response.text) == []
        jb = body["items"][1]
        assert (jb["status"], jb["service"], jb["district"], jb["contact"]) == (
            "sent", "Insulin delivery", "江北区", None)
        assert jb["age_band"]
        assert jb["vulnerabilities"] == ["older_person", "chronic_illness"]
        assert jb["request_summary"].startswith("Insulin for ***")
        other = ok(api.as_("riverside").get(REFERRALS))
        assert ids(other) == [s(board.to_other)]

    def test_one_referral_before_acceptance_shows_no_personal_data(
            self, api: Api, board: Board) -> None:
        response = api.as_("bright-light").get(referral_path(board.to_foundation))
        body = ok(response)
        assert body["id"] == s(board.to_foundation)
        assert body["contact"] is None
        assert leaks(response.text) == []
        assert response.headers["x-fresh"] == "true"

    def test_another_organisations_referral_is_not_found(self, api: Api,
                                                         board: Board) -> None:
        response = api.as_("bright-light").get(referral_path(board.to_other))
        assert response.status_code == 404
        assert leaks(response.text) == []
        assert api.as_("bright-light").get(
            REFERRALS, params={"organisation_id": s(UUID(int=7))}).status_code == 404

    def test_contact_details_while_accepted(self, api: Api, world: World,
                                            board: Board) -> None:
        accept(world, board)
        body = ok(api.as_("bright-light").get(referral_path(board.to_foundation)))
        assert body["status"] == "accepted"
        assert body["contact"] == {
            "name": DETAILS.name, "phone": "13800138000", "district": "江北区",
            "street": "观音桥街道", "community": "建新社区",
            "address_detail": DETAILS.address_detail,
            "emergency_contact_name": DETAILS.emergency_contact_name,
            "emergency_contact_phone": "13901772244"}
        listed = ok(api.as_("bright-light").get(REFERRALS))["items"]
        assert [item["contact"] is not None for item in listed] == [False, True]

    def test_no_contact_details_after_completion(self, api: Api, world: World,
                                                 board: Board) -> None:
        accept(world, board)
        complete(world, board)
        detail = api.as_("bright-light").get(referral_path(board.to_foundation))
        body = ok(detail)
        assert (body["status"], body["outcome"], body["value_cny"], body["contact"]) == (
            "completed", "service_provided", "500.00", None)
        assert leaks(detail.text) == []
        assert leaks(api.as_("bright-light").get(REFERRALS).text) == []


@SQLITE_ONLY
class TestCaseSideView:
    def test_workers_see_their_teams_referrals(self, api: Api, board: Board) -> None:
        body = ok(api.as_("jb-wang").get(REFERRALS))
        assert ids(body) == [s(board.to_other), s(board.to_foundation)]
        assert all(item["contact"] is None for item in body["items"])
        assert ids(ok(api.as_("pd-zhao").get(REFERRALS))) == [s(board.pd_to_foundation)]

    def test_another_teams_referral_is_not_found(self, api: Api, board: Board) -> None:
        assert api.as_("pd-lead").get(referral_path(board.to_foundation)).status_code == 404
        body = ok(api.as_("jb-lead").get(referral_path(board.to_foundation)))
        assert body["case_id"] == s(board.case_id)

    def test_an_auditor_sees_every_referral_and_filters(self, api: Api, world: World,
                                                        board: Board) -> None:
        auditor = api.as_("mca-auditor")
        assert len(ok(auditor.get(REFERRALS))["items"]) == 3
        by_org = ok(auditor.get(REFERRALS, params={"organisation_id": s(world.foundation)}))
        assert ids(by_org) == [s(board.pd_to_foundation), s(board.to_foundation)]
        accept(world, board)
        accepted = ok(auditor.get(REFERRALS, params={"status": "accepted"}))
        assert ids(accepted) == [s(board.to_foundation)]
        open_ones = ok(auditor.get(REFERRALS, params={"status": ["sent", "accepted"]}))
        assert len(open_ones["items"]) == 3
        assert ok(auditor.get(referral_path(board.to_other)))["contact"] is None

    def test_pages_follow_the_cursor(self, api: Api, board: Board) -> None:
        pages = every_page(api, "mca-auditor", REFERRALS, 1)
        assert pages == [[s(board.pd_to_foundation)], [s(board.to_other)],
                         [s(board.to_foundation)]]

    def test_an_admin_reads_no_referral(self, api: Api, board: Board) -> None:
        admin = api.as_("sys-admin")
        assert admin.get(REFERRALS).status_code == 403
        assert admin.get(referral_path(board.to_foundation)).status_code == 403

    @pytest.mark.parametrize("params", [{"status": "lost"}, {"organisation_id": "x"},
                                        {"limit": "0"}, {"min_position": "x"}])
    def test_bad_query_values_are_400(self, api: Api, params: dict[str, str]) -> None:
        assert api.as_("mca-auditor").get(REFERRALS, params=params).status_code == 400


@SQLITE_ONLY
class TestOutcomeReport:
    def test_a_partner_reads_its_own_report(self, api: Api, world: World,
                                            board: Board) -> None:
        accept(world, board)
        complete(world, board)
        response = api.as_("bright-light").get(OUTCOMES)
        body = ok(response)
        assert body["organisation_id"] == s(world.foundation)
        total = body["total"]
        assert (total["referrals"], total["value_delivered_cny"], total["people_helped"]) == (
            2, "500.00", 1)
        assert total["by_status"]["completed"] == 1
        assert total["by_status"]["sent"] == 1
        assert total["acceptance_rate"] == 1.0
        assert total["time_to_accept"]["median_hours"] == pytest.approx(3.17, abs=0.01)
        assert [m["month"] for m in body["by_month"]] == ["2022-04"]
        assert leaks(response.text) == []

    def test_a_partner_may_not_read_another_organisations(self, api: Api, world: World,
                                                          board: Board) -> None:
        other = world.other_partner.organisation_id
        assert other is not None
        response = api.as_("bright-light").get(OUTCOMES, params={"organisation_id": s(other)})
        assert response.status_code == 404

    def test_an_auditor_reads_any_organisation_and_period(self, api: Api, world: World,
                                                          board: Board) -> None:
        auditor = api.as_("mca-auditor")
        assert ok(auditor.get(OUTCOMES))["total"]["referrals"] == 3
        params = {"organisation_id": s(world.foundation)}
        assert ok(auditor.get(OUTCOMES, params=params))["total"]["referrals"] == 2
        # A date `to` includes that whole (Shanghai) day; `from` starts at its midnight.
        day = {"from": "2022-04-10", "to": "2022-04-10"}
        body = ok(auditor.get(OUTCOMES, params=day))
        assert body["total"]["referrals"] == 3
        assert body["from"] == "2022-04-10T00:00:00+08:00"
        assert body["to"] == "2022-04-11T00:00:00+08:00"
        later = ok(auditor.get(OUTCOMES, params={"from": "2022-04-11"}))
        assert later["total"]["referrals"] == 0
        assert later["by_month"] == []
        # Times with a zone: the first referral was sent at 09:00 Shanghai time.
        window = {"from": "2022-04-10T01:02:00Z", "to": "2022-04-10T09:30:00+08:00"}
        assert ok(auditor.get(OUTCOMES, params=window))["total"]["referrals"] == 2
        # A `+` left unencoded arrives as a space; the zone is still understood.
        raw = f"{OUTCOMES}?from=2022-04-10T09:02:00+08:00"
        assert ok(auditor.get(raw))["total"]["referrals"] == 2

    def test_a_worker_reads_their_teams_referrals(self, api: Api, board: Board) -> None:
        assert ok(api.as_("pd-zhao").get(OUTCOMES))["total"]["referrals"] == 1

    @pytest.mark.parametrize("params", [
        {"from": "April"}, {"from": "2022-04-31"}, {"to": "2022-04-10T09:00:00"},
        {"from": "2022-04-12", "to": "2022-04-10"}, {"organisation_id": "nope"}])
    def test_bad_bounds_are_400_naming_the_field(self, api: Api,
                                                 params: dict[str, str]) -> None:
        response = api.as_("mca-auditor").get(OUTCOMES, params=params)
        assert response.status_code == 400, response.text
        fields = [e["field"] for e in response.json()["errors"]]
        assert set(fields) & set(params)

    def test_an_admin_reads_no_report(self, api: Api) -> None:
        assert api.as_("sys-admin").get(OUTCOMES).status_code == 403

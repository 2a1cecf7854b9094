"""Deadlines people can set (issue 14, decision 0031) over HTTP: a team's own time to
assign, shown with the teams and applied at read time to its waiting cases (queue,
case, dashboard, the breached filter, the sweep); a referral's own reply time and its
expiry; bad values refused; the deployment's defaults from CASEWORK_DEADLINES."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from adapters.settings import Settings, deadlines_from
from domain.case import Case
from domain.vocabulary import ReferralStatus, Risk
from service.expiry import expire_overdue_referrals
from tests.http.conftest import ADMIN, Api
from tests.http.reads_support import SQLITE_ONLY, ok, project
from tests.integration.conftest import World

pytestmark = SQLITE_ONLY
INTAKE = "/api/v1/queues/intake"


def put_deadlines(api: Api, code: str, body: Any, username: str = ADMIN) -> Any:
    session = api.as_(username)
    return session.client.put(f"/api/v1/teams/{code}/deadlines", json=body,
                              headers=session.headers)


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def team_deadlines(api: Api, code: str) -> dict[str, Any]:
    teams = ok(api.as_("jb-wang").get("/api/v1/teams"))["items"]
    found: dict[str, Any] = next(t for t in teams if t["code"] == code)["deadlines"]
    return found


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def critical_intakes(world: World) -> tuple[Case, Case]:
    """A critical case waiting in JB and one in PD, opened at the same moment."""
    jb = world.assessed_case(world.jb_worker, Risk.CRITICAL)
    pd = world.assessed_case(world.pd_worker, Risk.CRITICAL)
    return jb, pd


class TestATeamsDeadlines:
    def test_an_admin_sets_them_and_every_user_sees_them_with_the_teams(self, api: Api) -> None:
        body = ok(put_deadlines(api, "JB", {"assign_critical_minutes": 30,
                                            "referral_reply_minutes": 240}))
        assert body["assign_critical_minutes"] == 30
        assert body["assign_high_minutes"] == 24 * 60
        assert body["referral_reply_minutes"] == 240
        assert body["follow_up_warning_minutes"] is None
        assert body["overridden"] == ["assign_critical", "referral_reply"]
        assert team_deadlines(api, "JB") == body
        assert team_deadlines(api, "PD")["assign_critical_minutes"] == 120
        assert team_deadlines(api, "PD")["overridden"] == []

    def test_an_empty_set_clears_them(self, api: Api) -> None:
        ok(put_deadlines(api, "JB", {"assign_low_minutes": 600}))
        cleared = ok(put_deadlines(api, "JB", {}))
        assert cleared["overridden"] == []
        assert cleared["assign_low_minutes"] == 7 * 24 * 60

    def test_a_critical_case_of_a_team_with_30_minutes_is_breached_after_31(
            self, api: Api, world: World) -> None:
        jb, pd = critical_intakes(world)
        ok(put_deadlines(api, "JB", {"assign_critical_minutes": 30}))
        world.later(minutes=31)
        project(world)

        jb_item = ok(api.as_("jb-lead").get(INTAKE))["items"][0]
        pd_item = ok(api.as_("pd-lead").get(INTAKE))["items"][0]
        assert (jb_item["case_id"], jb_item["deadline_state"]) == (str(jb.id), "breached")
        assert (pd_item["case_id"], pd_item["deadline_state"]) == (str(pd.id), "on_track")
        assert when(jb_item["assign_due"]) == jb.opened_at + timedelta(minutes=30)
        assert when(pd_item["assign_due"]) == pd.opened_at + timedelta(hours=2)

        case = ok(api.as_("jb-lead").get(f"/api/v1/cases/{jb.id}"))
        assert when(case["assign_due"]) == jb.opened_at + timedelta(minutes=30)
        assert ok(api.as_("jb-lead").get("/api/v1/dashboard"))["breached_unassigned"] == 1
        assert ok(api.as_("pd-lead").get("/api/v1/dashboard"))["breached_unassigned"] == 0

    def test_a_change_applies_to_the_cases_already_waiting(
            self, api: Api, world: World) -> None:
        critical_intakes(world)
        world.later(minutes=31)
        project(world)
        assert ok(api.as_("jb-lead").get(INTAKE))["items"][0]["deadline_state"] == "on_track"
        ok(put_deadlines(api, "JB", {"assign_critical_minutes": 30}))
        assert ok(api.as_("jb-lead").get(INTAKE))["items"][0]["deadline_state"] == "breached"

    def test_the_sweep_tells_the_supervisors_by_the_teams_deadlines(
            self, api: Api, world: World) -> None:
        critical_intakes(world)
        ok(put_deadlines(api, "JB", {"assign_critical_minutes": 30}))
        world.later(minutes=25)  # in the last quarter of 30 minutes, not of 2 hours
        project(world)
        notifications = world.container.notifications
        assert notifications is not None
        assert notifications.sweep_deadlines() == 1
        told = ok(api.as_("jb-lead").get("/api/v1/notifications"))["items"]
        assert [(n["kind"], n["detail"]) for n in told] == [("deadline_assign", "at_risk")]
        assert ok(api.as_("pd-lead").get("/api/v1/notifications"))["items"] == []

    @pytest.mark.parametrize(("body", "status", "bounds"), [
        ({"assign_critical_minutes": 5}, 422, {"min": 10, "max": 129600}),
        ({"assign_low_minutes": 90 * 24 * 60 + 1}, 422, {"min": 10, "max": 129600}),
        ({"referral_reply_minutes": 0}, 422, {"min": 60, "max": 43200}),
        ({"follow_up_warning_minutes": 59}, 422, {"min": 60, "max": 43200}),
        ({"follow_up_warning_minutes": -60}, 400, None),
        ({"assign_high_minutes": "1h"}, 400, None),
        ({"assign_soon_minutes": 60}, 400, None),
    ], ids=str)
    def test_bad_values_are_refused_and_nothing_changes(
            self, api: Api, body: dict[str, Any], status: int,
            bounds: dict[str, int] | None) -> None:
        ok(put_deadlines(api, "JB", {"assign_medium_minutes": 600}))
        before = world_position(api)
        refused = problem(put_deadlines(api, "JB", body), status)
        if bounds is not None:
            [error] = refused["errors"]
            assert (error["field"], error["code"], error["params"]) == (
                next(iter(body)), "out_of_range", bounds)
        assert world_position(api) == before
        assert team_deadlines(api, "JB")["overridden"] == ["assign_medium"]

    def test_an_unknown_team_is_not_found(self, api: Api) -> None:
        problem(put_deadlines(api, "ZZ", {"assign_critical_minutes": 30}), 404)

    def test_only_an_admin_sets_them(self, api: Api) -> None:
        problem(put_deadlines(api, "JB", {"assign_critical_minutes": 30}, "jb-lead"), 403)
        assert team_deadlines(api, "JB")["overridden"] == []


def world_position(api: Api) -> int:
    return api.world.container.identity_app.recorder.max_notification_id() or 0


def refer(api: Api, world: World, body: dict[str, Any]) -> tuple[int, Any]:
    case = world.active_case(world.jb_worker, world.jb_supervisor)
    response = api.as_("jb-wang").post(f"/api/v1/cases/{case.id}/referrals", json={
        "organisation_id": str(world.foundation), "service": "Food parcel", **body})
    return response.status_code, response.json()


def sweep(world: World) -> int:
    project(world)
    expired = expire_overdue_referrals(world.cases, world.container.queries.reader,
                                       world.clock)
    project(world)
    return expired


def referral_status(world: World, referral_id: str) -> ReferralStatus:
    row = world.container.queries.reader.referral_row(UUID(referral_id))
    assert row is not None
    return row.status


class TestAReferralsReplyTime:
    def test_one_sent_with_4_hours_expires_after_4_while_a_default_one_does_not(
            self, api: Api, world: World) -> None:
        status, quick = refer(api, world, {"respond_within_hours": 4})
        assert status == 201, quick
        _, default = refer(api, world, {})
        sent_at = world.clock.now()
        assert when(_referral(quick)["respond_by"]) == sent_at + timedelta(hours=4)
        assert when(_referral(default)["respond_by"]) == sent_at + timedelta(hours=72)

        world.later(hours=4, minutes=1)
        assert sweep(world) == 1
        assert referral_status(world, quick["referral_id"]) is ReferralStatus.EXPIRED
        assert referral_status(world, default["referral_id"]) is ReferralStatus.SENT

    def test_the_teams_reply_time_is_the_default(self, api: Api, world: World) -> None:
        ok(put_deadlines(api, "JB", {"referral_reply_minutes": 8 * 60}))
        _, sent = refer(api, world, {})
        assert when(_referral(sent)["respond_by"]) == world.clock.now() + timedelta(hours=8)

    @pytest.mark.parametrize(("hours", "status"), [(0, 422), (721, 422), (-4, 400),
                                                   ("four", 400)], ids=str)
    def test_a_reply_time_out_of_bounds_is_refused(self, api: Api, world: World,
                                                   hours: Any, status: int) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        before = world.stored_position()
        response = api.as_("jb-wang").post(f"/api/v1/cases/{case.id}/referrals", json={
            "organisation_id": str(world.foundation), "service": "Food parcel",
            "respond_within_hours": hours})
        refused = problem(response, status)
        if status == 422:
            [error] = refused["errors"]
            assert (error["field"], error["params"]) == (
                "respond_within_hours", {"min": 1, "max": 720})
        assert world.stored_position() == before


def _referral(answer: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in answer["referrals"]
                                 if r["id"] == answer["referral_id"])
    return found


class TestTheDeploymentsDefaults:
    @pytest.fixture
    def settings(self, tmp_path: Path) -> Settings:
        return Settings(data_dir=tmp_path / "var", demo=False,
                        deadlines=deadlines_from("assign_critical=1h, referral_reply=24h"))

    def test_they_replace_the_specs_and_a_team_overrides_them(
            self, api: Api, world: World) -> None:
        assert team_deadlines(api, "PD")["assign_critical_minutes"] == 60
        assert team_deadlines(api, "PD")["referral_reply_minutes"] == 24 * 60
        ok(put_deadlines(api, "JB", {"assign_critical_minutes": 30}))
        jb, _ = critical_intakes(world)
        world.later(minutes=61)
        project(world)
        assert ok(api.as_("pd-lead").get(INTAKE))["items"][0]["deadline_state"] == "breached"
        jb_item = ok(api.as_("jb-lead").get(INTAKE))["items"][0]
        assert when(jb_item["assign_due"]) == jb.opened_at + timedelta(minutes=30)
        _, sent = refer(api, world, {})
        assert when(_referral(sent)["respond_by"]) == world.clock.now() + timedelta(hours=24)

"""The command routes of docs/domain.md §4: what each answers, and the status each rule
answers with.

409 names the rule, 404 is out of scope (existence never leaks), 403 a role that may
never do it, 422 a value out of the domain's bounds, 400 a body that does not match the
schema. SQLite is enough here; test_stories_api.py runs on both stores.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.case import Case
from domain.vocabulary import ClosureOutcome, Risk
from tests.http.conftest import Api
from tests.http.spec_client import (
    SQLITE_ONLY,
    assessment,
    body_of,
    caseworker,
    etag_version,
    intake,
    start_projections,
)
from tests.integration.conftest import World

pytestmark = SQLITE_ONLY


@pytest.fixture
def api(api: Api) -> Api:
    return start_projections(api)


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def tomorrow(world: World) -> Any:
    return world.today() + timedelta(days=1)


def active_case(world: World, risk: Risk = Risk.MEDIUM) -> Case:
    return world.active_case(world.jb_worker, world.jb_supervisor, risk)


class TestOpenCase:
    def test_answers_201_with_location_etag_position_and_the_case(self, api: Api) -> None:
        response = caseworker(api, "jb-wang").open_case(intake("JB"))

        case = body_of(response, 201)
        assert response.headers["location"] == f"/api/v1/cases/{case['id']}"
        assert etag_version(response) == case["version"] == 1
        assert int(response.headers["x-position"]) == api.world.stored_position()
        assert case["status"] == "intake"
        assert case["reference"] == "JB-2022-00001"
        assert case["resident"]["phone"] == "13800000001"  # canonical (decision 0022)
        assert case["possible_duplicates"] == []

    def test_with_a_triage_assessment_the_case_starts_assessed(self, api: Api) -> None:
        body = intake("JB", channel="hotline",
                      assessment=assessment("critical", tomorrow(api.world)))

        case = body_of(caseworker(api, "jb-wang").open_case(body), 201)

        assert case["status"] == "assessed"
        assert case["risk"] == "critical"
        assert case["assign_due"] is not None

    def test_lists_open_cases_of_the_team_with_the_same_phone_or_id_number(
            self, api: Api) -> None:
        world = api.world
        worker = caseworker(api, "jb-wang")
        same_phone = body_of(worker.open_case(intake("JB")), 201)
        same_id = body_of(worker.open_case(intake("JB", resident={
            "phone": "139 1111 2222", "id_number": "500103195201010021"})), 201)
        closed = body_of(worker.open_case(intake("JB")), 201)
        body_of(worker.close(closed["id"], "duplicate", "same resident",
                             duplicate_of=same_phone["id"]))
        body_of(caseworker(api, "pd-zhao").open_case(intake("PD")), 201)  # another team
        body_of(worker.open_case(intake("JB", resident={"phone": "137 9999 0001"})), 201)

        # The same phone spelled another way (a +86 prefix, dashes) still matches; a phone
        # that only shares the last four digits does not.
        response = worker.open_case(intake("JB", resident={
            "phone": "+86 138-0000-0001", "id_number": "500103195201010021"}))

        found = body_of(response, 201)["possible_duplicates"]
        assert sorted(found, key=lambda d: d["reference"]) == [
            {"id": same_phone["id"], "reference": same_phone["reference"]},
            {"id": same_id["id"], "reference": same_id["reference"]},
        ]
        assert world.stored_position() == int(response.headers["x-position"])

    @pytest.mark.parametrize(("change", "field"), [
        ({"colour": "blue"}, "colour"),
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"resident": {"phone": "call me"}}, "resident.phone"),
        ({"request": ""}, "request"),
        ({"needs": ["medication", "unicorns"]}, "needs"),
    ])
    def test_a_body_outside_the_schema_is_400_naming_the_field(
            self, api: Api, change: dict[str, Any], field: str) -> None:
        before = api.world.stored_position()

        body = problem(caseworker(api, "jb-wang").open_case(intake("JB", **change)), 400)

        assert any(e["field"].startswith(field) for e in body["errors"]), body
        assert api.world.stored_position() == before

    def test_a_body_that_is_not_json_is_400(self, api: Api) -> None:
        response = api.as_("jb-wang").client.post(
            "/api/v1/cases", content=b"{not json", headers={
                **api.as_("jb-wang").headers, "Content-Type": "application/json"})
        problem(response, 400)

    def test_a_birth_year_in_the_future_is_422(self, api: Api) -> None:
        body = problem(caseworker(api, "jb-wang").open_case(
            intake("JB", resident={"birth_year": 2090})), 422)
        assert body["errors"][0]["field"] == "resident.birth_year"

    @pytest.mark.parametrize("username", ["jb-wang", "bright-light", "mca-auditor", "sys-admin"])
    def test_only_workers_and_supervisors_of_the_team_open_its_cases(
            self, api: Api, username: str) -> None:
        problem(caseworker(api, username).open_case(intake("PD")), 403)

    def test_without_a_token_is_401(self, api: Api) -> None:
        problem(api.anonymous.post("/api/v1/cases", intake("JB")), 401)


class TestTheCaseLife:
    def test_assess_assign_note_service_answer_the_case_with_its_etag(self, api: Api) -> None:
        world = api.world
        case_id = world.open_case(world.jb_worker).case.id
        worker, lead = caseworker(api, "jb-wang"), caseworker(api, "jb-lead")

        answers = [
            worker.assess(case_id, assessment("medium", tomorrow(world))),
            lead.assign(case_id, world.jb_worker.id),
            worker.note(case_id, "Called her daughter"),
            worker.log_service(case_id, "delivery", "Groceries for a week",
                               world.clock.now(), 45),
        ]

        for version, response in enumerate(answers, start=2):
            case = body_of(response)
            assert case["version"] == etag_version(response) == version
            assert case["id"] == str(case_id)
        assert int(answers[-1].headers["x-position"]) == world.stored_position()
        last = answers[-1].json()
        assert last["status"] == "active"
        assert last["assigned_worker_id"] == str(world.jb_worker.id)
        assert last["notes_count"] == 1
        assert last["services"][0]["minutes"] == 45

    def test_claim_takes_an_assessed_case_with_an_empty_or_no_body(self, api: Api) -> None:
        world = api.world
        first = world.assessed_case(world.jb_worker)
        second = world.assessed_case(world.jb_worker)

        with_empty = body_of(caseworker(api, "jb-li").claim(first.id))
        without = body_of(api.as_("jb-li").post(f"/api/v1/cases/{second.id}/claim"))

        assert with_empty["assigned_worker_id"] == without["assigned_worker_id"] == str(
            world.jb_colleague.id)
        problem(api.as_("jb-wang").post(f"/api/v1/cases/{first.id}/claim", {"x": 1}), 400)

    def test_claiming_a_case_not_yet_assessed_is_409_naming_the_rule(self, api: Api) -> None:
        case = api.world.open_case(api.world.jb_worker).case

        body = problem(caseworker(api, "jb-wang").claim(case.id), 409)

        assert body["rule"] == "status"

    def test_assigning_is_for_supervisors_403(self, api: Api) -> None:
        case = api.world.assessed_case(api.world.jb_worker)
        problem(caseworker(api, "jb-wang").assign(case.id, api.world.jb_colleague.id), 403)

    def test_assigning_to_a_worker_of_another_team_is_422_as_for_nobody(self,
                                                                         api: Api) -> None:
        case = api.world.assessed_case(api.world.jb_worker)
        body = problem(caseworker(api, "jb-lead").assign(case.id, api.world.pd_worker.id), 422)
        assert body["errors"][0]["field"] == "worker_id"
        assert body["errors"][0]["code"] == "unknown_worker"

    def test_a_reassignment_without_a_reason_is_422(self, api: Api) -> None:
        case = active_case(api.world)
        body = problem(caseworker(api, "jb-lead").assign(case.id, api.world.jb_colleague.id),
                       422)
        assert body["errors"][0]["field"] == "reason"

    def test_another_teams_case_is_404_and_a_role_that_may_not_act_403(self,
                                                                       api: Api) -> None:
        case = api.world.open_case(api.world.jb_worker).case

        problem(caseworker(api, "pd-zhao").note(case.id, "hello"), 404)
        problem(caseworker(api, "pd-lead").reopen(case.id, "why not"), 404)
        problem(caseworker(api, "bright-light").note(case.id, "hello"), 403)
        problem(caseworker(api, "bright-light").note(uuid4(), "hello"), 403)
        problem(caseworker(api, "mca-auditor").note(case.id, "hello"), 403)
        problem(caseworker(api, "jb-wang").note(uuid4(), "hello"), 404)

    def test_a_follow_up_in_the_past_is_422(self, api: Api) -> None:
        world = api.world
        case = world.open_case(world.jb_worker).case
        body = problem(caseworker(api, "jb-wang").assess(
            case.id, assessment("low", world.today() - timedelta(days=5))), 422)
        assert body["errors"][0]["field"] == "follow_up_due"

    def test_service_minutes_beyond_a_day_are_400_and_a_time_without_zone_422(
            self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        session = api.as_("jb-wang")
        base = {"kind": "home_visit", "description": "Visit", "minutes": 30,
                "delivered_at": world.clock.now().isoformat()}

        problem(session.post(f"/api/v1/cases/{case.id}/services", {**base, "minutes": 1441}),
                400)
        body = problem(session.post(f"/api/v1/cases/{case.id}/services",
                                    {**base, "delivered_at": "2022-04-10T08:00:00"}), 422)
        assert body["errors"][0]["field"] == "delivered_at"

    def test_a_service_on_a_case_without_a_worker_is_409(self, api: Api) -> None:
        world = api.world
        case = world.assessed_case(world.jb_worker)
        body = problem(caseworker(api, "jb-wang").log_service(
            case.id, "delivery", "Food", world.clock.now(), 30), 409)
        assert body["rule"] == "status"


class TestFollowUpDone:
    def test_sets_the_next_follow_up_and_the_caseload_shows_it(self, api: Api) -> None:
        world = api.world
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        next_due = world.today() + timedelta(days=7)

        answer = caseworker(api, "jb-wang").follow_up_done(case.id, next_due, "She is well")

        body = body_of(answer)
        assert body["follow_up_due"] == next_due.isoformat()
        assert etag_version(answer) == body["version"] == case.version + 1
        caseload = body_of(api.as_("jb-wang").get("/api/v1/queues/caseload", params={
            "min_position": answer.headers["x-position"]}))
        [item] = [i for i in caseload["items"] if i["case_id"] == str(case.id)]
        assert item["follow_up_due"] == next_due.isoformat()
        history = body_of(api.as_("jb-lead").get(f"/api/v1/cases/{case.id}/history"))
        assert history["items"][-1]["type"] == "follow_up_done"

    def test_a_case_not_yet_assessed_is_409_naming_the_rule(self, api: Api) -> None:
        world = api.world
        case = world.open_case(world.jb_worker).case
        answer = caseworker(api, "jb-wang").follow_up_done(
            case.id, world.today() + timedelta(days=7))
        assert problem(answer, 409)["rule"] == "status"

    def test_a_next_follow_up_in_the_past_is_422(self, api: Api) -> None:
        world = api.world
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        answer = caseworker(api, "jb-wang").follow_up_done(
            case.id, world.today() - timedelta(days=5))
        assert problem(answer, 422)["errors"][0]["field"] == "next_follow_up_due"

    def test_a_retry_with_the_same_key_is_answered_once(self, api: Api) -> None:
        world = api.world
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        worker, next_due = caseworker(api, "jb-wang"), world.today() + timedelta(days=7)
        first = worker.follow_up_done(case.id, next_due, headers={"Idempotency-Key": "fu-1"})
        again = worker.follow_up_done(case.id, next_due, headers={"Idempotency-Key": "fu-1"})
        assert again.headers["idempotent-replayed"] == "true"
        assert body_of(again) == body_of(first)


class TestClosure:
    def test_a_case_not_yet_assessed_closes_only_as_duplicate_unreachable_or_unneeded(
            self, api: Api) -> None:
        case = api.world.open_case(api.world.jb_worker).case
        worker = caseworker(api, "jb-wang")

        body = problem(worker.close(case.id, "resolved", "done"), 409)
        assert body["rule"] == "intake_closure_outcome"
        assert body_of(worker.close(case.id, "unreachable", "no answer"))["status"] == "closed"

    def test_a_worker_closing_a_high_risk_case_needs_a_supervisors_approval(
            self, api: Api) -> None:
        case = active_case(api.world, Risk.HIGH)
        worker, lead = caseworker(api, "jb-wang"), caseworker(api, "jb-lead")

        requested = body_of(worker.close(case.id, "resolved", "Medicine delivered"))
        assert requested["status"] == "pending_closure"
        problem(worker.decide_closure(case.id, True), 403)
        approved = body_of(lead.decide_closure(case.id, True, "Agreed"))

        assert approved["status"] == "closed"
        assert approved["outcome"] == "resolved"

    def test_a_closed_case_accepts_nothing_but_a_reopening_by_a_supervisor(
            self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        world.cases.close(world.jb_worker, case.id, ClosureOutcome.RESOLVED, "done")

        assert problem(caseworker(api, "jb-wang").note(case.id, "more"), 409)["rule"] == (
            "closed_case")
        problem(caseworker(api, "jb-wang").reopen(case.id, "she called again"), 403)
        problem(caseworker(api, "jb-lead").reopen(case.id, ""), 400)
        reopened = body_of(caseworker(api, "jb-lead").reopen(case.id, "she called again"))
        assert reopened["status"] == "active"

    def test_a_case_with_an_open_referral_cannot_close_unless_referred_out(
            self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        worker = caseworker(api, "jb-wang")
        body_of(worker.refer(case.id, world.foundation, "Home care"), 201)

        assert problem(worker.close(case.id, "resolved", "done"), 409)["rule"] == (
            "open_referrals")
        assert body_of(worker.close(case.id, "referred_out", "with the foundation"))[
            "status"] == "closed"

    def test_duplicate_of_a_case_out_of_scope_is_422(self, api: Api) -> None:
        world = api.world
        case = world.open_case(world.jb_worker).case
        other = world.open_case(world.pd_worker).case
        body = problem(caseworker(api, "jb-wang").close(case.id, "duplicate", "same",
                                                        duplicate_of=other.id), 422)
        assert body["errors"][0]["field"] == "duplicate_of"


class TestConsentAndReferrals:
    def test_referral_answers_201_with_its_id_and_location(self, api: Api) -> None:
        world = api.world
        case = active_case(world)

        response = caseworker(api, "jb-wang").refer(case.id, world.foundation, "Home care")

        body = body_of(response, 201)
        assert response.headers["location"] == f"/api/v1/referrals/{body['referral_id']}"
        assert [r["id"] for r in body["referrals"]] == [body["referral_id"]]
        assert body["referrals"][0]["status"] == "sent"

    def test_withdrawing_consent_withdraws_open_referrals_and_blocks_new_ones(
            self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        worker = caseworker(api, "jb-wang")
        body_of(worker.refer(case.id, world.foundation, "Home care"), 201)

        withdrawn = body_of(worker.consent(case.id, False))

        assert withdrawn["consent"] == {"given": False, "method": None}
        assert withdrawn["referrals"][0]["status"] == "withdrawn"
        body = problem(worker.refer(case.id, world.foundation, "Home care"), 409)
        assert body["rule"] == "consent_required"
        problem(worker.consent(case.id, True), 422)  # how was it given?
        assert body_of(worker.consent(case.id, True, "written"))["consent"]["given"] is True

    def test_an_organisation_that_does_not_exist_is_422(self, api: Api) -> None:
        case = active_case(api.world)
        problem(caseworker(api, "jb-wang").refer(case.id, uuid4(), "Home care"), 422)

    def test_only_the_receiving_organisation_answers_a_referral(self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        referral_id = body_of(caseworker(api, "jb-wang").refer(
            case.id, world.foundation, "Home care"), 201)["referral_id"]

        problem(caseworker(api, "riverside").accept(referral_id), 404)
        problem(caseworker(api, "jb-wang").accept(referral_id), 403)  # never the case's side
        problem(caseworker(api, "pd-zhao").withdraw(referral_id, "not ours"), 404)
        problem(caseworker(api, "bright-light").withdraw(referral_id, "no"), 403)
        problem(caseworker(api, "bright-light").accept(uuid4()), 404)
        assert problem(caseworker(api, "bright-light").complete(
            referral_id, "service_provided", "Done", "10.00", 1), 409)["rule"]

    def test_a_partner_gets_its_view_of_the_referral_never_the_case(self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        referral_id = body_of(caseworker(api, "jb-wang").refer(
            case.id, world.foundation, "Home care"), 201)["referral_id"]

        declined = caseworker(api, "bright-light").decline(referral_id, "No capacity")

        body = body_of(declined)
        assert body["id"] == referral_id
        assert body["status"] == "declined"
        assert body["contact"] is None
        assert "宋老师" not in declined.text
        assert "0000 0001" not in declined.text
        assert etag_version(declined) == world.cases.get_case(world.jb_worker, case.id).version

    def test_value_cny_must_be_a_decimal_string_with_two_places(self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        referral_id = body_of(caseworker(api, "jb-wang").refer(
            case.id, world.foundation, "Home care"), 201)["referral_id"]
        partner = caseworker(api, "bright-light")
        body_of(partner.accept(referral_id))

        problem(partner.complete(referral_id, "service_provided", "Done", "12.345", 1), 400)
        problem(partner.complete(referral_id, "service_provided", "Done", "-1", 1), 400)
        done = body_of(partner.complete(referral_id, "partially_provided", "Half", "12.5", 2))
        assert done["value_cny"] == "12.50"
        assert done["outcome"] == "partially_provided"


class TestTransfer:
    def test_the_receiving_supervisor_accepts_and_the_case_leaves_the_team(
            self, api: Api) -> None:
        world = api.world
        case = active_case(world)

        requested = body_of(caseworker(api, "jb-lead").transfer(case.id, "PD", "Lives in PD"))
        assert requested["pending_transfer"]["to_team"] == "PD"
        problem(caseworker(api, "jb-lead").decide_transfer(case.id, True), 403)
        problem(caseworker(api, "pd-zhao").decide_transfer(case.id, True), 403)  # a worker
        problem(caseworker(api, "pd-lead").note(case.id, "mine?"), 404)  # not theirs yet
        accepted = body_of(caseworker(api, "pd-lead").decide_transfer(case.id, True, "Ours"))

        assert accepted["team"] == "PD"
        assert accepted["assigned_worker_id"] is None
        problem(caseworker(api, "jb-wang").note(case.id, "still mine?"), 404)

    def test_a_transfer_to_an_unknown_team_is_422_and_to_the_same_team_409(
            self, api: Api) -> None:
        case = active_case(api.world)
        lead = caseworker(api, "jb-lead")
        problem(lead.transfer(case.id, "ZZ", "why"), 422)
        assert problem(lead.transfer(case.id, "JB", "why"), 409)["rule"] == "same_team"
        problem(caseworker(api, "jb-wang").transfer(case.id, "PD", "why"), 403)


class TestBulkReassign:
    def test_answers_each_case_with_its_status_and_never_stops_at_a_refusal(
            self, api: Api) -> None:
        world = api.world
        mine = active_case(world)
        already = world.active_case(world.jb_colleague, world.jb_supervisor)
        other_team = world.active_case(world.pd_worker, world.pd_supervisor)
        unknown = uuid4()

        response = caseworker(api, "jb-lead").reassign({
            "case_ids": [str(mine.id), str(already.id), str(other_team.id), str(unknown)],
            "to_worker_id": str(world.jb_colleague.id), "reason": "Wang is on leave"})

        body = body_of(response)
        by_case = {UUID(item["case_id"]): item for item in body["items"]}
        assert by_case[mine.id]["status"] == 200
        assert by_case[mine.id]["version"] == mine.version + 1
        assert by_case[already.id]["status"] == 409
        assert by_case[already.id]["rule"] == "already_assigned"
        assert by_case[other_team.id]["status"] == 404
        assert by_case[unknown]["status"] == 404
        assert body["position"] == int(response.headers["x-position"]) == (
            world.stored_position())

    def test_from_worker_moves_all_their_open_cases_in_the_team(self, api: Api) -> None:
        world = api.world
        first, second = active_case(world), active_case(world)
        theirs = world.active_case(world.jb_colleague, world.jb_supervisor)

        body = body_of(caseworker(api, "jb-lead").reassign({
            "from_worker_id": str(world.jb_worker.id),
            "to_worker_id": str(world.jb_colleague.id), "reason": "Wang is on leave"}))

        assert sorted(item["case_id"] for item in body["items"]) == sorted(
            [str(first.id), str(second.id)])
        assert {item["status"] for item in body["items"]} == {200}
        moved = world.cases.get_case(world.jb_supervisor, first.id)
        assert moved.assigned_worker_id == world.jb_colleague.id
        assert world.cases.get_case(world.jb_supervisor, theirs.id).version == theirs.version

    def test_refusals_of_the_whole_request(self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        lead = caseworker(api, "jb-lead")
        to = str(world.jb_colleague.id)

        problem(caseworker(api, "jb-wang").reassign(
            {"case_ids": [str(case.id)], "to_worker_id": to, "reason": "x"}), 403)
        problem(lead.reassign({"to_worker_id": to, "reason": "x"}), 400)
        problem(lead.reassign({"case_ids": [str(case.id)], "from_worker_id": to,
                               "to_worker_id": to, "reason": "x"}), 400)
        problem(lead.reassign({"case_ids": [str(case.id)], "to_worker_id": to,
                               "reason": "  "}), 422)
        problem(lead.reassign({"from_worker_id": str(world.pd_worker.id),
                               "to_worker_id": to, "reason": "x"}), 404)
        problem(lead.reassign({"case_ids": [str(case.id)], "to_worker_id": to,
                               "reason": "x"}, headers={"If-Match": '"1"'}), 400)


class TestObservability:
    def test_each_command_that_appended_events_is_counted(self, api: Api) -> None:
        case = active_case(api.world)
        worker = caseworker(api, "jb-wang")
        body_of(worker.note(case.id, "one"))
        body_of(worker.note(case.id, "two"))
        problem(worker.claim(case.id), 409)

        metrics = api.anonymous.get("/metrics").text

        assert 'casework_commands_total{command="add_note"} 2.0' in metrics
        assert 'command="claim"' not in metrics

    def test_the_openapi_documents_every_command_with_its_statuses_and_headers(
            self, api: Api) -> None:
        schema = api.anonymous.get("/schema/openapi.json").json()
        operations = {op["operationId"]: op for path in schema["paths"].values()
                      for op in path.values() if isinstance(op, dict) and "operationId" in op}
        on_a_case = ["assessCase", "assignCase", "claimCase", "addNote", "logService",
                     "sendReferral", "closeCase", "decideClosure", "reopenCase",
                     "recordConsent", "requestTransfer", "decideTransfer", "acceptReferral",
                     "declineReferral", "completeReferral", "withdrawReferral"]

        for name in on_a_case:
            operation = operations[name]
            assert {"400", "401", "403", "404", "409", "412", "413", "422"} <= set(
                operation["responses"]), name
            headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            assert headers == {"If-Match", "Idempotency-Key"}, name
        assert "201" in operations["openCase"]["responses"]
        assert "Location" in operations["openCase"]["responses"]["201"]["headers"]
        assert "200" in operations["reassignCases"]["responses"]

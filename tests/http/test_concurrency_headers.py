"""If-Match and Idempotency-Key on the command routes (docs/domain.md §4).

- a stale If-Match answers 412 with the current version and appends nothing;
- a retry with the same Idempotency-Key and body gets the first answer and appends
  nothing; the same key with another body answers 422; a retry while the first request
  still runs answers 409;
- without If-Match, a command that lost a race is retried on the fresh version.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID, uuid4

import pytest

from adapters.storage.key_locks import PostgresKeyLock
from domain.case import Case
from domain.errors import RuleViolated
from domain.vocabulary import Risk
from service.cases import CommandResult
from service.commands import AddNote, CommandContext
from service.idempotency import AlreadyRecorded, Idempotency, record_id
from tests.conftest import PostgresSchema
from tests.http.conftest import Api
from tests.http.spec_client import (
    SQLITE_ONLY,
    assessment,
    body_of,
    caseworker,
    etag_version,
    if_match,
    intake,
    keyed,
    start_projections,
)
from tests.integration.conftest import World


@pytest.fixture
def api(api: Api) -> Api:
    return start_projections(api)


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def active_case(world: World) -> Case:
    return world.active_case(world.jb_worker, world.jb_supervisor, Risk.MEDIUM)


def sent_referral(world: World, case: Case) -> UUID:
    referral_id = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                            "Care", None).referral_id
    assert referral_id is not None
    return referral_id


def version_of(world: World, case: Case) -> int:
    return world.cases.get_case(world.jb_supervisor, case.id).version


@SQLITE_ONLY
class TestIfMatch:
    def test_the_current_version_acts_and_answers_the_next_etag(self, api: Api) -> None:
        case = active_case(api.world)

        response = caseworker(api, "jb-wang").note(case.id, "Called", headers=if_match(
            case.version))

        assert body_of(response)["version"] == etag_version(response) == case.version + 1

    def test_a_stale_version_is_412_with_the_current_version_and_appends_nothing(
            self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        worker = caseworker(api, "jb-wang")
        body_of(caseworker(api, "jb-li").note(case.id, "Meanwhile, a colleague's note"))
        before = world.stored_position()

        response = worker.note(case.id, "Based on what I saw", headers=if_match(case.version))

        body = problem(response, 412)
        assert body["current_version"] == case.version + 1
        assert etag_version(response) == case.version + 1
        assert world.stored_position() == before
        assert version_of(world, case) == case.version + 1

    @pytest.mark.parametrize("command", ["assess", "close", "referral"])
    def test_every_kind_of_command_honours_it(self, api: Api, command: str) -> None:
        world = api.world
        case = active_case(world)
        worker = caseworker(api, "jb-wang")
        stale = if_match(case.version - 1)
        if command == "assess":
            response = worker.assess(case.id, assessment("low", world.today()), headers=stale)
        elif command == "close":
            response = worker.close(case.id, "resolved", "done", headers=stale)
        else:
            response = worker.refer(case.id, world.foundation, "Care", headers=stale)
        assert problem(response, 412)["current_version"] == case.version

    def test_referral_answers_honour_it_without_telling_outsiders_the_version(
            self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        referral_id = sent_referral(world, case)
        stale = if_match(case.version)

        problem(caseworker(api, "riverside").accept(referral_id, headers=stale), 404)
        problem(caseworker(api, "bright-light").accept(referral_id, headers=stale), 412)
        accepted = caseworker(api, "bright-light").accept(
            referral_id, headers=if_match(case.version + 1))
        assert body_of(accepted)["status"] == "accepted"

    def test_a_weak_tag_and_a_star_are_accepted(self, api: Api) -> None:
        case = active_case(api.world)
        worker = caseworker(api, "jb-wang")

        weak = worker.note(case.id, "one", headers={"If-Match": f'W/"{case.version}"'})
        star = worker.note(case.id, "two", headers={"If-Match": "*"})

        assert etag_version(weak) == case.version + 1
        assert etag_version(star) == case.version + 2

    @pytest.mark.parametrize("value", ["7", '"seven"', '"1", "2"', '"-1"', "W/7", ""])
    def test_a_malformed_value_is_400(self, api: Api, value: str) -> None:
        case = active_case(api.world)
        before = api.world.stored_position()

        body = problem(caseworker(api, "jb-wang").note(case.id, "x",
                                                       headers={"If-Match": value}), 400)

        assert body["errors"][0]["field"] == "If-Match"
        assert api.world.stored_position() == before

    def test_without_it_a_command_that_lost_a_race_is_retried_on_the_fresh_version(
            self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        worker, colleague = caseworker(api, "jb-wang"), caseworker(api, "jb-li")

        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(lambda n: (worker if n % 2 else colleague).note(
                case.id, f"note {n}"), range(6)))

        assert sorted(body_of(answer)["version"] for answer in answers) == list(
            range(case.version + 1, case.version + 7))
        assert version_of(world, case) == case.version + 6


@SQLITE_ONLY
class TestIdempotencyKey:
    def test_a_retry_gets_the_first_answer_and_appends_nothing(self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        worker = caseworker(api, "jb-wang")
        first = worker.note(case.id, "Delivered insulin", headers=keyed("note-1"))
        position = world.stored_position()
        world.later(minutes=5)
        body_of(caseworker(api, "jb-li").note(case.id, "A later note by a colleague"))
        after_colleague = world.stored_position()

        retry = worker.note(case.id, "Delivered insulin", headers=keyed("note-1"))

        assert retry.status_code == first.status_code == 200
        assert retry.json() == first.json()
        assert retry.headers["etag"] == first.headers["etag"]
        assert retry.headers["idempotent-replayed"] == "true"
        assert "idempotent-replayed" not in first.headers
        assert int(first.headers["x-position"]) == position
        assert int(retry.headers["x-position"]) == after_colleague  # the head, documented
        assert world.stored_position() == after_colleague
        assert version_of(world, case) == case.version + 2

    def test_the_same_body_spelled_differently_is_the_same_request(self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        session = api.as_("jb-lead")
        path = f"/api/v1/cases/{case.id}/assign"
        first = session.post(path, {"worker_id": str(world.jb_colleague.id),
                                    "reason": "Closer to her"}, headers=keyed("k"))
        position = world.stored_position()

        retry = session.client.post(
            path, content=f'{{ "reason" : "Closer to her", "worker_id": '
                          f'"{world.jb_colleague.id}" }}'.encode(),
            headers={**session.headers, **keyed("k"), "Content-Type": "application/json"})

        assert body_of(retry) == body_of(first)
        assert world.stored_position() == position

    def test_the_same_key_with_another_body_or_case_is_422(self, api: Api) -> None:
        world = api.world
        case, other = active_case(world), active_case(world)
        worker = caseworker(api, "jb-wang")
        body_of(worker.note(case.id, "first", headers=keyed("k")))
        before = world.stored_position()

        another_body = problem(worker.note(case.id, "second", headers=keyed("k")), 422)
        another_case = problem(worker.note(other.id, "first", headers=keyed("k")), 422)
        another_route = problem(worker.claim(case.id, headers=keyed("k")), 422)

        for body in (another_body, another_case, another_route):
            assert body["errors"][0]["field"] == "Idempotency-Key"
        assert world.stored_position() == before

    def test_keys_belong_to_their_user(self, api: Api) -> None:
        world = api.world
        case = active_case(world)

        mine = caseworker(api, "jb-wang").note(case.id, "same words", headers=keyed("k"))
        theirs = caseworker(api, "jb-li").note(case.id, "same words", headers=keyed("k"))

        assert etag_version(theirs) == etag_version(mine) + 1
        assert "idempotent-replayed" not in theirs.headers

    @pytest.mark.parametrize("key", ["", "   ", "x" * 201, "clé"])
    def test_a_malformed_key_is_400(self, api: Api, key: str) -> None:
        case = active_case(api.world)
        session = api.as_("jb-wang")
        headers = {name.encode(): value.encode() for name, value in session.headers.items()}
        headers[b"Idempotency-Key"] = key.encode()
        response = session.client.post(f"/api/v1/cases/{case.id}/notes", json={"text": "x"},
                                       headers=headers)
        assert problem(response, 400)["errors"][0]["field"] == "Idempotency-Key"

    def test_a_refused_command_is_not_recorded_and_its_retry_runs_again(
            self, api: Api) -> None:
        world = api.world
        case = world.open_case(world.jb_worker).case
        worker = caseworker(api, "jb-wang")
        assert problem(worker.claim(case.id, headers=keyed("c")), 409)["rule"] == "status"
        world.cases.assess(world.jb_worker, case.id, world.assessment(Risk.LOW))

        retry = worker.claim(case.id, headers=keyed("c"))

        assert body_of(retry)["assigned_worker_id"] == str(world.jb_worker.id)
        assert "idempotent-replayed" not in retry.headers

    def test_an_intake_retried_opens_one_case_answering_201_again(self, api: Api) -> None:
        world = api.world
        worker = caseworker(api, "jb-wang")
        first = worker.open_case(intake("JB"), headers=keyed("intake-7"))
        position = world.stored_position()

        retry = worker.open_case(intake("JB"), headers=keyed("intake-7"))

        assert retry.status_code == 201
        assert retry.headers["location"] == first.headers["location"]
        assert retry.json() == first.json()
        assert world.stored_position() == position
        assert problem(worker.open_case(intake("JB", request="Other words"),
                                        headers=keyed("intake-7")), 422)

    def test_a_referral_retried_is_the_same_referral(self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        worker = caseworker(api, "jb-wang")
        first = body_of(worker.refer(case.id, world.foundation, "Care", headers=keyed("r")),
                        201)

        retry = worker.refer(case.id, world.foundation, "Care", headers=keyed("r"))

        assert body_of(retry, 201)["referral_id"] == first["referral_id"]
        assert len(retry.json()["referrals"]) == 1

    def test_a_partners_retry_shows_contact_details_only_while_still_accepted(
            self, api: Api) -> None:
        world = api.world
        case = active_case(world)
        referral_id = sent_referral(world, case)
        partner = caseworker(api, "bright-light")
        accepted = body_of(partner.accept(referral_id, headers=keyed("acc")))
        assert accepted["contact"]["phone"] == "13800000001"
        body_of(partner.complete(referral_id, "service_provided", "Done", "1.00", 1))

        retry = body_of(partner.accept(referral_id, headers=keyed("acc")))

        assert retry["status"] == "accepted"  # the answer as it was ...
        assert retry["contact"] is None  # ... but access to the contact has lapsed

    def test_a_bulk_reassignment_retried_appends_nothing(self, api: Api) -> None:
        world = api.world
        first_case, second_case = active_case(world), active_case(world)
        lead = caseworker(api, "jb-lead")
        body = {"from_worker_id": str(world.jb_worker.id),
                "to_worker_id": str(world.jb_colleague.id), "reason": "On leave"}
        first = body_of(lead.reassign(body, headers=keyed("bulk")))
        position = world.stored_position()

        retry = body_of(lead.reassign(body, headers=keyed("bulk")))

        assert retry["items"] == first["items"]
        assert {i["case_id"] for i in retry["items"]} == {str(first_case.id),
                                                          str(second_case.id)}
        assert world.stored_position() == position
        problem(lead.reassign({**body, "reason": "Other"}, headers=keyed("bulk")), 422)


@SQLITE_ONLY
class TestRequestsStillRunning:
    def test_a_retry_while_the_first_request_runs_is_409(
            self, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
        world = api.world
        case = active_case(world)
        started, release = threading.Event(), threading.Event()
        # Every command runs through CaseService.handle, which holds the key while it
        # runs the command (_dispatch): slow that down.
        dispatch: Callable[..., CommandResult] = world.cases._dispatch

        def slow_dispatch(*args: Any, **kwargs: Any) -> CommandResult:
            started.set()
            assert release.wait(10)
            return dispatch(*args, **kwargs)

        monkeypatch.setattr(world.cases, "_dispatch", slow_dispatch)
        worker = caseworker(api, "jb-wang")
        with ThreadPoolExecutor(max_workers=1) as pool:
            first = pool.submit(worker.note, case.id, "slow", headers=keyed("slow"))
            assert started.wait(10)

            during = worker.note(case.id, "slow", headers=keyed("slow"))
            release.set()
            first_answer = first.result(timeout=10)

        assert problem(during, 409)["rule"] == "request_in_progress"
        assert body_of(first_answer)["version"] == case.version + 1
        after = worker.note(case.id, "slow", headers=keyed("slow"))
        assert after.headers["idempotent-replayed"] == "true"
        assert version_of(world, case) == case.version + 1

    def test_two_saves_with_one_key_never_both_append(self, api: Api) -> None:
        """What protects two processes that both passed the in-flight check: the record
        is saved with the events, so the second save conflicts and replays the first."""
        world = api.world
        case = active_case(world)
        idempotency = Idempotency(record_id(world.jb_worker.id, "twice"), "same request")
        context = CommandContext(world.jb_worker, idempotency=idempotency)
        # Past handle's look-up (as a second process that passed it at the same moment).
        world.cases._dispatch(AddNote(case.id, "once"), context)
        position = world.stored_position()

        with pytest.raises(AlreadyRecorded) as raised:
            world.cases._dispatch(AddNote(case.id, "once"), context)

        assert raised.value.record.case_version == case.version + 1
        assert world.stored_position() == position

    def test_two_intakes_with_one_key_open_one_case(self, api: Api) -> None:
        world = api.world
        idempotency = Idempotency(record_id(world.jb_worker.id, "intake"), "same", 201)
        context = CommandContext(world.jb_worker, idempotency=idempotency)
        first = world.cases._dispatch(world.intake("JB"), context)
        position = world.stored_position()

        with pytest.raises(AlreadyRecorded) as raised:
            world.cases._dispatch(world.intake("JB"), context)

        assert raised.value.record.case_id == first.case.id
        assert raised.value.record.status_code == 201
        assert world.stored_position() == position


@pytest.mark.postgres
def test_on_postgresql_a_key_in_flight_in_another_process_is_409(
        postgres_schema: PostgresSchema) -> None:
    """Two API processes: each has its own guard; the advisory lock spans them."""
    one = PostgresKeyLock(postgres_schema.url, postgres_schema.schema)
    other = PostgresKeyLock(postgres_schema.url, postgres_schema.schema)
    key = uuid4()

    with one.holding(key):
        with pytest.raises(RuleViolated) as raised, other.holding(key):
            pass
        assert raised.value.rule == "request_in_progress"
        with other.holding(uuid4()):  # another key is free
            pass

    with other.holding(key):  # released with the first request
        pass


def test_the_records_of_one_key_sent_by_two_users_are_two() -> None:
    user, other = uuid4(), uuid4()
    assert record_id(user, "k") != record_id(other, "k")
    assert record_id(user, "k") == record_id(user, "k")

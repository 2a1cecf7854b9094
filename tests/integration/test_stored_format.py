"""The stored format of events: pinned bytes, round trips, upcasting, bad bytes, a real store.

Stored events are a durable format: what is written today must be read for years. Every
event type has a golden file in `tests/integration/golden/`, named by its topic
(`domain.case:Case.Opened` -> `domain.case.Case.Opened.json`) and holding
`{"topic": ..., "state": ...}`. The stored bytes must be exactly the compact UTF-8 JSON
of `state`, keys in the order written, and those bytes must read back as the event.

A failing golden test means the stored format changed. Never reshape an event in place:
add `class_version = N + 1` and a `upcast_vN_vN+1` static method instead (see
docs/events.md). When the change is intended (a new event type, a new class version),
first copy the old golden state into an upcasting test as a literal (so the old version
stays tested), then regenerate the golden files with

    CASEWORK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/integration/test_stored_format.py

and review the diff of `tests/integration/golden/` before committing it. Without that
variable set, the tests never write a golden file. A new event class also needs a sample
in `event_samples.py` and a section in `docs/events.md`; tests fail until it has both.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic

from adapters.settings import Settings
from adapters.storage.mapper import MsgspecMapper
from adapters.storage.stores import event_store_env
from domain.case import Case
from domain.values import ActorRef, Consent, ResidentProfile
from domain.vocabulary import Role
from service.applications import CasesApplication
from tests.integration import event_samples as samples
from tests.integration.stored_format_checks import (
    MAPPER,
    SAMPLES,
    assert_same,
    catalogue_sections,
    compact,
    documented_personal_keys,
    golden,
    goldens,
    strings_outside_personal,
)
from tests.integration.upcasting_fixtures import MINUTES_NOT_KNOWN, Errand

OPENED = "domain.case:Case.Opened"


class TestGoldenFiles:
    def test_every_event_class_has_a_sample_and_a_golden_file(self) -> None:
        discovered = samples.discovered_topics()
        assert discovered - set(SAMPLES) == set(), "add a sample to event_samples.py"
        assert set(SAMPLES) - discovered == set()
        assert discovered - set(goldens()) == set(), "regenerate: CASEWORK_UPDATE_GOLDEN=1"
        assert set(goldens()) - discovered == set(), "golden file of no event class"

    def test_a_new_case_event_without_a_golden_file_is_caught(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        class Flagged(Case.Event):
            reason: str

        monkeypatch.setattr(Case, "Flagged", Flagged, raising=False)
        assert samples.discovered_topics() - set(goldens()) == {get_topic(Flagged)}

    @pytest.mark.parametrize("topic", sorted(SAMPLES))
    def test_stored_bytes_match_the_golden_file(self, topic: str) -> None:
        stored = MAPPER.to_stored_event(SAMPLES[topic])
        expected = golden(topic)
        assert stored.topic == expected["topic"] == topic
        assert json.loads(stored.state) == expected["state"]
        assert stored.state == compact(expected["state"])

    @pytest.mark.parametrize("topic", sorted(SAMPLES))
    def test_golden_bytes_read_back_as_the_event(self, topic: str) -> None:
        event = SAMPLES[topic]
        stored = StoredEvent(originator_id=event.originator_id,
                             originator_version=event.originator_version,
                             topic=topic, state=compact(golden(topic)["state"]))
        assert_same(MAPPER.to_domain_event(stored), event)


class TestRoundTrip:
    @pytest.mark.parametrize("topic", sorted(SAMPLES))
    def test_an_event_reads_back_equal_with_its_types(self, topic: str) -> None:
        event = SAMPLES[topic]
        read = MAPPER.to_domain_event(MAPPER.to_stored_event(event))
        assert read == event
        assert_same(read, event)

    def test_python_types_survive_the_json(self) -> None:
        def read(topic: str) -> object:
            return MAPPER.to_domain_event(MAPPER.to_stored_event(SAMPLES[topic]))

        opened = read(OPENED)
        assert isinstance(opened, Case.Opened)
        assert opened.actor == ActorRef(samples.WORKER_ID, Role.WORKER)
        assert type(opened.actor.id) is UUID
        assert opened.actor.role is Role.WORKER
        assert type(opened.profile) is ResidentProfile
        assert type(opened.consent) is Consent
        assert type(opened.vulnerabilities) is tuple
        assert opened.timestamp.utcoffset() == timedelta(0)
        assessed = read("domain.case:Case.Assessed")
        assert isinstance(assessed, Case.Assessed)
        assert type(assessed.follow_up_due) is date
        completed = read("domain.case:Case.ReferralCompleted")
        assert isinstance(completed, Case.ReferralCompleted)
        assert type(completed.value_cny) is Decimal
        assert str(completed.value_cny) == "1280.50"

    def test_the_type_check_notices_a_changed_type(self) -> None:
        with pytest.raises(AssertionError, match="float read back, Decimal written"):
            assert_same(1280.5, Decimal("1280.5"))


ERRAND_ID = UUID("e1000000-0000-4000-8000-000000000001")
ERRAND_TOPIC = "tests.integration.upcasting_fixtures:Errand"
STARTED_TOPIC = "tests.integration.upcasting_fixtures:Errand.Started"
DONE_TOPIC = "tests.integration.upcasting_fixtures:Errand.Done"
# As the v1 code wrote them: `Errand.Done` had no `minutes` and no class_version.
STARTED_V1 = (b'{"timestamp":"2022-04-01T08:00:00Z",'
              b'"originator_topic":"tests.integration.upcasting_fixtures:Errand",'
              b'"purpose":"fetch a prescription"}')
DONE_V1 = b'{"timestamp":"2022-04-01T09:30:00Z","by":"a0000000-0000-4000-8000-000000000001"}'


class TestUpcasting:
    def test_the_fixture_topics_are_stable(self) -> None:
        assert get_topic(Errand) == ERRAND_TOPIC
        assert get_topic(Errand.Started) == STARTED_TOPIC
        assert get_topic(Errand.Done) == DONE_TOPIC

    def test_a_v1_event_reads_as_v2_with_the_default(self) -> None:
        stored = StoredEvent(originator_id=ERRAND_ID, originator_version=2, topic=DONE_TOPIC,
                             state=DONE_V1)
        event = MAPPER.to_domain_event(stored)
        assert isinstance(event, Errand.Done)
        assert event.by == samples.WORKER_ID
        assert event.minutes == MINUTES_NOT_KNOWN
        assert event.timestamp == datetime.fromisoformat("2022-04-01T09:30:00+00:00")

    def test_a_case_reopened_by_v1_code_kept_its_worker(self) -> None:
        # Case.Reopened v1, as the golden file held it before v2 added `worker_gone`.
        v1 = ('{"timestamp":"2022-04-01T08:19:00Z","actor":{"id":'
              '"a0000000-0000-4000-8000-000000000003","role":"supervisor"},"via":"api",'
              '"personal":{"reason":"并非重复案件"}}').encode()
        stored = StoredEvent(originator_id=ERRAND_ID, originator_version=20,
                             topic="domain.case:Case.Reopened", state=v1)
        event = MAPPER.to_domain_event(stored)
        assert isinstance(event, Case.Reopened)
        assert event.worker_gone is False
        assert event.personal == {"reason": "并非重复案件"}

    def test_a_referral_sent_by_v1_code_has_its_service_in_the_personal_part(self) -> None:
        # Case.ReferralSent v1, as the golden file held it before v2 moved `service`.
        v1 = ('{"timestamp":"2022-04-01T08:09:00Z","actor":{"id":'
              '"a0000000-0000-4000-8000-000000000001","role":"worker"},"via":"api",'
              '"referral_id":"d0000000-0000-4000-8000-000000000001",'
              '"organisation_id":"b0000000-0000-4000-8000-000000000001",'
              '"service":"送药上门","respond_by":"2022-04-04T08:09:00Z",'
              '"personal":{"note":"需冷链保存"}}').encode()
        stored = StoredEvent(originator_id=ERRAND_ID, originator_version=9,
                             topic="domain.case:Case.ReferralSent", state=v1)
        event = MAPPER.to_domain_event(stored)
        assert isinstance(event, Case.ReferralSent)
        assert event.personal == {"service": "送药上门", "note": "需冷链保存"}
        assert not hasattr(event, "service")

    def test_a_v2_event_stores_its_class_version_and_keeps_its_value(self) -> None:
        done = samples.make(Errand.Done, originator_id=ERRAND_ID, originator_version=2,
                            timestamp=samples.at(90), by=samples.WORKER_ID, minutes=45)
        stored = MAPPER.to_stored_event(done)
        state = json.loads(stored.state)
        assert state["class_version"] == 2
        assert state["minutes"] == 45
        read = MAPPER.to_domain_event(stored)
        assert isinstance(read, Errand.Done)
        assert read.minutes == 45

    def test_a_store_written_by_v1_code_is_read_by_v2_code(self, tmp_path: Path) -> None:
        app = Application[UUID](env=event_store_env("errands", Settings(data_dir=tmp_path)))
        try:
            app.recorder.insert_events([
                StoredEvent(originator_id=ERRAND_ID, originator_version=1, topic=STARTED_TOPIC,
                            state=STARTED_V1),
                StoredEvent(originator_id=ERRAND_ID, originator_version=2, topic=DONE_TOPIC,
                            state=DONE_V1),
            ])
            errand: Aggregate = app.repository.get(ERRAND_ID)
        finally:
            app.close()
        assert isinstance(errand, Errand)
        assert errand.purpose == "fetch a prescription"
        assert errand.done_by == samples.WORKER_ID
        assert errand.minutes == MINUTES_NOT_KNOWN


NOTE = "电话确认药品名称与剂量"
GOOD_NOTE = (b'{"timestamp":"2022-04-01T08:05:00Z","actor":{"id":"a0000000-0000-4000-8000-'
             b'000000000001","role":"worker"},"via":"api","personal":{"text":"'
             + NOTE.encode() + b'"}}')
BAD_NOTES = {
    "truncated": GOOD_NOTE[:60],
    "not JSON": b"\x00\xff\xfe",
    "not an object": b'["personal"]',
    "unknown enum value": GOOD_NOTE.replace(b'"api"', b'"fax"'),
    "bad timestamp": GOOD_NOTE.replace(b"2022-04-01T08:05:00Z", b"yesterday"),
    "missing field": GOOD_NOTE.replace(b'"via":"api",', b""),
    "wrong type": GOOD_NOTE.replace(b'"role":"worker"', b'"role":7'),
}


class TestUnreadableBytes:
    def test_the_good_note_reads(self) -> None:
        stored = StoredEvent(samples.CASE_ID, 5, "domain.case:Case.NoteAdded", GOOD_NOTE)
        event = MAPPER.to_domain_event(stored)
        assert isinstance(event, Case.NoteAdded)
        assert event.personal == {"text": NOTE}

    @pytest.mark.parametrize("state", BAD_NOTES.values(), ids=BAD_NOTES.keys())
    def test_bad_bytes_raise_the_mapper_error(self, state: bytes) -> None:
        stored = StoredEvent(samples.CASE_ID, 5, "domain.case:Case.NoteAdded", state)
        with pytest.raises(MapperDeserialisationError) as raised:
            MAPPER.to_domain_event(stored)
        message = str(raised.value)
        assert "domain.case:Case.NoteAdded" in message
        assert f"{samples.CASE_ID} v5" in message
        assert NOTE not in message  # errors are logged: they carry no resident data


PERSONAL_TOPICS = sorted(t for t, e in SAMPLES.items() if "personal" in vars(e))


class TestPersonalData:
    def test_the_residents_identity_is_stored_only_inside_personal(self) -> None:
        stored = MAPPER.to_stored_event(SAMPLES[OPENED])
        state = json.loads(stored.state)
        assert state["personal"]["name"] == samples.RESIDENT_NAME
        assert state["personal"]["phone"] == samples.RESIDENT_PHONE
        outside = list(strings_outside_personal(state))
        for value in (samples.RESIDENT_NAME, samples.RESIDENT_PHONE,
                      samples.RESIDENT_ID_NUMBER):
            assert not [s for s in outside if value in s]
            assert stored.state.count(value.encode()) == 1

    @pytest.mark.parametrize("topic", PERSONAL_TOPICS)
    def test_no_personal_value_appears_outside_personal(self, topic: str) -> None:
        event = SAMPLES[topic]
        state = json.loads(MAPPER.to_stored_event(event).state)
        personal = vars(event)["personal"]
        assert state["personal"] == personal
        outside = list(strings_outside_personal(state))
        leaked = [v for v in personal.values() if v and any(v in s for s in outside)]
        assert leaked == []

    def test_the_samples_carry_the_personal_keys_the_commands_write(self) -> None:
        written = {get_topic(type(e)): vars(e)["personal"]
                   for e in samples.worked_case().pending_events if "personal" in vars(e)}
        assert len(written) >= 5
        for topic, personal in written.items():
            assert list(personal) == list(vars(SAMPLES[topic])["personal"]), topic


class TestCatalogue:
    @pytest.mark.parametrize("topic", sorted(SAMPLES))
    def test_docs_list_the_event_and_its_personal_keys(self, topic: str) -> None:
        name = topic.partition(":")[2]
        section = catalogue_sections().get(name)
        assert section is not None, f"docs/events.md has no section ### {name}"
        assert f"Topic `{topic}`" in section
        documented = documented_personal_keys(section)
        personal = vars(SAMPLES[topic]).get("personal")
        assert documented == ([set(personal)] if personal is not None else [])


class TestSqliteStore:
    def test_a_case_saved_in_sqlite_reads_back_equal(self, tmp_path: Path) -> None:
        env = event_store_env(CasesApplication.name, Settings(data_dir=tmp_path))
        assert env["MAPPER_TOPIC"] == "adapters.storage.mapper:MsgspecMapper"
        case = samples.worked_case()
        written = list(case.pending_events)
        assert len(written) >= 6
        writer = CasesApplication(env=env)
        try:
            writer.save(case)
        finally:
            writer.close()

        reader = CasesApplication(env=env)
        try:
            assert isinstance(reader.mapper, MsgspecMapper)
            read: Aggregate = reader.repository.get(case.id)
            events = list(reader.repository.event_store.get(case.id))
            stored = list(reader.recorder.select_events(case.id))
        finally:
            reader.close()
        assert (tmp_path / "cases.sqlite").exists()
        assert read == case
        assert events == written
        for event_read, event_written in zip(events, written, strict=True):
            assert_same(event_read, event_written)
        assert [s.topic for s in stored] == [get_topic(type(e)) for e in written]
        assert [s.state for s in stored] == [MAPPER.to_stored_event(e).state for e in written]
        assert json.loads(stored[0].state)["personal"]["name"] == samples.RESIDENT_NAME

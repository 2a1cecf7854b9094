"""Outreach campaigns through the service (issue 13 item 2, decision 0029): 1,000 contacts
worked by three callers in parallel — nobody holds a contact another holds, every outcome
is recorded, the report adds up; a found need opens a linked outreach case; a closed
campaign's contacts that never became cases are erased after the retention period."""

from __future__ import annotations

import threading
from collections import Counter
from uuid import UUID

import pytest

from domain.campaign import CallOutcome, Contact, ContactState
from domain.errors import InvalidInput, NotFound, NotPermitted
from domain.values import ERASED, Actor
from domain.vocabulary import Channel
from service.campaigns import CampaignService
from service.import_reports import Sheet
from tests.integration.conftest import World

OUTCOMES = (CallOutcome.REACHED_NO_NEED, CallOutcome.NO_ANSWER, CallOutcome.NO_ANSWER,
            CallOutcome.WRONG_NUMBER, CallOutcome.MOVED_OR_DECEASED,
            CallOutcome.REACHED_NO_NEED, CallOutcome.NO_ANSWER)


def sheet(n: int) -> Sheet:
    return Sheet(["姓名", "电话", "地址", "备注"],
                 [(i + 2, [f"居民{i}", f"139{i:08d}", f"{i}号", ""]) for i in range(n)])


def service(world: World) -> CampaignService:
    assert world.container.campaigns is not None
    return world.container.campaigns


def test_three_callers_work_a_campaign_of_a_thousand_contacts(world: World) -> None:
    campaigns = service(world)
    supervisor = world.jb_supervisor
    campaign = campaigns.create(supervisor, "JB", "80岁以上老人电话排查", "雨花街道")
    loaded = campaigns.load_contacts(supervisor, campaign.id, sheet(1000))
    assert (loaded.loaded, loaded.problems) == (1000, [])
    callers = [world.jb_worker, world.jb_colleague, supervisor]
    holding: dict[UUID, UUID] = {}  # contact → the caller holding it now
    clash: list[UUID] = []
    calls: Counter[UUID] = Counter()
    lock = threading.Lock()

    def work(caller: Actor) -> None:
        while batch := campaigns.next(caller, campaign.id, 5):
            for contact in batch:
                with lock:
                    if holding.get(contact.id, caller.id) != caller.id:
                        clash.append(contact.id)
                    holding[contact.id] = caller.id
                outcome = OUTCOMES[(contact.id.int + contact.tries) % len(OUTCOMES)]
                campaigns.record_call(caller, contact.id, outcome, "no answer twice")
                with lock:
                    del holding[contact.id]
                    calls[contact.id] += 1

    for _ in range(3):  # no_answer: due again in another part of the day
        threads = [threading.Thread(target=work, args=(c,)) for c in callers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        world.later(days=1)
    assert clash == []
    report = campaigns.report(supervisor, campaign.id)
    assert report.total == 1000
    assert report.due == 0
    assert report.reached + report.unreachable == 1000
    assert report.called == 1000 == len(calls)
    assert report.calls.calls == sum(calls.values()) > 1000
    assert sum(t.calls for t in report.by_worker.values()) == report.calls.calls
    assert sum(t.calls for t in report.by_day.values()) == report.calls.calls
    assert len(report.by_day) == 3
    assert set(report.by_worker) <= {c.id for c in callers}
    assert report.calls.reached == report.reached
    # every outcome is recorded on its contact, once per call
    for contact_id, n in list(calls.items())[:100]:
        stored: object = world.container.cases_app.repository.get(contact_id)
        assert isinstance(stored, Contact)
        assert len(stored.calls) == n


def test_a_found_need_opens_an_outreach_case_linked_to_the_contact(world: World) -> None:
    campaigns = service(world)
    campaign = campaigns.create(world.jb_supervisor, "JB", "独居老人回访", "")
    campaigns.load_contacts(world.jb_supervisor, campaign.id, sheet(2))
    first = campaigns.next(world.jb_worker, campaign.id, 1)[0]
    assert first.name == "居民0"
    assert first.phone == "13900000000"
    with pytest.raises(InvalidInput):  # a found need says what it is
        campaigns.record_call(world.jb_worker, first.id, CallOutcome.NEED_FOUND, " ")
    done = campaigns.record_call(world.jb_worker, first.id, CallOutcome.NEED_FOUND,
                                 "needs insulin fetched weekly")
    assert done.case is not None
    assert done.contact.case_id == done.case.case.id
    case = done.case.case
    assert case.channel is Channel.OUTREACH
    assert case.team == "JB"
    assert world.cases.get_case(world.jb_worker, case.id).personal["name"] == "居民0"
    assert campaigns.report(world.jb_supervisor, campaign.id).cases_opened == 1
    # another team sees nothing; an auditor works on no campaign
    with pytest.raises(NotFound):
        campaigns.next(world.pd_worker, campaign.id, 1)
    with pytest.raises(NotPermitted):
        campaigns.campaigns(world.auditor)


def test_closing_then_retention_erases_the_contacts_that_never_became_cases(
        world: World) -> None:
    campaigns = service(world)
    supervisor = world.jb_supervisor
    campaign = campaigns.create(supervisor, "JB", "核酸排查", "")
    loaded = campaigns.load_contacts(supervisor, campaign.id, Sheet(
        ["name", "phone"], [(2, ["Wang", "13900000001"]), (3, ["Li", "12"]),
                            (4, ["Zhao", "13900000003"]), (5, None)]))
    assert loaded.loaded == 2
    assert [(p.row, p.column, p.code) for p in loaded.problems] == [
        (3, "phone", "invalid_phone"), (5, "", "bad_encoding")]
    a, b = campaigns.next(world.jb_worker, campaign.id, 2)
    campaigns.record_call(world.jb_worker, a.id, CallOutcome.NEED_FOUND, "food")
    campaigns.record_call(world.jb_worker, b.id, CallOutcome.WRONG_NUMBER, None)
    assert [c.name for c in campaigns.unreachable(supervisor, campaign.id)] == [b.name]
    with pytest.raises(NotPermitted):
        campaigns.unreachable(world.jb_worker, campaign.id)
    campaigns.close(supervisor, campaign.id)
    assert campaigns.erase_expired(30) == 0
    world.later(days=31)
    assert campaigns.erase_expired(30, dry_run=True) == 1  # says, erases nothing
    assert campaigns.erase_expired(30) == 1
    assert campaigns.erase_expired(30) == 0
    repository = world.container.cases_app.repository
    kept: object = repository.get(a.id)
    gone: object = repository.get(b.id)
    assert isinstance(kept, Contact)
    assert kept.personal["name"] == a.name
    assert isinstance(gone, Contact)
    assert gone.personal["name"] == ERASED
    assert gone.state is ContactState.UNREACHABLE
    keys = world.container.case_keys
    assert keys is not None
    assert keys.table.get(b.id) is None
    assert keys.table.get(a.id) is not None
    keys.forget(b.id)  # read afresh from the store: the sealed name cannot be opened
    again: object = repository.get(b.id, version=1)
    assert isinstance(again, Contact)
    assert again.personal["name"] == ERASED

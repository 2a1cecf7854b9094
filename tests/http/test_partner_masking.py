"""A partner reads a referral before acceptance with no identifier of the resident in
it, however the worker spelled it (issue 11, item 4): in the request summary and in the
service text of the referral board."""

from __future__ import annotations

from dataclasses import replace

from domain.vocabulary import Risk
from tests.http.conftest import Api
from tests.http.reads_support import DETAILS, SQLITE_ONLY, ok, project
from tests.integration.conftest import World

SPELLINGS = ["JOHN SMITH", "john smith", "J o h n  S m i t h", "王 小 明", "139.2222.4444",
             "(139)2222/4444", "１３９－２２２２－４４４４"]
HIDDEN = ["JOHN", "john", "J o h n", "王 小 明", "小 明", "2222", "２２２２"]


@SQLITE_ONLY
def test_a_partner_sees_no_identifier_in_any_spelling(api: Api, world: World) -> None:
    details = replace(DETAILS, name="John Smith", phone="139-2222-4444",
                      emergency_contact_name="王小明")
    request = "Insulin for " + "; ".join(SPELLINGS)
    opened = world.open_case(world.jb_worker, details=details, request=request,
                             assessment=world.assessment(Risk.HIGH)).case
    world.cases.assign(world.jb_supervisor, opened.id, world.jb_worker.id, None)
    service = "Insulin to " + ", ".join(SPELLINGS)[:180]
    world.cases.send_referral(world.jb_worker, opened.id, world.foundation, service, None)
    project(world)
    items = ok(api.as_("bright-light").get("/api/v1/referrals"))["items"]
    mine = [i for i in items if i["request_summary"].startswith("Insulin for")]
    assert len(mine) == 1, items
    item = mine[0]
    for hidden in HIDDEN:
        assert hidden not in item["request_summary"], item["request_summary"]
        assert hidden not in item["service"], item["service"]
    assert item["request_summary"].startswith("Insulin for ***")
    assert item["service"].startswith("Insulin to ***")

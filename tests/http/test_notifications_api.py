"""Notifications and who referred a case over HTTP (issue 12 items 5, 6): the caller's
notifications with the unread count, marking one (only one's own) and all read; a
team's optional duty phone; the partner's referral read with the worker's note and the
referring team."""

from __future__ import annotations

from uuid import uuid4

from tests.http.conftest import ADMIN, Api
from tests.http.reads_support import DETAILS, SQLITE_ONLY, leaks, ok, project
from tests.integration.conftest import World

NOTIFICATIONS = "/api/v1/notifications"
NOTE = "欧阳秀英 lives alone; her son 李建国 (139 0177 2244) has the key"


def refer(world: World) -> str:
    """A JB case (the resident of DETAILS) referred to the foundation, with a note."""
    case = world.open_case(world.jb_worker, details=DETAILS,
                           assessment=world.assessment()).case
    world.cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None)
    sent = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                     "Insulin delivery", NOTE)
    assert sent.referral_id is not None
    project(world)
    return str(sent.referral_id)


@SQLITE_ONLY
class TestNotifications:
    def test_the_partner_is_told_of_a_referral_and_marks_it_read(
            self, api: Api, world: World) -> None:
        referral_id = refer(world)
        partner = api.as_("bright-light")

        body = ok(partner.get(NOTIFICATIONS))
        assert body["unread"] == 1
        [item] = body["items"]
        assert item["kind"] == "referral_received"
        assert item["referral_id"] == referral_id
        assert item["read"] is False
        assert leaks(str(body)) == []
        assert ok(api.as_("riverside").get(NOTIFICATIONS)) == {
            "items": [], "unread": 0, "next_cursor": None}

        marked = ok(partner.post(f"{NOTIFICATIONS}/{item['id']}/read", {}))
        assert marked == {"marked": 1, "unread": 0}
        again = ok(partner.get(NOTIFICATIONS))
        assert again["unread"] == 0
        assert again["items"][0]["read"] is True
        assert ok(partner.get(NOTIFICATIONS, params={"unread": "true"}))["items"] == []

    def test_nobody_marks_anothers_notification(self, api: Api, world: World) -> None:
        refer(world)
        mine = ok(api.as_("jb-wang").get(NOTIFICATIONS))["items"][0]
        assert mine["kind"] == "case_assigned"

        for other in ("jb-li", "jb-lead", "bright-light"):
            refused = api.as_(other).post(f"{NOTIFICATIONS}/{mine['id']}/read", {})
            assert refused.status_code == 404
            assert refused.headers["content-type"].startswith("application/problem+json")
        assert api.as_("jb-wang").post(f"{NOTIFICATIONS}/{uuid4()}/read", {}).status_code == 404
        assert ok(api.as_("jb-wang").get(NOTIFICATIONS))["unread"] == 1

    def test_marking_all_read_and_paging_newest_first(self, api: Api, world: World) -> None:
        for _ in range(3):
            world.active_case(world.jb_worker, world.jb_supervisor)
        project(world)
        worker = api.as_("jb-wang")
        first = ok(worker.get(NOTIFICATIONS, params={"limit": 2}))
        second = ok(worker.get(NOTIFICATIONS, params={"limit": 2,
                                                      "cursor": first["next_cursor"]}))
        items = first["items"] + second["items"]
        assert len(items) == 3
        assert second["next_cursor"] is None
        assert [i["at"] for i in items] == sorted((i["at"] for i in items), reverse=True)

        assert ok(worker.post(f"{NOTIFICATIONS}/read", {})) == {"marked": 3, "unread": 0}
        assert ok(worker.post(f"{NOTIFICATIONS}/read", {})) == {"marked": 0, "unread": 0}

    def test_a_bad_cursor_is_a_problem_not_a_crash(self, api: Api) -> None:
        answer = api.as_("jb-wang").get(NOTIFICATIONS, params={"cursor": "nonsense"})
        assert answer.status_code in (400, 422)


@SQLITE_ONLY
class TestWhoReferred:
    def test_the_partners_read_has_the_masked_note_the_team_and_its_duty_phone(
            self, api: Api, world: World) -> None:
        ok(api.as_(ADMIN).post("/api/v1/teams/JB/duty-phone",
                               {"duty_phone": "023-6700 0101"}))
        referral_id = refer(world)
        partner = api.as_("bright-light")

        before = ok(partner.get(f"/api/v1/referrals/{referral_id}"))
        assert before["note"] == "*** lives alone; her son *** (***) has the key"
        assert before["referrer"] == {"team": "JB", "team_name": "江北社工站",
                                      "duty_phone": "023-67000101", "worker_name": "Jb-Wang"}
        listed = ok(partner.get("/api/v1/referrals"))["items"][0]
        assert listed["note"] == before["note"]
        assert leaks(str(before) + str(listed)) == []

        ok(partner.post(f"/api/v1/referrals/{referral_id}/accept", {}))
        after = ok(partner.get(f"/api/v1/referrals/{referral_id}"))
        assert after["note"] == NOTE

    def test_the_duty_phone_is_optional_checked_and_the_admins_to_set(
            self, api: Api) -> None:
        admin = api.as_(ADMIN)
        ok(admin.post("/api/v1/teams", {"code": "YH", "name": "雨花社工站",
                                        "duty_phone": "0731-8500 0104"}), 201)
        teams = {t["code"]: t for t in ok(admin.get("/api/v1/teams"))["items"]}
        assert teams["YH"]["duty_phone"] == "0731-85000104"
        assert teams["JB"]["duty_phone"] is None

        assert admin.post("/api/v1/teams/JB/duty-phone",
                          {"duty_phone": "call us"}).status_code in (400, 422)
        assert admin.post("/api/v1/teams/ZZ/duty-phone",
                          {"duty_phone": "021-5800 0102"}).status_code == 404
        assert api.as_("jb-lead").post("/api/v1/teams/JB/duty-phone",
                                       {"duty_phone": "021-5800 0102"}).status_code == 403
        cleared = ok(admin.post("/api/v1/teams/YH/duty-phone", {"duty_phone": None}))
        assert cleared["duty_phone"] is None

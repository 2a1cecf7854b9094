"""In-app notifications through the web UI: the header's count, the list, marking one
and all read, and that nobody reads or marks another user's. Also who referred a case
and the worker's note, on the partner's referral pages (issue 12 items 5 and 6)."""

from __future__ import annotations

import re

from domain.vocabulary import ClosureOutcome, Risk
from projections.notifications import Kind
from service.notifications import NotificationService
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, table_rows, text_of
from tests.ui.test_partner_pages import leaks, referred
from tests.ui.test_worker_pages import settle


def header_count(html: str) -> str:
    """The words of the header's notification link."""
    found = re.search(r'<span id="notify-count"[^>]*>(.*?)</span></a>', html, flags=re.S)
    assert found is not None
    return text_of(found.group(1))


def notification_ids(html: str) -> list[str]:
    return re.findall(r'action="/notifications/([0-9a-f-]{36})/read"', html)


def service(world: World) -> NotificationService:
    notifications = world.container.notifications
    assert notifications is not None
    return notifications


@SQLITE_ONLY
class TestHeaderCount:
    def test_a_referral_shows_in_the_partners_header_and_the_count_poll(
            self, ui: Ui, world: World) -> None:
        partner = ui.as_("bright-light")
        assert header_count(partner.get("/referrals").text) == "通知"

        referred(world)

        assert header_count(partner.get("/referrals").text) == "通知 1 条未读"
        poll = partner.get("/notifications/count")
        assert poll.status_code == 200
        assert text_of(poll.text) == "通知 1 条未读"
        # The other organisation's partner is told nothing; the worker who referred
        # only of the case assigned to them before.
        assert text_of(ui.as_("riverside").get("/notifications/count").text) == "通知"
        told = service(world).page(world.jb_worker).items
        assert [row.kind for row in told] == [Kind.CASE_ASSIGNED]

    def test_the_count_poll_without_a_session_does_not_send_to_the_log_in_page(
            self, ui: Ui) -> None:
        answer = ui.browser().client.get("/notifications/count", follow_redirects=False,
                                         headers={"HX-Request": "true"})
        assert answer.status_code == 204
        assert "HX-Redirect" not in answer.headers


@SQLITE_ONLY
class TestList:
    def test_each_role_reads_its_own_notifications_in_words(
            self, ui: Ui, world: World) -> None:
        cases = world.cases
        case = world.assessed_case(world.jb_worker, Risk.HIGH)
        cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None)
        cases.close(world.jb_worker, case.id, ClosureOutcome.RESOLVED, "药已送到")
        other = world.assessed_case(world.jb_worker, Risk.MEDIUM)
        cases.request_transfer(world.jb_supervisor, other.id, "PD", "离浦东更近")
        settle(world)

        worker = text_of(ui.as_("jb-wang").get("/notifications").text)
        lead = text_of(ui.as_("jb-lead").get("/notifications").text)
        pd_lead = text_of(ui.as_("pd-lead").get("/notifications").text)

        assert f"个案 {case.reference} 已分派给您。" in worker
        assert f"个案 {case.reference} 申请结案,待您审批。" in lead
        assert f"个案 {other.reference} 申请转移至您的团队" in pd_lead
        assert other.reference not in lead  # the sending team is not told
        english = ui.as_("jb-wang")
        english.post("/language", {"lang": "en", "next": "/notifications"})
        assert (f"Case {case.reference} has been assigned to you."
                in text_of(english.get("/notifications").text))

    def test_a_partners_notification_names_no_resident_and_the_answer_tells_the_worker(
            self, ui: Ui, world: World) -> None:
        _, referral_id = referred(world)
        partner = ui.as_("bright-light")
        page = partner.get("/notifications").text
        assert leaks(page) == []
        assert "江北社工站向贵机构转介了个案" in text_of(page)
        assert f'href="/referrals/{referral_id}"' in page

        partner.follow(partner.post(f"/referrals/{referral_id}/accept"))
        settle(world)
        worker = ui.as_("jb-wang").get("/notifications").text
        assert "您转介的个案" in text_of(worker)
        assert "已接收" in text_of(worker)

    def test_marking_one_then_all_read(self, ui: Ui, world: World) -> None:
        for _ in range(3):
            world.active_case(world.jb_worker, world.jb_supervisor)
        settle(world)
        worker = ui.as_("jb-wang")
        ids = notification_ids(worker.get("/notifications").text)
        assert len(ids) == 3

        marked = worker.follow(worker.post(f"/notifications/{ids[0]}/read",
                                           {"show": "unread"}))
        assert "已标为已读" in text_of(marked.text)
        assert header_count(marked.text) == "通知 2 条未读"
        assert len(table_rows(marked.text, "notifications")) == 2  # the unread ones
        everything = worker.get("/notifications").text
        assert len(table_rows(everything, "notifications")) == 3
        assert sum(row.rsplit(" ", 1)[-1] == "已读" for row in
                   table_rows(everything, "notifications")) == 1

        all_read = worker.follow(worker.post("/notifications/read-all"))
        assert "已将 2 条通知标为已读" in text_of(all_read.text)
        assert header_count(all_read.text) == "通知"
        assert notification_ids(all_read.text) == []


@SQLITE_ONLY
class TestAuthorization:
    def test_another_user_can_neither_read_nor_mark_mine(self, ui: Ui, world: World) -> None:
        world.active_case(world.jb_worker, world.jb_supervisor)
        settle(world)
        mine = notification_ids(ui.as_("jb-wang").get("/notifications").text)
        assert len(mine) == 1

        colleague = ui.as_("jb-li")
        assert notification_ids(colleague.get("/notifications").text) == []
        refused = colleague.post(f"/notifications/{mine[0]}/read")
        assert refused.status_code == 404
        colleague.post("/notifications/read-all")

        assert service(world).unread(world.jb_worker) == 1
        assert header_count(ui.as_("jb-wang").get("/work").text) == "通知 1 条未读"

    def test_no_page_without_logging_in_and_no_mark_without_the_form_token(
            self, ui: Ui, world: World) -> None:
        anonymous = ui.browser().client.get("/notifications", follow_redirects=False)
        assert anonymous.status_code in (302, 303)
        assert "/login" in anonymous.headers["location"]
        world.active_case(world.jb_worker, world.jb_supervisor)
        settle(world)
        worker = ui.as_("jb-wang")
        mine = notification_ids(worker.get("/notifications").text)
        assert worker.post(f"/notifications/{mine[0]}/read", csrf=False).status_code == 403
        assert service(world).unread(world.jb_worker) == 1


@SQLITE_ONLY
class TestWhoReferred:
    def test_the_partner_sees_the_team_its_duty_phone_and_the_masked_note(
            self, ui: Ui, world: World) -> None:
        world.identity.set_team_duty_phone(world.admin, "JB", "023-6700 0101")
        _, referral_id = referred(world)
        partner = ui.as_("bright-light")

        inbox = text_of(partner.get("/referrals").text)
        detail_html = partner.get(f"/referrals/{referral_id}").text
        detail = text_of(detail_html)

        assert "江北社工站" in inbox
        assert "023-67000101" in inbox
        assert "给合作机构的说明: For ***: call ***, ring twice" in inbox
        assert "转介团队 江北社工站" in detail
        assert "转介社工 Jb-Wang" in detail
        assert "值班电话(回电) 023-67000101" in detail
        assert "For ***: call ***, ring twice" in detail
        assert leaks(detail_html) == []

        accepted = text_of(partner.follow(
            partner.post(f"/referrals/{referral_id}/accept")).text)
        assert "For 宋老师: call 138 0000 0001, ring twice" in accepted

    def test_a_team_without_a_duty_phone_says_so(self, ui: Ui, world: World) -> None:
        _, referral_id = referred(world)
        detail = text_of(ui.as_("bright-light").get(f"/referrals/{referral_id}").text)
        assert "该团队未登记值班电话" in detail


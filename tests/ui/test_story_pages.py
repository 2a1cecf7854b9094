"""Demo story 2 (the blind reader) lived through the web UI only, on both stores, and the
remaining forms of the case page: consent, reopening, transfers, withdrawn and
declined referrals."""

from __future__ import annotations

import re
from datetime import timedelta

from domain.vocabulary import ClosureOutcome, Status
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.test_worker_pages import intake_form, settle


def case_id_of(url: str) -> str:
    found = re.search(r"/cases/([0-9a-f-]{36})", url)
    assert found, url
    return found.group(1)


def version_on(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


def referral_link(html: str) -> str:
    found = re.search(r'href="(/referrals/[0-9a-f-]{36})"', html)
    assert found
    return found.group(1)


def test_the_blind_reader_from_intake_to_closure(ui: Ui, world: World) -> None:
    worker, partner = ui.as_("pd-zhao"), ui.as_("bright-light")
    tomorrow = (world.today() + timedelta(days=1)).isoformat()

    opened = worker.post("/cases/new", intake_form(
        name="周明", phone="139 1234 5678", district="浦东新区", channel="online_platform",
        request="视障独居,生活物资已用完", vulnerabilities=["visual_impairment", "lives_alone"],
        needs=["daily_supplies"], triage="on", risk="medium", plan="认领后转介基金会",
        follow_up_due=tomorrow))
    case_page = worker.follow(opened)
    case_id = case_id_of(opened.headers["location"])
    assert "待分派" in text_of(case_page.text)

    claimed = worker.post(f"/cases/{case_id}/claim", {"version": version_on(case_page.text)})
    page = worker.follow(claimed).text
    assert "服务中" in text_of(page)

    referred = worker.post(f"/cases/{case_id}/refer", {
        "version": version_on(page), "organisation_id": str(world.foundation),
        "service": "需求评估及定向物资支持", "note": "先电话联系"})
    page = worker.follow(referred).text
    assert "转介已发送" in text_of(page)
    assert "已转介待接收" in text_of(page)
    settle(world)

    inbox = partner.get("/referrals").text
    assert "周明" not in inbox
    detail = referral_link(inbox)
    partner.follow(partner.post(f"{detail}/accept"))
    done = partner.follow(partner.post(f"{detail}/complete", {
        "outcome": "service_provided", "delivered": "上门评估并送去米面油",
        "value_cny": "500.00", "people_helped": "1"}))
    assert "转介已完成" in text_of(done.text)

    page = worker.get(f"/cases/{case_id}").text
    closed = worker.post(f"/cases/{case_id}/close", {
        "version": version_on(page), "outcome": "resolved", "summary": "物资已送达"})
    page = text_of(worker.follow(closed).text)
    assert "已结案" in page
    assert "Bright-Light(Bright Light Foundation)完成了转介:已提供服务" in page
    settle(world)
    report = text_of(partner.get("/report").text)
    assert "500.00 元" in report


@SQLITE_ONLY
class TestMoreForms:
    def test_withdrawing_consent_withdraws_open_referrals(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.send_referral(world.jb_worker, case.id, world.foundation, "送药", None)
        browser = ui.as_("jb-wang")
        page = browser.get(f"/cases/{case.id}").text

        answer = browser.post(f"/cases/{case.id}/consent", {"version": version_on(page),
                                                            "given": "no"})

        words = text_of(browser.follow(answer).text)
        assert "撤回同意已记录" in words
        assert "已撤回" in words
        assert "未同意或已撤回" in words

    def test_a_referral_needs_consent(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.record_consent(world.jb_worker, case.id, False, None)
        browser = ui.as_("jb-wang")
        page = browser.get(f"/cases/{case.id}").text
        assert "服务对象尚未同意共享信息" in text_of(page)

        answer = browser.post(f"/cases/{case.id}/refer", {
            "version": version_on(page), "organisation_id": str(world.foundation),
            "service": "送药"})

        assert answer.status_code == 409
        assert "服务对象已同意共享信息时才能转介" in text_of(answer.text)
        recorded = browser.post(f"/cases/{case.id}/consent", {
            "version": version_on(answer.text), "given": "yes", "method": "written"})
        assert "已同意(书面)" in text_of(browser.follow(recorded).text)

    def test_withdrawing_and_declining_referrals(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        first = world.cases.send_referral(world.jb_worker, case.id, world.foundation, "送药",
                                          None)
        browser = ui.as_("jb-wang")
        page = browser.get(f"/cases/{case.id}").text

        answer = browser.post(f"/cases/{case.id}/referrals/{first.referral_id}/withdraw",
                              {"version": version_on(page), "reason": "家属已取药"})

        assert "转介已撤回" in text_of(browser.follow(answer).text)
        second = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                           "送药", None)
        settle(world)
        partner = ui.as_("bright-light")
        declined = partner.post(f"/referrals/{second.referral_id}/decline",
                                {"reason": "本周人手不足"})
        assert "已拒绝转介" in text_of(partner.follow(declined).text)
        assert "已拒绝" in text_of(browser.get(f"/cases/{case.id}").text)

    def test_a_supervisor_reopens_a_closed_case(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.close(world.jb_worker, case.id, ClosureOutcome.RESOLVED, "Done")
        browser = ui.as_("jb-lead")
        page = browser.get(f"/cases/{case.id}").text

        answer = browser.post(f"/cases/{case.id}/reopen", {"version": version_on(page),
                                                           "reason": "又断药了"})

        assert "Jb-Lead 重新开案" in text_of(browser.follow(answer).text)
        assert world.cases.get_case(world.jb_supervisor, case.id).status is Status.ACTIVE

    def test_a_supervisor_asks_for_a_transfer(self, ui: Ui, world: World) -> None:
        case = world.assessed_case(world.jb_worker)
        browser = ui.as_("jb-lead")
        page = browser.get(f"/cases/{case.id}").text
        assert '<option value="PD">' in page

        answer = browser.post(f"/cases/{case.id}/transfer", {
            "version": version_on(page), "to_team": "PD", "reason": "住在浦东"})

        words = text_of(browser.follow(answer).text)
        assert "转移申请已提交" in words
        assert "待对方督导决定" in words
        settle(world)
        assert case.reference in ui.as_("pd-lead").get("/team/transfers").text

    def test_an_auditor_reads_but_is_offered_no_form(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)

        page = ui.as_("mca-auditor").get(f"/cases/{case.id}").text

        assert case.reference in page
        assert 'method="post" action="/cases/' not in page
        assert f'href="/cases/{case.id}/history"' in page

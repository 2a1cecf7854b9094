"""A partner organisation's pages: the referral inbox (de-identified until accepted),
answering a referral, and the outcome report with its CSV file."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from uuid import UUID

from domain.vocabulary import ReferralOutcome
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.test_worker_pages import settle

# The resident of World.intake (the prescription story).
PERSONAL = ["宋老师", "138 0000 0001", "13800000001", "3-2-201"]


def referred(world: World) -> tuple[UUID, UUID]:
    """A case of JB referred to the foundation: (case id, referral id)."""
    case = world.active_case(world.jb_worker, world.jb_supervisor)
    result = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                       "Medicine delivery",
                                       "For 宋老师: call 138 0000 0001, ring twice")
    assert result.referral_id is not None
    settle(world)
    return case.id, result.referral_id


def leaks(html: str) -> list[str]:
    return [value for value in PERSONAL if value in html]


@SQLITE_ONLY
class TestInbox:
    def test_before_acceptance_nothing_identifies_the_resident(
            self, ui: Ui, world: World) -> None:
        _, referral_id = referred(world)
        browser = ui.as_("bright-light")

        inbox = browser.get("/referrals").text
        detail = browser.get(f"/referrals/{referral_id}").text

        assert f"/referrals/{referral_id}" in inbox
        assert "代配药" in text_of(inbox)
        assert "江北区" in text_of(inbox)
        assert leaks(inbox) == []
        assert leaks(detail) == []
        assert "本机构接收转介后显示" in text_of(detail)

    def test_identifiers_typed_into_the_service_are_masked_in_the_inbox(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                  "为宋老师代购大米(建新社区3-2-201)", None)
        settle(world)

        inbox = ui.as_("bright-light").get("/referrals").text

        assert leaks(inbox) == []
        assert "为***代购大米(建新社区***)" in text_of(inbox)

    def test_accepting_shows_the_contact_until_completion(self, ui: Ui, world: World) -> None:
        _, referral_id = referred(world)
        browser = ui.as_("bright-light")

        accepted = browser.follow(browser.post(f"/referrals/{referral_id}/accept"))
        assert "已接收转介" in text_of(accepted.text)
        assert "宋老师" in accepted.text
        assert "13800000001" in accepted.text  # canonical (decision 0022)

        completed = browser.follow(browser.post(f"/referrals/{referral_id}/complete", {
            "outcome": "service_provided", "delivered": "送药一次", "value_cny": "120.50",
            "people_helped": "1"}))
        assert "转介已完成" in text_of(completed.text)
        assert "已提供服务 · 120.50 元 · 1 人" in text_of(completed.text)
        assert leaks(completed.text) == []

    def test_a_refused_answer_is_explained(self, ui: Ui, world: World) -> None:
        _, referral_id = referred(world)
        browser = ui.as_("bright-light")

        answer = browser.post(f"/referrals/{referral_id}/complete", {
            "outcome": "service_provided", "delivered": "x", "value_cny": "1",
            "people_helped": "1"})

        assert answer.status_code == 409
        assert "该转介的当前状态不允许此操作" in text_of(answer.text)

    def test_another_organisation_sees_nothing(self, ui: Ui, world: World) -> None:
        _, referral_id = referred(world)
        browser = ui.as_("riverside")

        assert browser.get(f"/referrals/{referral_id}").status_code == 404
        assert f"/referrals/{referral_id}" not in browser.get("/referrals").text

    def test_the_inbox_refreshes_by_itself(self, ui: Ui, world: World) -> None:
        browser = ui.as_("bright-light")
        assert 'hx-get="/referrals/list?show=open"' in browser.get("/referrals").text

        _, referral_id = referred(world)

        assert f"/referrals/{referral_id}" in browser.get("/referrals/list").text


@SQLITE_ONLY
class TestOutcomeReport:
    def test_the_report_and_its_csv_file(self, ui: Ui, world: World) -> None:
        _, referral_id = referred(world)
        partner = world.partner
        world.cases.accept_referral(partner, referral_id)
        world.later(hours=5)
        world.cases.complete_referral(partner, referral_id, ReferralOutcome.SERVICE_PROVIDED,
                                      "送药", Decimal("500.00"), 2)
        settle(world)
        browser = ui.as_("bright-light")

        page = browser.get("/report").text
        download = browser.get("/report.csv", params={"from": "2022-04-01", "to": "2022-04-30"})

        assert "500.00 元" in text_of(page)
        assert '<canvas data-chart="chart-months-data">' in page
        assert download.headers["content-type"].startswith("text/csv")
        assert "attachment" in download.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
        assert rows[0][:4] == ["月份", "转介数", "已接收(含已完成)", "已完成"]
        assert rows[1][0] == "2022-04"
        assert rows[1][1] == "1"
        assert rows[1][3] == "1"
        assert rows[-1][0] == "合计"
        assert rows[-1][-2:] == ["500.00", "2"]

    def test_a_bad_date_is_refused_in_words(self, ui: Ui) -> None:
        answer = ui.as_("bright-light").get("/report", params={"from": "2022-13-01"})

        assert answer.status_code == 422
        assert "转介起始日期:须为有效日期" in text_of(answer.text)

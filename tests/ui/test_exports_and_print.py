"""Print and export (issue 12, item 9): the case record sheet, the case list as filtered
in CSV and XLSX, the de-identified referral export; each recorded in the access log and
refused to the roles that may not have it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from uuid import UUID

from openpyxl import load_workbook

from domain.vocabulary import ReferralOutcome, Risk, ServiceKind, Vulnerability
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.test_worker_pages import settle


def access_whats(world: World, case_id: UUID) -> list[str]:
    return [entry.what for entry, _ in world.container.access_log.entries(case_id, 50, None)]


def parse_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def parse_xlsx(body: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@SQLITE_ONLY
class TestPrint:
    def test_the_record_sheet_holds_the_case_and_no_navigation_or_forms(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor, Risk.HIGH)
        world.cases.add_note(world.jb_worker, case.id, "Called her granddaughter at noon")
        world.cases.log_service(world.jb_worker, case.id, ServiceKind.MEDICAL_ESCORT,
                                "Escorted to the neurology clinic", world.later(hours=1), 150)
        world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                  "Home care twice a week", None)
        settle(world)

        answer = ui.as_("jb-wang").get(f"/cases/{case.id}/print")

        assert answer.status_code == 200
        page = answer.text
        words = text_of(page)
        for heading in ("个案记录表", "服务对象", "评估", "服务记录", "个案记录", "转介",
                        "社工签名", "督导签名"):
            assert heading in words, heading
        assert case.reference in words
        assert "宋老师" in words
        assert "Escort to the neurology clinic tomorrow morning" in words  # the plan
        assert "Escorted to the neurology clinic" in words
        assert "150 分钟" in words
        assert "Called her granddaughter at noon" in words
        assert "Bright Light Foundation" in words
        assert "<nav" not in page
        assert "<form" not in page
        assert 'data-print' in page
        assert "<script>" not in page
        assert "case_print" in access_whats(world, case.id)

    def test_only_those_who_may_read_the_case_print_it(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        settle(world)

        assert ui.as_("pd-zhao").get(f"/cases/{case.id}/print").status_code == 404
        assert ui.as_("bright-light").get(f"/cases/{case.id}/print").status_code == 403
        assert ui.as_("mca-auditor").get(f"/cases/{case.id}/print").status_code == 200
        assert access_whats(world, case.id).count("case_print") == 1


@SQLITE_ONLY
class TestCaseExport:
    def test_the_csv_holds_exactly_the_filtered_list_in_the_users_language(
            self, ui: Ui, world: World) -> None:
        lead = world.jb_supervisor
        alone = world.open_case(world.jb_worker, vulnerabilities=(
            Vulnerability.LIVES_ALONE,)).case
        other = world.active_case(world.jb_worker, lead)
        world.open_case(world.pd_worker)  # another team's
        settle(world)

        answer = ui.as_("jb-lead").get("/cases/export?vulnerability=lives_alone&format=csv")

        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/csv")
        assert "attachment" in answer.headers["content-disposition"]
        rows = parse_csv(answer.content)
        assert rows[0][:4] == ["个案编号", "服务团队", "状态", "风险等级"]
        assert [row[0] for row in rows[1:]] == [alone.reference]
        assert "宋老师" not in answer.content.decode("utf-8-sig")  # no resident's name
        assert "138" not in answer.content.decode("utf-8-sig")
        assert "case_export" in access_whats(world, alone.id)
        assert "case_export" not in access_whats(world, other.id)

        everything = parse_csv(ui.as_("jb-lead").get("/cases/export?format=csv").content)
        assert sorted(row[0] for row in everything[1:]) == sorted(
            [alone.reference, other.reference])

    def test_the_xlsx_holds_the_same_rows_with_english_headers(
            self, ui: Ui, world: World) -> None:
        critical = world.assessed_case(world.jb_worker, Risk.CRITICAL)
        world.assessed_case(world.jb_worker, Risk.LOW)
        settle(world)
        browser = ui.as_("jb-lead")
        browser.post("/language", {"lang": "en", "next": "/cases"})

        answer = browser.get("/cases/export?risk=critical&format=xlsx")

        assert answer.status_code == 200
        rows = parse_xlsx(answer.content)
        assert rows[0][:4] == ["Reference", "Team", "Status", "Risk"]
        assert [(row[0], row[3]) for row in rows[1:]] == [(critical.reference, "Critical")]

    def test_the_auditor_exports_every_team_and_a_partner_none(
            self, ui: Ui, world: World) -> None:
        jb = world.open_case(world.jb_worker).case
        pd = world.open_case(world.pd_worker).case
        settle(world)

        rows = parse_csv(ui.as_("mca-auditor").get("/cases/export").content)
        assert sorted(row[0] for row in rows[1:]) == sorted([jb.reference, pd.reference])
        assert ui.as_("bright-light").get("/cases/export").status_code == 403
        assert ui.as_("jb-wang").get("/cases/export?format=pdf").status_code == 400

    def test_the_case_list_links_its_downloads_with_its_filters(
            self, ui: Ui, world: World) -> None:
        page = ui.as_("jb-lead").get("/cases?risk=high&deadline=overdue").text

        assert 'href="/cases/export?risk=high&amp;deadline=overdue&amp;format=csv"' in page
        assert 'href="/cases/export?risk=high&amp;deadline=overdue&amp;format=xlsx"' in page


@SQLITE_ONLY
class TestReferralExport:
    def test_a_partner_gets_one_de_identified_line_per_referral_of_its_own(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        sent = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                         "Deliver insulin to 宋老师 at 3-2-201", "138 0000 0001")
        assert sent.referral_id is not None
        world.cases.accept_referral(world.partner, sent.referral_id)
        world.later(hours=2)
        world.cases.complete_referral(world.partner, sent.referral_id,
                                      ReferralOutcome.SERVICE_PROVIDED, "Insulin for a month",
                                      Decimal("480.00"), 1)
        other = world.active_case(world.jb_colleague, world.jb_supervisor)
        riverside = next(o.id for o in world.identity.organisations()
                         if o.name == "Riverside Volunteers")
        world.cases.send_referral(world.jb_worker, other.id, riverside, "Food parcel", None)
        settle(world)

        answer = ui.as_("bright-light").get("/referrals/export?format=csv")

        assert answer.status_code == 200
        body = answer.content.decode("utf-8-sig")
        rows = parse_csv(answer.content)
        assert len(rows) == 2  # the header and its one referral
        line = dict(zip(rows[0], rows[1], strict=True))
        assert line["转介编号"] == str(sent.referral_id)
        assert line["服务结果"] == "已提供服务"
        assert line["服务价值(元)"] == "480.00"
        assert line["受助人数"] == "1"
        assert line["年龄段"] == "70-79"
        for personal in ("宋老师", "138", "3-2-201", "insulin", "Insulin", case.reference):
            assert personal not in body, personal
        assert "referral_export" in access_whats(world, case.id)

        xlsx = parse_xlsx(ui.as_("bright-light").get("/referrals/export?format=xlsx").content)
        assert [row[0] for row in xlsx[1:]] == [str(sent.referral_id)]
        assert ui.as_("riverside").get("/referrals/export").status_code == 200
        assert str(sent.referral_id) not in ui.as_("riverside").get(
            "/referrals/export").content.decode("utf-8-sig")

    def test_an_export_longer_than_a_page_holds_every_row(self, ui: Ui, world: World) -> None:
        for _ in range(205):
            world.open_case(world.jb_worker)
        world.later(minutes=1)
        settle(world)

        rows = parse_csv(ui.as_("jb-wang").get("/cases/export").content)

        assert len(rows) == 206
        assert len({row[0] for row in rows[1:]}) == 205

"""The export routes of SPEC §6 over HTTP: the case list as filtered and the referrals,
as CSV or XLSX, in the caller's language, scoped like the lists and recorded in the
access log."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from domain.vocabulary import Channel, Risk
from tests.http.conftest import Api
from tests.http.reads_support import SQLITE_ONLY, project
from tests.integration.conftest import World


def rows_of(answer: object) -> list[list[str]]:
    content: bytes = answer.content  # type: ignore[attr-defined]
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@SQLITE_ONLY
class TestExportsApi:
    def test_the_case_export_takes_the_lists_filters_and_the_callers_language(
            self, api: Api, world: World) -> None:
        hotline = world.open_case(world.jb_worker, channel=Channel.HOTLINE).case
        world.assessed_case(world.jb_worker, Risk.HIGH)
        world.open_case(world.pd_worker, channel=Channel.HOTLINE)
        project(world)

        answer = api.as_("jb-lead").get("/api/v1/exports/cases",
                                        params={"channel": "hotline", "lang": "en"})

        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/csv")
        rows = rows_of(answer)
        assert rows[0][:3] == ["Reference", "Team", "Status"]
        assert [(row[0], row[4]) for row in rows[1:]] == [(hotline.reference, "Hotline")]
        log = api.as_("jb-lead").get(f"/api/v1/cases/{hotline.id}/access-log").json()
        assert [item["what"] for item in log["items"]] == ["case_export"]

    def test_the_auditor_gets_xlsx_of_every_team_and_a_partner_is_refused(
            self, api: Api, world: World) -> None:
        jb = world.open_case(world.jb_worker).case
        pd = world.open_case(world.pd_worker).case
        project(world)

        answer = api.as_("mca-auditor").get("/api/v1/exports/cases",
                                            params={"format": "xlsx"},
                                            headers={"accept-language": "zh-CN"})

        assert answer.status_code == 200
        sheet = load_workbook(io.BytesIO(answer.content), read_only=True).worksheets[0]
        found = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert found[0][0] == "个案编号"
        assert sorted(str(row[0]) for row in found[1:]) == sorted([jb.reference, pd.reference])
        assert api.as_("bright-light").get("/api/v1/exports/cases").status_code == 403
        bad = api.as_("jb-wang").get("/api/v1/exports/cases", params={"risk": "extreme"})
        assert bad.status_code in (400, 422)
        assert bad.headers["content-type"] == "application/problem+json"

    def test_a_partner_exports_only_its_own_referrals_de_identified(
            self, api: Api, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        sent = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                         "Insulin for 宋老师", None)
        project(world)

        mine = rows_of(api.as_("bright-light").get("/api/v1/exports/referrals"))
        theirs = rows_of(api.as_("riverside").get("/api/v1/exports/referrals"))

        assert [row[0] for row in mine[1:]] == [str(sent.referral_id)]
        assert theirs[1:] == []
        text = str(mine)
        assert "宋老师" not in text
        assert "Insulin" not in text
        assert case.reference not in text
        assert api.as_("sys-admin").get("/api/v1/exports/referrals").status_code == 403

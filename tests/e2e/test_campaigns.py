"""雨花街道's supervisor starts a call campaign and loads its list; a worker takes her next
contacts on a phone, records a found need (a case opens) and a no answer; the supervisor
reads the progress table (decision 0029)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, People, screenshot
from tests.e2e.story import flash, main

pytestmark = pytest.mark.e2e

SHEET = ("姓名,电话,地址,备注\n"
         "排查测试甲,139 7800 0001,雨花街道3栋2单元401,独居\n"
         "排查测试乙,１３９７８０００００２,雨花街道5栋1单元102,\n")


def test_a_call_campaign_from_the_list_to_the_progress_table(people: People,
                                                              tmp_path: Path) -> None:
    sheet = tmp_path / "80岁以上老人.csv"
    sheet.write_bytes(SHEET.encode("gb18030"))
    lead = people.page("yh.supervisor", "/campaigns")
    lead.get_by_role("textbox", name="排查活动").fill("80岁以上老人电话排查")
    lead.get_by_label("说明").fill("雨花街道 80 岁以上老人逐户电话排查")
    lead.get_by_role("button", name="创建").click()
    flash(lead, "排查活动已创建")
    campaign = lead.url
    lead.get_by_label("表格文件(CSV 或 XLSX)").set_input_files(str(sheet))
    lead.get_by_role("button", name="导入", exact=True).click()
    expect(main(lead)).to_contain_text("已导入 2 位联系人。")

    worker = people.page("yh.worker1", "/campaigns")
    worker.set_viewport_size(PHONE)
    try:
        worker.get_by_role("link", name="80岁以上老人电话排查").click()
        worker.get_by_role("link", name="我的待拨名单").first.click()
        worker.get_by_role("button", name="领取下 5 位联系人").click()
        flash(worker, "已领取待拨联系人。")
        first = worker.locator(".contact-card").filter(has_text="排查测试甲")
        expect(first.get_by_role("link", name="13978000001")).to_be_visible()
        assert worker.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(worker, "campaign-calls")
        first.get_by_label("已联系,有需求(转为个案)").check()
        first.get_by_label("备注").fill("独居,需每周代购药品")
        first.get_by_role("button", name="记录").click()
        flash(worker, "已记录,并新建个案 YH-")
        second = worker.locator(".contact-card").filter(has_text="排查测试乙")
        second.get_by_label("无人接听(稍后再拨)").check()
        second.get_by_role("button", name="记录").click()
        flash(worker, "拨打结果已记录。")
        expect(main(worker)).to_contain_text("你当前没有待拨联系人。")
    finally:
        worker.set_viewport_size(DESKTOP)

    lead.goto(campaign)
    progress = main(lead).get_by_role("table", name="进度")
    expect(progress.locator("td")).to_have_text(["2", "2", "1", "0", "1", "1"])
    by_worker = main(lead).get_by_role("table", name="社工")
    expect(by_worker.get_by_role("row").filter(has_text="钱芳")).to_contain_text("2")
    progress.scroll_into_view_if_needed()
    screenshot(lead, "campaign-progress")

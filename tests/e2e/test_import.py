"""A supervisor imports a forwarded list in the browser, in Chinese: the dry run shows
the first rows and the row with a problem, the confirmation creates the good rows, and
the cases are there to find."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import People, screenshot
from tests.e2e.story import main, region

pytestmark = pytest.mark.e2e

PLACE = "雨花台区,雨花街道,共青团社区"
SHEET = ("姓名,电话,出生年份,性别,区,街道,社区,独居,需求,困难类型,诉求\n"
         f"导入测试甲,139 7700 0001,1938,女,{PLACE},是,买药,高龄,每月代配降压药\n"
         f"导入测试乙,１３９７７０００００２,1941,男,{PLACE},否,买菜、送餐,老年人,腿脚不便需送菜\n"
         f"导入测试丙,139-7700-0003,1940,女,{PLACE},Y,理发,独居,想请人上门理发\n")


def test_a_supervisor_previews_and_confirms_an_import(people: People, tmp_path: Path) -> None:
    sheet = tmp_path / "外呼名单.csv"
    sheet.write_bytes(SHEET.encode("gb18030"))
    page = people.page("yh.supervisor", "/team/import")
    expect(page.get_by_role("heading", level=1)).to_have_text("批量导入个案")
    confirm = page.get_by_role("button", name="确认导入无问题的行")
    expect(confirm).to_be_disabled()

    page.get_by_label("表格文件(CSV 或 XLSX)").set_input_files(str(sheet))
    page.get_by_role("button", name="预览(试导入,不保存)").click()
    preview = region(page, "预览:前几行")
    expect(preview).to_contain_text("导入测试甲")
    problems = main(page).get_by_role("table", name="未导入的行")
    expect(problems).to_contain_text("“理发”不是可识别的需求")
    expect(problems.get_by_role("row")).to_have_count(2)  # the header and row 4
    expect(main(page)).to_contain_text("试导入可新建 2 条")
    preview.evaluate("section => section.scrollIntoView()")  # the preview and the problems
    screenshot(page, "import-preview")

    expect(confirm).to_be_enabled()
    confirm.click()
    expect(main(page).get_by_role("status")).to_have_text("导入完成。")
    expect(main(page)).to_contain_text("新建 2 条")

    # the case list follows the projector: a moment after the import, the case is there
    for _ in range(40):
        page.goto(people.server.url("/cases?q=13977000002"))
        if main(page).get_by_role("table").count():
            break
        page.wait_for_timeout(250)
    expect(main(page).get_by_role("table")).to_contain_text("YH-")

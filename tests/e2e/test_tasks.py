"""Story 1 goes on (demo, Jiangbei): the worker of Song Laoshi's monthly prescription
case makes another errand for her (代洗衣物), offers it to the first volunteer the page
suggests, and finds it offered (已派单) on the team's task board (decision 0032)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from adapters.demo.residents import RESIDENTS
from tests.e2e.conftest import People, screenshot
from tests.e2e.story import field, flash, main, now_local, open_action, region

pytestmark = pytest.mark.e2e


def test_a_worker_makes_a_task_offers_it_and_sees_it_on_the_board(people: People) -> None:
    song = RESIDENTS["song_laoshi"].name
    page = people.page("jb.worker1", "/work")
    caseload = page.get_by_role("table", name="我负责的个案")
    caseload.get_by_role("row").filter(has_text=song).get_by_role(
        "link", name=re.compile(r"^JB-")).click()
    expect(main(page).get_by_role("heading", level=1)).to_contain_text("JB-")

    form = open_action(page, "创建任务")
    field(form, "任务类型").select_option(label="代洗衣物")
    field(form, "任务内容").fill("代洗冬季被褥两床,洗净晾干后送回。")
    due = (now_local() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    field(form, "截止时间").fill(due)
    field(form, "地点").fill("建新东路洗衣房")
    form.get_by_role("button", name="创建任务").click()
    flash(page, "任务已创建。")

    tasks = region(page, "任务")
    row = tasks.get_by_role("row").filter(has_text="代洗冬季被褥")
    expect(row).to_contain_text("待派单")
    row.locator("details.action > summary", has_text="派单").click()
    first = row.get_by_role("list", name="可派志愿者(由近及远)").get_by_role("button").first
    name = first.inner_text().split(" · ")[0]
    screenshot(page, "tasks-offer")
    first.click()
    flash(page, "已派单。")
    row = region(page, "任务").get_by_role("row").filter(has_text="代洗冬季被褥")
    expect(row).to_contain_text("已派单")
    expect(row).to_contain_text(name)

    page.get_by_role("navigation").get_by_role("link", name="任务", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("团队任务")
    board = page.get_by_role("table", name="团队任务")
    on_board = board.get_by_role("row").filter(has_text="代洗冬季被褥")
    expect(on_board).to_contain_text("已派单")
    expect(on_board).to_contain_text(name)
    screenshot(page, "tasks-board")

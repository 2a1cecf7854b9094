"""The three-tier network in Chromium (decision 0030), on the demo's Qingyang tree: the
street platform's supervisor reads the roll-up of its community stations and routes the
case a station escalated to it down (下派) to the other station."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import People

pytestmark = pytest.mark.e2e


def test_a_street_reads_its_roll_up_and_routes_a_case_down(people: People) -> None:
    page = people.page("qyj.supervisor", "/team")
    rollup = page.get_by_role("region", name="下级团队汇总")
    rows = rollup.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(5)  # the header, the street, two stations, the total
    expect(rows.last).to_contain_text("合计")
    expect(rollup.get_by_role("link", name=re.compile("浣花社区社工站"))).to_be_visible()

    page.goto(people.server.url("/cases?team=QYJ"))
    page.get_by_role("link", name=re.compile(r"^QYH-\d{4}-\d{5}$")).first.click()
    page.get_by_text("下派", exact=True).first.click()  # the form's summary
    form = page.get_by_role("form", name="下派")
    form.get_by_label("下派至服务团队").select_option("QYH")
    form.get_by_label("原因").fill("住址属浣花社区,由社区站上门跟进")
    form.get_by_role("button", name="下派").click()

    expect(page.get_by_text("个案已下派。")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("浣花社区社工站")

"""Notifications across two browsers (issue 12 items 5, 6): 赵敏 (jb.worker2) refers her
home-care case of 田桂兰 to the NGO with a note naming her; the NGO's partner (许诺), with
another page open in another browser context, sees the header's count go up within 15 s
without reloading, opens the notification and reads who referred the case, the team's
duty phone and the note with the resident's name and phone hidden."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from adapters.demo.residents import RESIDENTS
from tests.e2e.conftest import People, screenshot
from tests.e2e.story import field, flash, main, region

pytestmark = pytest.mark.e2e

RESIDENT = RESIDENTS["jb_hip"]
SERVICE = "助浴服务(每周一次)"
NGO = "邻里守望社会工作服务中心"
WITHIN_MS = 15_000


def unread(text: str) -> int:
    found = re.search(r"(\d+) 条未读", text)
    return int(found.group(1)) if found else 0


def test_a_partner_is_told_of_a_referral_within_15_seconds(people: People) -> None:
    partner = people.page("ngo.partner", "/report")
    bell = partner.get_by_role("link", name=re.compile(r"^通知"))
    before = unread(bell.inner_text())

    worker = people.page("jb.worker2", "/work")
    worker.get_by_role("table", name="我负责的个案").get_by_role("row").filter(
        has_text="居家照护").get_by_role("link", name=re.compile(r"JB-")).first.click()
    worker.locator("details.action > summary", has_text=re.compile(r"^\s*转介\s*$")).click()
    form = worker.get_by_role("form", name="转介", exact=True)
    field(form, "合作机构").select_option(label=f"{NGO} (社会组织)")
    field(form, "服务需求").fill(SERVICE)
    field(form, "给合作机构的说明").fill(
        f"{RESIDENT.name}阿姨腿脚不便,请先打 {RESIDENT.phone} 约时间。")
    form.get_by_role("button", name="转介").click()
    sent = time.monotonic()
    flash(worker, "转介已发送")

    # The partner's page was not reloaded: the header's count polls by itself.
    expect(bell).to_have_text(f"通知 {before + 1} 条未读", timeout=WITHIN_MS)
    assert time.monotonic() - sent < WITHIN_MS / 1000

    bell.click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("通知")
    newest = main(partner).get_by_role("table").get_by_role("row").nth(1)
    expect(newest).to_contain_text("江北区社工服务团队向贵机构转介了个案")
    expect(newest).to_contain_text("未读")
    assert RESIDENT.name not in partner.content()
    screenshot(partner, "notifications")

    newest.get_by_role("link").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text(f"转介:{SERVICE}")
    referrer = region(partner, "转介方")
    expect(referrer).to_contain_text("江北区社工服务团队")
    expect(referrer).to_contain_text("赵敏")
    expect(referrer).to_contain_text("023-67000101")
    expect(referrer).to_contain_text("***阿姨腿脚不便,请先打 *** 约时间。")
    expect(referrer).to_contain_text("接收转介前,说明中的姓名、电话和地址已隐去。")
    html = partner.content()
    assert RESIDENT.name not in html
    assert RESIDENT.phone not in html
    screenshot(partner, "partner-referrer")

    partner.goto(people.server.url("/notifications"))
    partner.get_by_role("button", name="全部标为已读").click()
    flash(partner, "条通知标为已读")
    expect(bell).to_have_text("通知")

"""A partner organisation in the browser, in Chinese: its referral inbox shows no resident's
name or phone until it accepts; after accepting it sees the contact details needed to
deliver, and after completing with an outcome they are gone again.

The demo's open referral: the Yuhua outreach list sent 韦长林's monthly cleaning to the NGO
(邻里守望社会工作服务中心), which has not answered yet.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from adapters.demo.residents import RESIDENTS
from tests.e2e.conftest import People, screenshot
from tests.e2e.story import field, flash, main, region

pytestmark = pytest.mark.e2e

PARTNER = "ngo.partner"
SERVICE = "上门保洁(每月一次)"
RESIDENT = RESIDENTS["yh_cleaning"]


def shows_no_resident(page: Page) -> None:
    """Not one demo resident's name, phone, address or emergency contact on the page."""
    html = page.content()
    for person in RESIDENTS.values():
        for secret in (person.name, person.phone, person.phone.replace(" ", ""),
                       person.address_detail, person.contact_name, person.contact_phone,
                       (person.contact_phone or "").replace(" ", "")):
            if secret:
                assert secret not in html, "the page shows a resident's personal data"


def test_the_partner_accepts_a_referral_then_completes_it(people: People) -> None:
    page = people.page(PARTNER, "/referrals")
    expect(page.get_by_role("heading", level=1)).to_have_text("转介收件箱")
    inbox = main(page).get_by_role("table")
    row = inbox.get_by_role("row").filter(has=page.get_by_role("link", name=SERVICE))
    expect(row).to_contain_text("已转介待接收")
    expect(row).to_contain_text("雨花区")
    expect(row).to_contain_text("居家照护")
    shows_no_resident(page)
    screenshot(page, "partner-inbox")

    # Every referral the NGO ever had: answered, withdrawn or expired ones too.
    page.get_by_role("navigation", name="筛选").get_by_role("link", name="全部").click()
    expect(main(page).get_by_role("table")).to_contain_text("已拒绝")
    shows_no_resident(page)
    page.get_by_role("navigation", name="筛选").get_by_role("link", name="进行中").click()

    # Before accepting: a summary, no contact.
    main(page).get_by_role("link", name=SERVICE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"转介:{SERVICE}")
    expect(region(page, "概况")).to_contain_text("智慧养老呼叫中心外呼")
    expect(region(page, "联系方式")).to_contain_text("本机构接收转介后显示,转介完成后不再显示。")
    shows_no_resident(page)

    page.get_by_role("button", name="接收转介").click()
    flash(page, "已接收转介,可查看联系方式。")
    expect(main(page).locator("h1 + p")).to_contain_text("已接收")
    contact = region(page, "联系方式")
    expect(contact).to_contain_text(RESIDENT.name)
    expect(contact).to_contain_text(RESIDENT.phone.replace(" ", ""))
    expect(contact).to_contain_text(RESIDENT.address_detail)
    expect(contact).to_contain_text("转介完成后将无法再查看这些信息。")
    screenshot(page, "partner-referral")

    form = page.get_by_role("form", name="完成转介并登记成效")
    field(form, "服务成效").select_option(label="已提供服务")
    field(form, "提供的服务").fill("两名志愿者上门整理厨房和卫生间,约定每月第一周再上门。")
    field(form, "价值(元)").fill("三百")
    form.get_by_role("button", name="完成转介并登记成效").click()
    expect(page.get_by_role("alert")).to_contain_text("价值(元):须为金额(元),最多两位小数")

    form = page.get_by_role("form", name="完成转介并登记成效")
    field(form, "价值(元)").fill("300.00")
    field(form, "受益人数").fill("2")
    form.get_by_role("button", name="完成转介并登记成效").click()
    flash(page, "转介已完成。")
    expect(main(page).locator("h1 + p")).to_contain_text("已完成")
    expect(region(page, "服务成效")).to_contain_text("已提供服务")
    expect(region(page, "服务成效")).to_contain_text("2 人")
    expect(region(page, "联系方式")).to_contain_text("本机构接收转介后显示")
    shows_no_resident(page)  # access to the contact lapsed with the completion

"""Story 1 of docs/domain.md §6, the prescription, in the browser and in Chinese: a community
committee reports an older woman with Parkinson's. A worker (赵敏) takes the intake,
assesses high risk with a follow-up the next day; the supervisor (李静) assigns; the worker
logs the medical escort and requests closure; the supervisor approves and reads the history.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from adapters.demo.residents import RESIDENTS
from tests.e2e.conftest import DESKTOP, PHONE, People, screenshot
from tests.e2e.story import (
    REFERENCE,
    RESIDENT,
    alert,
    field,
    flash,
    main,
    now_local,
    open_action,
    reference_of,
    region,
    status_is,
    timeline_says,
    today,
)

pytestmark = pytest.mark.e2e

WORKER, SUPERVISOR = "jb.worker2", "jb.supervisor"
WORKER_NAME, SUPERVISOR_NAME = "赵敏", "李静"
NARROW_PHONE = ViewportSize(width=375, height=812)
OPEN_DEMO_CASE = RESIDENTS["jb_hip"]  # her home-care case in Jiangbei is open
CASE_URL = re.compile(r"/cases/[0-9a-f-]{36}$")


def intake(page: Page) -> str:
    """The worker opens the case; the reference it got."""
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="接案登记").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("接案登记")
    form = page.get_by_role("form", name="接案登记")
    field(form, "姓名").fill(RESIDENT.name)

    # The phone of someone with an open case of the team: warned while typing.
    phone = field(form, "联系电话")
    phone.fill(OPEN_DEMO_CASE.phone)
    phone.press("Tab")
    warning = page.get_by_role("status").filter(has_text="可能重复")
    expect(warning).to_contain_text("可能重复:已有 1 个使用此电话或身份证号的未结案个案。")
    expect(warning.get_by_role("link", name=REFERENCE)).to_have_count(1)
    screenshot(page, "intake-form")
    phone.fill(RESIDENT.mistyped_phone)
    phone.press("Tab")
    expect(warning).to_have_count(0)

    field(form, "出生年份").fill(RESIDENT.birth_year)
    field(form, "性别").select_option(label="女")
    expect(field(form, "区")).to_have_value("江北区")  # the team's district, filled in
    field(form, "街道/镇").fill(RESIDENT.street)
    field(form, "社区").fill(RESIDENT.community)
    field(form, "楼栋门牌").fill(RESIDENT.detail)
    field(form, "紧急联系人姓名").fill(RESIDENT.contact_name)
    field(form, "与服务对象关系").fill(RESIDENT.contact_relation)
    field(form, "紧急联系人电话").fill(RESIDENT.contact_phone)
    field(form, "来源渠道").select_option(label="社区居委会")
    field(form, "求助内容").fill(RESIDENT.request)
    vulnerabilities = form.get_by_role("group", name="困难类型")
    vulnerabilities.get_by_label("老年人", exact=True).check()
    vulnerabilities.get_by_label("慢性病", exact=True).check()
    form.get_by_role("group", name="需求").get_by_label("代配药", exact=True).check()
    field(form, "知情同意(向合作机构共享信息)").select_option(label="口头")

    # The mistyped phone is refused in words; what was entered stays.
    form.get_by_role("button", name="登记个案").click()
    alert(page, "联系电话:须为手机号码或带区号的固定电话,可加分机号(如 021-68881234 转 8012)")
    form = page.get_by_role("form", name="接案登记")
    expect(field(form, "姓名")).to_have_value(RESIDENT.name)
    phone = field(form, "联系电话")
    # Typed on a Chinese keyboard: full-width digits (decision 0022).
    phone.fill("".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in RESIDENT.phone))
    # Leaving the field checks the phone for duplicates, a request of the same session:
    # its answer comes before the form is sent, as when a person moves on to the button.
    # (Sent at the same moment, the two requests race on the session, where the flash
    # message lives: the one that ends last writes the session back.)
    with page.expect_response(lambda response: response.url.endswith("/cases/new/duplicates")):
        phone.press("Tab")
    form.get_by_role("button", name="登记个案").click()

    expect(page).to_have_url(CASE_URL)
    reference = reference_of(page)
    flash(page, f"个案 {reference} 已登记。")
    status_is(page, "待评估")
    timeline_says(page, f"{WORKER_NAME} 接案登记(来源:社区居委会)")
    resident = region(page, "服务对象")
    expect(resident).to_contain_text(RESIDENT.name)
    expect(resident).to_contain_text(RESIDENT.phone.replace(" ", ""))  # its canonical form
    return reference


def assess(page: Page) -> None:
    form = open_action(page, "需求评估")
    field(form, "风险等级").select_option(label="高")
    needs = form.get_by_role("group", name="需求")
    expect(needs.get_by_label("代配药", exact=True)).to_be_checked()
    needs.get_by_label("陪同就医", exact=True).check()
    field(form, "服务计划").fill("持委托材料到神经内科代为排队开具特病药,当天送药到家门口。")
    field(form, "评估记录").fill("老人行动不便,需照看孙女,不能离家。")
    tomorrow = today() + timedelta(days=1)
    expect(field(form, "下次回访日期")).to_have_value(tomorrow.isoformat())  # by default
    form.get_by_role("button", name="需求评估").click()
    flash(page, "需求评估已保存。")
    status_is(page, "待分派")
    expect(region(page, "需求评估与服务计划")).to_contain_text(
        f"下次回访日期{tomorrow.year}年{tomorrow.month}月{tomorrow.day}日")
    timeline_says(page, f"{WORKER_NAME} 将个案评估为高风险")


def dashboard(page: Page) -> None:
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="团队看板").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("团队看板 · 江北区社工服务团队")
    for name in ("社工在办个案数", "待分派个案(按风险)", "每日接案与结案"):
        expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()
    charts = main(page).locator("canvas[data-chart]")
    expect(charts).to_have_count(8)  # and the five breakdowns of the open cases
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(c => window.Chart && Chart.getChart(c) && c.width > 0)")
    unassigned = page.get_by_role("table", name="待分派个案(按风险)")
    expect(unassigned.get_by_role("cell").nth(2)).to_have_text("1")  # 紧急, 未评估, 高: ours
    screenshot(page, "supervisor-dashboard")


def assign(page: Page, reference: str) -> None:
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的工作台").click()
    queue = page.get_by_role("table", name="待分派个案 · 江北区社工服务团队")
    queue.get_by_role("link", name=reference).click()
    status_is(page, "待分派")
    form = open_action(page, "分派")
    field(form, "社工").select_option(label=f"{WORKER_NAME} (社工)")
    form.get_by_role("button", name="分派").click()
    flash(page, "个案已分派。")
    status_is(page, "服务中")
    timeline_says(page, f"{SUPERVISOR_NAME} 将个案分派给 {WORKER_NAME}")


def log_service(page: Page, reference: str) -> None:
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的工作台").click()
    caseload = page.get_by_role("table", name="我负责的个案")
    row = caseload.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text("服务中")
    expect(row).to_contain_text("风险:高")
    page.set_viewport_size(PHONE)
    screenshot(page, "worker-caseload")
    page.set_viewport_size(DESKTOP)
    row.get_by_role("link", name=reference).click()

    form = open_action(page, "添加服务记录")
    field(form, "服务类型").select_option(label="陪同就医")
    field(form, "服务内容").fill("到医院神经内科排队两小时开具特病药,送药到家门口并当面核对用法。")
    field(form, "用时(分钟)").fill("120")
    field(form, "服务时间").fill((now_local() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("button", name="添加服务记录").click()
    flash(page, "服务记录已添加。")
    timeline_says(page, f"{WORKER_NAME} 记录了服务:陪同就医,120 分钟")
    services = page.get_by_role("region", name="服务记录")
    expect(services.get_by_role("row").filter(has_text="陪同就医")).to_contain_text(WORKER_NAME)
    screenshot(page, "case-page")
    # On a phone (375 px) each service is a card: its cells use the width, one per line.
    page.set_viewport_size(NARROW_PHONE)
    kind = services.locator("td").first
    expect(kind).to_have_text("陪同就医")
    box = kind.bounding_box()
    assert box is not None
    assert box["width"] > NARROW_PHONE["width"] / 2
    page.set_viewport_size(DESKTOP)


def request_closure(page: Page) -> None:
    form = open_action(page, "申请结案")
    expect(form).to_contain_text("高风险或紧急个案结案须经督导批准。")
    field(form, "结案原因").select_option(label="需求已解决")
    field(form, "结案小结").fill("特病药已送达,老人病情平稳;下月开药已与家属约定。")
    form.get_by_role("button", name="申请结案").click()
    flash(page, "的结案申请已提交,待督导审批。")
    status_is(page, "结案待审批")
    expect(main(page).get_by_role("note")).to_contain_text(
        re.compile(rf"{WORKER_NAME} 于 .+ 申请以“需求已解决”结案,待督导审批。"))
    timeline_says(page, f"{WORKER_NAME} 申请结案:需求已解决")


def approve(page: Page, reference: str) -> None:
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="结案审批").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("待审批结案")
    page.get_by_role("link", name=f"审阅个案 {reference}").click()
    status_is(page, "结案待审批")
    # The link (…#form-decide_closure) opened the decision's form: no click needed.
    form = page.get_by_role("form", name="结案审批")
    expect(form).to_be_visible()
    field(form, "意见").fill("同意结案。下月开药前一周电话回访。")
    form.get_by_role("button", name="批准").click()
    flash(page, "已批准结案。")
    status_is(page, "已结案")
    expect(main(page)).to_contain_text("结案:需求已解决")
    timeline_says(page, f"{SUPERVISOR_NAME} 批准结案")


def read_history(page: Page, reference: str) -> None:
    page.get_by_role("link", name="完整历史、历史状态与查阅记录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"个案 {reference} 的历史")
    events = region(page, "个案历史").get_by_role("listitem")
    expect(events).to_have_count(6)
    for position, sentence in enumerate([
            f"{WORKER_NAME} 接案登记(来源:社区居委会)", f"{WORKER_NAME} 将个案评估为高风险",
            f"{SUPERVISOR_NAME} 将个案分派给 {WORKER_NAME}",
            f"{WORKER_NAME} 记录了服务:陪同就医,120 分钟",
            f"{WORKER_NAME} 申请结案:需求已解决", f"{SUPERVISOR_NAME} 批准结案"]):
        expect(events.nth(position)).to_contain_text(sentence)
    access = page.get_by_role("region", name="查阅记录")
    expect(access.get_by_role("row").filter(has_text=f"{WORKER_NAME} (社工)").first).to_be_visible()

    # Before the case was opened, there was nothing to show.
    as_of = page.get_by_label("截至时间")
    as_of.fill((now_local() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("region", name="历史状态").get_by_role("button", name="查看").click()
    alert(page, "该时间点个案尚未建立。")


@pytest.mark.timeout(120)
def test_the_prescription_from_intake_to_approved_closure(people: People) -> None:
    worker = people.page(WORKER, "/work")
    expect(worker.get_by_role("heading", level=1)).to_have_text("我的工作台")
    reference = intake(worker)
    assess(worker)

    supervisor = people.page(SUPERVISOR, "/work")
    dashboard(supervisor)
    assign(supervisor, reference)

    log_service(worker, reference)
    request_closure(worker)

    approve(supervisor, reference)
    read_history(supervisor, reference)


"""Outreach campaigns in the web UI (decision 0029): a supervisor starts a campaign and
loads its contacts; a worker takes their next contacts and records outcomes on their
cards (a found need opens a case); the progress table adds up; a bad form keeps the
input and says why."""

from __future__ import annotations

import json
import re

from tests.integration.conftest import World
from tests.ui.conftest import Ui, text_of

SHEET = ("姓名,电话,地址\n宋秀兰,13900000001,3-2-401\n李桂芳,13900000002,5-1-102\n"
         "王,12,\n").encode()


def test_a_campaign_from_start_to_the_progress_table(ui: Ui, world: World) -> None:
    lead, wang = ui.as_("jb-lead"), ui.as_("jb-wang")
    refused = lead.post("/campaigns", {"title": "", "description": "雨花街道"})
    assert refused.status_code == 422
    assert "雨花街道" in refused.text  # the input is kept
    started = lead.post("/campaigns", {"title": "80岁以上老人电话排查",
                                       "description": "雨花街道"})
    page = lead.follow(started)
    assert "排查活动已创建" in text_of(page.text)
    campaign_path = started.headers["location"]

    loaded = lead.client.post(f"{campaign_path}/contacts",
                              files={"file": ("list.csv", SHEET, "text/csv")},
                              data={"_csrf_token": lead.csrf})
    words = text_of(loaded.text)
    assert "已导入 2 位联系人。" in words
    assert "电话" in words
    assert "4" in words

    assert "暂无排查活动" not in text_of(wang.get("/campaigns").text)
    assert "新建排查活动" not in wang.get("/campaigns").text  # a worker starts none
    taken = wang.post(f"{campaign_path}/calls/next")
    cards = wang.follow(taken).text
    assert "宋秀兰" in cards
    assert "李桂芳" in cards
    assert 'href="tel:13900000001"' in cards
    # Li sees neither: Wang holds them
    assert "目前没有需要拨打的联系人" in text_of(ui.as_("jb-li").follow(
        ui.as_("jb-li").post(f"{campaign_path}/calls/next")).text)

    contacts = world.container.campaigns.index.contacts(  # type: ignore[union-attr]
        world.container.campaigns.index.campaigns("JB")[0].id)  # type: ignore[union-attr]
    first, second = (c.id for c in contacts)
    no_note = wang.post(f"{campaign_path}/calls/{first}", {"outcome": "need_found",
                                                          "note": ""})
    assert no_note.status_code == 422
    assert "宋秀兰" in no_note.text
    opened = wang.post(f"{campaign_path}/calls/{first}", {"outcome": "need_found",
                                                         "note": "每周代购胰岛素"})
    assert "已记录,并新建个案 JB-" in text_of(wang.follow(opened).text)
    wang.post(f"{campaign_path}/calls/{second}", {"outcome": "no_answer", "note": ""})
    assert "你当前没有待拨联系人" in text_of(wang.get(f"{campaign_path}/calls").text)

    table = lead.get(campaign_path).text
    # contacts 2, called 2, reached 1, unreachable 0, still to call 1, cases opened 1
    assert [cell.split(">")[-1] for cell in table.split("</td>")[:6]] == [
        "2", "2", "1", "0", "1", "1"]
    assert "按社工" in table
    assert "按日期" in table
    # the day's calls as a chart too, stacked by what came of them: 1 reached, 1 no answer
    chart = json.loads(re.search(
        r'<script type="application/json" id="chart-campaign-days">(.*?)</script>',
        table, re.S).group(1))  # type: ignore[union-attr]
    assert [(d["label"], d["data"]) for d in chart["data"]["datasets"]] == [
        ("联系上", [1]), ("无人接听", [1]), ("号码错误、搬离或去世", [0])]
    csv = lead.get(f"{campaign_path}/unreachable.csv")
    assert csv.status_code == 200
    assert "姓名" in csv.text
    assert wang.get(f"{campaign_path}/unreachable.csv").status_code == 403
    # the reads are in the supervisor's access log, in words
    log = lead.get("/access-log")
    assert log.status_code == 200
    assert "领取排查联系人" in text_of(log.text)
    assert "导出排查无法联系名单" in text_of(log.text)

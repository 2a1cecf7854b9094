"""Yuhua (雨花): the outreach list (story 4). A smart elderly-care call centre phoned every
resident over 80; the team turns the needs found into cases for the service stations."""

from __future__ import annotations

from adapters.demo.script import Demo, Story
from domain.values import Consent
from domain.vocabulary import Channel, Need, Risk, ServiceKind, Via, Vulnerability

OLDER = Vulnerability.OLDER_PERSON


def outreach_list(d: Demo) -> Story:
    yield d.at(8, "09:00")
    d.open("yh_groceries", "yh.worker1", channel=Channel.OUTREACH, resident="yh_groceries",
           request="智慧养老呼叫中心外呼:独居,腿脚不便,希望每周有人帮忙买菜。",
           vulnerabilities=[OLDER, Vulnerability.LIVES_ALONE], needs=[Need.FOOD],
           via=Via.IMPORT)
    yield d.at(8, "09:02")
    medicine = d.open("yh_medicine", "yh.worker1", channel=Channel.OUTREACH,
                      resident="yh_medicine",
                      request="智慧养老呼叫中心外呼:高血压药还剩三天,子女在外地。",
                      vulnerabilities=[OLDER, Vulnerability.CHRONIC_ILLNESS],
                      needs=[Need.MEDICATION], via=Via.IMPORT)
    yield d.at(8, "09:04")
    d.open("yh_haircut", "yh.worker1", channel=Channel.OUTREACH, resident="yh_haircut",
           request="智慧养老呼叫中心外呼:两个月没理发,希望有人上门理发。",
           vulnerabilities=[OLDER, Vulnerability.LIVES_ALONE], needs=[Need.OTHER],
           consent=Consent(given=False), via=Via.IMPORT)
    yield d.at(8, "09:06")
    cleaning = d.open("yh_cleaning", "yh.worker1", channel=Channel.OUTREACH,
                      resident="yh_cleaning",
                      request="智慧养老呼叫中心外呼:老两口九十多岁,家里无力打扫。",
                      vulnerabilities=[OLDER], needs=[Need.HOME_CARE], via=Via.IMPORT)
    yield d.at(8, "14:00")
    d.cases.assess(d.actor("yh.supervisor"), medicine, d.assessment(
        Risk.MEDIUM, [Need.MEDICATION],
        plan="社工到社区卫生服务中心代配降压药,送药上门。", follow_up_day=10))
    yield d.at(8, "14:10")
    d.cases.claim(d.actor("yh.worker1"), medicine)
    yield d.at(8, "15:00")
    d.cases.assess(d.actor("yh.supervisor"), cleaning, d.assessment(
        Risk.LOW, [Need.HOME_CARE],
        plan="转介社会组织每月上门保洁一次。", follow_up_day=15))
    yield d.at(9, "10:00")
    d.cases.log_service(d.actor("yh.worker1"), medicine, ServiceKind.PURCHASE_ON_BEHALF,
                        "到社区卫生服务中心代配一个月降压药,送药上门并讲解服用方法。",
                        d.at(9, "09:00"), 60)
    yield d.at(9, "11:00")
    d.cases.send_referral(d.actor("yh.worker1"), cleaning, d.organisations["ngo"],
                          "上门保洁(每月一次)", "高龄老两口,需要整理厨房和卫生间。")

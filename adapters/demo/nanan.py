"""Nan'an (南岸): the quarantined households (story 3). A hotline surge fills the intake
queue; an older man's follow-up is overdue and his referral expired unanswered."""

from __future__ import annotations

from adapters.demo.script import Demo, Story
from domain.values import SYSTEM_ACTOR
from domain.vocabulary import Channel, ClosureOutcome, Need, Risk, ServiceKind, Vulnerability

QUARANTINE = Vulnerability.IN_QUARANTINE


def lonely_elder(d: Demo) -> Story:
    """Alone in quarantine and anxious; the NGO never answers; the follow-up slips."""
    yield d.at(2, "09:00")
    case = d.open(
        "na_lonely", "na.worker1", channel=Channel.HOTLINE, resident="na_lonely",
        request="独居老人居家隔离第五天,家中只剩挂面,晚上睡不着,反复打热线询问何时解封。",
        vulnerabilities=[Vulnerability.OLDER_PERSON, Vulnerability.LIVES_ALONE, QUARANTINE,
                         Vulnerability.MENTAL_HEALTH],
        needs=[Need.FOOD, Need.PSYCHOLOGICAL_SUPPORT],
        assessment=d.assessment(Risk.MEDIUM, [Need.FOOD, Need.PSYCHOLOGICAL_SUPPORT],
                                plan="当天配送蔬菜;转介社会组织做电话心理疏导;隔日回访。",
                                follow_up_day=4),
    )
    yield d.at(2, "09:30")
    d.cases.assign(d.actor("na.supervisor"), case, d.actor("na.worker1").id, None)
    yield d.at(2, "15:00")
    d.cases.log_service(d.actor("na.worker1"), case, ServiceKind.DELIVERY,
                        "配送蔬菜、鸡蛋和牛奶到门口,电话确认已取。", d.at(2, "14:10"), 40)
    yield d.at(3, "10:00")
    referral = d.cases.send_referral(d.actor("na.worker1"), case, d.organisations["ngo"],
                                     "心理疏导(电话陪伴)", "老人焦虑失眠,希望每天有人通话。")
    assert referral.referral_id is not None
    yield d.at(6, "12:00")  # 72 hours passed with no reply
    d.cases.expire_referral(SYSTEM_ACTOR, referral.referral_id)
    yield d.at(6, "14:00")
    d.cases.add_note(d.actor("na.worker1"), case,
                     "心理疏导转介超时未获答复,改由本团队社工每天电话陪伴。")


def hotline_surge(d: Demo) -> Story:
    """Yesterday's surge: households with no food left, one with a child, one critical."""
    yield d.at(9, "08:10")
    d.open("na_household", "na.worker1", channel=Channel.HOTLINE, resident="na_household",
           request="一家四口居家隔离,冰箱已空,网上平台抢不到菜。",
           vulnerabilities=[QUARANTINE], needs=[Need.FOOD])
    yield d.at(9, "08:25")
    d.open("na_child", "na.worker1", channel=Channel.HOTLINE, resident="na_child",
           request="带两岁孩子居家隔离,奶粉和尿不湿只够一天。",
           vulnerabilities=[QUARANTINE, Vulnerability.CHILD],
           needs=[Need.FOOD, Need.DAILY_SUPPLIES])
    yield d.at(9, "08:40")
    d.open("na_insulin", "na.supervisor", channel=Channel.HOTLINE, resident="na_insulin",
           request="女儿来电:父亲胰岛素依赖型糖尿病,居家隔离,胰岛素明天用完。",
           vulnerabilities=[QUARANTINE, Vulnerability.OLDER_PERSON,
                            Vulnerability.CHRONIC_ILLNESS],
           needs=[Need.MEDICATION],
           assessment=d.assessment(Risk.CRITICAL, [Need.MEDICATION],
                                   plan="今天内联系社区卫生服务中心取胰岛素并送药上门。",
                                   follow_up_day=10))
    yield d.at(9, "09:05")
    d.open("na_couple", "na.worker1", channel=Channel.HOTLINE, resident="na_couple",
           request="小两口居家隔离,米和油还能吃三天,希望安排一次买菜。",
           vulnerabilities=[QUARANTINE], needs=[Need.FOOD],
           assessment=d.assessment(Risk.MEDIUM, [Need.FOOD],
                                   plan="纳入楼栋团购配送名单。", follow_up_day=11))
    yield d.at(9, "09:20")
    repeat = d.open("na_repeat_call", "na.worker1", channel=Channel.HOTLINE,
                    resident="na_household",
                    request="同一家庭再次来电询问买菜进度。",
                    vulnerabilities=[QUARANTINE], needs=[Need.FOOD])
    yield d.at(9, "09:30")
    d.cases.close(d.actor("na.worker1"), repeat, ClosureOutcome.DUPLICATE,
                  "同一家庭重复来电,已并入原个案。", duplicate_of=d.told["na_household"])

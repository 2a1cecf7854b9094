"""Qingyang (青羊): the three-tier network (story 5, decision 0030). The district centre
takes a request and routes it down (下派) to the community social-work station that will
serve it: no acceptance needed, it lands in the station's intake queue and a worker
there claims it. Another station escalates (上报) a case it cannot handle alone to its
street platform, whose supervisor accepts it."""

from __future__ import annotations

from adapters.demo.script import Demo, Story
from domain.vocabulary import Channel, Need, Risk, ServiceKind, Vulnerability


def transfer_to_station(d: Demo) -> Story:
    yield d.at(7, "10:00")
    case = d.open(
        "qy_transfer", "qy.worker1", channel=Channel.HOTLINE, resident="qy_elder",
        request="独居老人来电:希望每周有人帮忙买菜,平时也想有人说说话。",
        vulnerabilities=[Vulnerability.OLDER_PERSON, Vulnerability.LIVES_ALONE],
        needs=[Need.FOOD, Need.PSYCHOLOGICAL_SUPPORT],
        assessment=d.assessment(Risk.LOW, [Need.FOOD, Need.PSYCHOLOGICAL_SUPPORT],
                                plan="下派社区社工站就近提供每周买菜和探访。", follow_up_day=10),
    )
    yield d.at(7, "10:30")
    d.cases.request_transfer(d.actor("qy.supervisor"), case, "QYS",  # 下派: routed at once
                             "居住地属草堂社区,由社区社工站就近服务。")
    yield d.at(8, "09:00")
    d.cases.claim(d.actor("qys.worker1"), case)
    yield d.at(8, "11:30")
    d.cases.log_service(d.actor("qys.worker1"), case, ServiceKind.HOME_VISIT,
                        "入户探访,约定每周二由志愿者代购蔬菜,社工每周电话问候一次。",
                        d.at(8, "10:30"), 30)


def escalate_to_street(d: Demo) -> Story:
    yield d.at(6, "14:00")
    case = d.open(
        "qy_escalated", "qyh.worker1", channel=Channel.COMMUNITY_COMMITTEE,
        resident="qy_family",
        request="居委会转来:一家三口租住老旧院落,父亲腰伤停工两月,房租和孩子学费都成了难题。",
        vulnerabilities=[Vulnerability.LOW_INCOME, Vulnerability.CHILD],
        needs=[Need.FINANCIAL_AID, Need.INFORMATION],
        assessment=d.assessment(Risk.MEDIUM, [Need.FINANCIAL_AID, Need.INFORMATION],
                                plan="协助申请临时救助;需街道协调救助资源。", follow_up_day=11),
    )
    yield d.at(6, "16:00")
    d.cases.request_transfer(d.actor("qyh.supervisor"), case, "QYJ",  # 上报: a request
                             "临时救助需街道审核并协调慈善资源,社区站无法单独完成。")
    yield d.at(7, "09:30")
    d.cases.decide_transfer(d.actor("qyj.supervisor"), case, True,
                            "街道接手,安排社工对接民政办。")
    yield d.at(7, "10:00")
    d.cases.claim(d.actor("qyj.worker1"), case)

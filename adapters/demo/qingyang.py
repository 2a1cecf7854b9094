"""Qingyang (青羊): the transfer (story 5). The district centre takes a request and hands it
to the community social-work station that will serve it; the station accepts."""

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
                                plan="转社区社工站就近提供每周买菜和探访。", follow_up_day=10),
    )
    yield d.at(7, "10:30")
    d.cases.request_transfer(d.actor("qy.supervisor"), case, "QYS",
                             "居住地属草堂社区,由社区社工站就近服务。")
    yield d.at(7, "15:00")
    d.cases.decide_transfer(d.actor("qys.supervisor"), case, True, "同意接收,明早安排社工上门。")
    yield d.at(8, "09:00")
    d.cases.claim(d.actor("qys.worker1"), case)
    yield d.at(8, "11:30")
    d.cases.log_service(d.actor("qys.worker1"), case, ServiceKind.HOME_VISIT,
                        "入户探访,约定每周二由志愿者代购蔬菜,社工每周电话问候一次。",
                        d.at(8, "10:30"), 30)

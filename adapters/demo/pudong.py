"""Pudong (浦东): the blind reader (story 2), a referral withdrawn because the committee
delivered first, and a high-risk closure awaiting the supervisor."""

from __future__ import annotations

from decimal import Decimal

from adapters.demo.script import Demo, Story
from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    Need,
    ReferralOutcome,
    Risk,
    ServiceKind,
    Vulnerability,
)


def blind_reader(d: Demo) -> Story:
    """Story 2: a reading service for blind people reports a user out of supplies."""
    yield d.at(2, "10:15")
    case = d.open(
        "blind_reader", "pd.worker1", channel=Channel.ONLINE_PLATFORM, resident="blind_reader",
        request="视障人士线上读书会反映:一位会员独居,家中米面油和日用品已用完,无法自行网购下单。",
        vulnerabilities=[Vulnerability.VISUAL_IMPAIRMENT, Vulnerability.LIVES_ALONE],
        needs=[Need.FOOD, Need.DAILY_SUPPLIES],
        assessment=d.assessment(Risk.MEDIUM, [Need.FOOD, Need.DAILY_SUPPLIES],
                                plan="电话了解需求,转介基金会做需求评估和定向支持。",
                                follow_up_day=4),
    )
    yield d.at(2, "10:40")
    d.cases.claim(d.actor("pd.worker2"), case)
    yield d.at(2, "11:30")
    d.cases.log_service(d.actor("pd.worker2"), case, ServiceKind.PHONE_FOLLOW_UP,
                        "电话联系本人,确认缺米面油、洗衣液和常用药,存粮可维持两天。",
                        d.at(2, "11:05"), 20)
    yield d.at(2, "15:00")
    referral = d.cases.send_referral(d.actor("pd.worker2"), case, d.organisations["foundation"],
                                     "视障人士需求评估及定向物资支持",
                                     "本人独居,视力障碍,需上门评估并配送生活物资。")
    assert referral.referral_id is not None
    yield d.at(3, "09:20")
    d.cases.accept_referral(d.actor("foundation.partner"), referral.referral_id)
    yield d.at(5, "17:00")
    d.cases.complete_referral(d.actor("foundation.partner"), referral.referral_id,
                              ReferralOutcome.SERVICE_PROVIDED,
                              "基金会社工上门完成需求评估,配送米面油、日用品和有声读物。",
                              Decimal("500.00"), 1)
    yield d.at(6, "10:00")
    d.cases.close(d.actor("pd.worker2"), case, ClosureOutcome.RESOLVED,
                  "基金会定向支持已送达,本人表示物资可维持两周;已告知后续求助渠道。")


def withdrawn_referral(d: Demo) -> Story:
    """A household in quarantine: the committee delivered before the partner replied."""
    yield d.at(4, "09:00")
    case = d.open(
        "pd_family", "pd.worker1", channel=Channel.WECHAT_GROUP, resident="pd_family",
        request="业主群反映:一家三口居家隔离,口罩和消毒用品用完,蔬菜只剩一天。",
        vulnerabilities=[Vulnerability.IN_QUARANTINE],
        needs=[Need.PROTECTIVE_SUPPLIES, Need.FOOD],
        assessment=d.assessment(Risk.LOW, [Need.PROTECTIVE_SUPPLIES, Need.FOOD],
                                plan="转介社会组织配送防护和生活物资。", follow_up_day=6),
    )
    yield d.at(4, "09:20")
    d.cases.assign(d.actor("pd.supervisor"), case, d.actor("pd.worker1").id, None)
    yield d.at(4, "10:00")
    referral = d.cases.send_referral(d.actor("pd.worker1"), case, d.organisations["ngo"],
                                     "防护物资及生活物资配送", None)
    assert referral.referral_id is not None
    yield d.at(4, "18:00")
    d.cases.withdraw_referral(d.actor("pd.worker1"), referral.referral_id,
                              "居委会已统一配送物资,不再需要转介。")
    yield d.at(5, "10:00")
    d.cases.log_service(d.actor("pd.worker1"), case, ServiceKind.PHONE_FOLLOW_UP,
                        "电话回访:物资已收到,家庭成员身体状况良好。", d.at(5, "09:50"), 10)
    yield d.at(6, "11:00")
    d.cases.close(d.actor("pd.worker1"), case, ClosureOutcome.RESOLVED,
                  "居委会配送已满足需求,隔离期结束。")


def prenatal_escort(d: Demo) -> Story:
    """A woman 36 weeks pregnant inside a sealed compound needs her prenatal check."""
    yield d.at(6, "08:30")
    case = d.open(
        "pd_prenatal", "pd.worker1", channel=Channel.HOTLINE, resident="pd_pregnant",
        request="孕36周,小区封控无法外出,产检已推迟一周,担心胎儿情况。",
        vulnerabilities=[Vulnerability.PREGNANT],
        needs=[Need.TRANSPORT, Need.MEDICAL_ESCORT],
        assessment=d.assessment(Risk.HIGH, [Need.TRANSPORT, Need.MEDICAL_ESCORT],
                                plan="协调定点转运车辆,社工陪同到妇幼保健院产检。",
                                follow_up_day=7),
    )
    yield d.at(6, "09:00")
    d.cases.assign(d.actor("pd.supervisor"), case, d.actor("pd.worker1").id, None)
    yield d.at(7, "12:30")
    d.cases.log_service(d.actor("pd.worker1"), case, ServiceKind.MEDICAL_ESCORT,
                        "陪同乘定点转运车到妇幼保健院产检,检查结果正常,已预约下次产检。",
                        d.at(7, "08:00"), 180)
    yield d.at(8, "16:00")
    d.cases.close(d.actor("pd.worker1"), case, ClosureOutcome.RESOLVED,
                  "产检已完成,下次产检由街道协调转运,家属可陪同。")

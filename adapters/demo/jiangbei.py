"""Jiangbei (江北): the prescription (story 1) and its monthly errand for the volunteers,
and a home-care referral that one partner declines and another accepts (with an errand
left in the team's pool)."""

from __future__ import annotations

from adapters.demo.residents import RESIDENTS
from adapters.demo.script import Demo, Story
from domain.checkins import Every
from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    Need,
    Risk,
    ServiceKind,
    TaskKind,
    Vulnerability,
)
from service.commands import AcceptTask, CompleteTask, CreateTask, HandOverTask, OfferTask


def prescription(d: Demo) -> Story:
    """Story 1: Song Laoshi's monthly special prescription while the compound is sealed."""
    yield d.at(1, "08:40")
    case = d.open(
        "prescription", "jb.worker1", channel=Channel.COMMUNITY_COMMITTEE,
        resident="song_laoshi",
        request="社区党委反映:宋老师70岁,患帕金森病,与4岁孙女两人在家,小区封控,子女无法进入。"
                "每月需到医院神经内科开具特病药,现存药量只够两天。",
        vulnerabilities=[Vulnerability.OLDER_PERSON, Vulnerability.CHRONIC_ILLNESS],
        needs=[Need.MEDICATION],
    )
    yield d.at(1, "09:15")
    d.cases.assess(d.actor("jb.worker1"), case, d.assessment(
        Risk.HIGH, [Need.MEDICATION, Need.MEDICAL_ESCORT],
        plan="持委托材料到神经内科代为排队开具特病药,当天送药到家门口;协调居委会办理出入证明。",
        notes="老人行动不便,需照看4岁孙女,不能离家;家属已通过门卫转交医保卡和病历本。",
        follow_up_day=2))
    yield d.at(1, "09:40")
    d.cases.assign(d.actor("jb.supervisor"), case, d.actor("jb.worker1").id, None)
    yield d.at(1, "16:20")
    d.cases.add_note(d.actor("jb.worker1"), case,
                     "已与医院神经内科确认:特病药须现场排队开具,明早八点前到号。")
    yield d.at(2, "13:30")
    d.cases.log_service(d.actor("jb.worker1"), case, ServiceKind.MEDICAL_ESCORT,
                        "到医院神经内科排队两小时开具特病药,送药到家门口并当面核对用法。",
                        d.at(2, "08:00"), 120)
    yield d.at(3, "10:00")
    d.cases.close(d.actor("jb.worker1"), case, ClosureOutcome.RESOLVED,
                  "特病药已送达,老人病情平稳;孙女由社区志愿者协助照看,下月开药已与家属约定。")
    yield d.at(3, "16:10")
    d.cases.decide_closure(d.actor("jb.supervisor"), case, True,
                           "同意结案。下月开药前一周电话回访。")


def home_care(d: Demo) -> Story:
    """A resident back from hip surgery: the NGO has no carers in Jiangbei, the foundation
    accepts."""
    yield d.at(3, "09:05")
    case = d.open(
        "jb_home_care", "jb.worker2", channel=Channel.HOTLINE, resident="jb_hip",
        request="独居老人髋关节手术后出院,行动不便,无人照料,希望有人上门协助洗漱和做饭。",
        vulnerabilities=[Vulnerability.OLDER_PERSON, Vulnerability.LIVES_ALONE,
                         Vulnerability.PHYSICAL_DISABILITY],
        needs=[Need.HOME_CARE, Need.DAILY_SUPPLIES],
        assessment=d.assessment(Risk.MEDIUM, [Need.HOME_CARE, Need.DAILY_SUPPLIES],
                                plan="联系合作机构提供每周两次上门照护;社工每周电话回访。",
                                follow_up_day=5),
    )
    yield d.at(3, "09:30")
    d.cases.assign(d.actor("jb.supervisor"), case, d.actor("jb.worker2").id, None)
    yield d.at(3, "11:00")
    first = d.cases.send_referral(d.actor("jb.worker2"), case, d.organisations["ngo"],
                                  "居家照护(每周两次上门)", "老人独居,术后需协助洗漱和做饭。")
    yield d.at(4, "10:15")
    assert first.referral_id is not None
    d.cases.decline_referral(d.actor("ngo.partner"), first.referral_id,
                             "本机构在江北区暂无居家照护人手,无力承接。")
    yield d.at(4, "11:00")
    second = d.cases.send_referral(d.actor("jb.worker2"), case, d.organisations["foundation"],
                                   "居家照护补贴及上门服务", "社会组织无力承接,请基金会协助。")
    yield d.at(5, "09:30")
    assert second.referral_id is not None
    d.cases.accept_referral(d.actor("foundation.partner"), second.referral_id)
    yield d.at(6, "10:00")
    d.cases.log_service(d.actor("jb.worker2"), case, ServiceKind.HOME_VISIT,
                        "入户探访:照护员已上门两次,老人可扶助行器在室内行走。",
                        d.at(6, "09:00"), 45)
    d.cases.assess(d.actor("jb.worker2"), case, d.assessment(
        Risk.MEDIUM, [Need.HOME_CARE],
        plan="基金会照护服务持续四周;社工每周电话回访一次。", follow_up_day=13))


def monthly_prescription(d: Demo) -> Story:
    """Story 1 goes on: the special prescription every month is an errand for the
    volunteers (代配特病药). The worker offers it to the nearest volunteer, 陈小雨 of Song
    Laoshi's own community, who fetches this month's; next month she is away and hands it
    over to 刘建华 of the same street, who accepts it (held, not done yet)."""
    yield d.at(4, "09:00")
    case = d.open(
        "prescription_monthly", "jb.worker1", channel=Channel.COMMUNITY_COMMITTEE,
        resident="song_laoshi",
        request="宋老师特病药每月需到医院神经内科开具,家属仍无法进入小区,"
                "希望每月有人代为开药送药。",
        vulnerabilities=[Vulnerability.OLDER_PERSON, Vulnerability.CHRONIC_ILLNESS],
        needs=[Need.MEDICATION],
        assessment=d.assessment(Risk.MEDIUM, [Need.MEDICATION],
                                plan="每月由志愿者代配特病药并送药到家;社工每月电话回访。",
                                follow_up_day=12))
    yield d.at(4, "09:20")
    d.cases.assign(d.actor("jb.supervisor"), case, d.actor("jb.worker1").id, None)
    yield d.at(4, "09:40")
    made = d.do("jb.worker1", CreateTask(
        case, TaskKind.PURCHASE_ON_BEHALF, "代配特病药:持医保卡和病历本到神经内科开药,"
        "送到家门口并当面核对用法。", d.at(6, "12:00"), "市第一人民医院神经内科", Every.MONTH))
    assert made.task is not None
    task_id = made.task.id
    song = RESIDENTS["song_laoshi"]
    nearest = d.cases.identity.volunteer_candidates(
        "JB", TaskKind.PURCHASE_ON_BEHALF, song.district, song.street, song.community)[0]
    d.do("jb.worker1", OfferTask(task_id, nearest.volunteer_id))  # 陈小雨, 同社区
    yield d.at(4, "12:10")
    d.do("jb.volunteer1", AcceptTask(task_id))
    yield d.at(6, "11:30")
    done = d.do("jb.volunteer1", CompleteTask(
        task_id, 150, "排队约两小时开到本月特病药,已送到家门口,与宋老师核对了用法。",
        d.at(6, "11:00")))
    yield d.at(7, "20:00")
    nxt = next(t.id for t in done.case.tasks if t.previous_id == task_id)  # next month's
    d.do("jb.volunteer1", HandOverTask(nxt, d.actor("jb.volunteer2").id,
                                       "下月中旬外出培训,无法代配,转交同街道的刘建华。"))
    yield d.at(8, "08:30")
    d.do("jb.volunteer2", AcceptTask(nxt))


def pool_errand(d: Demo) -> Story:
    """Tian Guilan's parcels: an errand any volunteer of Jiangbei may take (任务池)."""
    yield d.at(7, "10:00")
    case = d.told["jb_home_care"]
    made = d.do("jb.worker2", CreateTask(
        case, TaskKind.PARCELS, "代收快递:助行器配件到驿站,取回送到家中。",
        d.at(12, "18:00"), "鲤鱼池社区菜鸟驿站"))
    assert made.task is not None
    d.do("jb.worker2", OfferTask(made.task.id, None))

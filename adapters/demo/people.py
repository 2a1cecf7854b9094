"""The demo deployment: teams, organisations and staff (all made up).

Every demo account has the same password, generated at random for each data directory
(adapters/demo/password.py) and printed when the demo data is loaded; a real deployment
creates its accounts with `casework admin create-user`.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.vocabulary import OrganisationKind, Role, TaskKind, TeamLevel
from service.volunteers import VolunteerProfile


@dataclass(frozen=True)
class DemoTeam:
    code: str
    name: str
    district: str
    duty_phone: str | None = None  # made up: whom partners call back
    # Its place in the three-tier network (decision 0030): the level, the street and
    # community names down to it, and the parent team's code.
    level: TeamLevel | None = None
    street: str = ""
    community: str = ""
    parent: str | None = None


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: OrganisationKind


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    team: str | None = None
    organisation: str | None = None  # a DemoOrganisation key
    volunteer: VolunteerProfile | None = None  # a volunteer's teams, area and errands


TEAMS = (
    DemoTeam("JB", "江北区社工服务团队", "江北区", "023-6700 0101"),
    DemoTeam("PD", "浦东社工服务团队", "浦东新区", "021-5800 0102"),
    DemoTeam("NA", "南岸区社工服务团队", "南岸区", "023-6200 0103"),
    DemoTeam("YH", "雨花区社工服务团队", "雨花区", "0731-8500 0104"),
    # Qingyang (青羊): a district centre, a street platform, community stations (0030)
    DemoTeam("QY", "青羊区社会工作服务中心", "青羊区", "028-8600 0105",
             level=TeamLevel.DISTRICT),
    DemoTeam("QYJ", "草堂街道社工服务站", "青羊区", "028-8600 0107", level=TeamLevel.STREET,
             street="草堂街道", parent="QY"),
    DemoTeam("QYS", "草堂社区社工站", "青羊区", "028-8600 0106", level=TeamLevel.COMMUNITY,
             street="草堂街道", community="草堂社区", parent="QYJ"),
    DemoTeam("QYH", "浣花社区社工站", "青羊区", "028-8600 0108", level=TeamLevel.COMMUNITY,
             street="草堂街道", community="浣花社区", parent="QYJ"),
)

ORGANISATIONS = (
    DemoOrganisation("foundation", "晴川公益基金会", OrganisationKind.FOUNDATION),
    DemoOrganisation("ngo", "邻里守望社会工作服务中心", OrganisationKind.NGO),
)

W, S = Role.WORKER, Role.SUPERVISOR
USERS = (
    DemoUser("jb.supervisor", "李静", S, team="JB"),
    DemoUser("jb.worker1", "王磊", W, team="JB"),
    DemoUser("jb.worker2", "赵敏", W, team="JB"),
    DemoUser("pd.supervisor", "周红", S, team="PD"),
    DemoUser("pd.worker1", "吴昊", W, team="PD"),
    DemoUser("pd.worker2", "郑丽", W, team="PD"),
    DemoUser("na.supervisor", "何勇", S, team="NA"),
    DemoUser("na.worker1", "冯雪", W, team="NA"),
    DemoUser("yh.supervisor", "孙涛", S, team="YH"),
    DemoUser("yh.worker1", "钱芳", W, team="YH"),
    DemoUser("qy.supervisor", "杨帆", S, team="QY"),
    DemoUser("qy.worker1", "朱琳", W, team="QY"),
    DemoUser("qys.supervisor", "胡斌", S, team="QYS"),
    DemoUser("qys.worker1", "林晓", W, team="QYS"),
    DemoUser("qyj.supervisor", "罗军", S, team="QYJ"),
    DemoUser("qyj.worker1", "邓琪", W, team="QYJ"),
    DemoUser("qyh.supervisor", "曾莉", S, team="QYH"),
    DemoUser("qyh.worker1", "田野", W, team="QYH"),
    DemoUser("foundation.partner", "高洁", Role.PARTNER, organisation="foundation"),
    DemoUser("ngo.partner", "许诺", Role.PARTNER, organisation="ngo"),
    DemoUser("auditor", "马骏", Role.AUDITOR),
    DemoUser("admin", "系统管理员", Role.ADMIN),
)

# Volunteers (志愿者, issue 14). In Jiangbei: one in Song Laoshi's own community (建新社区),
# one in her street (观音桥街道), one paused (away); in Nan'an: one of Nan'an's alone, one
# who also does errands for Jiangbei across the river.
V, K = Role.VOLUNTEER, TaskKind
VOLUNTEERS = (
    DemoUser("jb.volunteer1", "陈小雨", V, team="JB", volunteer=VolunteerProfile(
        ("JB",), "江北区", "观音桥街道", "建新社区",
        (K.PURCHASE_ON_BEHALF, K.DELIVERY, K.MEDICAL_ESCORT, K.COMPANIONSHIP))),
    DemoUser("jb.volunteer2", "刘建华", V, team="JB", volunteer=VolunteerProfile(
        ("JB",), "江北区", "观音桥街道", "玉带山社区",
        (K.PARCELS, K.BILL_PAYMENT, K.DELIVERY, K.PURCHASE_ON_BEHALF))),
    DemoUser("jb.volunteer3", "黄丽", V, team="JB", volunteer=VolunteerProfile(
        ("JB",), "江北区", "华新街街道", "鲤鱼池社区", (K.HAIRCUT, K.COMPANIONSHIP),
        available=False)),
    DemoUser("na.volunteer1", "唐敏", V, team="NA", volunteer=VolunteerProfile(
        ("NA",), "南岸区", "南坪街道", "南湖社区", (K.DELIVERY, K.PURCHASE_ON_BEHALF))),
    DemoUser("na.volunteer2", "邓军", V, team="NA", volunteer=VolunteerProfile(
        ("NA", "JB"), "南岸区", "弹子石街道", "腾龙社区", ())),  # any errand
)

"""The made-up residents of the demo stories. Every name and phone number is invented.

The phone numbers use the reserved-looking 139-0000 block so that they cannot be mistaken
for anyone's real number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.values import ResidentDetails, ResidentProfile
from domain.vocabulary import Gender


@dataclass(frozen=True)
class Resident:
    name: str
    phone: str
    age: int
    gender: Gender
    district: str
    street: str
    community: str
    address_detail: str
    lives_alone: bool = False
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_relation: str | None = None

    def profile(self, today: date) -> ResidentProfile:
        return ResidentProfile(birth_year=today.year - self.age, gender=self.gender,
                               district=self.district, street=self.street,
                               community=self.community, lives_alone=self.lives_alone)

    def details(self) -> ResidentDetails:
        return ResidentDetails(name=self.name, phone=self.phone,
                               address_detail=self.address_detail,
                               emergency_contact_name=self.contact_name,
                               emergency_contact_phone=self.contact_phone,
                               emergency_contact_relation=self.contact_relation)


F, M = Gender.FEMALE, Gender.MALE

RESIDENTS: dict[str, Resident] = {
    # Jiangbei (江北)
    "song_laoshi": Resident("宋雅琴", "139 0000 0101", 70, F, "江北区", "观音桥街道", "建新社区",
                            "建新东路12号3栋2单元201", contact_name="刘晓峰",
                            contact_phone="139 0000 0102", contact_relation="儿子"),
    "jb_hip": Resident("田桂兰", "139 0000 0111", 76, F, "江北区", "华新街街道", "鲤鱼池社区",
                       "鲤鱼池二村5号楼1单元302", lives_alone=True),
    # Pudong (浦东)
    "blind_reader": Resident("陈志刚", "139 0000 0201", 58, M, "浦东新区", "塘桥街道",
                             "蓝村社区", "蓝村路88弄7号601", lives_alone=True),
    "pd_family": Resident("邵明", "139 0000 0211", 41, M, "浦东新区", "洋泾街道", "泾东社区",
                          "崂山路320弄2号502"),
    "pd_pregnant": Resident("顾婷婷", "139 0000 0221", 31, F, "浦东新区", "花木街道",
                            "由由社区", "东绣路1229弄11号1402", contact_name="顾建国",
                            contact_phone="139 0000 0222", contact_relation="丈夫"),
    # Nan'an (南岸)
    "na_lonely": Resident("蒋德明", "139 0000 0301", 79, M, "南岸区", "南坪街道", "百子湾社区",
                          "百子湾路17号4-3", lives_alone=True),
    "na_household": Resident("黄建华", "139 0000 0311", 45, M, "南岸区", "花园路街道",
                             "学府社区", "学府大道66号9栋1203"),
    "na_child": Resident("罗小燕", "139 0000 0321", 33, F, "南岸区", "花园路街道", "学府社区",
                         "学府大道66号12栋806"),
    "na_insulin": Resident("彭永贵", "139 0000 0331", 67, M, "南岸区", "铜元局街道",
                           "铜元局社区", "铜元道9号2-5-1", contact_name="彭丽",
                           contact_phone="139 0000 0332", contact_relation="女儿"),
    "na_couple": Resident("唐凯", "139 0000 0341", 29, M, "南岸区", "南坪街道", "百子湾社区",
                          "百子湾路21号7-2"),
    # Yuhua (雨花)
    "yh_groceries": Resident("钟秀英", "139 0000 0401", 85, F, "雨花区", "雨花亭街道",
                             "砂子塘社区", "砂子塘路23号1栋104", lives_alone=True),
    "yh_medicine": Resident("覃国强", "139 0000 0411", 88, M, "雨花区", "侯家塘街道",
                            "白沙社区", "白沙路145号3单元401"),
    "yh_haircut": Resident("万淑珍", "139 0000 0421", 82, F, "雨花区", "东塘街道", "雨东社区",
                           "雨东小区6栋2单元503", lives_alone=True),
    "yh_cleaning": Resident("韦长林", "139 0000 0431", 91, M, "雨花区", "左家塘街道",
                            "东郡社区", "东郡小区2栋902"),
    # Qingyang (青羊)
    "qy_elder": Resident("孔令华", "139 0000 0501", 81, F, "青羊区", "草堂街道", "草堂社区",
                         "浣花北路8号附3号2-1", lives_alone=True),
    "qy_family": Resident("韩志强", "139 0000 0511", 41, M, "青羊区", "草堂街道", "浣花社区",
                          "浣花南路15号院3-2"),
}

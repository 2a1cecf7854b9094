"""One spreadsheet row → one intake (SPEC §5 `casework import`): the columns a sheet may
have, in Chinese or English, and how a messy cell becomes a value of the domain.

Every cell is NFKC-normalised (full-width digits, letters and spaces become plain ones)
and stripped. Yes/no cells accept 是/否, Y/N, yes/no, 1/0, true/false, √/×; needs and
vulnerabilities accept their identifiers, their GLOSSARY labels in both languages and
the synonyms people write in lists (买药, 取药 → medication). Anything that cannot be read
is a `Problem` naming the column and a code (`import.<code>` or `input.<code>` in the UI
catalog); the domain's own checks (phone, ID number, lengths) run later, in Case.open.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from domain.values import Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import Channel, Gender, Need, Vulnerability
from service.intake import OpenCase

E = TypeVar("E", bound=StrEnum)

# (field, Chinese header, English header), in the template's order.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("name", "姓名", "name"),
    ("phone", "电话", "phone"),
    ("id_number", "身份证", "id_number"),
    ("birth_year", "出生年份", "birth_year"),
    ("gender", "性别", "gender"),
    ("district", "区", "district"),
    ("street", "街道", "street"),
    ("community", "社区", "community"),
    ("address", "地址", "address"),
    ("lives_alone", "独居", "lives_alone"),
    ("needs", "需求", "needs"),
    ("vulnerabilities", "困难类型", "vulnerabilities"),
    ("request", "诉求", "request"),
)
FIELDS = tuple(c[0] for c in COLUMNS)
REQUIRED = ("name", "phone", "request")
EXAMPLE: Mapping[str, tuple[str, str]] = {  # field → (zh example, en example)
    "name": ("宋秀兰", "Song Xiulan"), "phone": ("139 0000 1234", "139 0000 1234"),
    "id_number": ("", ""), "birth_year": ("1952", "1952"), "gender": ("女", "female"),
    "district": ("江北区", "Jiangbei"), "street": ("观音桥街道", "Guanyinqiao"),
    "community": ("建新社区", "Jianxin"), "address": ("3栋2单元401", "Building 3, 2-401"),
    "lives_alone": ("是", "yes"), "needs": ("代配药、买菜", "medication, food"),
    "vulnerabilities": ("老年人、慢性病", "older_person, chronic_illness"),
    "request": ("帕金森病特病药需每月到医院代配",
                "monthly prescription to fetch from the hospital"),
}

_HEADER_ALIASES: dict[str, str] = {
    "联系电话": "phone", "手机": "phone", "手机号": "phone", "手机号码": "phone",
    "电话号码": "phone", "身份证号": "id_number", "身份证号码": "id_number",
    "证件号码": "id_number", "idnumber": "id_number", "出生年": "birth_year",
    "birthyear": "birth_year", "区县": "district", "街道/镇": "street", "街道(镇)": "street",
    "镇": "street", "社区/村": "community", "社区(村)": "community", "村": "community",
    "详细地址": "address", "住址": "address", "楼栋门牌": "address", "是否独居": "lives_alone",
    "livesalone": "lives_alone", "需要": "needs", "困难类别": "vulnerabilities",
    "困难": "vulnerabilities", "求助内容": "request", "诉求内容": "request",
}

YES = frozenset({"是", "y", "yes", "1", "true", "t", "√", "✓", "有", "独居"})
NO = frozenset({"否", "n", "no", "0", "false", "f", "×", "✗", "无", "不是", "非独居"})
_GENDERS: dict[str, Gender] = {
    "女": Gender.FEMALE, "女性": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE,
    "男": Gender.MALE, "男性": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE,
    "其他": Gender.OTHER, "other": Gender.OTHER, "未知": Gender.UNKNOWN,
    "unknown": Gender.UNKNOWN, "不详": Gender.UNKNOWN,
}
# GLOSSARY labels, English labels and the synonyms met in forwarded lists.
_NEEDS: dict[Need, tuple[str, ...]] = {
    Need.MEDICATION: ("代配药", "配药", "买药", "取药", "送药", "开药", "代购药品", "药品",
                      "特病药", "药", "medicine", "medicines"),
    Need.MEDICAL_ESCORT: ("陪同就医", "就医", "陪诊", "看病", "就诊", "透析", "medical escort"),
    Need.FOOD: ("食品/买菜", "食品", "买菜", "食物", "送菜", "蔬菜", "粮食", "送餐", "助餐",
                "吃饭", "groceries"),
    Need.DAILY_SUPPLIES: ("生活物资", "生活用品", "日用品", "物资", "daily supplies"),
    Need.PROTECTIVE_SUPPLIES: ("防护物资", "防护用品", "口罩", "消毒用品", "protective supplies"),
    Need.PSYCHOLOGICAL_SUPPORT: ("心理疏导", "心理支持", "心理咨询", "情绪疏导", "心理",
                                 "psychological support"),
    Need.HOME_CARE: ("居家照护", "照护", "护理", "照料", "上门照护", "保洁", "打扫", "home care"),
    Need.TRANSPORT: ("出行协助", "出行", "交通", "用车"),
    Need.FINANCIAL_AID: ("经济救助", "救助", "补助", "经济困难", "financial aid"),
    Need.INFORMATION: ("政策咨询", "咨询", "信息咨询", "信息"),
    Need.OTHER: ("其他", "其它"),
}
_VULNERABILITIES: dict[Vulnerability, tuple[str, ...]] = {
    Vulnerability.OLDER_PERSON: ("老年人", "老人", "高龄", "高龄老人", "老年", "older person",
                                 "elderly"),
    Vulnerability.LIVES_ALONE: ("独居", "独居老人", "空巢", "lives alone"),
    Vulnerability.VISUAL_IMPAIRMENT: ("视力障碍", "视障", "盲人", "视力残疾",
                                      "visual impairment"),
    Vulnerability.HEARING_IMPAIRMENT: ("听力障碍", "听障", "听力残疾", "hearing impairment"),
    Vulnerability.PHYSICAL_DISABILITY: ("肢体残疾", "肢残", "残疾", "行动不便",
                                        "physical disability"),
    Vulnerability.INTELLECTUAL_DISABILITY: ("智力障碍", "智障", "智力残疾",
                                            "intellectual disability"),
    Vulnerability.CHRONIC_ILLNESS: ("慢性病", "慢病", "基础病", "特病", "chronic illness"),
    Vulnerability.MENTAL_HEALTH: ("精神心理困扰", "精神障碍", "心理问题", "精神残疾",
                                  "mental health"),
    Vulnerability.PREGNANT: ("孕产妇", "孕妇", "产妇"),
    Vulnerability.CHILD: ("儿童", "未成年人", "孩子", "children"),
    Vulnerability.LOW_INCOME: ("低收入困难家庭", "低收入", "低保", "低保户", "困难家庭", "特困",
                               "low income"),
    Vulnerability.IN_QUARANTINE: ("居家隔离", "隔离", "封控", "居家观察", "in quarantine",
                                  "quarantine"),
}
_SEPARATORS = re.compile(r"[,;、/|]+")
_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_YEAR = re.compile(r"^(\d{4})(?:\.0+|年)?$")


def _key(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().casefold().replace("_", " ")


def _lookup(table: Mapping[E, tuple[str, ...]]) -> dict[str, E]:
    found: dict[str, E] = {}
    for member, words in table.items():
        for word in (member.value, *words):
            found[_key(word)] = member
    return found


NEED_WORDS = _lookup(_NEEDS)
VULNERABILITY_WORDS = _lookup(_VULNERABILITIES)


def cell(value: str) -> str:
    """A cell as the import reads it: NFKC (full-width → plain), stripped."""
    return unicodedata.normalize("NFKC", value).strip()


def header_field(header: str) -> str | None:
    """The field a header names (Chinese or English, any case, a trailing * or (必填))."""
    key = cell(header).casefold().replace(" ", "").rstrip("*")
    key = key.removesuffix("(必填)").removesuffix("(选填)")
    for name, zh, en in COLUMNS:
        if key in (zh, en.replace("_", ""), en):
            return name
    return _HEADER_ALIASES.get(key)


def phone_of(value: str) -> str:
    """A mobile number written with spaces or dashes loses them; anything else is left
    for the domain's check (landlines, extensions)."""
    compact = re.sub(r"[\s\-]", "", value)
    return compact if _MOBILE.match(compact) else value


@dataclass(frozen=True)
class Problem:
    """Why a row cannot go in: the column as the sheet names it, a code and its values."""

    row: int
    column: str
    code: str
    params: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Mapped:
    """A row read: the intake it asks for (None if a problem refuses it) and the row's
    canonical content (what its identity is computed from)."""

    row: int
    command: OpenCase | None
    problems: tuple[Problem, ...]
    canonical: str
    phone: str | None = None
    id_number: str | None = None


class RowReader:
    """Reads the rows of one sheet against its header row."""

    def __init__(self, headers: list[str], *, team: str, channel: Channel) -> None:
        self.team = team
        self.channel = channel
        self.columns: dict[str, tuple[int, str]] = {}  # field → (index, header as written)
        self.unknown: list[str] = []
        for index, header in enumerate(headers):
            name = header_field(header)
            if name is None:
                if cell(header):
                    self.unknown.append(cell(header))
            elif name not in self.columns:
                self.columns[name] = (index, cell(header))

    @property
    def missing(self) -> list[str]:
        """Required columns the header row lacks."""
        return [name for name in REQUIRED if name not in self.columns]

    def column(self, name: str) -> str:
        return self.columns[name][1] if name in self.columns else name

    def read(self, row: int, cells: list[str]) -> Mapped:
        values = {name: cell(cells[i]) if i < len(cells) else ""
                  for name, (i, _) in self.columns.items()}
        values = {name: values.get(name, "") for name in FIELDS}
        values["phone"] = phone_of(values["phone"])
        problems: list[Problem] = []

        def problem(name: str, code: str, **params: str | int) -> None:
            problems.append(Problem(row, self.column(name), code, params))

        for name in REQUIRED:
            if not values[name]:
                problem(name, "required")
        needs = self._words(values["needs"], NEED_WORDS, "needs", "unknown_need", problem)
        vulnerabilities = self._words(values["vulnerabilities"], VULNERABILITY_WORDS,
                                      "vulnerabilities", "unknown_vulnerability", problem)
        lives_alone = _yes_no(values["lives_alone"])
        if lives_alone is None:
            problem("lives_alone", "not_yes_no", value=values["lives_alone"][:20])
        gender = (_GENDERS.get(values["gender"].casefold()) if values["gender"]
                  else Gender.UNKNOWN)
        if gender is None:
            problem("gender", "unknown_gender", value=values["gender"][:20])
        year: int | None = None
        if values["birth_year"]:
            found = _YEAR.match(values["birth_year"])
            if found is None:
                problem("birth_year", "not_a_year")
            else:
                year = int(found.group(1))
        canonical = json.dumps(
            {**values, "needs": sorted(needs), "vulnerabilities": sorted(vulnerabilities),
             "lives_alone": lives_alone, "gender": gender, "birth_year": year},
            ensure_ascii=False, sort_keys=True)
        if problems:
            return Mapped(row, None, tuple(problems), canonical)
        command = OpenCase(
            team=self.team, channel=self.channel,
            profile=ResidentProfile(birth_year=year, gender=gender or Gender.UNKNOWN,
                                    district=values["district"], street=values["street"],
                                    community=values["community"],
                                    lives_alone=bool(lives_alone)),
            details=ResidentDetails(name=values["name"], phone=values["phone"],
                                    id_number=values["id_number"] or None,
                                    address_detail=values["address"] or None),
            request=values["request"], vulnerabilities=tuple(vulnerabilities),
            needs=tuple(needs), consent=Consent(given=False))
        return Mapped(row, command, (), canonical, values["phone"] or None,
                      values["id_number"] or None)

    @staticmethod
    def _words(value: str, table: Mapping[str, E], name: str, code: str,
               problem: Callable[..., None]) -> list[E]:
        found: list[E] = []
        for piece in _SEPARATORS.split(value):
            piece = piece.strip()
            if not piece:
                continue
            # "买药 买菜": words apart by spaces only, unless the whole is one word
            words = [piece] if _key(piece) in table else piece.split()
            for word in words:
                member = table.get(_key(word))
                if member is None:
                    problem(name, code, value=word[:40])
                elif member not in found:
                    found.append(member)
        return found


def _yes_no(value: str) -> bool | None:
    if not value:
        return False
    folded = value.casefold()
    if folded in YES:
        return True
    if folded in NO:
        return False
    return None


def template_rows(language: str) -> list[list[str]]:
    """The header row and one example row of the template, in `language` (zh or en)."""
    zh = language == "zh"
    return [[c[1] if zh else c[2] for c in COLUMNS],
            [EXAMPLE[c[0]][0 if zh else 1] for c in COLUMNS]]

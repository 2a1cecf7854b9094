"""The synthetic residents and case mix that both stores are loaded with.

Case `i` of a load is the same resident, risk and state in Casework and in the twin, so
the two answer the same queue and search reads over the same facts. All data is made up;
the harness never prints any of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.vocabulary import Need, Risk, Vulnerability

TEAM = "SG"
PASSWORD = "surge-bench-password"
SUPERVISOR = "surge.lead"
WORKERS = ("surge.w1", "surge.w2", "surge.w3", "surge.w4")
RISKS = (Risk.LOW, Risk.MEDIUM, Risk.HIGH, Risk.CRITICAL)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "秀英桂兰玉珍凤芳淑华建国明德志强丽娟"
VULNERABILITIES = (Vulnerability.OLDER_PERSON, Vulnerability.CHRONIC_ILLNESS)
NEEDS = (Need.MEDICATION, Need.FOOD)
REQUEST = "居家隔离,家中缺药缺菜,请社工帮忙"
SPAN = timedelta(hours=48)  # the preloaded cases arrived over the last two days


@dataclass(frozen=True)
class Resident:
    name: str
    phone: str
    id_number: str
    birth_year: int


@dataclass(frozen=True)
class Shape:
    """What has happened to case `i` by the time the load ends."""

    risk: Risk | None  # None: not assessed yet
    claimed_by: int | None  # index into WORKERS
    opened_at: datetime


def resident(i: int) -> Resident:
    name = (SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
            + f"{i:06d}")
    return Resident(name=name, phone=f"139{i:08d}", id_number=f"500101{i:012d}",
                    birth_year=1930 + i % 60)


def shape(i: int, count: int, now: datetime) -> Shape:
    """Half the cases are assessed (risks in turn); a quarter are claimed by a worker."""
    opened_at = now - SPAN + SPAN * i / max(count, 1)
    if i % 2:
        return Shape(risk=None, claimed_by=None, opened_at=opened_at)
    risk = RISKS[(i // 2) % len(RISKS)]
    claimed = (i // 2) % len(WORKERS) if i % 4 == 0 else None
    return Shape(risk=risk, claimed_by=claimed, opened_at=opened_at)


def follow_up(opened_at: datetime) -> date:
    return (opened_at + timedelta(days=2)).date()

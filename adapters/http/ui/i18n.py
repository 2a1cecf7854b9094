"""Two languages for the web UI: Simplified Chinese (the default) and English.

The words live in the catalogs (`catalog*.py`) as `key: (English, 中文)`. A Translator
is made per request for the chosen language and the deployment's time zone; templates
call `t("key", name=value)`, `label("risk", case.risk)`, `when(moment)`, `day(date)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from enum import Enum

from adapters.http.ui.catalog import MESSAGES
from adapters.http.ui.catalog_events import EVENTS
from adapters.http.ui.catalog_vocab import VOCAB

ZH = "zh-CN"
EN = "en"
LANGUAGES = (ZH, EN)
DEFAULT = ZH
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")
_TAG = re.compile(r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?")
MISSING = "—"


def supported(lang: str | None) -> str | None:
    """The supported language a tag names (`zh`, `zh-Hans-CN`, `en-GB` ...), else None."""
    if not lang:
        return None
    tag = lang.strip().lower()
    if tag == "zh" or tag.startswith("zh-"):
        return ZH
    if tag == "en" or tag.startswith("en-"):
        return EN
    return None


def negotiate(accept_language: str | None) -> str:
    """The best supported language of an Accept-Language header; Chinese if none fits."""
    if not accept_language:
        return DEFAULT
    choices: list[tuple[float, int, str]] = []
    for order, part in enumerate(accept_language.split(",")[:20]):
        found = _TAG.match(part)
        if not found:
            continue
        try:
            weight = float(found.group(2)) if found.group(2) else 1.0
        except ValueError:
            continue
        lang = supported(found.group(1))
        if lang is not None and weight > 0:
            choices.append((-weight, order, lang))
    return min(choices)[2] if choices else DEFAULT


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == ZH else pair[0]


@dataclass(frozen=True)
class Translator:
    lang: str
    timezone: tzinfo

    @property
    def is_zh(self) -> bool:
        return self.lang == ZH

    def t(self, key: str, /, **params: object) -> str:
        """The message `key` in this language, with `{name}` placeholders filled."""
        pair = MESSAGES.get(key) or EVENTS.get(key)
        if pair is None:
            return key
        text = _pick(pair, self.lang)
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        return key in MESSAGES or key in EVENTS

    def label(self, kind: str, value: Enum | str | None) -> str:
        """A vocabulary value (`label("need", Need.FOOD)`) in words; `—` for none."""
        if value is None:
            return MISSING
        raw = value.value if isinstance(value, Enum) else str(value)
        pair = VOCAB.get(kind, {}).get(raw)
        return _pick(pair, self.lang) if pair else raw

    def labels(self, kind: str, values: object) -> str:
        """Several vocabulary values, joined the way the language lists them."""
        items = [self.label(kind, v) for v in (values or ())]  # type: ignore[attr-defined]
        if not items:
            return MISSING
        return "、".join(items) if self.is_zh else ", ".join(items)

    def when(self, moment: datetime | None) -> str:
        """A moment in the deployment's local time: `2022年4月10日 09:00` / `10 Apr 2022, 09:00`."""
        if moment is None:
            return MISSING
        local = moment.astimezone(self.timezone)
        return f"{self.day(local.date())} {local:%H:%M}" if self.is_zh else \
            f"{self.day(local.date())}, {local:%H:%M}"

    def day(self, value: date | None) -> str:
        if value is None:
            return MISSING
        if self.is_zh:
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"

    def short_day(self, value: date) -> str:
        """For chart axes: `4/10` / `10 Apr`."""
        return f"{value.month}/{value.day}" if self.is_zh else \
            f"{value.day} {_EN_MONTHS[value.month - 1]}"

    def month(self, value: str) -> str:
        """`2022-04` → `2022年4月` / `Apr 2022`."""
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            return value
        if not 1 <= month <= 12:
            return value
        return f"{year}年{month}月" if self.is_zh else f"{_EN_MONTHS[month - 1]} {year}"

    def money(self, value: Decimal | None) -> str:
        if value is None:
            return MISSING
        return f"{value:,.2f} 元" if self.is_zh else f"CNY {value:,.2f}"

    def hours(self, value: float | None) -> str:
        if value is None:
            return MISSING
        return self.t("unit.hours", n=f"{value:.1f}")

    def local_input(self, moment: datetime | None) -> str:
        """A moment as a `datetime-local` input value in local time."""
        if moment is None:
            return ""
        return moment.astimezone(self.timezone).strftime("%Y-%m-%dT%H:%M")

"""Every word the UI shows exists in both languages: each catalog key a template or a
handler uses, each value of every vocabulary, each rule the domain may refuse with."""

from __future__ import annotations

import re
import string
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from adapters.http.ui.catalog import MESSAGES
from adapters.http.ui.catalog_events import EVENTS
from adapters.http.ui.catalog_vocab import VOCAB
from adapters.http.ui.i18n import EN, ZH, Translator, negotiate
from domain import vocabulary as v
from domain.errors import INPUT_CODES, INPUT_MESSAGES, RULE_CODES, InputCode

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "adapters" / "http" / "ui"
KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""")
DONE = re.compile(r"""["'](done\.[a-z_]+|login\.[a-z_]+|error\.[a-z_]+)["']""")
TEMPLATE_NAMES = {"error.html", "login.html"}
RULE = re.compile(r"""RuleViolated\(\s*["']([a-z_]+)["']""")
# Rules that no UI form can meet: log-in of an inactive user (a plain "wrong password"
# there), and a retried API request with the same Idempotency-Key.
NOT_FROM_THE_UI = ("user_inactive", "own_account", "request_in_progress")  # admin, API
KINDS: dict[str, type[StrEnum]] = {
    "role": v.Role, "status": v.Status, "risk": v.Risk, "vulnerability": v.Vulnerability,
    "need": v.Need, "channel": v.Channel, "service_kind": v.ServiceKind,
    "closure_outcome": v.ClosureOutcome, "referral_status": v.ReferralStatus,
    "referral_outcome": v.ReferralOutcome, "deadline": v.DeadlineState, "gender": v.Gender,
    "consent_method": v.ConsentMethod, "organisation_kind": v.OrganisationKind, "via": v.Via,
}


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in [*UI.glob("templates/**/*.html"), *UI.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        keys.update(KEY.findall(text))
        if path.suffix == ".py":
            keys.update(DONE.findall(text))
    return keys - TEMPLATE_NAMES


def test_every_key_in_use_has_both_languages() -> None:
    known = {**MESSAGES, **EVENTS}
    keys = used_keys()

    assert len(keys) > 200
    assert sorted(k for k in keys if k not in known) == []
    assert all(english and chinese for english, chinese in known.values())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_vocabulary_value_has_both_languages(kind: str) -> None:
    labels = VOCAB[kind]

    assert sorted(m.value for m in KINDS[kind] if m.value not in labels) == []


def test_every_rule_the_domain_enforces_is_explained() -> None:
    rules: set[str] = set()
    for folder in ("domain", "service"):
        for path in (ROOT / folder).glob("*.py"):
            rules.update(RULE.findall(path.read_text(encoding="utf-8")))

    assert len(rules) > 15
    assert sorted(r for r in rules if f"rule.{r}" not in EVENTS
                  and r not in NOT_FROM_THE_UI) == []


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_rule_code_the_domain_declares_has_both_languages() -> None:
    assert len(RULE_CODES) > 15
    assert sorted(code for code in RULE_CODES if f"rule.{code}" not in EVENTS) == []


@pytest.mark.parametrize("code", INPUT_CODES)
def test_every_input_code_the_domain_declares_has_both_languages(code: InputCode) -> None:
    """Each reason the domain may give for refusing a value, in English and Chinese,
    filled from the params the domain gives with that code (its own message's names)."""
    english, chinese = EVENTS[f"input.{code}"]
    params = {name: 7 for name in placeholders(INPUT_MESSAGES[code])}

    assert placeholders(english) <= set(params)
    assert placeholders(chinese) <= set(params)
    assert re.search(r"[\u4e00-\u9fff]", chinese.format(**params))
    assert english.format(**params)
    assert "{" not in english.format(**params)


def test_the_glossarys_words_are_used() -> None:
    tr = Translator(ZH, ZoneInfo("Asia/Shanghai"))

    assert [tr.label("status", s) for s in v.Status] == ["待评估", "待分派", "服务中",
                                                        "结案待审批", "已结案"]
    assert [tr.label("risk", r) for r in v.Risk] == ["低", "中", "高", "紧急"]
    assert [tr.label("deadline", d) for d in v.DeadlineState] == ["正常", "即将超时", "已超时"]
    assert tr.t("queue.overdue") == "回访逾期"
    assert tr.label("referral_status", "sent") == "已转介待接收"
    assert tr.t("nav.intake") == "接案登记"


@pytest.mark.parametrize(("header", "expected"), [
    (None, ZH), ("", ZH), ("en", EN), ("en-US,en;q=0.9", EN), ("zh-TW", ZH),
    ("de, en;q=0.5, zh;q=0.4", EN), ("de, zh;q=0.5, en;q=0.4", ZH), ("en;q=0, fr", ZH),
    ("*", ZH), ("en;q=0.0", ZH), ("fr;q=0.9, en-AU;q=0.8", EN),
])
def test_the_browsers_language_is_read_with_its_weights(header: str | None,
                                                        expected: str) -> None:
    assert negotiate(header) == expected

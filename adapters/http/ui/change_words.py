"""What an event changed, in words, from service/changes.py's `Change` list:
"风险 中 → 高;随访 12-01 → 12-03" / "risk medium → high; follow-up 12-01 → 12-03"."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from adapters.http.ui.i18n import MISSING, Translator
from adapters.http.ui.names import Names
from service.changes import REFERRAL_STATUS, Change

TEXT_CUT = 40  # personal texts are shortened here; the event's details show them whole
Words = Callable[[Translator, Names, Any], str]


def _vocabulary(kind: str, *, lower: bool = False) -> Words:
    def words(tr: Translator, names: Names, value: Any) -> str:
        label = tr.label(kind, value)
        return label.lower() if lower and not tr.is_zh and value is not None else label
    return words


def _list(kind: str) -> Words:
    return lambda tr, names, value: tr.labels(kind, value)


def _given(tr: Translator, names: Names, value: Any) -> str:
    if value is None:
        return MISSING
    return tr.t("change.given") if value else tr.t("change.not_given")


def _case(tr: Translator, names: Names, value: Any) -> str:
    if value is None:
        return MISSING
    return names.case(value).reference or tr.t("case.not_visible")


def _text(tr: Translator, names: Names, value: Any) -> str:
    if not value:
        return MISSING
    text = " ".join(str(value).split())
    return text if len(text) <= TEXT_CUT else text[:TEXT_CUT] + "…"


VALUE_WORDS: Mapping[str, Words] = {
    "status": _vocabulary("status"),
    "team": lambda tr, names, value: names.team(value),
    "risk": _vocabulary("risk", lower=True),
    "needs": _list("need"),
    "vulnerabilities": _list("vulnerability"),
    "assigned_worker_id": lambda tr, names, value: names.person(value),
    "pending_transfer.to_team": lambda tr, names, value: names.team(value),
    "consent.given": _given,
    "consent.method": _vocabulary("consent_method"),
    "pending_closure.outcome": _vocabulary("closure_outcome"),
    "outcome": _vocabulary("closure_outcome"),
    "duplicate_of": _case,
    REFERRAL_STATUS: _vocabulary("referral_status"),
}


def _days(old: Any, new: Any) -> tuple[str, str]:
    """Two dates as `12-01 → 12-03` when they fall in one year, else in full."""
    dates = [d for d in (old, new) if isinstance(d, date)]
    short = len({d.year for d in dates}) == 1 and len(dates) == 2
    return tuple(  # type: ignore[return-value]
        MISSING if not isinstance(d, date) else
        (f"{d.month:02d}-{d.day:02d}" if short else d.isoformat()) for d in (old, new))


def change_words(tr: Translator, names: Names, change: Change,
                 organisations: Mapping[UUID, UUID]) -> str:
    """One change: "风险 中 → 高"."""
    if change.field == REFERRAL_STATUS and change.referral_id is not None:
        field = tr.t(f"change.{change.field}", organisation=names.organisation(
            organisations.get(change.referral_id)))
    else:
        field = tr.t(f"change.{change.field}")
    if change.hidden:
        return f"{field} {tr.t('change.hidden')}"
    if change.field == "follow_up_due":
        old, new = _days(change.old, change.new)
    else:
        words = VALUE_WORDS.get(change.field, _text)
        old, new = words(tr, names, change.old), words(tr, names, change.new)
    return f"{field} {old} → {new}"


def changes_words(tr: Translator, names: Names, changes: tuple[Change, ...],
                  organisations: Mapping[UUID, UUID]) -> str:
    """Every change of an event, joined: "风险 中 → 高;随访 12-01 → 12-03"."""
    parts = [change_words(tr, names, change, organisations) for change in changes]
    return (";" if tr.is_zh else "; ").join(parts)

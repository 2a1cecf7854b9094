"""A case's events in words: "李林 将个案评估为高风险" / "Li Lin assessed the case as high risk",
each with the texts the event carries (note, plan, reason ...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple
from uuid import UUID

from adapters.http.ui.change_words import changes_words
from adapters.http.ui.i18n import Translator
from adapters.http.ui.names import Names
from domain.case import CaseEvent
from domain.values import ERASED, Actor
from service.history import HistoryItem, history_item, history_items

# Texts an event may carry in its `personal` field, shown under the sentence.
_TEXTS = ("request", "notes", "plan", "reason", "text", "description", "note", "summary",
          "comment", "delivered")


class Detail(NamedTuple):
    """A name and its text under an event's sentence; `href` makes the text a link."""

    name: str
    text: str
    href: str | None = None


@dataclass(frozen=True)
class Entry:
    version: int
    at: datetime
    sentence: str
    details: list[Detail]
    via: str
    changes: str = ""  # what the event changed, in words (the history page)


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def _uuid(value: Any) -> UUID | None:
    if isinstance(value, UUID) or value is None:
        return value
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _sentence(tr: Translator, names: Names, item: HistoryItem,
              organisations: dict[UUID, UUID]) -> str:
    data = item.data
    actor = names.person(item.actor_id)
    kind = item.type
    referral_id = data.get("referral_id")
    organisation = names.organisation(
        data.get("organisation_id") or organisations.get(referral_id))  # type: ignore[arg-type]
    params: dict[str, object] = {"actor": actor, "organisation": organisation}
    if kind == "opened":
        params["channel"] = tr.label("channel", data.get("channel"))
    elif kind == "assessed":
        risk = tr.label("risk", data.get("risk"))
        params["risk"] = risk if tr.is_zh else risk.lower()
    elif kind == "assigned":
        params["worker"] = names.person(data.get("worker_id"))
        if data.get("previous_worker_id") is not None:
            params["previous"] = names.person(data.get("previous_worker_id"))
            kind = "reassigned"
    elif kind == "service_logged":
        params.update(kind=tr.label("service_kind", data.get("kind")),
                      minutes=_s(data.get("minutes")))
    elif kind == "task_created":
        params["kind"] = tr.label("task_kind", data.get("kind"))
    elif kind == "task_completed":
        params["minutes"] = _s(data.get("minutes"))
    elif kind in ("consent_recorded", "consent_withdrawn"):
        params["method"] = tr.label("consent_method", data.get("method"))
    elif kind == "referral_sent":  # v2 keeps the service in the personal part
        service = _s(data.get("service") or (data.get("personal") or {}).get("service"))
        params["service"] = service if service != ERASED else (
            "已删除" if tr.is_zh else "erased")
    elif kind == "referral_completed":
        params["outcome"] = tr.label("referral_outcome", data.get("outcome"))
    elif kind in ("closure_requested", "closed"):
        params["outcome"] = tr.label("closure_outcome", data.get("outcome"))
    elif kind == "transfer_requested":
        params["team"] = names.team(data.get("to_team"))
    elif kind in ("transfer_accepted", "routed"):
        params.update(from_team=names.team(data.get("from_team")),
                      to_team=names.team(data.get("to_team")))
    elif kind == "erased":
        kind = "personal_data_erased"
    key = f"event.{kind}"
    if not tr.has(key):
        return tr.t("event.other", actor=actor, type=item.type)
    return tr.t(key, **params)


def _details(tr: Translator, names: Names, item: HistoryItem) -> list[Detail]:
    data = item.data
    details: list[Detail] = []
    if item.type == "assessed":
        details.append(Detail(tr.t("case.needs"), tr.labels("need", data.get("needs"))))
        follow_up = data.get("follow_up_due")
        details.append(Detail(tr.t("case.follow_up_due"),
                              tr.day(follow_up if isinstance(follow_up, date) else None)))
    if item.type == "follow_up_done":
        follow_up = data.get("next_follow_up_due")
        details.append(Detail(tr.t("form.next_follow_up_due"),
                              tr.day(follow_up if isinstance(follow_up, date) else None)))
    if item.type in ("check_in_done", "check_in_skipped", "check_in_rescheduled"):
        due_on, moved_to = data.get("due_on"), data.get("to")
        details.append(Detail(tr.t("checkin.due_at"),
                              tr.day(due_on if isinstance(due_on, date) else None)))
        if isinstance(moved_to, datetime):
            details.append(Detail(tr.t("checkin.to"), tr.when(moved_to)))
    if item.type == "service_logged":
        delivered_at = data.get("delivered_at")
        details.append(Detail(tr.t("form.delivered_at"), tr.when(
            delivered_at if isinstance(delivered_at, datetime) else None)))
    if item.type == "referral_completed":
        details.append(Detail(tr.t("form.value_cny"), tr.money(data.get("value_cny"))))
        details.append(Detail(tr.t("form.people_helped"), _s(data.get("people_helped"))))
    original = _uuid(data.get("duplicate_of"))
    if item.type in ("closed", "closure_requested") and original is not None:
        case = names.case(original)  # its reference, a link if the reader may open it
        details.append(Detail(tr.t("case.original"),
                              case.reference or tr.t("case.not_visible"), case.href))
    personal = data.get("personal") or {}
    if isinstance(personal, dict):
        for name in _TEXTS:
            value = personal.get(name)
            if value:
                details.append(Detail(tr.t(f"text.{name}"), str(value)))
    return details


def timeline(tr: Translator, names: Names, events: list[CaseEvent],
             reader: Actor | None = None) -> list[Entry]:
    """Every event of the case, oldest first; given the `reader`, with what each event
    changed, as that reader may see it."""
    organisations: dict[UUID, UUID] = {}
    entries = []
    items = history_items(events, reader) if reader is not None else \
        [history_item(event) for event in events]
    for item in items:
        if item.type == "referral_sent":
            organisations[item.data["referral_id"]] = item.data["organisation_id"]
        entries.append(Entry(version=item.version, at=item.at,
                             sentence=_sentence(tr, names, item, organisations),
                             details=_details(tr, names, item),
                             via=tr.label("via", item.via),
                             changes=changes_words(tr, names, item.changes, organisations)))
    return entries

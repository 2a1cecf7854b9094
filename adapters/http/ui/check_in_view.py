"""What the case page shows of a case's recurring check-ins (decision 0028)."""

from __future__ import annotations

from typing import Any

from adapters.http.ui.pages import Ui
from domain.checkins import Every, FollowUpPlan
from service.case_detail import CaseDetail
from service.check_ins import case_check_ins


def plan_words(ui: Ui, plan: FollowUpPlan) -> str:
    """"Every week on Thursday at 10:00, until the case closes" in the reader's language."""
    tr, at = ui.tr, plan.at.strftime("%H:%M")
    if plan.every is Every.WEEK:
        words = tr.t("checkin.plan.week", at=at,
                     weekday=tr.t(f"checkin.weekday.{plan.first.weekday()}"))
    elif plan.every is Every.MONTH:
        words = tr.t("checkin.plan.month", at=at, day=str(plan.day_of_month))
    else:
        words = tr.t("checkin.plan.day", at=at)
    until = (tr.t("checkin.until", day=tr.day(plan.until)) if plan.until
             else tr.t("checkin.until_closed"))
    return f"{words}, {until}"


def case_check_ins_view(ui: Ui, case: CaseDetail) -> dict[str, Any]:
    """What the case page shows of the check-ins: the plan in words, its grace period,
    the check-ins of the last week, open ones, and the next ones."""
    container = ui.container
    found = case_check_ins(case, container.clock.now(), container.settings.tz)
    if found.plan is None:
        return {"plan": None, "items": [], "ahead": []}
    return {"plan": found.plan, "words": plan_words(ui, found.plan),
            "grace_hours": int(found.plan.grace.total_seconds() // 3600),
            "items": found.recent, "ahead": found.ahead}

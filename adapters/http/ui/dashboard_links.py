"""Where each figure of the team dashboard leads (issue 12, item 10): the case list with
the filters that select exactly the cases the figure counts (service/queries.py
`dashboard`), and the breakdowns of the open cases by street, community, vulnerability,
need and channel as charts (each bar a link too) over tables that hold the same links."""

from __future__ import annotations

from typing import Any

from adapters.http.case_filters import link
from adapters.http.ui.i18n import Translator
from service.results import Dashboard

CASES = "/cases"
OPEN = "intake,assessed,active,pending_closure"
UNASSIGNED = "intake,assessed"  # the intake queue: open and no worker (docs/domain.md §3)
CASELOAD = "active,pending_closure"
# The kind of vocabulary that names each breakdown's values (None: free text).
BREAKDOWN_KINDS: dict[str, str | None] = {"street": None, "community": None,
                                          "vulnerability": "vulnerability", "need": "need",
                                          "channel": "channel"}
CHART_BARS = 15  # a chart shows the largest this many; its table shows all
BAR = "#0b4f8a"


def dashboard_links(board: Dashboard, team: str | None) -> dict[str, Any]:
    """Each figure's case list. `team` is the auditor's chosen team (a supervisor's list
    is their team's by scope)."""
    base = {"team": team}
    assigned = {**base, "status": CASELOAD, "assigned": "yes"}
    waiting = {**base, "status": UNASSIGNED, "assigned": "no"}
    by_risk = {risk: link(CASES, **waiting, risk=risk)
               for risk in board.unassigned_by_risk if risk != "unassessed"}
    by_risk["unassessed"] = link(CASES, **waiting, unassessed="1")
    found: dict[str, Any] = {
        "overdue": link(CASES, **assigned, deadline="overdue"),
        "unassigned": link(CASES, **waiting),
        "breached": link(CASES, **waiting, deadline="breached"),
        "unassigned_risk": by_risk,
        "worker_open": {str(w.worker_id): link(CASES, **base, status=CASELOAD,
                                               worker_id=str(w.worker_id))
                        for w in board.workers},
        "worker_overdue": {str(w.worker_id): link(CASES, **base, status=CASELOAD,
                                                  worker_id=str(w.worker_id),
                                                  deadline="overdue")
                           for w in board.workers},
    }
    for name, counts in board.breakdowns.items():
        found[f"by_{name}"] = {value: link(CASES, **base, status=OPEN, **{name: value})
                               if value else None for value in counts}
    return found


def breakdown_charts(tr: Translator, board: Dashboard, links: dict[str, Any]
                     ) -> dict[str, Any]:
    """`breakdowns`: for each, its title, rows (label, count, link) and a bar chart."""
    shown = []
    for name, kind in BREAKDOWN_KINDS.items():
        counts = board.breakdowns.get(name, {})
        rows = [(tr.label(kind, value) if kind else (value or tr.t("breakdown.unknown")),
                 count, links[f"by_{name}"].get(value)) for value, count in counts.items()]
        top = rows[:CHART_BARS]
        chart = {"type": "bar", "data": {
            "labels": [label for label, _, _ in top],
            "datasets": [{"label": tr.t("breakdown.cases"), "data": [n for _, n, _ in top],
                          "backgroundColor": BAR}]},
            "options": {"indexAxis": "y", "plugins": {"legend": {"display": False}},
                        "scales": {"x": {"beginAtZero": True, "ticks": {"precision": 0}}}},
            "links": [[href for _, _, href in top]]}
        shown.append({"name": name, "title": tr.t(f"breakdown.{name}"), "rows": rows,
                      "chart": chart, "height": max(len(top), 1) * 28 + 40})
    return {"breakdowns": shown}

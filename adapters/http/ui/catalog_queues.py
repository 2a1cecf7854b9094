"""Words of the queues' resident column, the assign control of the intake queue and the
bookmarkable search (issue 12 items 3 and 4): `key → (English, 中文)`."""

from __future__ import annotations

Pair = tuple[str, str]

QUEUES: dict[str, Pair] = {
    "work.intake_of": ("Intake queue · {team}", "待分派个案 · {team}"),
    "queue.resident": ("Resident and request", "服务对象与诉求"),
    "queue.erased": ("erased", "已删除"),
    "queue.no_resident": ("not shown yet", "暂无显示"),
    "queue.team": ("Team", "服务团队"),
    "queue.assign_to": ("Assign {reference} to", "将 {reference} 分派给"),
    "queue.assign": ("Assign", "分派"),
    "queue.assign_case": ("Assign case {reference}", "分派个案 {reference}"),
    "queue.worker_load": ("{name} · {n} open", "{name} · 在办 {n} 件"),
    "queue.worker_load_lead": ("{name} (supervisor) · {n} open",
                               "{name}(督导)· 在办 {n} 件"),
    "queue.choose_worker": ("Choose a worker…", "请选择社工…"),
    "search.hidden": ("Searched by name, phone or ID number (kept off the address).",
                      "按姓名、电话或证件号查询(不显示在地址栏中)。"),
    "search.expired": ("This search has expired or was made by someone else: search again.",
                       "该查询已过期或并非由您发起,请重新查询。"),
    "search.link": ("Address of these results, for a bookmark:", "本次结果的地址(可收藏):"),
    "hint.search_reference": (
        "A reference, whole or in part (NA-2026, pd-2026-4, 00042), a name, a phone "
        "number or an ID number. Names and numbers never appear in the address.",
        "个案编号(可只输入一部分,如 NA-2026、pd-2026-4、00042)、姓名、电话或证件号。"
        "姓名和号码不会出现在地址栏中。"),
}

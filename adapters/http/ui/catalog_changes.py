"""What an event changed, in words: the name of each field a change may name
(service/changes.py), `change.<field> → (English, 中文)`, and the words around them.
Short forms, as a supervisor would write them: "风险 中 → 高;随访 12-01 → 12-03"."""

from __future__ import annotations

Pair = tuple[str, str]

CHANGES: dict[str, Pair] = {
    "change.status": ("status", "状态"),
    "change.team": ("team", "服务团队"),
    "change.risk": ("risk", "风险"),
    "change.needs": ("needs", "需求"),
    "change.vulnerabilities": ("vulnerabilities", "困难类型"),
    "change.assigned_worker_id": ("worker", "负责社工"),
    "change.follow_up_due": ("follow-up", "随访"),
    "change.pending_transfer.to_team": ("transfer pending to", "待转移至"),
    "change.consent.given": ("consent", "知情同意"),
    "change.consent.method": ("consent given", "同意方式"),
    "change.pending_closure.outcome": ("closure requested", "申请结案"),
    "change.outcome": ("outcome", "结案原因"),
    "change.duplicate_of": ("duplicate of", "原个案"),
    "change.referrals.status": ("referral to {organisation}", "转介至{organisation}"),
    "change.resident.name": ("name", "姓名"),
    "change.resident.phone": ("phone", "联系电话"),
    "change.resident.id_number": ("ID card number", "身份证号"),
    "change.resident.address.detail": ("building, unit, room", "楼栋门牌"),
    "change.resident.emergency_contact.name": ("emergency contact", "紧急联系人"),
    "change.resident.emergency_contact.phone": ("emergency contact's phone",
                                                "紧急联系人电话"),
    "change.resident.emergency_contact.relation": ("emergency contact's relation",
                                                   "与服务对象关系"),
    "change.request": ("request", "求助内容"),
    "change.plan": ("plan", "服务计划"),
    "change.assessment_notes": ("assessment notes", "评估记录"),
    "change.hidden": ("changed (not shown to you)", "已更改(无权查看)"),
    "change.given": ("given", "已同意"),
    "change.not_given": ("not given", "未同意"),
    "change.label": ("What changed:", "变更内容:"),
    "history.export": ("Download the whole history (recorded in the access log):",
                       "下载完整个案历史(将记入查阅记录):"),
    "history.export_csv": ("CSV (Excel)", "CSV(Excel)"),
    "history.export_json": ("JSON", "JSON"),
}

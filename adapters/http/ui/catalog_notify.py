"""Words of the notifications (issue 12 item 6) and of who referred a case (item 5):
`key → (English, 中文)`. A notification's text names a case by its reference only,
never a resident."""

from __future__ import annotations

Pair = tuple[str, str]

NOTIFY: dict[str, Pair] = {
    "nav.notifications": ("Notifications", "通知"),
    "notify.unread_count": ("{n} unread", "{n} 条未读"),
    "notify.title": ("Notifications", "通知"),
    "notify.explain": ("What needs you: new assignments, referrals, approvals, transfers, "
                       "answers and deadlines. The count at the top updates every {seconds} "
                       "seconds.",
                       "需要您处理的事项:新分派的个案、转介、结案审批、团队转移、转介答复和即将超时的期限。"
                       "页面顶部的未读数每 {seconds} 秒更新一次。"),
    "notify.empty": ("No notifications.", "暂无通知。"),
    "notify.unread": ("Unread", "未读"),
    "notify.read": ("Read", "已读"),
    "notify.all": ("All", "全部"),
    "notify.filter": ("Which notifications", "筛选"),
    "notify.mark_read": ("Mark as read", "标为已读"),
    "notify.mark_all_read": ("Mark all as read", "全部标为已读"),
    "notify.open": ("Open", "查看"),
    "notify.when": ("When", "时间"),
    "notify.what": ("What", "事项"),
    "notify.state": ("State", "状态"),
    "notify.more": ("Older notifications", "更早的通知"),
    "notify.case_assigned": ("Case {reference} has been assigned to you.",
                             "个案 {reference} 已分派给您。"),
    "notify.referral_received": ("New referral of case {reference} to your organisation "
                                 "from {team}: please reply within the time given.",
                                 "{team}向贵机构转介了个案 {reference},请在答复期限内答复。"),
    "notify.closure_pending": ("Case {reference} awaits your approval to close.",
                               "个案 {reference} 申请结案,待您审批。"),
    "notify.transfer_incoming": ("Case {reference} is being transferred to your team: "
                                 "accept or decline it.",
                                 "个案 {reference} 申请转移至您的团队,请接收或拒绝。"),
    "notify.referral_answered": ("Your referral of case {reference}: {status}.",
                                 "您转介的个案 {reference}:{status}。"),
    "notify.deadline_assign": ("Case {reference} must be assigned soon: {state}.",
                               "个案 {reference} 分派期限:{state}。"),
    "notify.deadline_follow_up": ("The follow-up of case {reference} is due: {state}.",
                                  "个案 {reference} 的回访期限:{state}。"),
    "notify.task_answered": ("An errand on case {reference}: {what}.",
                             "个案 {reference} 的任务:{what}。"),
    "notify.task.declined": ("the volunteer declined it; offer it again",
                             "志愿者婉拒了,请重新派单"),
    "notify.task.handed_over": ("the volunteer handed it over", "志愿者已转交"),
    "notify.task.completed": ("done", "已完成"),
    "done.notifications_read": ("Marked {n} notifications as read.", "已将 {n} 条通知标为已读。"),
    "done.notification_read": ("Marked as read.", "已标为已读。"),
    # who referred a case, on the partner's pages (item 5)
    "referral.referrer": ("Referred by", "转介方"),
    "referral.referrer_team": ("Team", "转介团队"),
    "referral.referrer_worker": ("Social worker", "转介社工"),
    "referral.duty_phone": ("Duty phone (call back)", "值班电话(回电)"),
    "referral.no_duty_phone": ("The team has not given a duty phone.", "该团队未登记值班电话。"),
    "referral.note": ("Note to the partner", "给合作机构的说明"),
    "referral.note_masked": ("Names, phone numbers and addresses are hidden until your "
                             "organisation accepts the referral.",
                             "接收转介前,说明中的姓名、电话和地址已隐去。"),
    "referral.no_note": ("No note.", "无说明。"),
}

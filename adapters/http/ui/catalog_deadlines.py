"""A team's deadlines and a referral's reply time, in words: `key → (English, 中文)`
(adapters/http/ui/team_deadlines.py, the referral form)."""

from __future__ import annotations

Pair = tuple[str, str]

DEADLINES: dict[str, Pair] = {
    "deadlines.title": ("Deadlines of {team}", "{team} 的时限"),
    "deadlines.link": ("Deadlines", "时限"),
    "deadlines.intro": ("Leave a box empty to use the deployment's value (shown in it). "
                        "A change applies at once to the cases already waiting, and to "
                        "referrals sent from then on.",
                        "留空即沿用系统默认值(框内所示)。修改立即适用于正在等待的个案,"
                        "以及此后发出的转介。"),
    "deadlines.assign": ("Time to assign, in minutes", "分派时限(分钟)"),
    "deadlines.follow_up_warning": ("Follow-up warning: minutes before the follow-up's day "
                                    "ends", "回访提醒:回访日结束前多少分钟"),
    "deadlines.follow_up_quarter": ("Empty: in the last quarter of the time since the "
                                    "assessment", "留空:自评估起的最后四分之一时间内"),
    "deadlines.referral_reply": ("Referral reply time, in minutes", "转介回复时限(分钟)"),
    "deadlines.own": ("the team's own", "本团队设定"),
    "deadlines.save": ("Save the deadlines", "保存时限"),
    "deadlines.done": ("The deadlines of {team} are saved.", "{team} 的时限已保存。"),
    "referral.respond_within_hours": ("Reply time (回复时限), in hours", "回复时限(小时)"),
    "hint.respond_within_hours": ("Empty: the team's reply time ({hours} h). A critical case "
                                  "may need an answer within hours.",
                                  "留空:沿用团队的回复时限({hours} 小时)。危急个案可要求"
                                  "数小时内答复。"),
}

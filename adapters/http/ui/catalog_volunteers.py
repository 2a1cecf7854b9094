"""Volunteers' pages and the admin's volunteer forms, in words: `key → (English, 中文)`
(adapters/http/ui/volunteer.py, admin_volunteers.py). Terms follow GLOSSARY.md."""

from __future__ import annotations

Pair = tuple[str, str]

VOLUNTEERS: dict[str, Pair] = {
    # a volunteer's own pages
    "nav.volunteer_tasks": ("My tasks", "我的任务"),
    "nav.volunteer_hours": ("Service hours", "服务时长"),
    "volunteer.title": ("My tasks", "我的任务"),
    "volunteer.tasks": ("Tasks given to me", "派给我的任务"),
    "volunteer.tasks_soon": ("The errands offered or given to you appear here.",
                             "派给您的任务将显示在这里。"),
    "volunteer.availability": ("Taking errands", "接单状态"),
    "volunteer.available": ("You are taking errands.", "您正在接单。"),
    "volunteer.paused": ("You are paused: nobody offers you new errands.",
                         "您已暂停接单:不会再收到新的派单。"),
    "volunteer.pause": ("Pause (暂停接单)", "暂停接单"),
    "volunteer.resume": ("Resume (恢复接单)", "恢复接单"),
    "volunteer.pause_hint": ("Away or unwell? Pause: the errands you already took stay "
                             "yours.", "外出或身体不适?可暂停接单:已接的任务仍由您完成。"),
    "volunteer.teams": ("My teams", "我所在的团队"),
    "volunteer.area": ("Where I live", "我的居住地"),
    "volunteer.kinds": ("Errands I do", "我可接的任务"),
    "volunteer.any_kind": ("Any errand", "各类任务"),
    "volunteer.done.paused": ("You are paused: no new errands are offered to you.",
                              "已暂停接单,不会再收到新的派单。"),
    "volunteer.done.resumed": ("Welcome back: you are taking errands again.",
                               "已恢复接单。"),
    # the administrator's volunteer forms
    "admin.volunteer.section": ("Volunteer (volunteers only)", "志愿者信息(仅志愿者填写)"),
    "admin.volunteer.more_teams": ("Further teams", "其他所属团队"),
    "admin.volunteer.more_teams_hint": ("The team above is the volunteer's first; tick any "
                                        "other team they also do errands for.",
                                        "上面选择的是第一所属团队;如同时为其他团队服务,请勾选。"),
    "admin.volunteer.teams": ("Teams", "所属团队"),
    "admin.volunteer.district": ("District", "区"),
    "admin.volunteer.street": ("Street", "街道"),
    "admin.volunteer.community": ("Community", "社区"),
    "admin.volunteer.kinds": ("Errands they do (none ticked: any)",
                              "可接任务类型(不勾选即各类任务)"),
    "admin.volunteer.profile": ("Volunteer profile", "志愿者信息"),
    "admin.volunteer.profile_hint": ("Errands are offered nearest first: same community, "
                                     "then street, then district. A change of teams logs "
                                     "the volunteer out.",
                                     "派单时按就近原则:同社区优先,其次同街道、同区。"
                                     "更改所属团队后,该志愿者需重新登录。"),
    "admin.volunteer.save": ("Save the volunteer profile", "保存志愿者信息"),
    "admin.volunteer.status": ("Taking errands", "接单状态"),
    "admin.volunteer.available": ("Taking errands", "接单中"),
    "admin.volunteer.paused": ("Paused", "暂停接单"),
    "admin.volunteer.pause": ("Pause (暂停接单)", "暂停接单"),
    "admin.volunteer.resume": ("Resume (恢复接单)", "恢复接单"),
    "admin.done.volunteer": ("The volunteer profile of {name} is saved.",
                             "{name} 的志愿者信息已保存。"),
    "admin.done.paused": ("{name} is paused.", "{name} 已暂停接单。"),
    "admin.done.resumed": ("{name} takes errands again.", "{name} 已恢复接单。"),
    "members.community": ("Community", "社区"),
}

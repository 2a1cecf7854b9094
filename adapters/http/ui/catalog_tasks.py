"""Words of tasks (任务, decision 0032): `TASK_EVENTS` (their events in a case's history,
why a task command is refused) joins the timeline's and refusals' words
(catalog_events.py)."""

from __future__ import annotations

Pair = tuple[str, str]

TASK_EVENTS: dict[str, Pair] = {
    "event.task_created": ("{actor} made a task: {kind}", "{actor} 创建了任务:{kind}"),
    "event.task_offered": ("{actor} offered a task", "{actor} 派出了任务"),
    "event.task_accepted": ("{actor} accepted a task", "{actor} 接了任务"),
    "event.task_declined": ("{actor} declined a task", "{actor} 婉拒了任务"),
    "event.task_handed_over": ("{actor} handed a task over", "{actor} 转交了任务"),
    "event.task_completed": ("{actor} completed a task ({minutes} minutes)",
                             "{actor} 完成了任务({minutes} 分钟)"),
    "event.task_cancelled": ("{actor} cancelled a task", "{actor} 取消了任务"),
    "rule.task_status": ("The task is no longer in a state that allows this.",
                         "该任务的当前状态不允许此操作。"),
    "rule.task_taken": ("Another volunteer has this task.", "该任务已由其他志愿者接单。"),
    "rule.task_in_pool": ("A task in the pool needs no declining: leave it for another "
                          "volunteer.", "任务池中的任务无需婉拒,留给其他志愿者即可。"),
    "rule.volunteer_paused": ("This volunteer is paused and takes no new errands.",
                              "该志愿者已暂停接单,不能派给其新任务。"),
    "rule.same_volunteer": ("A task is handed over to another volunteer.",
                            "任务只能转交给其他志愿者。"),
    "input.unknown_volunteer": ("there is no such volunteer in the case's team",
                                "本服务团队没有该志愿者"),
    "input.done_before_task": ("must not be before the task was made", "不能早于任务创建时间"),
}

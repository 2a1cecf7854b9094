"""The words of the three-tier network (decision 0030): `key → (English, 中文)`, per
GLOSSARY (上级团队, 下派 / 上报).

`TIERS` joins the UI's messages (catalog.py); `TIER_EVENTS` joins the timeline sentences
and refusals (catalog_events.py)."""

from __future__ import annotations

Pair = tuple[str, str]

TIERS: dict[str, Pair] = {
    "tiers.parent": ("Parent team", "上级团队"),
    "tiers.no_parent": ("— none (top of the tree) —", "— 无(最上级)—"),
    "tiers.set_parent": ("Set parent team", "设置上级团队"),
    "tiers.parent_saved": ("Team {team} now sits under {parent}.",
                           "服务团队 {team} 的上级团队已设为 {parent}。"),
    "tiers.parent_cleared": ("Team {team} now stands at the top of the tree.",
                             "服务团队 {team} 已设为最上级。"),
    "tiers.team": ("Team", "服务团队"),
    "tiers.show": ("Show", "查看"),
    "tiers.own_and_below": ("This team and the teams below it", "本团队及下级团队"),
    "tiers.rollup": ("Teams below: figures and total", "下级团队汇总"),
    "tiers.total": ("Total", "合计"),
    "tiers.open_assigned": ("Open, assigned", "在办(已分派)"),
    "tiers.unassigned": ("Unassigned", "待分派"),
    "tiers.overdue": ("Follow-ups overdue", "回访逾期"),
    "tiers.breached": ("Past time to assign", "超时未分派"),
    "tiers.opened": ("Opened (14 days)", "新开(14 天)"),
    "tiers.closed": ("Closed (14 days)", "结案(14 天)"),
    "tiers.route": ("Route down", "下派"),
    "tiers.route_to": ("Route down to team", "下派至服务团队"),
    "tiers.route_hint": ("The case joins that team at once, unassigned, in its intake "
                         "queue: no acceptance is needed.",
                         "个案立即转入该团队的待分派队列,无需对方接收。"),
    "tiers.escalate": ("Escalate", "上报"),
    "tiers.escalate_to": ("Escalate to team", "上报至服务团队"),
    "notify.case_routed": ("Case {reference} was routed down to your team from {team}.",
                           "个案 {reference} 已由{team}下派至您的团队。"),
    "done.routed": ("The case is routed down.", "个案已下派。"),
    "tiers.escalate_hint": ("A transfer request: the supervisor of that team accepts or "
                            "declines it.", "提出转移申请,由上级团队督导决定是否接收。"),
}

TIER_EVENTS: dict[str, Pair] = {
    "event.routed": ("{actor} routed the case down from team {from_team} to team {to_team}",
                     "{actor} 将个案下派:{from_team} → {to_team}"),
    "input.parent_level": ("must be a team of a higher level (district above street above "
                           "community), and both teams need a level",
                           "须为更高一级的服务团队(区 > 街道 > 社区),且两个团队都须设定级别"),
    "input.parent_cycle": ("must not be the team itself or a team below it",
                           "不能是本团队或其下级团队"),
}

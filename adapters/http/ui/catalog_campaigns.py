"""The words of outreach campaigns (电话排查, decision 0029): `key → (English, 中文)`.

`CAMPAIGN_EVENTS` joins the refusals (catalog_events.py)."""

from __future__ import annotations

Pair = tuple[str, str]

CAMPAIGN_EVENTS: dict[str, Pair] = {
    "rule.campaign_closed": ("The campaign is closed.", "该排查活动已结束。"),
    "rule.contact_held": ("Another caller has this contact now.",
                          "该联系人正由其他人拨打。"),
    "rule.contact_settled": ("This contact's calls are over.", "该联系人已完成拨打。"),
    "rule.contact_not_held": ("Take the contact from your next contacts first.",
                              "请先从“我的待拨名单”领取该联系人。"),
}

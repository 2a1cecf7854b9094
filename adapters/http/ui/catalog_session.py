"""Words of a working day's small mercies (issue 12, items 2 and 12): the session that
ends without losing what was typed, the timeline's order, the marks of required fields
and a refusal that names every field at once."""

from __future__ import annotations

Pair = tuple[str, str]

SESSION: dict[str, Pair] = {
    "session.ended": (
        "Your session ended, so you need to log in again. What you typed is kept in this "
        "browser: after logging in you come back to the same page with it filled in; check "
        "it and send it again.",
        "您的登录已过期,需要重新登录。您刚才填写的内容已保存在本浏览器中:登录后会回到原来的页面并自动填好,"
        "请核对后再次提交。"),
    "session.ending": (
        "Your session ends in a few minutes and this page has input not yet sent. Send it, "
        "or choose “Keep me logged in”.",
        "您的登录将在几分钟后过期,本页还有尚未提交的内容。请尽快提交,或点击「继续保持登录」。"),
    "session.extend": ("Keep me logged in", "继续保持登录"),
    "draft.restored": (
        "What you typed before logging in again has been put back into the form. Check it "
        "and send it.",
        "您重新登录前填写的内容已恢复到表单中,请核对后提交。"),
    "draft.discard": ("Discard what was put back", "不要恢复的内容"),
    "timeline.newest_first": ("Newest first", "最新的在前"),
    "timeline.oldest_first": ("Oldest first", "最早的在前"),
    "timeline.show_oldest_first": ("Show the oldest first", "改为最早的在前"),
    "timeline.show_newest_first": ("Show the newest first", "改为最新的在前"),
    "form.required_legend": ("Fields marked (required) must be filled in.",
                             "标有「(必填)」的项目必须填写。"),
    "form.required_if_triage": ("(required to assess now)", "(立即评估时必填)"),
    "form.triage_legend": (
        "Fields marked (required to assess now) must be filled in when “Assess now” is "
        "ticked.",
        "勾选“立即评估”后,标有「(立即评估时必填)」的项目必须填写。"),
    "form.at_least_one": ("(choose at least one)", "(至少选一项)"),
    "error.invalid_many": ("{count} fields need attention: {fields}. Each is marked below.",
                           "有 {count} 处需要修改:{fields}。每处都已在下方标出。"),
}

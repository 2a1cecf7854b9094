"""A case's events as sentences, and the domain's refusals in words: `key → (English, 中文)`.

Timeline sentences take `{actor}` (a display name) and the event's own values already
put in words. Refusals are keyed by the codes the domain declares (domain/errors.py):
`rule.<RuleCode>` for a broken rule, `input.<InputCode>` (with the error's params) for a
refused value, whose field is named by `field.<field>`. Never by the English text.
"""

from __future__ import annotations

from adapters.http.ui.catalog_campaigns import CAMPAIGN_EVENTS
from adapters.http.ui.catalog_checkins import CHECKIN_EVENTS
from adapters.http.ui.catalog_imports import IMPORT_INPUTS
from adapters.http.ui.catalog_tasks import TASK_EVENTS
from adapters.http.ui.catalog_tiers import TIER_EVENTS

Pair = tuple[str, str]

EVENTS: dict[str, Pair] = {
    # timeline -------------------------------------------------------------
    "event.opened": ("{actor} opened the case (came in by {channel})",
                     "{actor} 接案登记(来源:{channel})"),
    "event.assessed": ("{actor} assessed the case as {risk} risk",
                       "{actor} 将个案评估为{risk}风险"),
    "event.assigned": ("{actor} assigned the case to {worker}", "{actor} 将个案分派给 {worker}"),
    "event.reassigned": ("{actor} reassigned the case from {previous} to {worker}",
                         "{actor} 将个案从 {previous} 改派给 {worker}"),
    "event.claimed": ("{actor} claimed the case", "{actor} 认领了个案"),
    "event.note_added": ("{actor} added a case note", "{actor} 添加了个案记录"),
    "event.follow_up_done": ("{actor} followed the case up", "{actor} 完成了随访"),
    "event.service_logged": ("{actor} logged a service: {kind}, {minutes} minutes",
                             "{actor} 记录了服务:{kind},{minutes} 分钟"),
    "event.consent_recorded": ("{actor} recorded the resident's consent ({method})",
                               "{actor} 记录了知情同意({method})"),
    "event.consent_withdrawn": ("{actor} recorded that the resident withdrew consent",
                                "{actor} 记录了知情同意已撤回"),
    "event.referral_sent": ("{actor} referred the case to {organisation}: {service}",
                            "{actor} 将个案转介至{organisation}:{service}"),
    "event.referral_accepted": ("{actor} ({organisation}) accepted the referral",
                                "{actor}({organisation})接收了转介"),
    "event.referral_declined": ("{actor} ({organisation}) declined the referral",
                                "{actor}({organisation})拒绝了转介"),
    "event.referral_expired": ("The referral to {organisation} expired without a reply",
                               "转介至{organisation}超时未获答复"),
    "event.referral_completed": ("{actor} ({organisation}) completed the referral: {outcome}",
                                 "{actor}({organisation})完成了转介:{outcome}"),
    "event.referral_withdrawn": ("{actor} withdrew the referral to {organisation}",
                                 "{actor} 撤回了转介至{organisation}"),
    "event.closure_requested": ("{actor} requested closure: {outcome}",
                                "{actor} 申请结案:{outcome}"),
    "event.closure_approved": ("{actor} approved the closure", "{actor} 批准结案"),
    "event.closure_rejected": ("{actor} rejected the closure", "{actor} 驳回了结案申请"),
    "event.closed": ("{actor} closed the case: {outcome}", "{actor} 结案:{outcome}"),
    "event.reopened": ("{actor} reopened the case", "{actor} 重新开案"),
    "event.transfer_requested": ("{actor} asked to transfer the case to team {team}",
                                 "{actor} 申请将个案转移至服务团队 {team}"),
    "event.transfer_accepted": ("{actor} accepted the transfer from team {from_team} to "
                                "team {to_team}",
                                "{actor} 接收了个案转移:{from_team} → {to_team}"),
    "event.transfer_declined": ("{actor} declined the transfer", "{actor} 拒绝了个案转移"),
    "event.personal_data_erased": ("{actor} erased the resident's personal data",
                                   "{actor} 删除了服务对象的个人信息"),
    "event.other": ("{actor}: {type}", "{actor}:{type}"),
    # refusals by rule -------------------------------------------------------
    "rule.erased": ("The resident's personal data of this case is erased: it accepts no "
                    "more changes.", "该个案的服务对象个人信息已删除,不能再进行任何操作。"),
    "rule.closed_case": ("A closed case accepts nothing but a reopening.",
                         "已结案的个案只能重新开案,不能进行其他操作。"),
    "rule.status": ("This cannot be done while the case is “{status}”.",
                    "个案当前状态为“{status}”,不能进行此操作。"),
    "rule.already_assigned": ("The case is already assigned (to this worker, or it is no "
                              "longer unassigned).",
                              "个案已有负责社工(或已分派给该社工),无需重复操作。"),
    "rule.worker_not_in_team": ("A case can only be assigned to a worker of its own team.",
                                "个案只能分派给本服务团队的社工。"),
    "rule.consent_already_given": ("Consent is already recorded.", "已记录知情同意。"),
    "rule.no_consent": ("There is no consent to withdraw.", "没有可撤回的知情同意。"),
    "rule.no_follow_up": ("The case has no follow-up planned.", "该个案没有计划中的随访。"),
    "rule.consent_required": ("A referral can only be sent while the resident's consent to "
                              "share stands.",
                              "服务对象已同意共享信息时才能转介。"),
    "rule.referral_open": ("A referral to this organisation is already open.",
                           "已有一个发往该机构、尚未结束的转介。"),
    "rule.referral_exists": ("This referral was already sent.", "该转介已发送。"),
    "rule.referral_status": ("The referral is no longer in a state that allows this.",
                             "该转介的当前状态不允许此操作。"),
    "rule.referral_reply_time_passed": ("The time to reply to this referral has passed.",
                                        "该转介的答复期限已过。"),
    "rule.referral_not_due": ("The referral's time to reply has not passed yet.",
                              "该转介尚未超过答复期限。"),
    "rule.intake_closure_outcome": ("A case not yet assessed can only be closed as a "
                                    "duplicate, no longer needed or unreachable.",
                                    "未评估的个案只能以“重复个案”“不再需要”或“无法联系”结案。"),
    "rule.open_referrals": ("The case cannot close while a referral awaits a reply or is "
                           "accepted and not completed — unless the outcome is “referred "
                           "out”.",
                           "仍有待答复或已接收未完成的转介,不能结案(结案原因为“已转介结案”"
                           "时除外)。"),
    "rule.own_request": ("Nobody approves their own request.", "不能审批自己提出的申请。"),
    "rule.same_team": ("A case can only be transferred to another team.",
                       "只能转移至其他服务团队。"),
    "rule.transfer_pending": ("A transfer of this case is already pending.",
                              "该个案已有待处理的转移申请。"),
    "rule.no_transfer_pending": ("No transfer of this case is pending.",
                                 "该个案没有待处理的转移申请。"),
    "rule.before_opening": ("The case did not exist at that time.", "该时间点个案尚未建立。"),
    "rule.own_account": ("An administrator cannot deactivate their own account.",
                         "管理员不能停用自己的账号。"),
    "rule.own_membership": ("An administrator cannot change their own role or team.",
                            "管理员不能更改自己的角色或团队。"),
    "rule.user_inactive": ("This account is deactivated.", "该账号已停用。"),
    "rule.not_a_volunteer": ("Only a volunteer's account has a volunteer profile.",
                             "只有志愿者账号有志愿者信息。"),
    "rule.request_in_progress": ("This form is still being saved; wait a moment and reload "
                                 "the page.", "该表单正在保存,请稍候刷新页面。"),
    # other refusals ------------------------------------------------------------
    "error.not_permitted": ("Your role may not do this.", "您的角色无权进行此操作。"),
    "error.not_found": ("There is no such case or referral, or it is not yours to see.",
                        "找不到该个案或转介,或您无权查看。"),
    "error.conflict": ("The request could not be carried out: {detail}",
                       "无法完成操作:{detail}"),
    "error.stale": ("Someone changed this case while you were working on it (it is now at "
                    "version {version}). The page now shows the case as it is; check it and "
                    "submit again.",
                    "在您操作期间,其他人修改了该个案(当前版本 {version})。页面已显示最新内容,"
                    "请核对后重新提交。"),
    "error.invalid": ("{field}: {reason}", "{field}:{reason}"),
    # why a value is refused: one message per code of domain.errors.InputCode, with its
    # params ({max}, {min}, {team} ...) filled in ---------------------------------
    "input.required": ("must not be empty", "不能为空"),
    "input.too_long": ("must be at most {max} characters", "不能超过 {max} 个字"),
    "input.control_characters": ("must not contain control characters",
                                 "不能包含控制字符"),
    "input.invalid_phone": ("must be a mobile number or a landline with its area code, "
                            "optionally with an extension (e.g. 021-68881234 ext. 8012)",
                            "须为手机号码或带区号的固定电话,可加分机号(如 021-68881234 转 8012)"),
    "input.invalid_id_number": ("must be 6 to 30 letters and digits",
                                "须为 6 到 30 位字母或数字"),
    "input.invalid_team_code": ("must be 2 to 10 capital letters or digits, starting with "
                                "a letter", "须为 2 到 10 位大写字母或数字,以字母开头"),
    "input.invalid_username": ("must be 2 to 64 letters, digits or . _ - @",
                               "须为 2 到 64 位字母、数字或 . _ - @"),
    "input.out_of_range": ("must be between {min} and {max}", "须在 {min} 到 {max} 之间"),
    "input.invalid_birth_year": ("must be a year between {min} and {max}",
                                 "须为 {min} 年到 {max} 年之间的年份"),
    "input.invalid_amount": ("must be an amount between 0 and {max} yuan",
                             "须为 0 到 {max} 元之间的金额"),
    "input.too_many_decimals": ("must have at most {places} decimal places",
                                "最多只能有 {places} 位小数"),
    "input.not_an_amount": ("must be an amount in yuan with at most two decimals",
                            "须为金额(元),最多两位小数"),
    "input.time_without_zone": ("must be a real date and time", "须为有效的日期和时间"),
    "input.at_least_one": ("choose at least one", "请至少选择一项"),
    "input.not_in_vocabulary": ("choose one of the options", "请从选项中选择"),
    "input.not_a_role": ("is not a user role", "不是有效的用户角色"),
    "input.in_the_past": ("must not be in the past", "不能早于今天"),
    "input.beyond_a_year": ("must be within a year", "须在一年之内"),
    "input.not_in_future": ("must be in the future", "须晚于当前时间"),
    "input.service_in_future": ("a service cannot be logged before it happens",
                                "不能登记尚未发生的服务"),
    "input.consent_method_required": ("must say how consent was given",
                                      "请选择知情同意的方式"),
    "input.reassignment_reason_required": ("a reassignment must name a reason",
                                           "改派须填写原因"),
    "input.duplicate_link_required": ("a duplicate must name the reference of the case it "
                                      "duplicates", "重复个案须填写原个案编号"),
    "input.duplicate_of_itself": ("a case cannot duplicate itself", "个案不能与自身重复"),
    "input.link_without_duplicate": ("only a case closed as a duplicate names another case",
                                     "只有以“重复个案”结案时才填写原个案编号"),
    "input.team_required": ("workers, supervisors and volunteers belong to a team",
                            "社工、督导和志愿者须属于一个服务团队"),
    "input.team_not_allowed": ("only workers, supervisors and volunteers belong to a team",
                               "只有社工、督导和志愿者属于服务团队"),
    "input.volunteer_only": ("only a volunteer has several teams, an area and errand kinds",
                             "只有志愿者可填写多个团队、居住地和可接任务类型"),
    "input.organisation_required": ("a partner belongs to an organisation",
                                    "合作机构用户须属于一个机构"),
    "input.organisation_not_allowed": ("only partners belong to an organisation",
                                       "只有合作机构用户属于机构"),
    "input.password_length": ("must be {min} to {max} characters",
                              "须为 {min} 到 {max} 个字符"),
    "input.wrong_password": ("is not your current password", "与当前密码不符"),
    "input.same_password": ("must differ from the current password", "不能与当前密码相同"),
    "input.unknown_team": ("there is no team {team}", "没有服务团队 {team}"),
    "input.unknown_organisation": ("there is no such organisation", "没有该机构"),
    "input.unknown_worker": ("there is no such worker in the team", "本团队没有该社工"),
    "input.unknown_case": ("there is no case with this reference that you may see",
                           "没有该编号的个案(或您无权查看)"),
    "input.unknown_choice": ("there is no such choice", "没有该选项"),
    "input.invalid_cursor": ("is not a page of this list; start again from the first page",
                             "不是该列表的有效页码,请从第一页重新开始"),
    "input.key_reused": ("this form was already sent with other contents; reload the page",
                         "该表单已以其他内容提交过,请刷新页面"),
    "input.choose_option": ("choose one of the options", "请从选项中选择"),
    "input.whole_number": ("must be a whole number", "须为整数"),
    "input.invalid_date": ("must be a real date", "须为有效日期"),
    "input.invalid_datetime": ("must be a real date and time", "须为有效的日期和时间"),
    "input.triage_unticked": ("the triage is filled in but this box is not ticked. Tick it "
                              "to save the triage with the case, or empty the risk, plan, "
                              "notes and follow-up date.",
                              "已填写初步研判内容,但未勾选此项。请勾选以保存研判,"
                              "或清空风险等级、服务计划、评估记录和回访日期。"),
    "input.invisible_only": ("must contain visible characters, not only invisible ones",
                             "须包含可见字符,不能只有不可见字符"),
    "input.unpaired_bidi": ("must close every text direction control it opens",
                            "文字方向控制符须成对出现"),
    **CHECKIN_EVENTS,
    **CAMPAIGN_EVENTS,
    **TASK_EVENTS,
    **TIER_EVENTS,
}
EVENTS.update(IMPORT_INPUTS)

"""The web UI's words: `key → (English, 中文)`. Chinese terms follow docs/domain.md."""

from __future__ import annotations

from adapters.http.ui.catalog_admin import ADMIN
from adapters.http.ui.catalog_campaigns import CAMPAIGNS
from adapters.http.ui.catalog_changes import CHANGES
from adapters.http.ui.catalog_checkins import CHECKINS
from adapters.http.ui.catalog_deadlines import DEADLINES
from adapters.http.ui.catalog_exports import EXPORTS
from adapters.http.ui.catalog_imports import IMPORTS
from adapters.http.ui.catalog_notify import NOTIFY
from adapters.http.ui.catalog_queues import QUEUES
from adapters.http.ui.catalog_screens import SCREENS
from adapters.http.ui.catalog_session import SESSION
from adapters.http.ui.catalog_task_pages import TASK_PAGES
from adapters.http.ui.catalog_tiers import TIERS
from adapters.http.ui.catalog_volunteers import VOLUNTEERS

Pair = tuple[str, str]

_PAGES: dict[str, Pair] = {
    "app.name": ("Casework", "个案管理"),
    "app.footer": ("Casework — case management for community social work. Resident data is "
                   "confidential: read and share it only for the service.",
                   "个案管理系统 · 服务对象信息保密,仅限服务所需查阅和使用。"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "unit.hours": ("{n} h", "{n} 小时"),
    # navigation and log-in
    "nav.skip": ("Skip to the content", "跳到正文"),
    "nav.main": ("Main", "主导航"),
    "nav.home": ("Home", "首页"),
    "nav.work": ("My cases", "我的工作台"),
    "nav.intake": ("New case", "接案登记"),
    "nav.cases": ("Find a case", "个案查询"),
    "nav.team": ("Team dashboard", "团队看板"),
    "nav.approvals": ("Closures to approve", "结案审批"),
    "nav.transfers": ("Incoming transfers", "待接收转移"),
    "nav.reassign": ("Bulk reassign", "批量改派"),
    "nav.report": ("Outcome report", "转介成效报告"),
    "nav.inbox": ("Referral inbox", "转介收件箱"),
    "nav.logout": ("Log out", "退出登录"),
    "login.title": ("Log in", "登录"),
    "login.username": ("Username", "用户名"),
    "login.password": ("Password", "密码"),
    "login.submit": ("Log in", "登录"),
    "login.wrong": ("The username or password is wrong.", "用户名或密码错误。"),
    "login.missing": ("Enter your username and password.", "请输入用户名和密码。"),
    "login.too_many": ("Too many log-in attempts. Wait {seconds} seconds and try again.",
                       "登录尝试次数过多,请 {seconds} 秒后再试。"),
    "password.title": ("Choose a new password", "设置新密码"),
    "password.set_by_admin": ("An administrator set your password on {at}. Choose a new "
                              "one that only you know before you go on.",
                              "管理员已于 {at} 重置了您的密码。"
                              "请先设置一个只有您自己知道的新密码。"),
    "password.current": ("Current password", "当前密码"),
    "password.new": ("New password (at least 8 characters)", "新密码(至少 8 个字符)"),
    "password.repeat": ("New password again", "再次输入新密码"),
    "password.submit": ("Change the password", "修改密码"),
    "password.mismatch": ("The two new passwords differ.", "两次输入的新密码不一致。"),
    "password.changed": ("Your password is changed. You are logged out everywhere else.",
                         "密码已修改,其他设备上的登录均已退出。"),
    "welcome.title": ("Welcome", "欢迎"),
    "welcome.admin": ("Administrators manage accounts, teams and organisations on the "
                      "pages in the menu, through the API or the casework command line; "
                      "they read no case data.",
                      "系统管理员通过菜单中的页面、接口或命令行管理用户账号、服务团队和机构,"
                      "不查阅个案信息。"),
    "welcome.api": ("The API and its documentation", "接口及说明文档"),
    # errors
    "error.title": ("This could not be done", "无法完成"),
    "error.not_found_title": ("Not found", "未找到"),
    "error.csrf_title": ("Please reload the page", "请刷新页面"),
    "error.csrf": ("This form has expired or did not come from this site. Go back, reload the "
                   "page and send it again.",
                   "表单已失效或并非来自本站。请返回并刷新页面后重新提交。"),
    "error.bad_request": ("The request was not understood.", "无法识别该请求。"),
    "error.unexpected": ("Something went wrong on our side. Please try again; if it keeps "
                         "happening, give the request id to your administrator.",
                         "系统出现问题,请重试;如仍不成功,请将请求编号告知系统管理员。"),
    "error.request_id": ("Request id: {id}", "请求编号:{id}"),
    "error.back": ("Back to the start page", "返回首页"),
    "error.back_to_page": ("Back to the page of the form", "返回表单所在页面"),
    "error.no_page": ("There is no page at this address. Check the address, or start again "
                      "from the start page.", "此地址没有页面。请检查地址,或从首页重新进入。"),
    "error.method_title": ("This address cannot be opened", "无法打开此地址"),
    "error.method": ("This address only receives a form; it cannot be opened as a page.",
                     "此地址仅用于提交表单,不能直接打开。"),
    "error.reload": ("Reload the case", "重新加载个案"),
    # queues
    "work.title": ("My cases", "我的工作台"),
    "work.live": ("These lists update by themselves every {seconds} seconds.",
                  "列表每 {seconds} 秒自动更新。"),
    "work.caseload": ("My caseload", "我负责的个案"),
    "work.caseload_empty": ("You have no open cases.", "您目前没有负责的个案。"),
    "work.intake": ("Intake queue of team {team}", "{team} 团队待分派个案"),
    "work.intake_empty": ("Nobody is waiting: the intake queue is empty.", "暂无待分派个案。"),
    "queue.reference": ("Case", "个案编号"),
    "queue.status": ("Status", "状态"),
    "queue.follow_up": ("Next follow-up", "下次回访"),
    "queue.deadline": ("Time to assign", "分派时限"),
    "queue.assign_by": ("assign by {at}", "须在 {at} 前分派"),
    "queue.waiting_since": ("Waiting since", "等待起始"),
    "queue.action": ("Action", "操作"),
    "queue.overdue": ("Follow-up overdue", "回访逾期"),
    "queue.more": ("Only the first 200 are shown.", "仅显示前 200 条。"),
    "queue.not_fresh": ("The list may be a few seconds behind.", "列表可能有几秒延迟。"),
    "queue.updated": ("Updated {at}", "更新于 {at}"),
    # the case
    "case.title": ("Case {reference}", "个案 {reference}"),
    "case.risk_badge": ("Risk: {risk}", "风险:{risk}"),
    "case.version": ("version {version}", "版本 {version}"),
    "case.team": ("Team", "服务团队"),
    "case.opened_at": ("Opened", "接案时间"),
    "case.channel": ("Came in by", "来源渠道"),
    "case.resident": ("Resident", "服务对象"),
    "case.address": ("Address", "地址"),
    "case.emergency_contact": ("Emergency contact", "紧急联系人"),
    "case.consent": ("Consent to share with partners", "知情同意(向合作机构共享)"),
    "case.request": ("Request", "求助内容"),
    "case.vulnerabilities": ("Vulnerabilities", "困难类型"),
    "case.needs": ("Needs", "需求"),
    "case.assessment": ("Assessment and plan", "需求评估与服务计划"),
    "case.risk": ("Risk", "风险等级"),
    "case.plan": ("Plan", "服务计划"),
    "case.follow_up_due": ("Next follow-up", "下次回访日期"),
    "case.worker": ("Social worker", "负责社工"),
    "case.unassigned": ("Not assigned", "未分派"),
    "case.assign_due": ("Assign by", "分派期限"),
    "case.referrals": ("Referrals", "转介"),
    "case.no_referrals": ("No referrals yet.", "暂无转介。"),
    "case.services": ("Services delivered", "服务记录"),
    "case.no_services": ("No services logged yet.", "暂无服务记录。"),
    "case.by": ("By", "记录人"),
    "case.actions": ("What to do next", "操作"),
    "case.timeline": ("Case history", "个案历史"),
    "case.duplicate_of": ("Duplicate of (case reference)", "原个案编号(重复个案)"),
    "case.original": ("Duplicate of", "原个案"),
    "case.not_visible": ("a case you may not see", "无权查看的个案"),
    "case.pending_closure": ("{person} asked on {at} to close the case as “{outcome}”; a "
                             "supervisor must approve.",
                             "{person} 于 {at} 申请以“{outcome}”结案,待督导审批。"),
    "case.pending_transfer": ("{person} asked on {at} to transfer the case to {team}; that "
                              "team's supervisor decides.",
                              "{person} 于 {at} 申请将个案转移至 {team},待对方督导决定。"),
    "case.closed_as": ("Closed on {at}: {outcome}", "已于 {at} 结案:{outcome}"),
    "consent.given": ("Given ({method})", "已同意({method})"),
    "consent.not_given": ("Not given or withdrawn", "未同意或已撤回"),
    "consent.none": ("Not given", "未同意"),
}

_FORMS: dict[str, Pair] = {
    "form.required": ("(required)", "(必填)"),
    "form.choose": ("— choose —", "— 请选择 —"),
    "form.name": ("Name", "姓名"),
    "form.phone": ("Phone", "联系电话"),
    "form.id_number": ("ID card number", "身份证号"),
    "form.birth_year": ("Year of birth", "出生年份"),
    "form.gender": ("Gender", "性别"),
    "form.lives_alone": ("Lives alone", "独居"),
    "form.district": ("District", "区"),
    "form.street": ("Street or town", "街道/镇"),
    "form.community": ("Community", "社区"),
    "form.address_detail": ("Building, unit, room", "楼栋门牌"),
    "form.ec_name": ("Emergency contact's name", "紧急联系人姓名"),
    "form.ec_relation": ("Relation to the resident", "与服务对象关系"),
    "form.ec_phone": ("Emergency contact's phone", "紧急联系人电话"),
    "form.consent": ("Consent to share with partners", "知情同意(向合作机构共享信息)"),
    "form.consent_method": ("How consent was given", "同意方式"),
    "form.reason": ("Reason", "原因"),
    "form.comment": ("Comment", "意见"),
    "form.worker": ("Social worker", "社工"),
    "form.team": ("Team", "服务团队"),
    "form.to_team": ("Transfer to team", "转移至服务团队"),
    "form.kind": ("Kind of service", "服务类型"),
    "form.delivered_at": ("Delivered at", "服务时间"),
    "form.minutes": ("Minutes spent", "用时(分钟)"),
    "form.next_follow_up_due": ("Next follow-up", "下次随访日期"),
    "form.outcome": ("Outcome", "结案原因"),
    "form.value_cny": ("Value in yuan", "价值(元)"),
    "form.people_helped": ("People helped", "受益人数"),
    "text.request": ("Request", "求助内容"),
    "text.notes": ("Assessment notes", "评估记录"),
    "text.plan": ("Plan", "服务计划"),
    "text.reason": ("Reason", "原因"),
    "text.text": ("Note", "记录内容"),
    "text.description": ("What was done", "服务内容"),
    "text.note": ("Note to the partner", "给合作机构的说明"),
    "text.summary": ("Summary", "结案小结"),
    "text.comment": ("Comment", "意见"),
    "text.delivered": ("What was delivered", "提供的服务"),
    "hint.id_number": ("Optional. Used to find earlier cases of the same person.",
                       "选填,用于查找同一服务对象的已有个案。"),
    "hint.request": ("What was asked, in the caller's words.", "按求助人的原话记录。"),
    "hint.triage": ("Assess now (hotline triage) if you can: the case then waits for "
                    "assignment instead of assessment.",
                    "如可当场研判(热线分级),请直接评估:个案将进入待分派。"),
    "hint.reassign_reason": ("A reassignment names its reason.", "改派须填写原因。"),
    "hint.refer_needs_consent": ("The resident has not consented to sharing: record consent "
                                 "before referring.",
                                 "服务对象尚未同意共享信息,请先记录知情同意再转介。"),
    "hint.referral_note": ("Kept with the case. The partner reads it with your team's duty "
                           "phone: before accepting with the resident's name, phone numbers "
                           "and address hidden, in full once accepted. Write no name or phone "
                           "number in the service asked for.",
                           "此说明随个案保存,合作机构可连同本团队值班电话一并看到:接收转介前隐去"
                           "服务对象的姓名、电话和地址,接收后可看到全文。“服务需求”中请勿填写"
                           "姓名或电话。"),
    "hint.closure_needs_approval": ("A high or critical case closes after a supervisor "
                                    "approves.", "高风险或紧急个案结案须经督导批准。"),
    "hint.duplicate_of": ("Only for the outcome “duplicate case”, e.g. JB-2022-00042.",
                          "仅在结案原因为“重复个案”时填写,例如 JB-2022-00042。"),
    "hint.consent_withdraw": ("Open referrals are withdrawn with the consent.",
                              "撤回同意后,进行中的转介将一并撤回。"),
    "hint.search": ("Case reference, resident name or phone number.",
                    "个案编号、服务对象姓名或电话。"),
    "action.assess": ("Assess", "需求评估"),
    "action.claim": ("Claim", "认领"),
    "action.claim_case": ("Claim case {reference}", "认领个案 {reference}"),
    "action.assign": ("Assign", "分派"),
    "action.reassign": ("Reassign", "改派"),
    "action.note": ("Add a case note", "添加个案记录"),
    "action.follow_up_done": ("Mark the follow-up done", "记录随访完成"),
    "action.service": ("Log a service", "添加服务记录"),
    "action.refer": ("Refer to a partner", "转介"),
    "action.close": ("Close the case", "结案"),
    "action.request_closure": ("Request closure", "申请结案"),
    "action.decide_closure": ("Approve or reject the closure", "结案审批"),
    "action.approve": ("Approve", "批准"),
    "action.reject": ("Reject", "驳回"),
    "action.reopen": ("Reopen the case", "重新开案"),
    "action.erase": ("Erase the resident's personal data", "删除服务对象的个人信息"),
    "hint.erase_loses": (
        "This cannot be undone. The resident's name, phone, ID number, address, emergency "
        "contact, request, every note, plan, summary, reason, comment and referral text "
        "will be lost for good, also in backups. The case and its history without "
        "personal data stay.",
        "此操作无法撤销。服务对象的姓名、电话、身份证号、地址、紧急联系人、求助内容,以及所有"
        "记录、计划、小结、理由、意见和转介内容将永久删除,备份中亦无法恢复。个案及其不含个人"
        "信息的历史将保留。"),
    "form.erase_reason": ("Reason (do not name the resident)", "删除理由(请勿写入服务对象姓名)"),
    "form.erase_confirm": ("I understand that this personal data will be lost for good",
                           "我已知晓上述个人信息将被永久删除"),
    "action.consent_record": ("Record consent", "记录知情同意"),
    "action.consent_withdraw": ("Record that consent is withdrawn", "记录撤回同意"),
    "action.transfer": ("Transfer to another team", "转移至其他团队"),
    "action.accept_transfer": ("Accept the transfer", "接收转移"),
    "action.decline_transfer": ("Decline the transfer", "拒绝转移"),
    "action.withdraw_referral": ("Withdraw the referral", "撤回转介"),
    "action.accept_referral": ("Accept the referral", "接收转介"),
    "action.decline_referral": ("Decline the referral", "拒绝转介"),
    "action.complete_referral": ("Complete with an outcome", "完成转介并登记成效"),
    "done.opened": ("Case {reference} is opened.", "个案 {reference} 已登记。"),
    "done.assessed": ("The assessment is saved.", "需求评估已保存。"),
    "done.assigned": ("The case is assigned.", "个案已分派。"),
    "done.claimed": ("You claimed case {reference}.", "您已认领个案 {reference}。"),
    "done.noted": ("The note is added.", "个案记录已添加。"),
    "done.follow_up_done": ("The follow-up is recorded; the next one is set.",
                            "随访已记录,已设定下次随访日期。"),
    "done.service": ("The service is logged.", "服务记录已添加。"),
    "done.referred": ("The referral is sent.", "转介已发送。"),
    "done.closed": ("Case {reference} is closed.", "个案 {reference} 已结案。"),
    "done.closure_requested": ("The closure of case {reference} is requested; it awaits the "
                               "supervisor's approval.",
                               "个案 {reference} 的结案申请已提交,待督导审批。"),
    "done.closure_approved": ("The closure is approved.", "已批准结案。"),
    "done.closure_rejected": ("The closure is rejected; the case is open again.",
                              "已驳回结案申请,个案恢复服务。"),
    "done.reopened": ("The case is reopened.", "个案已重新开案。"),
    "done.erased": ("The resident's personal data is erased.", "服务对象的个人信息已删除。"),
    "done.consent_given": ("Consent is recorded.", "知情同意已记录。"),
    "done.consent_withdrawn": ("The withdrawal of consent is recorded.", "撤回同意已记录。"),
    "done.transfer_requested": ("The transfer is requested.", "转移申请已提交。"),
    "done.transfer_accepted": ("Case {reference} joined your team.",
                               "个案 {reference} 已转入本团队。"),
    "done.transfer_declined": ("The transfer of case {reference} is declined.",
                               "已拒绝个案 {reference} 的转移。"),
    "done.referral_withdrawn": ("The referral is withdrawn.", "转介已撤回。"),
    "done.referral_accepted": ("The referral is accepted; the contact details are shown.",
                               "已接收转介,可查看联系方式。"),
    "done.referral_declined": ("The referral is declined.", "已拒绝转介。"),
    "done.referral_completed": ("The referral is completed.", "转介已完成。"),
}

MESSAGES: dict[str, Pair] = {**_PAGES, **_FORMS, **SCREENS, **CHANGES, **QUEUES, **SESSION,
                             **ADMIN, **NOTIFY, **EXPORTS, **IMPORTS, **CHECKINS,
                             **CAMPAIGNS, **VOLUNTEERS, **DEADLINES, **TASK_PAGES, **TIERS}

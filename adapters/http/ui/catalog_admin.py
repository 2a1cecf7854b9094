"""The administrator's pages and the supervisor's team members, in words:
`key → (English, 中文)` (adapters/http/ui/admin.py)."""

from __future__ import annotations

Pair = tuple[str, str]

ADMIN: dict[str, Pair] = {
    "nav.admin_users": ("Accounts", "用户账号"),
    "nav.admin_teams": ("Teams", "服务团队"),
    "nav.admin_organisations": ("Organisations", "合作机构"),
    "nav.members": ("Team members", "团队成员"),
    # accounts
    "admin.users.title": ("Accounts", "用户账号"),
    "admin.users.filter": ("Show", "筛选"),
    "admin.users.all_teams": ("All teams", "全部团队"),
    "admin.users.all_roles": ("All roles", "全部角色"),
    "admin.users.none": ("No account matches.", "没有符合条件的账号。"),
    "admin.users.new": ("New account", "新建账号"),
    "admin.users.create": ("Create the account", "创建账号"),
    "admin.users.open": ("Manage", "管理"),
    "admin.col.username": ("Username", "用户名"),
    "admin.col.name": ("Name", "姓名"),
    "admin.col.role": ("Role", "角色"),
    "admin.col.belongs": ("Team or organisation", "所属团队或机构"),
    "admin.col.status": ("Status", "状态"),
    "admin.active": ("Active", "在用"),
    "admin.inactive": ("Deactivated", "已停用"),
    "admin.must_change": ("Must change password", "须修改密码"),
    "admin.form.username": ("Username", "用户名"),
    "admin.form.display_name": ("Name shown to colleagues", "显示姓名"),
    "admin.form.role": ("Role", "角色"),
    "admin.form.team": ("Team (social workers, supervisors, volunteers)",
                        "服务团队(社工、督导、志愿者填写)"),
    "admin.form.organisation": ("Organisation (partner staff)", "所属机构(合作机构人员填写)"),
    "admin.form.none": ("— none —", "— 无 —"),
    "admin.form.password": ("Temporary password", "临时密码"),
    "admin.hint.password": ("At least 8 characters. Tell it to the person in private: they "
                            "must choose their own at their first log-in.",
                            "至少 8 个字符。请私下告知本人:首次登录时须改为自己的密码。"),
    "admin.hint.username": ("Letters, digits and . _ - @; it cannot be changed later.",
                            "字母、数字及 . _ - @;创建后不能修改。"),
    # one account
    "admin.user.facts": ("Account", "账号信息"),
    "admin.user.back": ("All accounts", "返回账号列表"),
    "admin.user.membership": ("Role and team", "角色与团队"),
    "admin.user.membership_hint": ("The person is logged out at once and logs in again "
                                   "with the new role.",
                                   "保存后此人立即退出登录,重新登录后按新角色使用。"),
    "admin.user.save_membership": ("Save role and team", "保存角色与团队"),
    "admin.user.password": ("Set a temporary password", "设置临时密码"),
    "admin.user.password_hint": ("For a forgotten or leaked password. The old one stops "
                                 "working at once; the person must choose a new one at "
                                 "their next log-in.",
                                 "用于忘记或泄露的密码。旧密码立即失效;此人下次登录时须设置新密码。"),
    "admin.user.save_password": ("Set the temporary password", "设置临时密码"),
    "admin.user.deactivate": ("Deactivate the account", "停用账号"),
    "admin.user.deactivate_hint": ("For someone who is leaving. They cannot log in any "
                                   "more and are logged out at once; what they did keeps "
                                   "their name. A supervisor reassigns their cases first "
                                   "(Bulk reassign).",
                                   "用于离职人员。停用后不能再登录,并立即退出;其经办记录仍保留姓名。"
                                   "请先由督导将其个案批量改派。"),
    "admin.user.confirm": ("I have checked: deactivate this account", "已核对,停用该账号"),
    "admin.user.deactivated": ("This account is deactivated.", "该账号已停用。"),
    "admin.user.own": ("This is your own account: another administrator changes its role "
                       "or deactivates it.",
                       "这是您本人的账号:其角色变更或停用须由其他管理员操作。"),
    "admin.done.created": ("Account {name} created. Its password is temporary.",
                           "账号 {name} 已创建,密码为临时密码。"),
    "admin.done.membership": ("Role and team of {name} saved; they were logged out.",
                              "{name} 的角色与团队已保存,此人已退出登录。"),
    "admin.done.unchanged": ("Nothing to change: the role and team are as they were.",
                             "角色与团队未变,无需保存。"),
    "admin.done.password": ("Temporary password of {name} set; they were logged out.",
                            "已为 {name} 设置临时密码,此人已退出登录。"),
    "admin.done.deactivate": ("Account {name} deactivated.", "账号 {name} 已停用。"),
    "admin.taken.username": ("This username is taken.", "该用户名已被使用。"),
    "admin.taken.code": ("A team with this code exists already.", "已有使用该代码的服务团队。"),
    "admin.taken.name": ("That name is taken.", "该名称已被使用。"),
    # teams
    "admin.teams.title": ("Teams", "服务团队"),
    "admin.teams.none": ("No team yet.", "尚无服务团队。"),
    "admin.teams.new": ("New team", "新建服务团队"),
    "admin.teams.create": ("Create the team", "创建服务团队"),
    "admin.col.code": ("Code", "代码"),
    "admin.col.team_name": ("Name", "名称"),
    "admin.col.level": ("Level", "层级"),
    "admin.col.area": ("Area", "服务区域"),
    "admin.form.code": ("Code (in case references, e.g. JB-2026-00042)",
                        "代码(用于个案编号,如 JB-2026-00042)"),
    "admin.hint.code": ("2 to 10 capital letters or digits, starting with a letter; it "
                        "cannot be changed later.",
                        "2 到 10 位大写字母或数字,以字母开头;创建后不能修改。"),
    "admin.form.team_name": ("Name", "名称"),
    "admin.form.level": ("Covers a", "服务区域层级"),
    "admin.hint.area": ("Fill in the names down to the level: a street team names its "
                        "district and street.", "按层级填写:街道团队须填写区和街道名称。"),
    # organisations
    "admin.organisations.title": ("Partner organisations", "合作机构"),
    "admin.organisations.none": ("No organisation yet.", "尚无合作机构。"),
    "admin.organisations.new": ("New organisation", "新建合作机构"),
    "admin.organisations.create": ("Create the organisation", "创建合作机构"),
    "admin.col.org_name": ("Name", "名称"),
    "admin.col.kind": ("Kind", "类型"),
    "admin.form.kind": ("Kind", "机构类型"),
    # a refused field, by the name the domain gives it
    "field.username": ("Username", "用户名"),
    "field.display_name": ("Name shown to colleagues", "显示姓名"),
    "field.password": ("Password", "密码"),
    "field.role": ("Role", "角色"),
    "field.code": ("Code", "代码"),
    "field.name": ("Name", "名称"),
    "field.district": ("District", "区"),
    "field.street": ("Street", "街道"),
    "field.community": ("Community", "社区"),
    "field.level": ("Level", "层级"),
    "field.confirm": ("Confirmation", "确认"),
    # the supervisor's team
    "members.title": ("Team members", "团队成员"),
    "members.intro": ("Everyone with an account in the team. A deactivated account can no "
                      "longer log in: reassign its open cases (Bulk reassign).",
                      "团队内所有账号。已停用的账号不能再登录,请将其未结个案批量改派。"),
    "members.none": ("No one in the team yet.", "团队暂无成员。"),
}

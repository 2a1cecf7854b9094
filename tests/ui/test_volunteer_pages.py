"""Volunteers in the web UI (issue 14): the admin creates, changes, pauses and resumes a
volunteer; a supervisor sees the team's volunteers; a volunteer lands on their phone-first
page and pauses themselves; every case page is not there for them (404)."""

from __future__ import annotations

import pytest

from domain.identity import User, user_id_for
from domain.vocabulary import Role, TaskKind, Via
from service.identity import OPERATOR
from service.volunteers import VolunteerProfile
from tests.integration.conftest import PASSWORD, World
from tests.ui.conftest import SQLITE_ONLY, Ui, table_rows, text_of


def a_volunteer(world: World, username: str = "jb-zhou", *, available: bool = True) -> None:
    world.identity.create_user(
        OPERATOR, username, PASSWORD, "周敏", Role.VOLUNTEER, team="JB",
        volunteer=VolunteerProfile(("JB", "PD"), "江北区", "观音桥街道", "建北社区",
                                   (TaskKind.PURCHASE_ON_BEHALF,), available))


@pytest.fixture
def admin(ui: Ui, world: World) -> Ui:
    world.identity.create_user(OPERATOR, "ops-chen", PASSWORD, "陈运维", Role.ADMIN)
    return ui


@SQLITE_ONLY
class TestTheAdminsVolunteerForms:
    def test_an_admin_creates_a_volunteer_with_teams_area_and_errands(
            self, admin: Ui, world: World) -> None:
        form = admin.as_("ops-chen").get("/admin/users").text
        assert 'name="teams"' in form
        assert 'name="errand_kinds" value="haircut"' in form
        assert "志愿者信息(仅志愿者填写)" in text_of(form)

        created = admin.as_("ops-chen").post("/admin/users", {
            "username": "jb-zhou", "display_name": "周敏", "role": "volunteer", "team": "JB",
            "teams": ["PD", "JB"], "district": "江北区", "street": "观音桥街道",
            "community": "建北社区", "errand_kinds": ["parcels", "purchase_on_behalf"],
            "password": "a temporary one 42"})
        assert created.status_code == 303, text_of(created.text)

        account = world.identity.user_by_name("jb-zhou")
        assert account is not None
        assert account.volunteer == VolunteerProfile(
            ("JB", "PD"), "江北区", "观音桥街道", "建北社区",
            (TaskKind.PARCELS, TaskKind.PURCHASE_ON_BEHALF))
        events = list(world.identity.app.repository.event_store.get(user_id_for("jb-zhou")))
        assert any(isinstance(e, User.VolunteerProfileSet) and e.via is Via.UI
                   for e in events)

    def test_the_volunteer_fields_of_another_role_are_not_sent(self, admin: Ui,
                                                               world: World) -> None:
        admin.as_("ops-chen").post("/admin/users", {
            "username": "jb-zhou", "display_name": "周敏", "role": "worker", "team": "JB",
            "teams": ["PD"], "community": "建北社区", "password": "a temporary one 42"})
        account = world.identity.user_by_name("jb-zhou")
        assert account is not None
        assert (account.teams, account.volunteer) == (("JB",), None)

    def test_the_list_shows_a_volunteers_teams_and_pause(self, admin: Ui,
                                                         world: World) -> None:
        a_volunteer(world, available=False)
        page = admin.as_("ops-chen").get("/admin/users", params={"team": "PD"}).text
        [row] = [r for r in table_rows(page, "accounts") if "jb-zhou" in r]
        assert "江北社工站 (JB)、浦东社工站 (PD)" in row
        assert "暂停接单" in row

    def test_an_admin_changes_pauses_and_resumes_a_volunteer(self, admin: Ui,
                                                             world: World) -> None:
        a_volunteer(world)
        browser = admin.as_("ops-chen")
        path = f"/admin/users/{user_id_for('jb-zhou')}"
        shown = text_of(browser.get(path).text)
        assert "建北社区" in shown
        assert "代购" in shown

        saved = browser.follow(browser.post(f"{path}/volunteer", {
            "teams": ["PD"], "district": "浦东新区", "street": "金杨新村街道",
            "community": "金杨社区", "errand_kinds": ["haircut"]}))
        assert "jb-zhou 的志愿者信息已保存" in text_of(saved.text)
        account = world.identity.user_by_name("jb-zhou")
        assert account is not None
        assert account.volunteer == VolunteerProfile(("PD",), "浦东新区", "金杨新村街道",
                                                     "金杨社区", (TaskKind.HAIRCUT,))

        paused = browser.follow(browser.post(f"{path}/availability", {"available": "0"}))
        assert "jb-zhou 已暂停接单" in text_of(paused.text)
        assert "恢复接单" in text_of(paused.text)
        resumed = browser.follow(browser.post(f"{path}/availability", {"available": "1"}))
        assert "jb-zhou 已恢复接单" in text_of(resumed.text)
        account = world.identity.user_by_name("jb-zhou")
        assert account is not None
        assert account.volunteer is not None
        assert account.volunteer.available

    def test_a_profile_with_no_team_is_refused_with_the_form_open(
            self, admin: Ui, world: World) -> None:
        a_volunteer(world)
        path = f"/admin/users/{user_id_for('jb-zhou')}"
        refused = admin.as_("ops-chen").post(f"{path}/volunteer", {"community": "别处"})
        assert refused.status_code == 422
        assert 'value="别处"' in refused.text
        account = world.identity.user_by_name("jb-zhou")
        assert account is not None
        assert account.teams == ("JB", "PD")

    def test_a_supervisor_sees_the_teams_volunteers(self, ui: Ui, world: World) -> None:
        a_volunteer(world, available=False)
        rows = table_rows(ui.as_("jb-lead").get("/team/members").text, "members")
        [row] = [r for r in rows if "jb-zhou" in r]
        assert "志愿者" in row
        assert "建北社区" in row
        assert "暂停接单" in row
        assert [r for r in table_rows(ui.as_("pd-lead").get("/team/members").text,
                                      "members") if "jb-zhou" in r]


@SQLITE_ONLY
class TestAVolunteersPage:
    def test_a_volunteer_lands_on_their_page(self, ui: Ui, world: World) -> None:
        a_volunteer(world)
        browser = ui.browser()
        landed = browser.follow(browser.log_in("jb-zhou"))
        assert landed.url.path == "/volunteer"
        page = landed.text
        assert 'id="my-tasks"' in page
        assert 'id="pool-tasks"' in page
        words = text_of(page)
        for shown in ("我的任务", "服务时长", "退出登录", "暂停接单", "江北社工站 (JB)",
                      "浦东社工站 (PD)", "建北社区"):
            assert shown in words, shown
        assert 'href="/volunteer/hours"' in page
        assert 'href="/cases"' not in page

    def test_a_volunteer_pauses_and_resumes(self, ui: Ui, world: World) -> None:
        a_volunteer(world)
        browser = ui.as_("jb-zhou")
        paused = browser.follow(browser.post("/volunteer/availability", {"available": "0"}))
        assert "已暂停接单" in text_of(paused.text)
        assert "恢复接单" in text_of(paused.text)
        account = world.identity.user_by_name("jb-zhou")
        assert account is not None
        assert account.volunteer is not None
        assert not account.volunteer.available
        resumed = browser.follow(browser.post("/volunteer/availability", {"available": "1"}))
        assert "已恢复接单" in text_of(resumed.text)

    @pytest.mark.parametrize("username", ["jb-wang", "jb-lead"])
    def test_the_page_is_a_volunteers_only(self, ui: Ui, username: str) -> None:
        assert ui.as_(username).get("/volunteer").status_code == 403

    def test_no_case_page_is_there_for_a_volunteer(self, ui: Ui, world: World) -> None:
        a_volunteer(world)
        case = world.open_case(world.jb_worker).case
        browser = ui.as_("jb-zhou")
        for path in (f"/cases/{case.id}", f"/cases/{case.id}/history", "/cases",
                     "/cases/new", "/cases/export", f"/cases/{case.id}/history.csv",
                     "/work", "/today", "/team", "/team/members", "/team/approvals",
                     "/report", "/access-log", "/campaigns", "/referrals", "/admin/users",
                     "/team/import"):
            answer = browser.get(path)
            assert answer.status_code == 404, path
            assert case.reference not in answer.text
        note = browser.post(f"/cases/{case.id}/note", {"text": "看一下"})
        assert note.status_code == 404

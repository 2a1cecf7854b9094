"""The administrator's pages (issue 12 item 1): accounts, teams with their area and
organisations, each change recorded like the API's; a supervisor sees who in the team is
deactivated; everyone else is refused."""

from __future__ import annotations

import re

import pytest

from domain.identity import Team, team_id, user_id_for
from domain.vocabulary import Role, TeamLevel, Via
from service.applications import load
from service.identity import OPERATOR
from tests.integration.conftest import PASSWORD, World
from tests.ui.conftest import SQLITE_ONLY, Ui, table_rows, text_of

NEW_PASSWORD = "a temporary one 42"


@pytest.fixture
def admin(ui: Ui, world: World) -> Ui:
    world.container.identity.create_user(OPERATOR, "ops-chen", PASSWORD, "陈运维", Role.ADMIN)
    return ui


def events_of(world: World, username: str) -> list[object]:
    app = world.container.identity.app
    return list(app.repository.event_store.get(user_id_for(username)))


@SQLITE_ONLY
class TestAccounts:
    def test_an_admin_creates_an_account_whose_password_is_temporary(
            self, admin: Ui, world: World) -> None:
        browser = admin.as_("ops-chen")
        created = browser.post("/admin/users", {
            "username": "jb-zhou", "display_name": "周敏", "role": "worker", "team": "JB",
            "organisation_id": str(world.foundation), "password": NEW_PASSWORD})
        page = browser.follow(created)

        assert "账号 jb-zhou 已创建" in text_of(page.text)
        account = world.identity.user_by_name("jb-zhou")
        assert account is not None
        # The organisation left chosen is not the worker's: only the team is kept.
        assert (account.role, account.team, account.organisation_id) == (Role.WORKER, "JB",
                                                                          None)
        assert account.must_change_password
        recorded = events_of(world, "jb-zhou")
        assert [type(e).__name__ for e in recorded] == ["Registered", "PasswordChanged"]
        assert all(e.via is Via.UI for e in recorded)  # type: ignore[attr-defined]

        newcomer = admin.browser()
        assert newcomer.follow(newcomer.log_in("jb-zhou", NEW_PASSWORD)).url.path == "/password"

    def test_a_refused_account_keeps_the_input_but_not_the_password(
            self, admin: Ui) -> None:
        browser = admin.as_("ops-chen")
        refused = browser.post("/admin/users", {
            "username": "jb-wang", "display_name": "王二", "role": "worker", "team": "JB",
            "password": NEW_PASSWORD})
        assert refused.status_code == 409
        assert "该用户名已被使用" in text_of(refused.text)
        assert 'value="王二"' in refused.text
        assert NEW_PASSWORD not in refused.text

        no_team = browser.post("/admin/users", {
            "username": "jb-zhou", "display_name": "周敏", "role": "supervisor",
            "password": NEW_PASSWORD}, headers={"accept-language": "en"})
        assert no_team.status_code == 422
        assert 'aria-invalid="true"' in no_team.text
        assert 'value="jb-zhou"' in no_team.text

    def test_the_list_is_a_labelled_table_in_both_languages(self, admin: Ui,
                                                             world: World) -> None:
        browser = admin.as_("ops-chen")
        html = browser.get("/admin/users?team=JB").text
        rows = table_rows(html, "accounts")
        assert rows
        assert all("江北" in row for row in rows)
        assert 'data-label="状态"' in html
        assert 'href="/admin/users" aria-current="page"' in html
        browser.post("/language", {"lang": "en", "next": "/admin/users"})
        assert 'data-label="Status"' in browser.get("/admin/users").text


@SQLITE_ONLY
class TestChangingAnAccount:
    def test_a_worker_moved_to_another_team_is_logged_out(self, admin: Ui,
                                                          world: World) -> None:
        worker = admin.as_("jb-wang")
        assert worker.get("/work").status_code == 200
        browser = admin.as_("ops-chen")

        moved = browser.post(f"/admin/users/{world.jb_worker.id}/membership",
                             {"role": "supervisor", "team": "PD"})

        assert "角色与团队已保存" in text_of(browser.follow(moved).text)
        account = world.identity.user(world.jb_worker.id)
        assert (account.role, account.team) == (Role.SUPERVISOR, "PD")
        assert type(events_of(world, "jb-wang")[-1]).__name__ == "MembershipChanged"
        assert worker.get("/work", follow_redirects=False).status_code == 303  # to log in

        again = browser.post(f"/admin/users/{world.jb_worker.id}/membership",
                             {"role": "supervisor", "team": "PD"})
        assert "角色与团队未变" in text_of(browser.follow(again).text)
        assert type(events_of(world, "jb-wang")[-1]).__name__ == "MembershipChanged"
        assert len(events_of(world, "jb-wang")) == 2

    def test_a_temporary_password_must_be_changed_at_the_next_log_in(
            self, admin: Ui, world: World) -> None:
        browser = admin.as_("ops-chen")
        short = browser.post(f"/admin/users/{world.jb_colleague.id}/password",
                             {"password": "short"})
        assert short.status_code == 422
        assert "密码" in text_of(short.text)

        browser.post(f"/admin/users/{world.jb_colleague.id}/password",
                     {"password": NEW_PASSWORD})

        person = admin.browser()
        assert person.log_in("jb-li", PASSWORD).status_code != 303  # the old one is over
        assert person.follow(person.log_in("jb-li", NEW_PASSWORD)).url.path == "/password"

    def test_a_deactivated_worker_cannot_log_in_and_their_supervisor_sees_it(
            self, admin: Ui, world: World) -> None:
        browser = admin.as_("ops-chen")
        path = f"/admin/users/{world.jb_worker.id}/deactivate"
        unconfirmed = browser.post(path, {})
        assert unconfirmed.status_code == 422
        assert world.identity.user(world.jb_worker.id).active

        page = browser.follow(browser.post(path, {"confirm": "on"}))

        assert "账号 jb-wang 已停用" in text_of(page.text)
        assert admin.browser().log_in("jb-wang").status_code != 303
        members = table_rows(admin.as_("jb-lead").get("/team/members").text, "members")
        assert [row for row in members if "jb-wang" in row] == [
            "Jb-Wang jb-wang 社工 — 已停用"]
        assert any("jb-li" in row and "在用" in row for row in members)
        assert not any("pd-" in row for row in members)  # only the own team


@SQLITE_ONLY
class TestTeamsAndOrganisations:
    def test_a_community_team_is_created_with_its_area(self, admin: Ui,
                                                       world: World) -> None:
        browser = admin.as_("ops-chen")
        refused = browser.post("/admin/teams", {
            "code": "JY", "name": "金杨社区站", "level": "community", "district": "浦东新区",
            "street": "金杨街道", "community": ""})
        assert refused.status_code == 422
        assert 'value="金杨社区站"' in refused.text

        created = browser.post("/admin/teams", {
            "code": "ＪＹ", "name": "金杨社区站", "level": "community", "district": "浦东新区",
            "street": "金杨街道", "community": "金杨新村"})

        rows = table_rows(browser.follow(created).text, "teams")
        # then its deadlines and its parent team (上级团队, decision 0030): none, and the
        # form to set one
        shown = "JY 金杨社区站 社区 浦东新区 · 金杨街道 · 金杨新村 时限 — 上级团队"
        assert any(row.startswith(shown) for row in rows), rows
        team = load(world.container.identity.app, team_id("JY"), Team, "team")
        assert team.level is TeamLevel.COMMUNITY

    def test_an_organisation_is_created(self, admin: Ui) -> None:
        browser = admin.as_("ops-chen")
        created = browser.post("/admin/organisations", {"name": "阳光助残基金会",
                                                        "kind": "foundation"})
        rows = table_rows(browser.follow(created).text, "organisations")
        assert "阳光助残基金会 基金会" in rows


@SQLITE_ONLY
def test_the_short_addresses_lead_an_admin_to_the_admin_pages(admin: Ui) -> None:
    browser = admin.as_("ops-chen")
    for path in ("/users", "/teams", "/organisations"):
        answer = browser.get(path, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, f"/admin{path}")


@SQLITE_ONLY
class TestOthersAreRefused:
    @pytest.mark.parametrize("username", ["jb-wang", "jb-lead", "mca-auditor", "bright-light"])
    def test_no_one_else_opens_or_sends_the_admin_pages(self, admin: Ui, world: World,
                                                         username: str) -> None:
        browser = admin.as_(username)
        for path in ("/admin/users", "/admin/teams", "/admin/organisations",
                     f"/admin/users/{world.jb_worker.id}", "/users", "/teams"):
            assert browser.get(path).status_code == 403, path
        sent = browser.post(f"/admin/users/{world.jb_colleague.id}/deactivate",
                            {"confirm": "on"})
        assert sent.status_code == 403
        assert world.identity.user(world.jb_colleague.id).active

    def test_a_form_without_the_csrf_token_changes_nothing(self, admin: Ui,
                                                           world: World) -> None:
        answer = admin.as_("ops-chen").post(
            f"/admin/users/{world.jb_colleague.id}/deactivate", {"confirm": "on"},
            csrf=False)
        assert answer.status_code == 403
        assert world.identity.user(world.jb_colleague.id).active
        assert re.search(r"表单已失效|CSRF|并非来自本站", text_of(answer.text))

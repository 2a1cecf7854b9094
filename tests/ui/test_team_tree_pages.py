"""The three-tier network in the web UI (decision 0030): an administrator sets a team's
parent (上级团队); a street's supervisor picks a team below on the intake queue and the
dashboard, reads the roll-up, and routes a case down (下派); a community's supervisor
escalates one (上报)."""

from __future__ import annotations

import pytest

from domain.values import Actor
from domain.vocabulary import Role, TeamLevel
from service.identity import OPERATOR
from tests.integration.conftest import PASSWORD, World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.test_worker_pages import settle


@pytest.fixture
def tree(world: World) -> World:
    """草市街道 (CS) under 青羊区 (QY), with community CA under the street."""
    identity = world.identity
    identity.create_team(OPERATOR, "QY", "青羊区社工总站", "青羊区", level=TeamLevel.DISTRICT)
    identity.create_team(OPERATOR, "CS", "草市街道社工站", "青羊区", level=TeamLevel.STREET,
                         street="草市街道", parent="QY")
    identity.create_team(OPERATOR, "CA", "西马棚社区站", "青羊区", level=TeamLevel.COMMUNITY,
                         street="草市街道", community="西马棚社区", parent="CS")
    for username, role, team in (("cs-lead", Role.SUPERVISOR, "CS"),
                                 ("cs-worker", Role.WORKER, "CS"),
                                 ("ca-lead", Role.SUPERVISOR, "CA"),
                                 ("ca-worker", Role.WORKER, "CA")):
        identity.create_user(OPERATOR, username, PASSWORD, username, role, team=team)
    return world


def actor(world: World, username: str) -> Actor:
    user = world.identity.user_by_name(username)
    assert user is not None
    return user.actor


@SQLITE_ONLY
class TestAdminTeamPage:
    def test_the_admin_sees_and_sets_the_parent_team(self, ui: Ui, tree: World) -> None:
        tree.identity.create_user(OPERATOR, "sys-admin", PASSWORD, "Admin", Role.ADMIN)
        admin = ui.as_("sys-admin")
        page = admin.get("/admin/teams").text
        assert "上级团队" in page
        assert 'action="/admin/teams/CA/parent"' in page
        moved = admin.follow(admin.post("/admin/teams/CA/parent", {"parent": "QY"}))
        assert "服务团队 CA 的上级团队已设为 QY。" in text_of(moved.text)
        assert tree.identity.team("CA").parent == "QY"
        refused = admin.post("/admin/teams/QY/parent", {"parent": "CS"})
        assert refused.status_code == 422
        assert "不能是本团队或其下级团队" in text_of(refused.text)
        assert tree.identity.team("QY").parent is None


@SQLITE_ONLY
class TestStreetSupervisor:
    def test_the_intake_queue_and_dashboard_offer_the_teams_below(self, ui: Ui,
                                                                  tree: World) -> None:
        case = tree.assessed_case(actor(tree, "ca-worker"))
        settle(tree)
        lead = ui.as_("cs-lead")
        work = lead.get("/work").text
        assert 'id="intake-team"' in work
        assert '<option value="CA">' in work
        below = lead.get("/work?team=CA").text
        assert case.reference in below
        assert "/claim" not in below  # the community's workers claim its cases
        board = lead.get("/team").text
        assert 'id="h-rollup"' in board
        assert "合计" in text_of(board)
        assert lead.get("/team?team=CA").status_code == 200
        assert ui.as_("ca-lead").get("/work?team=CS").status_code == 404

    def test_a_case_is_routed_down_at_once(self, ui: Ui, tree: World) -> None:
        case = tree.assessed_case(actor(tree, "cs-worker"))
        lead = ui.as_("cs-lead")
        page = lead.get(f"/cases/{case.id}").text
        assert "下派" in page
        answer = lead.post(f"/cases/{case.id}/transfer", {
            "kind": "route", "version": str(case.version), "to_team": "CA",
            "reason": "由社区站上门"})
        assert "个案已下派。" in text_of(lead.follow(answer).text)
        assert tree.cases.get_case(actor(tree, "ca-worker"), case.id).team == "CA"

    def test_a_community_escalates_to_the_teams_above(self, ui: Ui, tree: World) -> None:
        case = tree.assessed_case(actor(tree, "ca-worker"))
        page = ui.as_("ca-lead").get(f"/cases/{case.id}").text
        assert "上报" in page
        assert 'id="escalate-to_team"' in page
        escalate = page[page.index('id="escalate-to_team"'):]
        escalate = escalate[:escalate.index("</select>")]
        assert '"CS"' in escalate
        assert '"QY"' in escalate

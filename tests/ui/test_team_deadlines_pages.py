"""A team's deadlines on the admin UI and a referral's reply time (回复时限) on the case
page (issue 14, decision 0031)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.deadline_policy import DeadlineOverrides
from domain.identity import team_id
from domain.vocabulary import Role, Via
from service.identity import OPERATOR
from tests.integration.conftest import PASSWORD, World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.test_story_pages import version_on

PAGE = "/admin/teams/JB/deadlines"


@pytest.fixture
def admin(ui: Ui, world: World) -> Ui:
    world.container.identity.create_user(OPERATOR, "ops-chen", PASSWORD, "陈运维", Role.ADMIN)
    return ui


@SQLITE_ONLY
class TestATeamsDeadlinesPage:
    def test_an_admin_sets_a_teams_time_to_assign(self, admin: Ui, world: World) -> None:
        browser = admin.as_("ops-chen")
        assert f'href="{PAGE}"' in browser.get("/admin/teams").text
        page = browser.get(PAGE).text
        assert "分派时限(分钟) · 紧急" in text_of(page)
        assert "分派时限(分钟) · 未评估" in text_of(page)
        assert 'placeholder="120"' in page

        saved = browser.post(PAGE, {"assign_critical_minutes": "30",
                                    "referral_reply_minutes": ""})

        shown = browser.follow(saved).text
        assert "江北社工站 (JB) 的时限已保存。" in text_of(shown)
        assert 'value="30"' in shown
        assert world.identity.deadline_policy("JB").assign_critical == timedelta(minutes=30)
        [event] = [e for e in world.identity.app.repository.event_store.get(team_id("JB"))
                   if type(e).__name__ == "DeadlinesSet"]
        assert event.via is Via.UI  # type: ignore[attr-defined]

    def test_a_value_out_of_bounds_is_refused_in_words_and_kept(self, admin: Ui,
                                                                world: World) -> None:
        world.identity.set_team_deadlines(OPERATOR, "JB", DeadlineOverrides(assign_low=600))
        browser = admin.as_("ops-chen")
        refused = browser.post(PAGE, {"assign_critical_minutes": "5",
                                      "assign_low_minutes": "600"})
        assert refused.status_code == 422
        assert 'value="5"' in refused.text
        assert 'aria-invalid="true"' in refused.text
        assert world.identity.deadline_policy("JB").assign_critical == timedelta(hours=2)
        assert world.identity.deadline_policy("JB").assign_low == timedelta(minutes=600)

    @pytest.mark.parametrize("username", ["jb-lead", "mca-auditor"])
    def test_no_one_else_opens_or_sends_it(self, admin: Ui, world: World,
                                           username: str) -> None:
        browser = admin.as_(username)
        assert browser.get(PAGE).status_code == 403
        assert browser.post(PAGE, {"assign_critical_minutes": "30"}).status_code == 403
        assert world.identity.deadline_policy("JB").assign_critical == timedelta(hours=2)


@SQLITE_ONLY
def test_a_referral_sent_with_its_own_reply_time(ui: Ui, world: World) -> None:
    case = world.active_case(world.jb_worker, world.jb_supervisor)
    browser = ui.as_("jb-wang")
    page = browser.get(f"/cases/{case.id}").text
    assert "回复时限(小时)" in text_of(page)
    assert "沿用团队的回复时限(72 小时)" in text_of(page)

    sent = browser.post(f"/cases/{case.id}/refer", {
        "version": version_on(page), "organisation_id": str(world.foundation),
        "service": "送药", "respond_within_hours": "4"})

    assert sent.status_code == 303, text_of(sent.text)
    [referral] = world.cases.get_case(world.jb_worker, case.id).referrals.values()
    assert referral.respond_by == referral.sent_at + timedelta(hours=4)

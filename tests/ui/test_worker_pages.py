"""A social worker's pages: the caseload and the intake queue (docs/domain.md §3 order, deadline
states and overdue follow-ups in words), claiming, intake with the duplicate warning,
and the case page's forms with refusals explained."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.vocabulary import Risk
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, stale_assessment, table_rows, text_of


def settle(world: World) -> None:
    """Wait until the projection runner has applied every stored event."""
    assert world.container.runner.wait_for(world.stored_position(), 5)


def intake_form(**overrides: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "name": "王秀兰", "phone": "139 1111 2222", "birth_year": "1948", "gender": "female",
        "district": "江北区", "street": "观音桥街道", "community": "建新社区",
        "address_detail": "5-1-302", "channel": "hotline", "request": "家中缺药,需代配降压药",
        "vulnerabilities": ["older_person", "lives_alone"], "needs": ["medication"],
        "consent": "verbal",
    }
    form.update(overrides)
    return form


@SQLITE_ONLY
class TestQueues:
    def test_the_intake_queue_is_in_triage_order_with_deadline_states(
            self, ui: Ui, world: World) -> None:
        worker = world.jb_worker
        waiting = world.open_case(worker).case  # not assessed: treated as high, 24 h
        world.later(minutes=10)
        low = world.assessed_case(worker, Risk.LOW)
        world.later(minutes=10)
        critical = world.assessed_case(worker, Risk.CRITICAL)  # 2 h to assign
        world.later(minutes=10)
        high = world.assessed_case(worker, Risk.HIGH)
        world.later(minutes=10)
        medium = world.assessed_case(worker, Risk.MEDIUM)
        world.later(hours=20)
        settle(world)

        rows = table_rows(ui.as_("jb-wang").get("/work").text, "intake")

        order = [critical, waiting, high, medium, low]
        assert [row.split()[0] for row in rows] == [c.reference for c in order]
        assert "风险:紧急" in rows[0]
        assert "已超时" in rows[0]
        assert "未评估" in rows[1]
        assert "即将超时" in rows[1]
        assert "风险:高" in rows[2]
        assert "即将超时" in rows[2]
        assert "风险:中" in rows[3]
        assert "正常" in rows[3]
        assert "认领" in rows[0]
        assert "需求评估" in rows[1]

    def test_the_caseload_puts_overdue_follow_ups_first(self, ui: Ui, world: World) -> None:
        worker, lead = world.jb_worker, world.jb_supervisor
        overdue = world.active_case(worker, lead, Risk.LOW)  # follow-up tomorrow
        world.later(days=3)
        high = world.active_case(worker, lead, Risk.HIGH)
        medium = world.active_case(worker, lead, Risk.MEDIUM)
        world.active_case(world.jb_colleague, lead)  # someone else's
        settle(world)

        rows = table_rows(ui.as_("jb-wang").get("/work").text, "caseload")

        assert [row.split()[0] for row in rows] == [overdue.reference, high.reference,
                                                    medium.reference]
        assert "回访逾期" in rows[0]
        assert "回访逾期" not in rows[1]

    def test_the_lists_refresh_as_fragments(self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")
        page = browser.get("/work").text
        assert 'hx-get="/work/intake"' in page
        assert "every 10s" in page
        assert "暂无待分派个案" in text_of(browser.get("/work/intake").text)

        case = world.open_case(world.jb_colleague).case
        settle(world)
        fragment = browser.get("/work/intake", headers={"hx-request": "true"})

        assert case.reference in fragment.text
        assert "<html" not in fragment.text

    def test_an_expired_session_sends_htmx_to_the_log_in_page(self, ui: Ui) -> None:
        answer = ui.browser().get("/work/intake", follow_redirects=False, headers={
            "hx-request": "true", "hx-current-url": "http://testserver.local/work"})

        assert answer.headers["hx-redirect"] == "/login?next=/work"

    def test_claiming_moves_a_case_to_my_caseload(self, ui: Ui, world: World) -> None:
        case = world.assessed_case(world.jb_worker, Risk.MEDIUM)
        settle(world)
        browser = ui.as_("jb-li")

        answer = browser.post(f"/cases/{case.id}/claim", {"back": "work"})

        assert answer.headers["location"].startswith("/work?after=")
        page = browser.follow(answer).text
        assert f"您已认领个案 {case.reference}" in text_of(page)
        assert case.reference in " ".join(table_rows(page, "caseload"))
        assert case.reference not in page[page.index('id="intake"'):]


@SQLITE_ONLY
class TestIntake:
    def test_leaving_the_phone_field_warns_of_an_open_case(self, ui: Ui, world: World) -> None:
        existing = world.open_case(world.jb_worker).case  # phone 138 0000 0001
        settle(world)
        browser = ui.as_("jb-li")
        form = browser.get("/cases/new").text
        assert 'hx-post="/cases/new/duplicates"' in form
        assert 'hx-trigger="blur"' in form

        warning = browser.post("/cases/new/duplicates", {"phone": "13800000001"})
        nothing = browser.post("/cases/new/duplicates", {"phone": "139 9999 0000"})

        assert warning.status_code == 200
        assert "可能重复" in text_of(warning.text)
        assert existing.reference in warning.text
        assert text_of(nothing.text) == ""

    def test_saving_a_duplicate_needs_a_confirmation(self, ui: Ui, world: World) -> None:
        existing = world.open_case(world.jb_worker).case
        settle(world)
        browser = ui.as_("jb-li")

        warned = browser.post("/cases/new", intake_form(phone="138-0000-0001"))

        assert warned.status_code == 409
        assert existing.reference in warned.text
        assert "我已核对上述个案,仍要登记新个案" in text_of(warned.text)
        assert 'value="王秀兰"' in warned.text  # what was entered is kept
        assert world.stored_position() == world.container.runner.position

        opened = browser.post("/cases/new", intake_form(phone="138-0000-0001",
                                                         duplicates_checked="on"))
        page = browser.follow(opened)
        assert "已登记" in text_of(page.text)
        assert "王秀兰" in text_of(page.text)

    def test_an_intake_with_triage_starts_assessed(self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")
        tomorrow = (world.today() + timedelta(days=1)).isoformat()

        opened = browser.post("/cases/new", intake_form(
            triage="on", risk="high", plan="今天送药上门", follow_up_due=tomorrow))

        page = text_of(browser.follow(opened).text)
        assert "待分派" in page
        assert "风险:高" in page
        assert "今天送药上门" in page

    def test_a_triage_without_the_assess_now_box_is_refused_not_dropped(
            self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")
        tomorrow = (world.today() + timedelta(days=1)).isoformat()
        before = world.stored_position()

        answer = browser.post("/cases/new", intake_form(
            risk="high", plan="今天送药上门", follow_up_due=tomorrow))

        assert answer.status_code == 422
        assert "现在评估:已填写初步研判内容,但未勾选此项" in text_of(answer.text)
        assert "今天送药上门" in answer.text  # everything typed is kept
        assert 'value="王秀兰"' in answer.text
        assert world.stored_position() == before  # no case opened as 待评估
        browser.post("/language", {"lang": "en", "next": "/cases/new"})
        english = browser.post("/cases/new", intake_form(notes="Daughter calls daily"))
        assert "Assess now: the triage is filled in but this box is not ticked" in text_of(
            english.text)

    def test_an_intake_without_triage_fields_needs_no_box(self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")
        tomorrow = (world.today() + timedelta(days=1)).isoformat()

        opened = browser.post("/cases/new", intake_form(
            risk="", plan="", notes="", follow_up_due=tomorrow, follow_up_suggested=tomorrow))

        assert "待评估" in text_of(browser.follow(opened).text)

    def test_bad_input_is_refused_in_words_and_kept(self, ui: Ui, world: World) -> None:
        answer = ui.as_("jb-wang").post("/cases/new", intake_form(phone="call me"))

        assert answer.status_code == 422
        assert "联系电话:须为手机号码或带区号的固定电话" in text_of(answer.text)
        assert 'value="call me"' in answer.text


@SQLITE_ONLY
class TestCaseForms:
    def test_an_assessment_is_saved_and_told_in_the_timeline(
            self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        browser = ui.as_("jb-wang")
        tomorrow = (world.today() + timedelta(days=1)).isoformat()

        answer = browser.post(f"/cases/{case.id}/assess", {
            "version": str(case.version), "risk": "high", "needs": ["medication", "food"],
            "plan": "明早陪同去神经内科", "follow_up_due": tomorrow})

        page = text_of(browser.follow(answer).text)
        assert "需求评估已保存" in page
        assert "Jb-Wang 将个案评估为高风险" in page
        assert "代配药、食品/买菜" in page

    def test_a_refused_command_shows_the_rule_in_words(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case  # not assessed yet
        browser = ui.as_("jb-wang")
        form = {"version": str(case.version), "outcome": "resolved",
                "summary": "Delivered the medicine"}

        chinese = browser.post(f"/cases/{case.id}/close", form)
        browser.post("/language", {"lang": "en"})
        english = browser.post(f"/cases/{case.id}/close", form)

        assert chinese.status_code == 409
        assert "未评估的个案只能以“重复个案”“不再需要”或“无法联系”结案。" in text_of(chinese.text)
        assert "A case not yet assessed can only be closed as a duplicate" in text_of(
            english.text)
        assert 'id="form-close" open' in english.text
        assert "Delivered the medicine" in english.text

    def test_a_stale_form_is_explained_with_a_reload_link(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        world.cases.add_note(world.jb_colleague, case.id, "Neighbour called")
        browser = ui.as_("jb-wang")

        # An assessment depends on what the page showed (a note would be accepted).
        answer = browser.post(f"/cases/{case.id}/assess", stale_assessment(case, world))

        assert answer.status_code == 409
        page = text_of(answer.text)
        assert f"其他人修改了该个案(当前版本 {case.version + 1})" in page
        assert "重新加载个案" in page
        assert "Will call at 5" in answer.text
        assert f'name="version" value="{case.version + 1}"' in answer.text
        assert world.cases.get_case(world.jb_worker, case.id).risk is None

    def test_a_value_out_of_bounds_names_its_field(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        now = world.clock.now().astimezone(world.container.settings.tz)

        answer = ui.as_("jb-wang").post(f"/cases/{case.id}/service", {
            "version": str(case.version), "kind": "home_visit", "description": "Visited",
            "delivered_at": now.strftime("%Y-%m-%dT%H:%M"), "minutes": "2000"})

        assert answer.status_code == 422
        assert "用时(分钟):须在 0 到 1440 之间" in text_of(answer.text)

    def test_a_worker_asks_for_closure_of_a_high_risk_case(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor, Risk.HIGH)
        browser = ui.as_("jb-wang")
        assert "申请结案" in text_of(browser.get(f"/cases/{case.id}").text)

        answer = browser.post(f"/cases/{case.id}/close", {
            "version": str(case.version), "outcome": "resolved", "summary": "药已送到"})

        page = text_of(browser.follow(answer).text)
        assert "结案待审批" in page
        assert "Jb-Wang 申请结案:需求已解决" in page

    def test_another_teams_case_is_not_found(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.pd_worker).case

        answer = ui.as_("jb-wang").get(f"/cases/{case.id}")

        assert answer.status_code == 404
        assert case.reference not in answer.text

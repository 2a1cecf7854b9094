"""A refused form names every field at fault at once (issue 12): each is marked invalid
and described by its own message, the top of the page counts them, and everything typed
is kept. The intake and the assessment, where most fields are."""

from __future__ import annotations

from domain.vocabulary import Need
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.test_accessibility import Elements
from tests.ui.test_worker_pages import intake_form


@SQLITE_ONLY
class TestEveryFieldAtOnce:
    def test_an_intake_marks_what_the_form_and_the_domain_refuse_together(
            self, ui: Ui, world: World) -> None:
        before = world.stored_position()

        answer = ui.as_("jb-wang").post("/cases/new", intake_form(
            name="", phone="call me", birth_year="nineteen", channel="", request="家中缺药"))

        assert answer.status_code == 422
        page = Elements(answer.text)
        described = {field["id"]: page.description(field) for field in page.invalid()}
        assert list(described) == ["intake-name", "intake-phone", "intake-birth_year",
                                   "intake-channel"]
        assert described["intake-name"].startswith("姓名:")
        assert described["intake-phone"].startswith("联系电话:须为手机号码或带区号的固定电话")
        assert described["intake-birth_year"].startswith("出生年份:")
        assert described["intake-channel"].startswith("来源渠道:")
        assert "有 4 处需要修改:" in text_of(answer.text)
        assert 'value="call me"' in answer.text
        assert world.stored_position() == before

    def test_an_assessment_marks_each_refused_field_in_english(
            self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        browser = ui.as_("jb-wang")
        browser.post("/language", {"lang": "en", "next": f"/cases/{case.id}"})

        answer = browser.post(f"/cases/{case.id}/assess", {
            "version": str(case.version), "risk": "", "plan": " ",
            "follow_up_due": "2020-01-01", "notes": "Daughter visits on Sundays"})

        page = Elements(answer.text)
        marked = [field.get("id") or field["name"] for field in page.invalid()]
        assert marked == ["assess-risk", *["needs"] * len(Need), "assess-plan",
                          "assess-follow_up_due"]
        assert "fields need attention" in text_of(answer.text)
        assert "Daughter visits on Sundays" in answer.text
        assert 'id="form-assess" open' in answer.text

    def test_a_single_refusal_reads_as_before(self, ui: Ui) -> None:
        answer = ui.as_("jb-wang").post("/cases/new", intake_form(phone="call me"))

        assert "需要修改" not in text_of(answer.text)
        assert "联系电话:须为手机号码或带区号的固定电话" in text_of(answer.text)

"""A refused form says why in the user's language, from the refusal's code and params
(never from the domain's English text), and keeps what was typed."""

from __future__ import annotations

import pytest

from domain import errors
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.test_worker_pages import intake_form


@SQLITE_ONLY
class TestARefusedIntakeForm:
    def test_a_request_too_long_is_refused_in_chinese_with_its_limit(self, ui: Ui,
                                                                      world: World) -> None:
        before = world.stored_position()
        request = "家中缺药" * 1001  # 4004 characters

        answer = ui.as_("jb-wang").post("/cases/new", intake_form(request=request))

        assert answer.status_code == 422
        assert "求助内容:不能超过 4000 个字" in text_of(answer.text)
        assert request in answer.text  # everything typed is kept
        assert 'value="王秀兰"' in answer.text
        assert 'value="139 1111 2222"' in answer.text
        assert world.stored_position() == before

    def test_the_same_code_in_english(self, ui: Ui) -> None:
        browser = ui.as_("jb-wang")
        browser.post("/language", {"lang": "en", "next": "/cases/new"})

        answer = browser.post("/cases/new", intake_form(request="x" * 4001))

        assert "Request: must be at most 4000 characters" in text_of(answer.text)

    def test_rewording_the_domains_english_changes_no_translation(
            self, ui: Ui, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(errors.INPUT_MESSAGES, "invalid_phone",  # type: ignore[arg-type]
                            "reworded: digits only, please")
        browser = ui.as_("jb-wang")

        chinese = browser.post("/cases/new", intake_form(phone="call me"))
        browser.post("/language", {"lang": "en", "next": "/cases/new"})
        english = browser.post("/cases/new", intake_form(phone="call me"))

        assert "联系电话:须为手机号码或带区号的固定电话" in text_of(chinese.text)
        assert 'value="call me"' in chinese.text
        assert "Phone: must be a mobile number or a landline" in text_of(english.text)
        assert "reworded" not in chinese.text + english.text

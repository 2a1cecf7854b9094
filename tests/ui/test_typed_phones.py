"""The intake form takes phones as people type them on a Chinese phone keyboard
(decision 0022): full-width digits warn of the same resident's open case, and a
landline with its area code in brackets and an extension is saved in canonical form."""

from __future__ import annotations

from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.test_worker_pages import intake_form, settle


@SQLITE_ONLY
class TestPhonesAsTyped:
    def test_full_width_digits_find_the_open_case_of_the_same_phone(
            self, ui: Ui, world: World) -> None:
        existing = world.open_case(world.jb_worker).case  # stored as 13800000001
        settle(world)

        warning = ui.as_("jb-li").post("/cases/new/duplicates",
                                       {"phone": "１３８ ００００ ０００１"})

        assert "可能重复" in text_of(warning.text)
        assert existing.reference in warning.text

    def test_a_landline_with_brackets_and_an_extension_is_saved(self, ui: Ui) -> None:
        browser = ui.as_("jb-li")

        opened = browser.post("/cases/new",
                              intake_form(phone="（０２１）６８８８ １２３４ 转８０１２"))

        assert "021-68881234-8012" in text_of(browser.follow(opened).text)

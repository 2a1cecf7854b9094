"""The history page says what each event changed, in the reader's language:
"风险 中 → 高;随访 04-11 → 04-13" / "risk medium → high; follow-up 04-11 → 04-13"."""

from __future__ import annotations

from datetime import timedelta

from adapters.http.ui.catalog import MESSAGES
from domain.vocabulary import Risk
from service.changes import FIELD_NAMES
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of


def reassessed(world: World) -> str:
    """A case assessed medium with a follow-up tomorrow, then high, follow-up in three
    days; its history page's address."""
    case = world.assessed_case(world.jb_worker, Risk.MEDIUM)
    world.later(hours=1)
    world.cases.assess(world.jb_worker, case.id, world.assessment(
        Risk.HIGH, follow_up_due=world.today() + timedelta(days=3)))
    return f"/cases/{case.id}/history"


def short(world: World, days: int) -> str:
    day = world.today() + timedelta(days=days)
    return f"{day.month:02d}-{day.day:02d}"


@SQLITE_ONLY
class TestWhatChanged:
    def test_the_history_page_says_what_changed_in_chinese(self, ui: Ui,
                                                           world: World) -> None:
        path = reassessed(world)

        words = text_of(ui.as_("jb-lead").get(path).text)

        assert (f"变更内容: 风险 中 → 高;随访 {short(world, 1)} → {short(world, 3)}"
                in words)

    def test_and_in_english(self, ui: Ui, world: World) -> None:
        path = reassessed(world)
        browser = ui.browser({"accept-language": "en"})
        assert browser.log_in("mca-auditor").status_code == 303

        words = text_of(browser.get(path).text)

        assert (f"What changed: risk medium → high; follow-up {short(world, 1)} → "
                f"{short(world, 3)}") in words

    def test_an_assignment_names_the_worker(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)

        words = text_of(ui.as_("jb-lead").get(f"/cases/{case.id}/history").text)

        assert "状态 待分派 → 服务中;负责社工 — → Jb-Wang" in words


def test_every_field_a_change_may_name_has_words_in_both_languages() -> None:
    missing = [field for field in FIELD_NAMES if not all(MESSAGES.get(f"change.{field}", ("", "")))]
    assert missing == []


@SQLITE_ONLY
class TestDownloads:
    def test_the_history_downloads_as_csv_and_is_recorded(self, ui: Ui,
                                                          world: World) -> None:
        path = reassessed(world)
        browser = ui.as_("jb-lead")
        assert f'href="{path}.csv"' in browser.get(path).text

        answer = browser.get(f"{path}.csv")

        assert answer.status_code == 200
        assert answer.content.startswith(b"\xef\xbb\xbf")
        assert "risk: medium → high" in answer.content.decode("utf-8-sig")
        words = text_of(browser.get(path).text)
        assert "Jb-Lead (督导) 导出个案历史" in words[words.index("查阅记录"):]

    def test_a_worker_cannot_download_it(self, ui: Ui, world: World) -> None:
        path = reassessed(world)
        assert ui.as_("jb-wang").get(f"{path}.json").status_code == 403

"""Chinese by default, English on request: the browser's Accept-Language, then the
user's own choice (kept in the session and a cookie); labels, vocabularies and dates
follow the language."""

from __future__ import annotations

from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of


@SQLITE_ONLY
class TestChoosingTheLanguage:
    def test_chinese_is_the_default(self, ui: Ui) -> None:
        page = ui.browser().get("/login")

        assert '<html lang="zh-CN">' in page.text
        assert "用户名" in text_of(page.text)

    def test_the_browsers_language_is_used_when_supported(self, ui: Ui) -> None:
        english = ui.browser({"accept-language": "fr-FR, en-GB;q=0.8, zh;q=0.5"})
        french = ui.browser({"accept-language": "fr-FR"})

        assert '<html lang="en">' in english.get("/login").text
        assert "Username" in text_of(english.get("/login").text)
        assert '<html lang="zh-CN">' in french.get("/login").text

    def test_switching_to_english_changes_the_labels(self, ui: Ui) -> None:
        browser = ui.as_("jb-wang")
        assert "我负责的个案" in text_of(browser.get("/work").text)

        answer = browser.post("/language", {"lang": "en", "next": "/work"})

        assert answer.headers["location"] == "/work"
        page = text_of(browser.follow(answer).text)
        assert "My caseload" in page
        assert "我负责的个案" not in page
        assert browser.client.cookies.get("casework_lang") == "en"

    def test_the_choice_belongs_to_the_account(self, ui: Ui) -> None:
        browser = ui.as_("jb-wang")
        browser.post("/language", {"lang": "en", "next": "/work"})
        browser.post("/logout")

        elsewhere = ui.browser()  # another computer, a Chinese browser
        elsewhere.log_in("jb-wang")
        assert "My caseload" in text_of(elsewhere.get("/work").text)

    def test_at_a_shared_computer_the_next_person_gets_their_own(self, ui: Ui) -> None:
        shared = ui.browser()
        shared.log_in("jb-wang")
        shared.post("/language", {"lang": "en", "next": "/work"})
        assert "My caseload" in text_of(shared.get("/work").text)

        shared.post("/logout")
        assert "用户名" in text_of(shared.get("/login").text)  # the browser's language again
        shared.log_in("jb-li")
        assert "我负责的个案" in text_of(shared.get("/work").text)
        shared.post("/logout")
        shared.log_in("jb-wang")
        assert "My caseload" in text_of(shared.get("/work").text)

    def test_a_choice_made_on_the_log_in_page_becomes_the_accounts(self, ui: Ui) -> None:
        first = ui.browser()
        first.post("/language", {"lang": "en", "next": "/login"})
        first.log_in("pd-zhao")

        later = ui.browser()
        later.log_in("pd-zhao")
        assert "My caseload" in text_of(later.get("/work").text)

    def test_a_choice_overrides_the_browser(self, ui: Ui) -> None:
        browser = ui.browser({"accept-language": "en"})

        browser.post("/language", {"lang": "zh-CN", "next": "/login"})

        assert "用户名" in text_of(browser.get("/login").text)

    def test_an_unknown_language_changes_nothing(self, ui: Ui) -> None:
        browser = ui.browser()

        browser.post("/language", {"lang": "xx", "next": "/login"})

        assert '<html lang="zh-CN">' in browser.get("/login").text


@SQLITE_ONLY
class TestWordsOnACase:
    def test_vocabularies_and_dates_follow_the_language(self, ui: Ui, world: World) -> None:
        case = world.assessed_case(world.jb_worker)  # medium risk, medication
        browser = ui.as_("jb-wang")

        chinese = text_of(browser.get(f"/cases/{case.id}").text)
        browser.post("/language", {"lang": "en", "next": "/work"})
        english = text_of(browser.get(f"/cases/{case.id}").text)

        assert "风险:中" in chinese
        assert "待分派" in chinese
        assert "代配药" in chinese
        assert "2022年4月10日 09:00" in chinese
        assert "Risk: Medium" in english
        assert "Awaiting assignment" in english
        assert "Medication" in english
        assert "10 Apr 2022, 09:00" in english

    def test_the_timeline_tells_each_event_in_words(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        world.cases.assess(world.jb_worker, case.id, world.assessment())  # high risk
        browser = ui.as_("jb-lead")

        chinese = text_of(browser.get(f"/cases/{case.id}").text)
        browser.post("/language", {"lang": "en", "next": "/work"})
        english = text_of(browser.get(f"/cases/{case.id}").text)

        assert "Jb-Wang 接案登记(来源:社区居委会)" in chinese
        assert "Jb-Wang 将个案评估为高风险" in chinese
        assert "Jb-Wang assessed the case as high risk" in english

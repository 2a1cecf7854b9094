"""A session that ends in the middle of the work (issue 12, item 2): the form sent too late
leads to a log-in page that says why, and after the log-in back to the form's page (where
the browser puts back what was typed: static/casework.js, tests/e2e/test_session_ending).
Nothing typed is kept on the server; a refused CSRF token with no session is an ended
session too, not a "security error"."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.integration.conftest import PASSWORD, World
from tests.ui.conftest import SESSION_COOKIE, SQLITE_ONLY, Browser, Ui, text_of

ENDED = "您的登录已过期,需要重新登录"


def end_session(browser: Browser) -> None:
    """As when the session lapsed: the browser no longer holds it."""
    browser.client.cookies.delete(SESSION_COOKIE)


def login_target(response: object) -> tuple[str, dict[str, list[str]]]:
    location = urlsplit(response.headers["location"])  # type: ignore[attr-defined]
    return location.path, parse_qs(location.query)


@SQLITE_ONLY
class TestAFormSentAfterTheSessionEnded:
    def test_leads_to_a_log_in_that_says_why_and_back_to_the_case(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-wang")
        browser.get(f"/cases/{case.id}")
        end_session(browser)

        sent = browser.post(f"/cases/{case.id}/note", {"text": "老人说药快吃完了"})

        assert sent.status_code == 303
        assert login_target(sent) == ("/login", {"next": [f"/cases/{case.id}"],
                                                 "ended": ["1"]})
        login = browser.follow(sent)
        assert ENDED in text_of(login.text)
        assert "在本浏览器中" in text_of(login.text)
        assert "老人说药快吃完了" not in login.text  # kept by the browser, not the server
        assert re.search(r'name="ended" value="1"', login.text)
        assert world.cases.get_case(world.jb_worker, case.id).notes_count == 0

        back = browser.post("/login", {"username": "jb-wang", "password": PASSWORD,
                                       "next": f"/cases/{case.id}", "ended": "1"})
        assert back.headers["location"] == f"/cases/{case.id}"
        assert 'id="form-note"' in browser.follow(back).text

    def test_without_the_csrf_token_either_is_no_security_error(
            self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")
        token = browser.csrf
        browser.client.cookies.clear()  # a browser restarted: session and token gone

        sent = browser.post("/cases/new", {"_csrf_token": token, "name": "宋老师"},
                            csrf=False)

        assert sent.status_code == 303
        assert login_target(sent) == ("/login", {"next": ["/cases/new"], "ended": ["1"]})
        page = text_of(browser.follow(sent).text)
        assert ENDED in page
        assert "并非来自本站" not in page

    def test_a_wrong_password_on_the_way_back_keeps_the_reason_and_the_page(
            self, ui: Ui, world: World) -> None:
        browser = ui.browser()
        browser.get("/login?next=/cases/new&ended=1")

        again = browser.post("/login", {"username": "jb-wang", "password": "wrong",
                                        "next": "/cases/new", "ended": "1"})

        assert again.status_code == 401
        assert ENDED in text_of(again.text)
        assert 'name="next" value="/cases/new"' in again.text

    def test_a_fragment_asked_for_after_the_session_ended_sends_the_page_to_log_in(
            self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")
        browser.get("/cases/new")
        end_session(browser)

        check = browser.post("/cases/new/duplicates", {"phone": "13800000000"}, headers={
            "HX-Request": "true", "HX-Current-URL": "http://testserver/cases/new"})

        assert check.headers["HX-Redirect"] == "/login?next=/cases/new&ended=1"

    def test_someone_logged_in_with_a_wrong_token_is_still_told_to_reload(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)

        sent = ui.as_("jb-wang").post(f"/cases/{case.id}/note",
                                      {"_csrf_token": "forged", "text": "x"}, csrf=False)

        assert sent.status_code == 403
        assert "请刷新页面" in text_of(sent.text)


@SQLITE_ONLY
class TestTheWayBack:
    def test_only_a_local_page_is_gone_back_to(self, ui: Ui, world: World) -> None:
        for target in ("//evil.example/x", "/\\evil.example", "https://evil.example",
                       "/login?next=/login", "/cases\n/x"):
            browser = ui.browser()
            browser.get("/login")
            answer = browser.post("/login", {"username": "jb-wang",
                                             "password": PASSWORD, "next": target})
            assert answer.headers["location"] == "/work", target

    def test_a_page_not_needing_a_session_refuses_a_bad_token_by_asking_to_log_in(
            self, ui: Ui, world: World) -> None:
        browser = ui.browser()
        answer = browser.post("/login", {"_csrf_token": "stale", "username": "jb-wang"},
                              csrf=False)
        assert (answer.status_code, answer.headers["location"]) == (303, "/login")


@SQLITE_ONLY
class TestTheSessionsEnd:
    def test_the_page_tells_the_browser_how_long_the_session_lasts(
            self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")
        page = browser.get("/cases/new").text

        assert f'data-user="{world.jb_worker.id}"' in page
        assert 'data-session-seconds="43200"' in page
        assert 'id="session-warning"' in page
        assert "继续保持登录" in page
        assert 'data-draft' in page
        assert 'data-session-seconds' not in ui.browser().get("/login").text

    def test_keeping_it_going_answers_its_length_until_it_has_ended(
            self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")

        alive = browser.get("/session/alive")
        assert (alive.status_code, alive.json()) == (200, {"seconds": 43200})
        assert alive.headers["cache-control"] == "no-store"
        end_session(browser)
        ended = browser.get("/session/alive")
        assert (ended.status_code, ended.json()) == (401, {"seconds": 0})

    def test_a_form_done_is_named_to_the_next_page_once(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-wang")

        done = browser.follow(browser.post(f"/cases/{case.id}/note", {"text": "Called"}))

        assert f'data-sent="/cases/{case.id}/note"' in done.text
        assert 'data-sent=""' in browser.get(f"/cases/{case.id}").text


@SQLITE_ONLY
class TestRefreshesDoNotKeepTheSessionGoing:
    """A list or count refreshing itself every 10 s (static/casework.js sends
    X-Casework-Refresh) must not keep a left-open tab logged in for ever: only what the
    user does renews the session."""

    def shorten(self, ui: Ui, browser: Browser, seconds: int) -> None:
        store = ui.app.stores.get("ui_sessions")
        key = browser.client.cookies.get(SESSION_COOKIE)
        assert isinstance(key, str)
        data = store.get_sync(key)  # type: ignore[attr-defined]
        store.set_sync(key, data, seconds)  # type: ignore[attr-defined]

    def left(self, ui: Ui, browser: Browser) -> int:
        store = ui.app.stores.get("ui_sessions")
        left = store.expires_in_sync(browser.client.cookies.get(SESSION_COOKIE))  # type: ignore[attr-defined]
        assert isinstance(left, int)
        return left

    def test_a_refresh_leaves_the_end_where_it_was_and_a_click_moves_it(
            self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")
        self.shorten(ui, browser, 300)

        refreshed = browser.get("/notifications/count", headers={"X-Casework-Refresh": "1"})
        assert refreshed.status_code == 200
        assert "set-cookie" not in refreshed.headers
        assert self.left(ui, browser) <= 300
        browser.get("/work/caseload", headers={"X-Casework-Refresh": "1"})
        assert self.left(ui, browser) <= 300

        browser.get("/work")  # the user opens a page
        assert self.left(ui, browser) > 43000

"""Logging in and out of the web UI, its session cookie, CSRF and the log-in limit."""

from __future__ import annotations

from dataclasses import replace

import pytest
from litestar.testing import TestClient

from adapters.http.app import create_app
from tests.integration.conftest import PASSWORD, World
from tests.ui.conftest import SESSION_COOKIE, SQLITE_ONLY, Ui, text_of


def set_cookie_header(response: object, name: str) -> str:
    headers = response.headers.get_list("set-cookie")  # type: ignore[attr-defined]
    found = [h for h in headers if h.startswith(f"{name}=")]
    assert found, headers
    return str(found[-1])


@SQLITE_ONLY
class TestLogIn:
    def test_a_visitor_is_sent_to_the_log_in_page(self, ui: Ui) -> None:
        answer = ui.browser().get("/work", follow_redirects=False)

        assert answer.status_code == 303
        assert answer.headers["location"] == "/login?next=/work"

    def test_the_right_password_opens_the_workers_desk(self, ui: Ui) -> None:
        browser = ui.browser()

        answer = browser.log_in("jb-wang")

        assert answer.status_code == 303
        assert answer.headers["location"] == "/work"
        page = browser.follow(answer)
        assert page.status_code == 200
        assert "我负责的个案" in text_of(page.text)
        assert "Jb-Wang · 社工 · 江北社工站" in text_of(page.text)

    def test_a_wrong_password_is_refused_in_words(self, ui: Ui) -> None:
        browser = ui.browser()

        answer = browser.log_in("jb-wang", "not the password")

        assert answer.status_code == 401
        assert "用户名或密码错误" in text_of(answer.text)
        assert SESSION_COOKIE not in browser.client.cookies
        assert browser.get("/work", follow_redirects=False).status_code == 303

    def test_logging_in_returns_to_the_page_asked_for(self, ui: Ui) -> None:
        browser = ui.browser()

        answer = browser.post("/login", {"username": "jb-lead", "password": PASSWORD,
                                         "next": "/team"})

        assert answer.headers["location"] == "/team"

    def test_next_never_leads_to_another_site(self, ui: Ui) -> None:
        browser = ui.browser()

        answer = browser.post("/login", {"username": "jb-lead", "password": PASSWORD,
                                         "next": "//evil.example/"})

        assert answer.headers["location"] == "/work"

    def test_logging_out_ends_the_session(self, ui: Ui) -> None:
        browser = ui.as_("jb-wang")
        assert browser.get("/work").status_code == 200

        answer = browser.post("/logout")

        assert answer.headers["location"] == "/login"
        assert browser.get("/work", follow_redirects=False).status_code == 303

    def test_each_role_lands_on_its_own_page(self, ui: Ui) -> None:
        for username, home in (("jb-lead", "/work"), ("bright-light", "/referrals"),
                               ("mca-auditor", "/cases")):
            assert ui.browser().log_in(username).headers["location"] == home

    def test_a_partner_may_not_open_a_workers_page(self, ui: Ui) -> None:
        answer = ui.as_("bright-light").get("/work")

        assert answer.status_code == 403
        assert "您的角色无权进行此操作" in text_of(answer.text)


@SQLITE_ONLY
class TestSessionCookie:
    def test_the_session_cookie_is_http_only_and_same_site_lax(self, ui: Ui) -> None:
        answer = ui.browser().log_in("jb-wang")

        cookie = set_cookie_header(answer, SESSION_COOKIE).lower()
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert "secure" not in cookie

    def test_the_cookies_are_secure_when_served_over_https(self, world: World) -> None:
        settings = replace(world.container.settings, secure_cookies=True)
        app = create_app(replace(world.container, settings=settings))
        with TestClient(app, base_url="https://testserver.local") as client:
            first = client.get("/login")
            token = client.cookies.get("casework_csrf")
            answer = client.post("/login", data={"username": "jb-wang", "password": PASSWORD,
                                                 "_csrf_token": token},
                                 follow_redirects=False)

        assert "secure" in set_cookie_header(answer, SESSION_COOKIE).lower()
        assert "secure" in set_cookie_header(first, "casework_csrf").lower()

    def test_a_session_id_the_server_did_not_give_is_replaced(self, ui: Ui) -> None:
        browser = ui.browser()
        browser.client.cookies.set(SESSION_COOKIE, "chosen-by-an-attacker",
                                   domain="testserver.local")

        browser.log_in("jb-wang")

        assert browser.client.cookies.get(SESSION_COOKIE) not in (None,
                                                                   "chosen-by-an-attacker")
        assert browser.get("/work").status_code == 200

    def test_logging_in_starts_a_new_session_id(self, ui: Ui) -> None:
        browser = ui.as_("jb-wang")
        first = browser.client.cookies.get(SESSION_COOKIE)

        browser.log_in("jb-li")

        assert browser.client.cookies.get(SESSION_COOKIE) != first


class TestSessionStore:
    def test_a_session_outlives_the_process_that_made_it(self, ui: Ui, world: World) -> None:
        """Sessions live in the views database: another server process (a second app
        over the same stores) knows the user."""
        cookie = ui.as_("jb-wang").client.cookies.get(SESSION_COOKIE)
        assert cookie is not None

        with TestClient(create_app(world.container)) as other:
            other.cookies.set(SESSION_COOKIE, cookie)
            answer = other.get("/work")

        assert answer.status_code == 200
        assert "我负责的个案" in text_of(answer.text)


@SQLITE_ONLY
class TestCsrf:
    def test_a_form_without_the_token_is_refused(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        browser = ui.as_("jb-wang")

        answer = browser.post(f"/cases/{case.id}/note", {"text": "Called her back",
                                                         "version": str(case.version)},
                              csrf=False)

        assert answer.status_code == 403
        assert "表单已失效" in text_of(answer.text)
        assert world.cases.get_case(world.jb_worker, case.id).notes_count == 0

    def test_a_token_of_another_site_is_refused(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        browser = ui.as_("jb-wang")

        answer = browser.client.post(f"/cases/{case.id}/note",
                                     data={"text": "x", "_csrf_token": "f" * 128},
                                     follow_redirects=False)

        assert answer.status_code == 403

    def test_htmx_requests_send_the_token_in_a_header(self, ui: Ui) -> None:
        browser = ui.as_("jb-wang")
        page = browser.get("/cases/new")
        assert f'"x-csrftoken": "{browser.csrf}"' in page.text

        answer = browser.client.post("/cases/new/duplicates", data={"phone": "138 0000 0001"},
                                     headers={"x-csrftoken": browser.csrf, "hx-request": "true"})

        assert answer.status_code == 200

    def test_the_api_needs_no_csrf_token(self, ui: Ui) -> None:
        answer = ui.browser().client.post("/api/v1/auth/login",
                                          json={"username": "jb-wang", "password": PASSWORD})

        assert answer.status_code == 200
        assert "token" in answer.json()


@SQLITE_ONLY
class TestLogInLimit:
    def test_too_many_attempts_are_refused_in_words(self, world: World) -> None:
        with TestClient(create_app(world.container)) as client:
            client.get("/login")
            token = client.cookies.get("casework_csrf")
            answers = [client.post("/login", data={"username": "jb-wang", "password": "wrong",
                                                   "_csrf_token": token})
                       for _ in range(6)]

        assert [a.status_code for a in answers] == [401] * 5 + [429]
        assert "登录尝试次数过多" in text_of(answers[-1].text)
        assert int(answers[-1].headers["retry-after"]) > 0


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_the_openapi_document_lists_no_ui_route(ui: Ui) -> None:
    paths = ui.browser().get("/schema/openapi.json").json()["paths"]

    assert all(path.startswith(("/api/", "/healthz", "/readyz", "/metrics")) for path in paths)

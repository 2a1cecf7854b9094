"""The web UI's side of issue 11, item 3: a new password or a deactivation ends the
account's sessions at once (in every process), and a user whose password an
administrator set must choose a new one, on its own page in English and Chinese,
before any other page opens. On SQLite and PostgreSQL."""

from __future__ import annotations

from adapters.bootstrap import build
from service.identity import OPERATOR
from tests.integration.conftest import CHEAP_HASHER, PASSWORD, World
from tests.ui.conftest import Browser, Ui, text_of

NEW = "an admin-set secret 1"
MINE = "my own new secret 22"


def desk(browser: Browser) -> int:
    return int(browser.get("/work", follow_redirects=False).status_code)


class TestSessionsEnd:
    def test_a_password_set_by_an_admin_ends_the_session(self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")
        assert desk(browser) == 200
        world.identity.set_password(OPERATOR, world.jb_worker.id, NEW)
        answer = browser.get("/work", follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login")

    def test_a_change_made_through_another_process_ends_the_session(
            self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-wang")
        assert desk(browser) == 200
        other = build(world.container.settings, clock=world.clock, hasher=CHEAP_HASHER)
        try:
            other.identity.set_password(OPERATOR, world.jb_worker.id, NEW)
        finally:
            other.close()
        assert desk(browser) == 303

    def test_a_deactivation_ends_the_session(self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-li")
        assert desk(browser) == 200
        world.identity.deactivate_user(OPERATOR, world.jb_colleague.id)
        assert desk(browser) == 303


class TestForcedChange:
    def test_every_page_leads_to_the_change_until_it_is_made(self, ui: Ui,
                                                              world: World) -> None:
        world.identity.set_password(OPERATOR, world.jb_worker.id, NEW)
        browser = ui.browser({"Accept-Language": "en"})
        landed = browser.follow(browser.log_in("jb-wang", NEW))
        assert landed.url.path == "/password"
        assert "An administrator set your password" in text_of(landed.text)
        for path in ("/work", "/cases"):
            answer = browser.get(path, follow_redirects=False)
            assert (answer.status_code, answer.headers.get("location")) == (303, "/password")

        refused = browser.post("/password", {"current_password": NEW, "new_password": MINE,
                                             "repeat_password": MINE + "x"})
        assert refused.status_code == 422
        done = browser.post("/password", {"current_password": NEW, "new_password": MINE,
                                          "repeat_password": MINE})
        assert "logged out everywhere else" in text_of(browser.follow(done).text)
        assert desk(browser) == 200

    def test_the_page_speaks_chinese(self, ui: Ui, world: World) -> None:
        world.identity.set_password(OPERATOR, world.jb_worker.id, NEW)
        browser = ui.browser({"Accept-Language": "zh-CN"})
        landed = browser.follow(browser.log_in("jb-wang", NEW))
        assert "管理员已于" in text_of(landed.text)
        assert "设置新密码" in text_of(landed.text)

    def test_a_users_own_password_needs_no_change(self, ui: Ui, world: World) -> None:
        browser = ui.browser()
        assert browser.follow(browser.log_in("jb-wang", PASSWORD)).url.path == "/work"

"""A new password and a deactivation end every token of the account at once, in every
server process; a password an administrator set must be replaced by its owner before
anything else (issue 11, item 3; SPEC §6 "Admin boundary"). On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from tests.http.conftest import ADMIN, Api
from tests.integration.conftest import PASSWORD

NEW = "a brand new admin-set secret"
MINE = "my very own new secret"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def log_in(api: Api, username: str, password: str) -> Any:
    response = api.anonymous.post("/api/v1/auth/login",
                                  {"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def admin_sets_password(api: Api, username: str) -> None:
    user = api.world.identity.user_by_name(username)
    assert user is not None
    answer = api.as_(ADMIN).post(f"/api/v1/users/{user.id}/password", {"password": NEW})
    assert answer.status_code == 200, answer.text



class TestRevocation:
    def test_a_password_set_by_an_admin_ends_the_old_tokens_in_every_process(
            self, api: Api, other_process: TestClient[Litestar]) -> None:
        token = log_in(api, "jb-wang", PASSWORD)["token"]
        assert other_process.get("/api/v1/me", headers=bearer(token)).status_code == 200
        assert api.client.get("/api/v1/me", headers=bearer(token)).status_code == 200

        admin_sets_password(api, "jb-wang")

        assert api.client.get("/api/v1/me", headers=bearer(token)).status_code == 401
        assert other_process.get("/api/v1/me", headers=bearer(token)).status_code == 401
        assert api.as_("jb-wang").get("/api/v1/cases").status_code == 401

    def test_a_deactivation_ends_the_tokens(self, api: Api) -> None:
        token = log_in(api, "jb-li", PASSWORD)["token"]
        user = api.world.jb_colleague
        assert api.as_(ADMIN).post(f"/api/v1/users/{user.id}/deactivate", {}).status_code \
            == 200
        assert api.client.get("/api/v1/me", headers=bearer(token)).status_code == 401

    def test_changing_ones_own_password_ends_the_other_tokens(self, api: Api) -> None:
        other_device = log_in(api, "jb-wang", PASSWORD)["token"]
        changed = api.as_("jb-wang").post("/api/v1/me/password", {
            "current_password": PASSWORD, "new_password": MINE})
        assert changed.status_code == 200, changed.text
        assert api.client.get("/api/v1/me", headers=bearer(other_device)).status_code == 401
        assert api.as_("jb-wang").get("/api/v1/me").status_code == 401
        fresh = changed.json()["token"]
        assert api.client.get("/api/v1/cases", headers=bearer(fresh)).status_code == 200
        log_in(api, "jb-wang", MINE)

    def test_a_wrong_current_password_changes_nothing(self, api: Api) -> None:
        refused = api.as_("jb-wang").post("/api/v1/me/password", {
            "current_password": "not the password", "new_password": MINE})
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["code"] == "wrong_password"
        assert api.as_("jb-wang").get("/api/v1/me").status_code == 200


class TestForcedChange:
    def test_the_owner_must_replace_a_password_an_admin_set(self, api: Api) -> None:
        admin_sets_password(api, "jb-wang")
        login = log_in(api, "jb-wang", NEW)
        assert login["password_change_required"] is True
        assert login["password_set_by_admin_at"] is not None
        token = login["token"]

        for path in ("/api/v1/cases", "/api/v1/queues/caseload", "/api/v1/referrals"):
            refused = api.client.get(path, headers=bearer(token))
            assert refused.status_code == 403, (path, refused.text)
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert refused.json()["rule"] == "password_change_required"
        assert api.client.get("/api/v1/me", headers=bearer(token)).status_code == 200

        changed = api.client.post("/api/v1/me/password", headers=bearer(token), json={
            "current_password": NEW, "new_password": MINE})
        assert changed.status_code == 200, changed.text
        assert changed.json()["password_change_required"] is False
        fresh = changed.json()["token"]
        assert api.client.get("/api/v1/cases", headers=bearer(fresh)).status_code == 200
        assert log_in(api, "jb-wang", MINE)["password_change_required"] is False

"""A deactivation ends the account's tokens in every server process at once (issue 8,
decision 0014), on SQLite and PostgreSQL: a second application over a second container
on the same store stands for another `casework serve` worker. It has answered the token
from its account cache before; its very next request after the deactivation returned is
refused."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient

from tests.http.conftest import ADMIN, Api
from tests.integration.conftest import PASSWORD

USERS = "/api/v1/users"



def test_a_deactivated_accounts_token_is_refused_by_every_process_at_once(
        api: Api, other_process: TestClient[Litestar]) -> None:
    leaver = {"Authorization": f"Bearer {api.tokens['jb-li']}"}
    for _ in range(3):  # the other process knows the account (and keeps it in memory)
        assert other_process.get("/api/v1/me", headers=leaver).status_code == 200

    answer = api.as_(ADMIN).post(f"{USERS}/{api.world.jb_colleague.id}/deactivate", {})
    assert answer.status_code == 200

    assert other_process.get("/api/v1/me", headers=leaver).status_code == 401
    assert api.as_("jb-li").get("/api/v1/me").status_code == 401
    login = other_process.post("/api/v1/auth/login",
                               json={"username": "jb-li", "password": PASSWORD})
    assert login.status_code == 401


def test_a_colleagues_token_still_works_there(
        api: Api, other_process: TestClient[Litestar]) -> None:
    worker = {"Authorization": f"Bearer {api.tokens['jb-wang']}"}
    assert other_process.get("/api/v1/me", headers=worker).status_code == 200

    api.as_(ADMIN).post(f"{USERS}/{api.world.jb_colleague.id}/deactivate", {})

    me = other_process.get("/api/v1/me", headers=worker)
    assert (me.status_code, me.json()["username"]) == (200, "jb-wang")

"""Log-in over the API (docs/domain.md §4): a bearer token for the right password, 401 otherwise,
a growing delay per username after 5 failures and a generous limit of failures per
client address (429 with Retry-After). Good log-ins do not count: a whole station
behind one address logs in at the start of a shift."""

from __future__ import annotations

from typing import Any

from adapters.storage.ratelimit import ADDRESS_LIMIT
from tests.http.conftest import Api
from tests.http.reads_support import SQLITE_ONLY
from tests.integration.conftest import PASSWORD

LOGIN = "/api/v1/auth/login"


def log_in(api: Api, username: str, password: str) -> Any:
    return api.anonymous.post(LOGIN, {"username": username, "password": password})


@SQLITE_ONLY
class TestLogIn:
    def test_the_right_password_gives_a_token_for_the_api(self, api: Api) -> None:
        answer = log_in(api, "jb-wang", PASSWORD)
        assert answer.status_code == 200
        body = answer.json()
        assert body["user"]["username"] == "jb-wang"
        assert PASSWORD not in answer.text
        me = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
        assert me.json()["role"] == "worker"

    def test_a_wrong_password_is_401_naming_no_detail(self, api: Api) -> None:
        wrong = log_in(api, "jb-wang", "not the password")
        unknown = log_in(api, "nobody-at-all", "not the password")
        assert wrong.status_code == unknown.status_code == 401
        assert wrong.json()["detail"] == unknown.json()["detail"]


@SQLITE_ONLY
class TestRateLimit:
    def test_the_sixth_failure_in_a_minute_is_429_with_retry_after(self, api: Api) -> None:
        answers = [log_in(api, "jb-wang", "guess") for _ in range(6)]

        assert [a.status_code for a in answers] == [401] * 5 + [429]
        assert 0 < int(answers[-1].headers["retry-after"]) <= 61
        assert answers[-1].headers["content-type"].startswith("application/problem+json")
        # Even the right password waits now: the limit is on the account.
        assert log_in(api, "jb-wang", PASSWORD).status_code == 429

    def test_failures_from_one_address_count_whatever_the_username(self, api: Api) -> None:
        # A generous limit per address (issue 11): an office shares one address.
        for n in range(ADDRESS_LIMIT):
            assert log_in(api, f"guess-{n}", "guess").status_code == 401
        assert log_in(api, "jb-li", PASSWORD).status_code == 429

    def test_good_log_ins_from_one_address_do_not_add_up(self, api: Api) -> None:
        users = ["jb-wang", "jb-li", "jb-lead", "pd-zhao", "pd-lead", "mca-auditor",
                 "bright-light"]
        for username in users:
            assert log_in(api, username, PASSWORD).status_code == 200, username
        assert log_in(api, "jb-wang", PASSWORD).status_code == 200

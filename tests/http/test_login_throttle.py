"""Log-in throttling that does not lock out the innocent (issue 11, item 6): a growing
delay per account rather than a lock for the right password, a generous limit per
address, and X-Forwarded-For believed only from configured proxies."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.http.client_address import parse_networks, resolve
from adapters.settings import Settings, SettingsError
from adapters.storage.ratelimit import ADDRESS_LIMIT, LoginRateLimiter
from tests.http.conftest import Api
from tests.http.reads_support import SQLITE_ONLY
from tests.integration.conftest import PASSWORD, World

LOGIN = "/api/v1/auth/login"


def log_in(api: Api, username: str, password: str,
           headers: dict[str, str] | None = None) -> Any:
    return api.anonymous.post(LOGIN, {"username": username, "password": password},
                              headers=headers)


@SQLITE_ONLY
class TestAccountDelay:
    def test_the_right_password_works_after_five_wrong_ones_once_the_delay_passed(
            self, api: Api) -> None:
        answers = [log_in(api, "jb-wang", "guess") for _ in range(5)]
        assert [a.status_code for a in answers] == [401] * 5
        refused = log_in(api, "jb-wang", PASSWORD)
        assert refused.status_code == 429
        time.sleep(int(refused.headers["retry-after"]))
        assert log_in(api, "jb-wang", PASSWORD).status_code == 200
        # and the good log-in cleared the account's failures
        assert log_in(api, "jb-wang", "guess").status_code == 401


class TestAccountDelayInTheStore:  # on SQLite and PostgreSQL
    def test_the_delay_grows_with_each_failure_and_is_bounded(self, world: World) -> None:
        limiter = LoginRateLimiter(world.container.views.db)
        account, address = limiter.key("user", "jb-wang"), limiter.key("addr", "10.0.0.1")
        now = datetime(2026, 1, 1, tzinfo=UTC)
        waits = []  # how long each failed attempt had to wait after the one before
        for _ in range(12):
            waited = 0
            while (wait := limiter.attempt(account, address, now)) is not None:
                waited += wait
                now += timedelta(seconds=wait)
            waits.append(waited)
        assert waits == [0, 0, 0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
        limiter.succeeded(account, address, now)
        assert limiter.attempt(account, address, now) is None


@SQLITE_ONLY
class TestAddressLimit:
    def test_an_office_behind_one_address_is_not_locked_out_by_a_few_typos(
            self, api: Api) -> None:
        for n in range(10):
            assert log_in(api, f"typo-{n}", "guess").status_code == 401
        assert log_in(api, "jb-li", PASSWORD).status_code == 200

    def test_a_rotated_forwarded_for_from_an_untrusted_client_does_not_bypass_it(
            self, api: Api) -> None:
        answers = [log_in(api, f"guess-{n}", "guess",
                          headers={"X-Forwarded-For": f"203.0.113.{n}"})
                   for n in range(ADDRESS_LIMIT + 1)]
        assert [a.status_code for a in answers] == [401] * ADDRESS_LIMIT + [429]


class TestForwardedFor:
    PROXIES = parse_networks("10.0.0.0/8, 192.168.1.1")

    @pytest.mark.parametrize(("peer", "header", "client"), [
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not a proxy: header ignored
        ("127.0.0.1", "198.51.100.1", "127.0.0.1"),  # loopback is not trusted by default
        ("10.1.2.3", "198.51.100.1", "198.51.100.1"),  # a trusted proxy's header is used
        ("192.168.1.1", "198.51.100.1, 10.0.0.7", "198.51.100.1"),  # through two proxies
        ("10.1.2.3", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # spoofed first hop
        ("10.1.2.3", None, "10.1.2.3"),
        ("testclient", "198.51.100.1", "testclient"),
    ])
    def test_the_client_address(self, peer: str, header: str | None, client: str) -> None:
        assert resolve(peer, header, self.PROXIES) == client

    def test_no_proxy_is_trusted_by_default(self) -> None:
        assert resolve("10.1.2.3", "198.51.100.1", ()) == "10.1.2.3"
        assert Settings.from_env({}).trusted_proxies == ()

    def test_the_setting_is_read_and_checked(self) -> None:
        settings = Settings.from_env({"CASEWORK_TRUSTED_PROXIES": "10.0.0.0/8, ::1"})
        assert settings.trusted_proxies == ("10.0.0.0/8", "::1")
        with pytest.raises(SettingsError, match="CASEWORK_TRUSTED_PROXIES"):
            Settings.from_env({"CASEWORK_TRUSTED_PROXIES": "proxy.example"})

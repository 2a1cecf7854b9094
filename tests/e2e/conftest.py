"""Browser tests: Debian's Chromium, driven by Python Playwright (sync API), against a real
`casework serve` process with the demo data, started once for the whole session.

Every test here carries the `e2e` marker. Without /usr/bin/chromium the tests skip locally;
with CI=true they fail instead (and tests/conftest.py fails the run if any was skipped).

The server limits log-ins to 5 a minute per client address: every user logs in once per
session (`people.page(username, path)` keeps a logged-in browser context per user).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    expect,
    sync_playwright,
)

from adapters.demo.password import demo_password
from tests.conftest import in_ci

CHROMIUM = Path(os.environ.get("CASEWORK_TEST_CHROMIUM", "/usr/bin/chromium"))  # Debian's
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
TIMEZONE = "Asia/Shanghai"  # the server's CASEWORK_TIMEZONE; dates in the tests use it too
DESKTOP = ViewportSize(width=1280, height=800)
PHONE = ViewportSize(width=390, height=844)
SCREENSHOTS = Path(os.environ.get("CASEWORK_SCREENSHOT_DIR")
                   or Path(__file__).resolve().parents[2] / "docs" / "screenshots")
START_TIMEOUT = 90.0  # seconds: the first start also loads the demo data
ACTION_TIMEOUT_MS = 10_000


def require_chromium() -> None:
    """Skip without Chromium; in CI, fail instead."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    problem = (f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium "
               "fonts-noto-cjk)")
    if in_ci():
        pytest.fail(f"{problem}; CI=true requires the browser tests to run", pytrace=False)
    pytest.skip(problem)


# --- the server -------------------------------------------------------------------------
@dataclass(frozen=True)
class Server:
    base_url: str
    log: Path
    data_dir: Path

    @property
    def demo_password(self) -> str:
        """The password of every demo account, generated for this data directory."""
        return demo_password(self.data_dir)

    def url(self, path: str) -> str:
        return self.base_url + path

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _casework_command() -> str:
    beside_python = Path(sys.executable).parent / "casework"
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which("casework")
    if found is None:
        pytest.fail("the `casework` command is not installed (run `uv sync`)", pytrace=False)
    return found


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local http
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_serving(process: subprocess.Popen[bytes], server: Server, port: int) -> None:
    """Until /healthz answers from this process (not another one holding the port)."""
    ours = f"Uvicorn running on http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"casework serve exited with {process.returncode}:\n"
                        f"{server.log_tail()}", pytrace=False)
        if ours in server.log.read_text(encoding="utf-8", errors="replace") and _answers(
                server.url("/healthz")):
            return
        time.sleep(0.2)
    pytest.fail(f"casework serve did not answer /healthz within {START_TIMEOUT:.0f} s:\n"
                f"{server.log_tail()}", pytrace=False)


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`casework serve` on a free port over an empty data directory: the demo is loaded."""
    require_chromium()  # no browser, no need for a server
    data_dir = tmp_path_factory.mktemp("casework-e2e")
    port = _free_port()
    server = Server(base_url=f"http://127.0.0.1:{port}", log=data_dir / "serve.log",
                    data_dir=data_dir / "var")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CASEWORK_")}
    env.update(CASEWORK_DATA_DIR=str(data_dir / "var"), CASEWORK_DEMO="1",
               CASEWORK_TIMEZONE=TIMEZONE, CASEWORK_LOG_LEVEL="info")
    with server.log.open("wb") as log:
        process = subprocess.Popen(
            [_casework_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    try:
        _wait_until_serving(process, server, port)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


# --- the browser ------------------------------------------------------------------------
# Package scope, not session: Playwright's sync API keeps an event loop running in the
# main thread while it is open, and later tests that run their own loop would fail.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    require_chromium()
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                          headless=True)
    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    yield launched
    launched.close()


@dataclass
class People:
    """One logged-in browser window per demo user, all in Chinese (zh-CN) at first."""

    browser: Browser
    server: Server
    _contexts: dict[str, BrowserContext] = field(default_factory=dict)
    _pages: dict[str, Page] = field(default_factory=dict)

    def new_page(self) -> Page:
        """A fresh window with no one logged in."""
        context = self.browser.new_context(locale="zh-CN", viewport=DESKTOP,
                                           timezone_id=TIMEZONE)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        self._contexts[f"anonymous-{len(self._contexts)}"] = context
        return context.new_page()

    def page(self, username: str, path: str) -> Page:
        """The window of `username` (logged in through the log-in page the first time),
        showing `path`: each test starts from a page of its own choosing."""
        page = self._pages.get(username)
        if page is None:
            page = self.new_page()
            page.goto(self.server.url(path))
            expect(page).to_have_url(self.server.url("/login?next=" + path))
            log_in(page, username, self.server.demo_password)
            self._pages[username] = page
        else:
            page.goto(self.server.url(path))
        expect(page).to_have_url(self.server.url(path))
        return page

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()


def log_in(page: Page, username: str, password: str) -> None:
    """Fill the log-in form (in Chinese) and send it."""
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


@pytest.fixture(scope="package")
def people(browser: Browser, server: Server) -> Iterator[People]:
    found = People(browser, server)
    yield found
    found.close()


def screenshot(page: Page, name: str) -> Path:
    """Save what the user sees now (the viewport, not the whole page: small files) as
    docs/screenshots/<name>.png, or under CASEWORK_SCREENSHOT_DIR if set."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, animations="disabled", caret="hide")
    assert path.stat().st_size > 1000, f"{path} is (nearly) empty"
    return path

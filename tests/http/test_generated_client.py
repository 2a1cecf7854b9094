"""A client generated from the published OpenAPI document drives a case's life.

`openapi-python-client` generates a Python client from /schema/openapi.json into a
temporary directory; the client then talks over a real socket to the application served
by uvicorn: log-in, intake, assessment, assignment (and a reassignment refused with its
code), notes (with If-Match and Idempotency-Key), a referral accepted and completed by the
partner, and closure. Every
answer must arrive as the generated model (`LoginOut`, `CaseOut`, `ProblemOut`), never a
bare dict: that is what a client can trust of the contract. SQLite only: the document
and the routes are the same on both stores.
"""

from __future__ import annotations

import importlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import uvicorn
from litestar import Litestar

from adapters.http.app import create_app
from tests.integration.conftest import PASSWORD, World

PACKAGE = "casework_client"
# No post-generation hooks (they would run ruff over the generated code).
GENERATOR_CONFIG = "post_hooks: []\n"

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@contextmanager
def live(app: Litestar) -> Iterator[str]:
    """The application served by uvicorn on a free local port, in a thread."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, loop="asyncio", lifespan="on",
                                           log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]},
                              daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start within 10 s"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listening.close()


@contextmanager
def generated_client(document: dict[str, Any], where: Path) -> Iterator[ModuleType]:
    """The package openapi-python-client generates from `document`, imported."""
    (where / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    (where / "config.yaml").write_text(GENERATOR_CONFIG, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--meta", "none",
         "--path", str(where / "openapi.json"), "--config", str(where / "config.yaml"),
         "--output-path", str(where / PACKAGE)],
        capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@dataclass
class Generated:
    """The generated package: its models, its clients and one module per operation."""

    package: ModuleType
    base_url: str
    opened: list[Any] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module(f"{PACKAGE}.models"), name)

    def op(self, tag: str, operation: str) -> Any:
        return importlib.import_module(f"{PACKAGE}.api.{tag}.{operation}")

    def log_in(self, username: str) -> Any:
        login = self.op("auth", "login")
        answer = login.sync(client=self.kept(self.package.Client(base_url=self.base_url)),
                            body=self.LoginIn(username=username, password=PASSWORD))
        assert isinstance(answer, self.LoginOut), answer
        assert isinstance(answer.user, self.UserOut)
        assert answer.user.username == username
        return answer

    def as_(self, login: Any) -> Any:
        return self.kept(self.package.AuthenticatedClient(base_url=self.base_url,
                                                          token=login.token))

    def kept(self, client: Any) -> Any:
        self.opened.append(client)
        return client

    def close(self) -> None:
        for client in self.opened:
            client.get_httpx_client().close()


def case_of(client: Generated, answer: Any, status: int = 200) -> Any:
    """The typed case of a command's answer, checked against its ETag and X-Position."""
    assert answer.status_code == status, answer.content
    case = answer.parsed
    assert isinstance(case, client.CaseOut), case
    assert answer.headers["ETag"] == f'"{case.version}"'
    assert answer.headers["X-Position"].isdigit()
    return case


@pytest.fixture
def served(world: World) -> Iterator[str]:
    app = create_app(world.container)
    assert world.container.start_projections(), "another process holds the projector lock"
    with live(app) as base_url:
        yield base_url


@pytest.fixture
def client(served: str, tmp_path: Path) -> Iterator[Generated]:
    document = httpx.get(f"{served}/schema/openapi.json", timeout=10).json()
    with generated_client(document, tmp_path) as package:
        generated = Generated(package, served)
        yield generated
        generated.close()


def test_a_generated_client_lives_a_case_from_intake_to_closure(client: Generated,
                                                                 world: World) -> None:
    c = client
    wang, lead, partner = c.log_in("jb-wang"), c.log_in("jb-lead"), c.log_in("bright-light")
    as_wang, as_lead, as_partner = c.as_(wang), c.as_(lead), c.as_(partner)

    opened = case_of(c, c.op("case_commands", "open_case").sync_detailed(
        client=as_wang, idempotency_key="intake-1", body=c.OpenCaseIn(
            team="JB", channel=c.Channel.COMMUNITY_COMMITTEE,
            resident=c.ResidentIn(name="宋老师", phone="138 0000 0001", birth_year=1952,
                                  address=c.AddressIn(district="江北区", street="观音桥街道",
                                                      community="建新社区")),
            vulnerabilities=[c.Vulnerability.OLDER_PERSON], needs=[c.Need.MEDICATION],
            request="Monthly special prescription to fetch from the clinic",
            consent=c.ConsentIn(given=True, method=c.ConsentMethod.VERBAL))), 201)
    assert opened.status == c.Status.INTAKE
    assert isinstance(opened.resident, c.ResidentOut)

    assessed = case_of(c, c.op("case_commands", "assess_case").sync_detailed(
        opened.id, client=as_wang, if_match=f'"{opened.version}"',
        body=c.AssessmentIn(risk=c.Risk.MEDIUM, needs=[c.Need.MEDICATION],
                            plan="Fetch the prescription tomorrow",
                            follow_up_due=world.today() + timedelta(days=1))))
    assert (assessed.status, assessed.risk) == (c.Status.ASSESSED, c.Risk.MEDIUM)

    assigned = case_of(c, c.op("case_commands", "assign_case").sync_detailed(
        opened.id, client=as_lead, if_match=f'"{assessed.version}"',
        body=c.AssignIn(worker_id=wang.user.id)))
    assert (assigned.status, assigned.assigned_worker_id) == (c.Status.ACTIVE, wang.user.id)

    unexplained = c.op("case_commands", "assign_case").sync_detailed(
        opened.id, client=as_lead, body=c.AssignIn(worker_id=world.jb_colleague.id))
    assert unexplained.status_code == 422
    assert isinstance(unexplained.parsed, c.ProblemOut)
    assert [(e.field, e.code) for e in unexplained.parsed.errors] == [
        ("reason", "reassignment_reason_required")]

    add_note = c.op("case_commands", "add_note")
    stale = add_note.sync_detailed(opened.id, client=as_wang, if_match=f'"{opened.version}"',
                                   body=c.NoteIn(text="Called her daughter"))
    assert stale.status_code == 412
    assert isinstance(stale.parsed, c.ProblemOut)
    assert stale.parsed.current_version == assigned.version
    noted = [case_of(c, add_note.sync_detailed(
        opened.id, client=as_wang, idempotency_key="note-1",
        body=c.NoteIn(text="Called her daughter"))) for _ in range(2)]
    assert noted[0].version == noted[1].version == assigned.version + 1  # replayed once

    referred = case_of(c, c.op("case_commands", "send_referral").sync_detailed(
        opened.id, client=as_wang, body=c.ReferralIn(organisation_id=world.foundation,
                                                     service="Home delivery of medicine")),
                       201)
    assert referred.referral_id is not None
    accepted = c.op("case_commands", "accept_referral").sync_detailed(
        referred.referral_id, client=as_partner, body=c.EmptyIn())
    assert accepted.status_code == 200, accepted.content
    assert isinstance(accepted.parsed, c.ReferralOut | c.CaseOut)
    completed = c.op("case_commands", "complete_referral").sync_detailed(
        referred.referral_id, client=as_partner, body=c.CompleteIn(
            outcome=c.ReferralOutcome.SERVICE_PROVIDED, delivered="Medicine delivered",
            value_cny="120.00", people_helped=1))
    assert completed.status_code == 200, completed.content
    assert isinstance(completed.parsed, c.ReferralOut | c.CaseOut)

    closed = case_of(c, c.op("case_commands", "close_case").sync_detailed(
        opened.id, client=as_wang, idempotency_key="close-1",
        body=c.CloseIn(outcome=c.ClosureOutcome.RESOLVED, summary="Prescription fetched")))
    assert (closed.status, closed.outcome) == (c.Status.CLOSED, c.ClosureOutcome.RESOLVED)

    read = c.op("cases", "get_case").sync_detailed(opened.id, client=as_lead)
    assert isinstance(read.parsed, c.CaseOut)
    assert (read.parsed.status, read.parsed.version) == (c.Status.CLOSED, closed.version)
    assert [r.status for r in read.parsed.referrals] == [c.ReferralStatus.COMPLETED]

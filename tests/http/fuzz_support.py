"""What the schemathesis run needs besides schemathesis: a seeded deployment whose cases
and referrals stand in every state, callers with tokens, and the substitution of real ids
into generated requests (so that many requests reach real cases instead of a 404).

Only values that already fit the schema are replaced (a generated UUID by a real one, a
generated team code by a real one): a negative case keeps what makes it negative, and
schemathesis re-checks a modified case before judging the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from litestar import Litestar

from adapters.bootstrap import build
from adapters.http.app import create_app
from adapters.settings import Settings
from domain.vocabulary import ClosureOutcome, Risk, Role
from service.clock import FixedClock
from service.identity import OPERATOR
from tests.http.conftest import ADMIN
from tests.integration.conftest import CHEAP_HASHER, PASSWORD, START, World, make_world

_UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
                   r"[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
_TEAM = re.compile(r"^[A-Z][A-Z0-9]+$")

CASE_SIDE = ["jb-wang", "jb-lead", "jb-wang", "jb-lead", "pd-zhao", "mca-auditor",
             "bright-light", "sys-admin"]
PARTNER_SIDE = ["bright-light", "bright-light", "riverside", "jb-wang"]
ADMIN_SIDE = [ADMIN, ADMIN, ADMIN, "jb-lead"]
READERS = ["jb-wang", "jb-lead", "pd-lead", "mca-auditor", "bright-light", "sys-admin"]


@dataclass
class Deployment:
    """The application over a seeded store, and what the fuzzer may put into requests."""

    app: Litestar
    world: World
    tokens: dict[str, str]
    case_ids: list[str] = field(default_factory=list)
    referral_ids: list[str] = field(default_factory=list)
    worker_ids: list[str] = field(default_factory=list)
    organisation_ids: list[str] = field(default_factory=list)
    spare_user_ids: list[str] = field(default_factory=list)  # may be deactivated
    teams: list[str] = field(default_factory=lambda: ["JB", "PD"])

    def callers(self, path: str) -> list[str]:
        """Who sends a request to this path: mostly those who may, sometimes others."""
        if path.startswith("/api/v1/referrals/{referral_id}/") and "withdraw" not in path:
            return PARTNER_SIDE
        if path.startswith(("/api/v1/teams", "/api/v1/users", "/api/v1/organisations")):
            return ADMIN_SIDE
        if path.startswith("/api/v1/cases") or path.endswith("withdraw"):
            return CASE_SIDE
        return READERS

    def bearer(self, username: str) -> str:
        """The Authorization header's value for the user."""
        return f"Bearer {self.tokens[username]}"

    # substitution ---------------------------------------------------------------------
    def fill(self, case: Any, data: st.DataObject, *, positive: bool) -> None:
        """Replace generated ids by real ones where the generated value fits."""
        for name, pool in (("case_id", self.case_ids), ("referral_id", self.referral_ids),
                           ("user_id", self.spare_user_ids)):
            value = case.path_parameters.get(name) if case.path_parameters else None
            if isinstance(value, str) and _UUID.match(value) and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(pool))
        if case.query:
            self._fill_object(case.query, data)
        if isinstance(case.body, dict):
            self._fill_object(case.body, data)
        if positive and case.headers and "If-Match" in case.headers \
                and data.draw(st.booleans()):
            del case.headers["If-Match"]  # reach the command, not only the 412

    def _fill_object(self, values: dict[str, Any], data: st.DataObject) -> None:
        pools = {"worker_id": self.worker_ids, "to_worker_id": self.worker_ids,
                 "from_worker_id": self.worker_ids, "organisation_id": self.organisation_ids,
                 "duplicate_of": self.case_ids}
        for key, value in list(values.items()):
            if key in pools and isinstance(value, str) and _UUID.match(value):
                values[key] = data.draw(st.sampled_from(pools[key]))
            elif key in ("team", "to_team") and isinstance(value, str) and _TEAM.match(value):
                values[key] = data.draw(st.sampled_from(self.teams))
            elif key == "case_ids" and isinstance(value, list) and value \
                    and all(isinstance(v, str) and _UUID.match(v) for v in value):
                values[key] = data.draw(st.lists(st.sampled_from(self.case_ids),
                                                 min_size=1, max_size=len(value)))
            elif key == "resident" and isinstance(value, dict):
                self._fill_object(value, data)


def _seed(world: World, deployment: Deployment) -> None:
    """Cases of both teams in every state, and referrals to both organisations."""
    w = world
    riverside = w.other_partner.organisation_id
    assert riverside is not None
    cases = deployment.case_ids
    referrals = deployment.referral_ids
    for worker, lead, organisation, partner in (
            (w.jb_worker, w.jb_supervisor, w.foundation, w.partner),
            (w.pd_worker, w.pd_supervisor, riverside, w.other_partner)):
        cases.append(str(w.open_case(worker).case.id))
        cases.append(str(w.assessed_case(worker, Risk.LOW).id))
        for risk in (Risk.MEDIUM, Risk.HIGH, Risk.CRITICAL):
            cases.append(str(w.active_case(worker, lead, risk).id))
        pending = w.active_case(worker, lead, Risk.HIGH)
        w.cases.close(worker, pending.id, ClosureOutcome.RESOLVED, "Medicine delivered")
        closed = w.active_case(worker, lead, Risk.LOW)
        w.cases.close(worker, closed.id, ClosureOutcome.RESOLVED, "Medicine delivered")
        cases.extend([str(pending.id), str(closed.id)])
        for accept in (False, True, True):
            referred = w.active_case(worker, lead)
            sent = w.cases.send_referral(worker, referred.id, organisation, "Food parcel",
                                         "Two adults, one child")
            assert sent.referral_id is not None
            if accept:
                w.cases.accept_referral(partner, sent.referral_id)
            cases.append(str(referred.id))
            referrals.append(str(sent.referral_id))
    offered = w.active_case(w.pd_worker, w.pd_supervisor)
    w.cases.request_transfer(w.pd_supervisor, offered.id, "JB", "She moved to Jiangbei")
    cases.append(str(offered.id))
    deployment.worker_ids.extend(
        str(a.id) for a in (w.jb_worker, w.jb_colleague, w.pd_worker, w.jb_supervisor))
    deployment.organisation_ids.extend([str(w.foundation), str(riverside)])
    deployment.spare_user_ids.extend(
        str(w.identity.create_user(OPERATOR, f"spare-{n}", PASSWORD, "Spare", Role.WORKER,
                                   team="PD").id) for n in range(5))


@contextmanager
def deployment(data_dir: Path) -> Iterator[Deployment]:
    """A seeded store (SQLite) and its application, the projections running."""
    clock = FixedClock(START)
    container = build(Settings(data_dir=data_dir, demo=False), clock=clock,
                      hasher=CHEAP_HASHER)
    try:
        world = make_world(container, clock)
        world.identity.create_user(OPERATOR, ADMIN, PASSWORD, "System Admin", Role.ADMIN)
        app = create_app(container)
        jwt_auth = app.state["jwt_auth"]
        tokens = {user.username: jwt_auth.create_token(identifier=str(user.id))
                  for user in world.identity.users()}
        built = Deployment(app=app, world=world, tokens=tokens)
        _seed(world, built)
        assert container.start_projections()
        assert container.runner.wait_for(world.stored_position(), timeout=10)
        yield built
    finally:
        container.close()

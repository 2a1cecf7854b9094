"""The access log over HTTP (docs/domain.md §3), on SQLite and PostgreSQL: every read of a case's
personal data is recorded (who, when, what), supervisors of the case's team and
auditors read it, and it survives a rebuild of the read models."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import pytest

from adapters.projection.rebuild import rebuild
from tests.http.conftest import Api
from tests.http.reads_support import DETAILS, SQLITE_ONLY, every_page, ok, project, s
from tests.integration.conftest import World
from tests.integration.views_support import fresh_projection


def log_path(case_id: UUID) -> str:
    return f"/api/v1/cases/{case_id}/access-log"


def entries(api: Api, case_id: UUID, username: str = "mca-auditor") -> list[Any]:
    body = ok(api.as_(username).get(log_path(case_id)))
    return [(e["actor"]["username"], e["actor"]["role"], e["what"]) for e in body["items"]]


def same_moment(text: str, moment: datetime) -> bool:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) == moment


class TestRecording:
    def test_reads_are_listed_newest_first_with_who_when_and_what(self, api: Api,
                                                                  world: World) -> None:
        case = world.open_case(world.jb_worker, details=DETAILS).case
        first = world.later(minutes=10)
        ok(api.as_("jb-wang").get(f"/api/v1/cases/{case.id}"))
        second = world.later(minutes=10)
        ok(api.as_("jb-lead").get(f"/api/v1/cases/{case.id}",
                                  params={"as_of": first.isoformat()}))
        third = world.later(minutes=10)
        ok(api.as_("mca-auditor").get(f"/api/v1/cases/{case.id}/history"))

        body = ok(api.as_("jb-lead").get(log_path(case.id)))
        assert [(e["actor"], e["what"]) for e in body["items"]] == [
            ({"id": s(world.auditor.id), "username": "mca-auditor", "role": "auditor"},
             "history"),
            ({"id": s(world.jb_supervisor.id), "username": "jb-lead", "role": "supervisor"},
             "case_as_of"),
            ({"id": s(world.jb_worker.id), "username": "jb-wang", "role": "worker"}, "case"),
        ]
        times = [e["at"] for e in body["items"]]
        assert [same_moment(t, m) for t, m in zip(times, [third, second, first],
                                                  strict=True)] == [True, True, True]
        assert body["next_cursor"] is None

    def test_lists_and_refused_reads_are_not_recorded(self, api: Api, world: World) -> None:
        case = world.open_case(world.jb_worker, details=DETAILS).case
        project(world)
        ok(api.as_("jb-wang").get("/api/v1/cases"))  # no personal data in a list
        ok(api.as_("jb-wang").get("/api/v1/queues/intake"))
        now = world.clock.now().isoformat()
        assert api.as_("pd-zhao").get(f"/api/v1/cases/{case.id}").status_code == 404
        assert api.as_("jb-wang").get(f"/api/v1/cases/{case.id}",
                                      params={"as_of": now}).status_code == 403
        assert api.as_("jb-wang").get(f"/api/v1/cases/{case.id}/history").status_code == 403
        assert api.as_("bright-light").get(f"/api/v1/cases/{case.id}").status_code == 403
        assert entries(api, case.id) == []

    def test_a_partner_shown_contact_details_is_recorded(self, api: Api,
                                                         world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        referral = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                             "Insulin", None).referral_id
        assert referral is not None
        project(world)
        partner = api.as_("bright-light")
        ok(partner.get(f"/api/v1/referrals/{referral}"))  # de-identified: not a read
        ok(partner.get("/api/v1/referrals"))
        assert entries(api, case.id) == []

        world.cases.accept_referral(world.partner, referral)
        project(world)
        ok(partner.get(f"/api/v1/referrals/{referral}"))
        ok(partner.get("/api/v1/referrals"))
        assert entries(api, case.id) == [("bright-light", "partner", "referral_contact")] * 2


class TestReadingTheLog:
    @SQLITE_ONLY
    @pytest.mark.parametrize(("username", "status"), [
        ("jb-lead", 200), ("mca-auditor", 200), ("jb-wang", 403), ("pd-lead", 404),
        ("bright-light", 403), ("sys-admin", 403)])
    def test_supervisors_of_the_team_and_auditors_read_it(self, api: Api, world: World,
                                                          username: str,
                                                          status: int) -> None:
        case = world.open_case(world.jb_worker).case
        assert api.as_(username).get(log_path(case.id)).status_code == status

    def test_pages_follow_the_cursor(self, api: Api, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        for _ in range(5):
            ok(api.as_("jb-wang").get(f"/api/v1/cases/{case.id}"))
            world.later(minutes=1)
        pages = every_page(api, "jb-lead", log_path(case.id), 2, key="at")
        assert [len(p) for p in pages] == [2, 2, 1]
        flat = [t for p in pages for t in p]
        assert flat == sorted(flat, reverse=True)
        assert len(set(flat)) == 5

    def test_a_bad_cursor_is_refused(self, api: Api, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        response = api.as_("jb-lead").get(log_path(case.id), params={"cursor": "nonsense"})
        assert response.status_code == 422

    def test_it_survives_a_rebuild_of_the_read_models(self, api: Api, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        ok(api.as_("jb-wang").get(f"/api/v1/cases/{case.id}"))
        container = world.container
        rebuild(container.cases_app, container.views, lambda: fresh_projection(container))
        assert entries(api, case.id) == [("jb-wang", "worker", "case")]
        project(world)
        assert [i["id"] for i in ok(api.as_("jb-wang").get("/api/v1/cases"))["items"]] == [
            s(case.id)]

"""Assigning a case to a worker of another team answers exactly as assigning it to an
id that names nobody, so that a supervisor cannot learn which accounts exist (user ids
are derived from usernames). Issue 11, item 9."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

import pytest

from tests.http.conftest import Api
from tests.http.reads_support import SQLITE_ONLY


def answer(response: Any) -> tuple[int, str, Any]:
    body = response.json()
    return response.status_code, response.headers["content-type"], {
        key: body.get(key) for key in ("type", "title", "status", "detail", "errors", "rule")}


def others(api: Api) -> dict[str, UUID]:
    world = api.world
    return {"other team": world.pd_worker.id, "partner": world.partner.id,
            "auditor": world.auditor.id, "nobody": uuid5(world.jb_worker.id, "nobody")}


@SQLITE_ONLY
class TestAssigningAnswersAlike:
    @pytest.mark.parametrize("route", ["assign", "reassign"])
    def test_another_teams_worker_and_an_unknown_id_answer_the_same(self, api: Api,
                                                                   route: str) -> None:
        case = api.world.assessed_case(api.world.jb_worker)
        lead = api.as_("jb-lead")
        answers = {}
        for who, worker_id in others(api).items():
            if route == "assign":
                response = lead.post(f"/api/v1/cases/{case.id}/assign",
                                     {"worker_id": str(worker_id), "reason": "cover"})
            else:
                response = lead.post("/api/v1/cases/reassign",
                                     {"case_ids": [str(case.id)],
                                      "to_worker_id": str(worker_id), "reason": "cover"})
            answers[who] = answer(response) if route == "assign" else (
                response.status_code, response.json())
        if route == "assign":
            assert answers["nobody"][0] == 422
            assert answers["nobody"][2]["errors"][0]["field"] == "worker_id"
        else:  # each case answers for itself
            assert answers["nobody"][1]["items"][0]["status"] == 422
        assert {who: a == answers["nobody"] for who, a in answers.items()} == {
            who: True for who in answers}

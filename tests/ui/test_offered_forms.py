"""The case page offers exactly the forms the domain would accept: every status × role ×
past of tests/unit/test_available_commands.py, and every command has its form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.http.ui.cases import offered_forms
from domain.actions import CaseAction
from service.case_detail import detail_of
from tests.unit.scenario import Past, given
from tests.unit.test_available_commands import ACTORS, accepted, pasts

TEMPLATES = Path(__file__).resolve().parents[2] / "adapters" / "http" / "ui" / "templates"
# Shown beside the forms, not forms of a command.
LINKS = {"history", "needs_approval", "refer_needs_consent"}
# Given on another page: the receiving team's supervisor never reads the case page.
ELSEWHERE = {CaseAction.DECIDE_TRANSFER.value: "transfers.html"}
# Tasks (decision 0032): their pages come with the task UI; a volunteer's own commands
# are never on a case page.
NOT_YET_ON_A_PAGE = {CaseAction.TASK.value, CaseAction.TASK_WORK.value}


@pytest.mark.parametrize(("name", "past"), pasts(), ids=[n for n, _ in pasts()])
@pytest.mark.parametrize("who", list(ACTORS))
def test_the_page_offers_a_form_exactly_when_the_domain_accepts_it(
        name: str, past: tuple[Past, ...], who: str) -> None:
    actor = ACTORS[who]
    forms = offered_forms(detail_of(given(*past).case, actor), actor.role)
    offered = {action for action in CaseAction if forms[action.value]}
    assert offered == {action for action in CaseAction if accepted(past, action, actor)}


def test_every_command_has_its_form_on_the_case_page() -> None:
    page = "".join((TEMPLATES / name).read_text(encoding="utf-8")
                   for name in ("case.html", "partials/case_forms.html",
                                "partials/check_ins.html"))
    named = set(re.findall(r"actions\.([a-z_]+)", page))
    assert named - LINKS == ({a.value for a in CaseAction} - set(ELSEWHERE)
                             - NOT_YET_ON_A_PAGE)
    for template in ELSEWHERE.values():
        assert "transfer" in (TEMPLATES / template).read_text(encoding="utf-8")

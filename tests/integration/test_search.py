"""The case list and search (docs/domain.md §3), on SQLite and PostgreSQL: by reference, resident
name or phone or ID number through keyed search tokens, by every filter, newest first
with keyset pages, within the reader's scope; and the views never hold a resident's
name or phone in plain."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

import pytest

from adapters.settings import Settings
from domain.errors import InvalidInput, NotPermitted
from domain.values import Actor
from domain.vocabulary import ClosureOutcome, Need, Risk, Status, Vulnerability
from projections.interfaces import CaseQuery
from projections.rows import CaseRow
from service.queries import Listing
from tests.integration.conftest import World
from tests.integration.views_support import open_for, project, view_texts, views_file_bytes

SONG = ("欧阳秀英", "138 0013 8000", "31011519420315002X")
WANG = ("王建国", "139-2233-4455", None)
WANG_2 = ("王秀兰", "+86 137 1111 2222", None)
LATIN = ("Maria Lopez", "021 5555 0199", None)


def rows(listing: Listing) -> list[CaseRow]:
    assert all(isinstance(item, CaseRow) for item in listing.items)
    return [item for item in listing.items if isinstance(item, CaseRow)]


def found(world: World, actor: Actor, **filters: object) -> set[UUID]:
    listing = world.container.queries.search(actor, CaseQuery(**filters),  # type: ignore[arg-type]
                                             limit=200)
    return {row.case_id for row in rows(listing)}


@pytest.fixture
def residents(world: World) -> dict[str, UUID]:
    """Four residents of JB and one of PD, projected."""
    opened = {
        "song": open_for(world, world.jb_worker, *SONG).id,
        "wang": open_for(world, world.jb_worker, *WANG).id,
        "wang_2": open_for(world, world.jb_worker, *WANG_2).id,
        "latin": open_for(world, world.jb_worker, *LATIN).id,
        "pd": open_for(world, world.pd_worker, "欧阳娜", "136 0000 7777").id,
    }
    project(world.container)
    return opened


class TestSearchByWhoTheResidentIs:
    def test_by_reference_in_any_case(self, world: World, residents: dict[str, UUID]) -> None:
        row = world.container.views.reader().case_row(residents["wang"])
        assert row is not None
        assert found(world, world.jb_worker, q=row.reference) == {residents["wang"]}
        assert found(world, world.jb_worker, q=f" {row.reference.lower()} ") == {
            residents["wang"]}

    def test_by_the_number_said_over_the_phone(self, world: World,
                                               residents: dict[str, UUID]) -> None:
        row = world.container.views.reader().case_row(residents["wang"])
        assert row is not None
        _team, year, number = row.reference.split("-")
        for said in (number, number.lstrip("0"), f"{year}-{number}"):
            assert found(world, world.jb_worker, q=said) == {residents["wang"]}, said
        assert found(world, world.jb_worker, q=f"{int(year) - 1}-{number}") == set()

    def test_by_full_name_and_by_surname(self, world: World,
                                         residents: dict[str, UUID]) -> None:
        worker = world.jb_worker
        assert found(world, worker, q="欧阳秀英") == {residents["song"]}
        assert found(world, worker, q="欧阳") == {residents["song"]}
        assert found(world, worker, q="王") == {residents["wang"], residents["wang_2"]}
        assert found(world, worker, q="王建") == {residents["wang"]}
        assert found(world, worker, q="王 建 国") == {residents["wang"]}
        assert found(world, worker, q="maria lopez") == {residents["latin"]}
        assert found(world, worker, q="Mar") == {residents["latin"]}
        assert found(world, worker, q="建国") == set()  # a given name is no prefix
        assert found(world, worker, q="李") == set()

    def test_by_phone_however_it_is_written(self, world: World,
                                            residents: dict[str, UUID]) -> None:
        worker = world.jb_worker
        for q in ("138 0013 8000", "13800138000", "138-0013-8000", "+86 138 0013 8000"):
            assert found(world, worker, q=q) == {residents["song"]}, q
        assert found(world, worker, q="8000") == {residents["song"]}
        assert found(world, worker, q="13711112222") == {residents["wang_2"]}
        assert found(world, worker, q="4455") == {residents["wang"]}
        assert found(world, worker, q="139 2233 4456") == set()

    def test_by_id_number(self, world: World, residents: dict[str, UUID]) -> None:
        assert found(world, world.jb_worker, q="31011519420315002X") == {residents["song"]}
        assert found(world, world.jb_worker, q="31011519420315002x") == {residents["song"]}
        assert found(world, world.jb_worker, q="310115194203150021") == set()


class TestFilters:
    def test_every_filter_alone_and_combined(self, world: World) -> None:
        cases, worker, colleague, lead = (world.cases, world.jb_worker, world.jb_colleague,
                                          world.jb_supervisor)
        intake = world.open_case(worker, needs=(Need.FOOD,),
                                 vulnerabilities=(Vulnerability.IN_QUARANTINE,)).case.id
        high = world.active_case(worker, lead, Risk.HIGH).id
        low = world.active_case(colleague, lead, Risk.LOW).id
        critical = world.assessed_case(worker, Risk.CRITICAL).id
        closed = world.open_case(worker).case.id
        cases.close(worker, closed, ClosureOutcome.UNREACHABLE, "No answer three times")
        pd_case = world.assessed_case(world.pd_worker, Risk.HIGH).id
        project(world.container)
        auditor = world.auditor

        assert found(world, worker, status=(Status.INTAKE,)) == {intake}
        assert found(world, worker, status=(Status.ACTIVE,)) == {high, low}
        assert found(world, worker, status=(Status.CLOSED, Status.ASSESSED)) == {closed,
                                                                               critical}
        assert found(world, worker, risk=(Risk.HIGH,)) == {high}
        assert found(world, auditor, risk=(Risk.HIGH,)) == {high, pd_case}
        assert found(world, worker, risk=(Risk.LOW, Risk.CRITICAL)) == {low, critical}
        # The assessment confirmed medication and escort; the intake kept food.
        assert found(world, worker, need=(Need.FOOD,)) == {intake}
        assert found(world, worker, need=(Need.MEDICAL_ESCORT,)) == {high, low, critical}
        assert found(world, worker, vulnerability=(Vulnerability.IN_QUARANTINE,)) == {intake}
        assert found(world, worker, vulnerability=(Vulnerability.OLDER_PERSON,)) == {
            high, low, critical, closed}
        assert found(world, worker, worker_id=colleague.id) == {low}
        assert found(world, auditor, team="PD") == {pd_case}
        assert found(world, worker, team="JB") == {intake, high, low, critical, closed}
        assert found(world, worker, status=(Status.ACTIVE,), risk=(Risk.HIGH,),
                     worker_id=worker.id, need=(Need.MEDICATION,)) == {high}
        assert found(world, worker, status=(Status.ACTIVE,), worker_id=colleague.id,
                     risk=(Risk.HIGH,)) == set()


class TestPagesAndScope:
    def test_newest_first_in_keyset_pages_even_with_equal_times(self, world: World) -> None:
        opened: list[UUID] = []
        for index in range(7):
            if index % 3 == 0:
                world.later(minutes=10)  # pairs and triples opened at the same moment
            opened.append(world.open_case(world.jb_worker).case.id)
        project(world.container)
        queries = world.container.queries
        whole = rows(queries.search(world.jb_worker, CaseQuery()))

        seen: list[UUID] = []
        cursor: str | None = None
        pages = 0
        while True:
            page = queries.search(world.jb_worker, CaseQuery(), limit=2, cursor=cursor)
            pages += 1
            seen.extend(row.case_id for row in rows(page))
            cursor = page.next_cursor
            if cursor is None:
                break

        assert pages == 4
        assert seen == [row.case_id for row in whole]
        assert sorted(seen) == sorted(opened)
        keys = [(row.opened_at, str(row.case_id)) for row in whole]
        assert keys == sorted(keys, reverse=True)
        with pytest.raises(InvalidInput):
            queries.search(world.jb_worker, CaseQuery(), cursor="WyJjYXNlcyIsWzEsMl1d")

    def test_a_new_case_does_not_shift_the_pages_being_read(self, world: World) -> None:
        for _ in range(4):
            world.later(minutes=1)
            world.open_case(world.jb_worker)
        project(world.container)
        queries = world.container.queries
        first = queries.search(world.jb_worker, CaseQuery(), limit=2)
        world.later(minutes=1)
        newest = world.open_case(world.jb_worker).case.id
        project(world.container)
        rest = queries.search(world.jb_worker, CaseQuery(), limit=10, cursor=first.next_cursor)
        assert newest not in {row.case_id for row in rows(rest)}
        assert len(rows(first)) + len(rows(rest)) == 4

    def test_a_worker_sees_their_team_and_an_auditor_every_team(
            self, world: World, residents: dict[str, UUID]) -> None:
        jb = {residents[k] for k in ("song", "wang", "wang_2", "latin")}
        assert found(world, world.jb_worker) == jb
        assert found(world, world.jb_supervisor) == jb
        assert found(world, world.pd_worker) == {residents["pd"]}
        assert found(world, world.jb_worker, team="PD") == set()
        assert found(world, world.jb_worker, q="欧阳") == {residents["song"]}
        assert found(world, world.auditor) == jb | {residents["pd"]}
        assert found(world, world.auditor, q="欧阳") == {residents["song"], residents["pd"]}

    def test_partners_and_admins_read_no_case_list(self, world: World) -> None:
        for actor in (world.partner, world.admin):
            with pytest.raises(NotPermitted):
                world.container.queries.search(actor, CaseQuery())


class TestInvisibleCharacters:
    """NUL cannot be stored in a PostgreSQL text column: refused as input, never a 500,
    and never a stuck projection."""

    def test_a_search_with_a_control_character_is_bad_input(self, world: World) -> None:
        with pytest.raises(InvalidInput) as refused:
            world.container.queries.search(world.jb_worker, CaseQuery(q="王\x00"))
        assert refused.value.field == "q"

    def test_a_case_with_a_nul_in_its_address_is_refused_and_the_views_go_on(
            self, world: World) -> None:
        before = world.stored_position()
        command = world.intake("JB")
        profile = replace(command.profile, district="江北\x00区")
        with pytest.raises(InvalidInput):
            world.cases.open_case(world.jb_worker, replace(command, profile=profile))
        assert world.stored_position() == before
        after = world.open_case(world.jb_worker).case
        project(world.container)
        assert after.id in found(world, world.jb_worker)


class TestNoPersonalDataInTheViews:
    def test_names_phones_and_id_numbers_are_nowhere_in_the_views(
            self, world: World, residents: dict[str, UUID], settings: Settings) -> None:
        # Move every case along, so that the rows were rewritten several times.
        lead = world.jb_supervisor
        world.open_case(world.jb_worker)  # 宋老师, 138 0000 0001, lives at 3-2-201
        for case_id in (residents["song"], residents["wang"]):
            world.cases.assess(world.jb_worker, case_id, world.assessment(Risk.HIGH))
            world.cases.assign(lead, case_id, world.jb_colleague.id, None)
        project(world.container)
        secrets = [SONG[0], SONG[1], "13800138000", "0013 8000", SONG[2], WANG[0], WANG[1],
                   "13922334455", WANG_2[0], "13711112222", LATIN[0], LATIN[0].lower(),
                   "欧阳娜", "136 0000 7777", "3-2-201", "宋老师", "138 0000 0001",
                   "13800000001"]

        texts = view_texts(world.container)
        stored = "\n".join(texts)
        assert any("JB-2022-0000" in text for text in texts)  # the dump does see the rows
        leaked = [secret for secret in secrets if secret in stored]
        assert leaked == []
        if settings.database_url is None:
            raw = views_file_bytes(settings)
            assert b"JB-2022-00001" in raw
            assert [s for s in secrets if s.encode() in raw] == []

"""Personal data sealed at rest under a key per case, and erased by destroying the key.

Every test runs on SQLite and on PostgreSQL. The raw-bytes tests read every file under
the data directory (write-ahead logs included) and every row of every table in the
PostgreSQL schema, and look for the resident's data in plain.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from adapters.bootstrap import Container
from domain.case import Case
from domain.errors import NotPermitted, RuleViolated
from domain.values import ERASED, ResidentDetails
from projections.interfaces import CaseQuery
from tests.integration.conftest import World
from tests.integration.views_support import project, project_from_scratch

NAME = "欧阳秀英"
PHONE = "139 1234 5678"
ID_NUMBER = "310115195203041234"
ADDRESS = "7-1-803"
REQUEST = "Needs insulin pens fetched from Renji hospital"
NOTE = "Daughter works nights at the Lujiazui depot"
SERVICE = "Insulin delivery to Qiu Yue at 7-1-803"
PLAIN = [NAME, PHONE, ID_NUMBER, ADDRESS, REQUEST, NOTE, "Lujiazui", "Renji", "Qiu Yue"]


def stored_bytes(container: Container) -> bytes:
    """Every byte the deployment keeps: files under the data directory, and on
    PostgreSQL every value of every table in its schema."""
    settings = container.settings
    chunks = [path.read_bytes() for path in sorted(Path(settings.data_dir).rglob("*"))
              if path.is_file()]
    if settings.database_url is not None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(settings.database_url) as connection:
            schema = settings.database_schema or "public"
            tables = [row[0] for row in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,))]
            for table in tables:
                rows = connection.execute(sql.SQL("SELECT * FROM {}").format(
                    sql.Identifier(schema, table))).fetchall()
                for row in rows:
                    chunks.extend(_as_bytes(value) for value in row)
    return b"\n".join(chunks)


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    return str(value).encode()


def plain_found(container: Container) -> list[str]:
    data = stored_bytes(container)
    return [text for text in PLAIN if text.encode() in data]


def resident_case(world: World) -> Case:
    details = ResidentDetails(name=NAME, phone=PHONE, id_number=ID_NUMBER,
                              address_detail=ADDRESS)
    case = world.open_case(world.jb_worker, details=details, request=REQUEST,
                           assessment=world.assessment(notes=NOTE)).case
    cases = world.cases
    case = cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None).case
    cases.add_note(world.jb_worker, case.id, NOTE)
    cases.send_referral(world.jb_worker, case.id, world.foundation, SERVICE, NOTE)
    project(world.container)
    return case


def found_by_search(world: World, text: str) -> set[UUID]:
    listing = world.container.queries.search(world.jb_supervisor, CaseQuery(q=text))
    return {row.case_id for row in listing.items}


class TestSealedAtRest:
    def test_no_plain_resident_data_in_any_file_or_table(self, world: World) -> None:
        resident_case(world)
        world.open_case(world.jb_worker)  # and another resident beside
        assert plain_found(world.container) == []

    def test_the_team_still_reads_the_case_whole(self, world: World) -> None:
        case = resident_case(world)
        detail = world.cases.get_case(world.jb_worker, case.id)
        assert detail.personal["name"] == NAME
        assert found_by_search(world, PHONE) == {case.id}

    def test_keys_live_apart_from_the_events(self, world: World) -> None:
        resident_case(world)
        settings = world.container.settings
        if settings.database_url is None:
            keys = settings.data_dir / "keys" / "case-keys.sqlite"
            assert keys.stat().st_mode & 0o777 == 0o600
            assert (settings.data_dir / "keys" / "master.key").stat().st_mode & 0o777 == 0o600


class TestErasure:
    def test_a_supervisor_erases_and_the_case_reads_erased(self, world: World) -> None:
        case = resident_case(world)
        result = world.cases.erase(world.jb_supervisor, case.id, "resident's request")
        assert result.case.personal["name"] == ERASED
        detail = world.cases.get_case(world.jb_supervisor, case.id)
        assert detail.personal["name"] == ERASED
        events = world.cases.history(world.jb_supervisor, case.id)
        assert type(events[-1]) is Case.Erased
        assert len(events) > 4  # the history stays
        for event in events:
            personal = getattr(event, "personal", {})
            assert set(personal.values()) <= {ERASED}

    def test_search_no_longer_finds_it_and_the_board_drops_the_service(self, world: World
                                                                       ) -> None:
        case = resident_case(world)
        world.cases.erase(world.jb_supervisor, case.id, "resident's request")
        project(world.container)
        assert found_by_search(world, PHONE) == set()
        assert found_by_search(world, NAME) == set()
        rows = world.container.queries.referrals(world.partner)
        assert [row.service for row in rows.items] == [ERASED]  # type: ignore[attr-defined]

    def test_after_erasure_no_byte_of_the_resident_remains(self, world: World,
                                                           tmp_path: Path) -> None:
        case = resident_case(world)
        world.cases.erase(world.jb_supervisor, case.id, "resident's request")
        project(world.container)
        rebuilt = project_from_scratch(world.container, tmp_path / "rebuilt.sqlite")
        assert not [t for t in PLAIN if t in repr(rebuilt)]
        assert plain_found(world.container) == []

    def test_a_worker_may_not_erase_and_an_erased_case_takes_no_more(self, world: World
                                                                     ) -> None:
        case = resident_case(world)
        with pytest.raises(NotPermitted):
            world.cases.erase(world.jb_worker, case.id, "because")
        world.cases.erase(world.jb_supervisor, case.id, "resident's request")
        world.later(minutes=1)
        with pytest.raises(RuleViolated):
            world.cases.add_note(world.jb_worker, case.id, "hello")


"""A reference found from its start, in any case (issue 12 item 4), on SQLite and
PostgreSQL: "jb-2022" finds the team's cases of that year, "JB-2022-2" the case numbered 2
(stored as JB-2022-00002), never a case of another team or out of the reader's scope;
and the look-up is a range of the reference index, not a scan of the cases."""

from __future__ import annotations

from uuid import UUID

import pytest

from adapters.storage.view_reader import reference_ranges
from domain.values import Actor
from projections.interfaces import CaseQuery
from projections.rows import CaseRow
from tests.integration.conftest import World
from tests.integration.views_support import project


def found(world: World, actor: Actor, q: str) -> list[str]:
    listing = world.container.queries.search(actor, CaseQuery(q=q), limit=200)
    return sorted(row.reference for row in listing.items if isinstance(row, CaseRow))


@pytest.fixture
def references(world: World) -> dict[str, UUID]:
    opened = {}
    for _ in range(12):
        case = world.open_case(world.jb_worker).case
        opened[case.reference] = case.id
    pd = world.open_case(world.pd_worker).case
    opened[pd.reference] = pd.id
    project(world.container)
    return opened


class TestPartialReference:
    def test_the_start_of_a_reference_in_any_case(self, world: World,
                                                   references: dict[str, UUID]) -> None:
        jb = sorted(r for r in references if r.startswith("JB-"))
        year = jb[0].rsplit("-", 1)[0]  # JB-2022
        assert found(world, world.jb_worker, year.lower()) == jb
        # the start of the number, and the number as typed short (00001)
        assert found(world, world.jb_worker, f"{year}-0001") == [
            f"{year}-00001", f"{year}-00010", f"{year}-00011", f"{year}-00012"]
        assert found(world, world.jb_worker, f"{year.lower()}-2") == [f"{year}-00002"]
        assert found(world, world.jb_worker, f"{year}-") == jb

    def test_only_within_the_readers_scope(self, world: World,
                                           references: dict[str, UUID]) -> None:
        year = next(iter(references)).split("-")[1]
        assert found(world, world.pd_worker, f"jb-{year}") == []
        assert [r[:3] for r in found(world, world.auditor, f"PD-{year}")] == ["PD-"]

    def test_words_that_are_no_reference_have_no_range(self) -> None:
        assert reference_ranges("宋老师") == []
        assert reference_ranges("13800000001") == []
        assert reference_ranges("pd-2026-4") == [("PD-2026-4", "PD-2026-5"),
                                                 ("PD-2026-00004", "PD-2026-00005")]
        assert reference_ranges("NA-2026-") == [("NA-2026-", "NA-2027")]


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_the_look_up_reads_the_reference_index(world: World) -> None:
    db = world.container.views.db
    table = world.container.views.live_tables().cases
    plan = " ".join(str(r[-1]) for r in db.fetchall(
        f"EXPLAIN QUERY PLAN SELECT case_id FROM {table} WHERE reference >= ? "
        "AND reference < ? AND reference LIKE ? ORDER BY reference DESC LIMIT ?",
        ("JB-2022", "JB-2023", "JB-2022%", 5000)))
    assert "USING INDEX" in plan, plan
    assert "cases_reference" in plan, plan
    assert "SCAN" not in plan.replace("SCAN " + table + " USING", "")

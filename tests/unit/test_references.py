"""Case references people can say over the phone: team code, year, sequence."""

from __future__ import annotations

from uuid import UUID

from domain.sequence import ReferenceSequence, format_reference, sequence_id
from tests.unit.facts import T0, at


class TestReferenceSequence:
    def test_consecutive_intakes_get_consecutive_references(self) -> None:
        sequence = ReferenceSequence.start("JB", 2026, at=T0)
        issued = [sequence.issue(UUID(int=n), at=at(minutes=n)) for n in range(1, 4)]
        assert issued == ["JB-2026-00001", "JB-2026-00002", "JB-2026-00003"]

    def test_a_sequence_rebuilt_from_its_events_continues_where_it_stopped(self) -> None:
        sequence = ReferenceSequence.start("PD", 2026, at=T0)
        sequence.issue(UUID(int=1), at=T0)
        sequence.issue(UUID(int=2), at=T0)
        rebuilt: ReferenceSequence | None = None
        for past in sequence.collect_events():
            rebuilt = past.mutate(rebuilt)
        assert rebuilt is not None
        assert rebuilt.issue(UUID(int=3), at=at(hours=1)) == "PD-2026-00003"

    def test_each_team_and_year_has_its_own_sequence(self) -> None:
        ids = {sequence_id("JB", 2026), sequence_id("JB", 2027), sequence_id("PD", 2026)}
        assert len(ids) == 3
        assert sequence_id("JB", 2026) == ReferenceSequence.start("JB", 2026, at=T0).id

    def test_numbers_are_padded_to_five_digits(self) -> None:
        assert format_reference("PD", 2022, 42) == "PD-2022-00042"

"""Invisible and control text (issue 11, item 8): text is normalised (NFC), a field of
invisible characters only is empty, C1 controls are refused like C0 ones, and bidi
overrides, embeddings and isolates must be closed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain import validation
from domain.errors import InvalidInput
from domain.vocabulary import Status
from tests.unit.facts import API, DETAILS, NOW, WORKER, history, open_case
from tests.unit.scenario import given, when_opening

ZWSP, RLO, PDF, LRI, PDI = "\u200b", "\u202e", "\u202c", "\u2066", "\u2069"


@pytest.mark.parametrize(("value", "code"), [
    (RLO + ZWSP, "invisible_only"),
    (ZWSP * 3, "invisible_only"),
    ("\u200c\u200d\u2060\ufeff", "invisible_only"),
    ("\u200e\u200f", "invisible_only"),
    (" \u3000" + ZWSP, "invisible_only"),
    ("Li\x85", "control_characters"),
    ("Li\x9b31m", "control_characters"),
    ("\x80Li", "control_characters"),
    ("Li\x00", "control_characters"),
    ("Li\ud800", "control_characters"),
    ("Li " + RLO + "gnp.exe", "unpaired_bidi"),
    ("Li " + PDF, "unpaired_bidi"),
    ("Li " + LRI + "x", "unpaired_bidi"),
    ("Li " + PDI, "unpaired_bidi"),
    ("Li " + LRI + RLO + "x" + PDI + PDF, "unpaired_bidi"),
    ("Li " + RLO + "x\n" + PDF, "unpaired_bidi"),
])
def test_refused(value: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validation.text("note", value)
    assert (refused.value.field, refused.value.code) == ("note", code)


@pytest.mark.parametrize(("value", "kept"), [
    ("Li Wei", "Li Wei"),
    ("cafe\u0301", "caf\u00e9"),  # NFC: one é
    ("王小明", "王小明"),
    ("Li " + RLO + "x" + PDF + " ok", "Li " + RLO + "x" + PDF + " ok"),
    ("Li " + LRI + "x" + RLO + "y" + PDF + PDI, "Li " + LRI + "x" + RLO + "y" + PDF + PDI),
    ("called\r\nher\tdaughter", "called\r\nher\tdaughter"),
    ("👨\u200d👩\u200d👧 family", "👨\u200d👩\u200d👧 family"),
])
def test_kept(value: str, kept: str) -> None:
    assert validation.text("note", value) == kept


@pytest.mark.parametrize("value", [ZWSP, RLO + ZWSP])
def test_optional_text_of_invisible_characters_only_is_refused(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validation.optional_text("note", value)
    assert refused.value.code == "invisible_only"


def test_a_resident_named_by_invisible_characters_is_refused() -> None:
    when_opening(lambda: open_case(details=replace(DETAILS, name=RLO + ZWSP))).then_raises(
        InvalidInput, field="resident.name")


def test_a_note_of_zero_width_characters_only_is_refused() -> None:
    given(*history(Status.ACTIVE)).when(
        lambda case: case.add_note(ZWSP * 4, actor=WORKER, via=API, at=NOW)
    ).then_raises(InvalidInput, field="text")

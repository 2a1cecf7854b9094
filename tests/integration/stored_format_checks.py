"""What the stored-format tests check against: golden files, the event catalogue, and a
type-exact comparison. See the docstring of test_stored_format.py for the golden files.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from adapters.storage.mapper import MsgspecMapper
from tests.integration.event_samples import all_samples

MAPPER = MsgspecMapper()
SAMPLES = all_samples()
GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("CASEWORK_UPDATE_GOLDEN") == "1"
CATALOGUE = Path(__file__).parents[2] / "docs" / "events.md"
PERSONAL_LINE = re.compile(r"^- `personal` —(.*?)(?=^\S|\Z)", re.MULTILINE | re.DOTALL)


def compact(state: dict[str, Any]) -> bytes:
    return json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()


def golden_path(topic: str) -> Path:
    return GOLDEN_DIR / f"{topic.replace(':', '.')}.json"


def _write_goldens() -> None:
    GOLDEN_DIR.mkdir(exist_ok=True)
    for stale in GOLDEN_DIR.glob("*.json"):
        stale.unlink()
    for topic, event in SAMPLES.items():
        stored = MAPPER.to_stored_event(event)
        golden = {"topic": stored.topic, "state": json.loads(stored.state)}
        text = json.dumps(golden, ensure_ascii=False, indent=2) + "\n"
        golden_path(topic).write_text(text, encoding="utf-8")


@functools.cache
def goldens() -> dict[str, dict[str, Any]]:
    """The committed golden files by topic (rewritten first if CASEWORK_UPDATE_GOLDEN=1)."""
    if UPDATE_GOLDEN:
        _write_goldens()
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(GOLDEN_DIR.glob("*.json")):
        golden = json.loads(path.read_text(encoding="utf-8"))
        assert path == golden_path(golden["topic"]), f"{path.name} holds {golden['topic']}"
        found[golden["topic"]] = golden
    return found


def golden(topic: str) -> dict[str, Any]:
    assert topic in goldens(), f"no golden file for {topic}: set CASEWORK_UPDATE_GOLDEN=1"
    return goldens()[topic]


def assert_same(actual: object, expected: object, path: str = "event") -> None:
    """Equal values of the very same types, all the way down (1 == Decimal(1) is not)."""
    assert type(actual) is type(expected), (
        f"{path}: {type(actual).__name__} read back, {type(expected).__name__} written")
    if dataclasses.is_dataclass(expected) and not isinstance(expected, type):
        for field in dataclasses.fields(expected):
            assert_same(getattr(actual, field.name), getattr(expected, field.name),
                        f"{path}.{field.name}")
    elif isinstance(expected, tuple | list):
        assert isinstance(actual, tuple | list)
        assert len(actual) == len(expected), path
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_same(a, e, f"{path}[{index}]")
    elif isinstance(expected, dict):
        assert isinstance(actual, dict)
        assert list(actual) == list(expected), path
        for key, value in expected.items():
            assert_same(actual[key], value, f"{path}[{key!r}]")
    else:
        assert actual == expected, path
        if isinstance(expected, datetime):
            assert isinstance(actual, datetime)
            assert actual.tzinfo == expected.tzinfo, path


def strings_outside_personal(state: dict[str, Any]) -> Iterator[str]:
    def walk(value: object) -> Iterator[str]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif isinstance(value, str):
            yield value

    return walk({key: value for key, value in state.items() if key != "personal"})


def catalogue_sections() -> dict[str, str]:
    """The sections of docs/events.md by heading (`### Case.Opened` -> "Case.Opened")."""
    text = CATALOGUE.read_text(encoding="utf-8")
    return dict(chunk.partition("\n")[::2] for chunk in text.split("\n### ")[1:])


def documented_personal_keys(section: str) -> list[set[str]]:
    """The keys named on each `- `personal` —` line of a catalogue section."""
    return [set(re.findall(r"`(\w+)`", line)) - {"null"}
            for line in PERSONAL_LINE.findall(section)]

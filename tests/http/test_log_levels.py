"""Loggers are cached on first use and drop calls below the level before any processor
runs (issue 8); a later configure_logging (another level, another stream) still applies
to every logger cached before it, as each server process and some tests reconfigure."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from adapters.logging import configure_logging, get_logger


@pytest.fixture
def restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def events(stream: io.StringIO) -> list[str]:
    return [json.loads(line)["event"] for line in stream.getvalue().splitlines()]


def test_a_cached_logger_follows_each_new_configuration(restored: None) -> None:
    first, second, third = io.StringIO(), io.StringIO(), io.StringIO()
    configure_logging("info", json_lines=True, stream=first)
    assert structlog.get_config()["cache_logger_on_first_use"] is True
    log = get_logger("casework.tests.levels")
    log.debug("hidden_debug")
    log.info("shown_info", count=1)

    configure_logging("debug", json_lines=True, stream=second)
    log.debug("shown_debug")

    configure_logging("warning", json_lines=True, stream=third)
    log.info("hidden_info")
    log.warning("shown_warning")
    log.exception("shown_exception")

    assert events(first) == ["shown_info"]
    assert events(second) == ["shown_debug"]
    assert events(third) == ["shown_warning", "shown_exception"]


def test_an_emitted_line_keeps_its_fields(restored: None) -> None:
    stream = io.StringIO()
    configure_logging("info", json_lines=True, stream=stream)
    get_logger("casework.tests.fields").info("counted", count=3)
    [line] = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert (line["event"], line["count"], line["level"]) == ("counted", 3, "info")
    assert line["logger"] == "casework.tests.fields"
    assert "timestamp" in line

"""Log lines through structlog: JSON lines for machines, console lines for people.

Only operational facts are logged (what happened, counts, ids, timings). Resident data
(names, phones, ID numbers, addresses, request and note texts) is never passed to a
logger, and the web server's access log stays off because a query string may carry a
search for a resident's name or phone.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any, TextIO
from uuid import UUID

import structlog
from eventsourcing.persistence import Recording

from adapters.settings import SettingsError

LEVELS = ("debug", "info", "warning", "error", "critical")


class LevelFilteringLogger(structlog.stdlib.BoundLogger):
    """The standard library's bound logger that drops a call below the logger's level
    before any processor runs (no event dict, no timestamp). The level is read from the
    standard library's logger at each call, so a later `configure_logging` with another
    level applies to loggers cached before it."""

    def _proxy_to_logger(self, method_name: str, event: str | None = None,
                         *event_args: str, **event_kw: Any) -> Any:
        if not self._logger.isEnabledFor(_LEVEL_OF.get(method_name, logging.CRITICAL)):
            return None
        return super()._proxy_to_logger(method_name, event, *event_args, **event_kw)


_LEVEL_OF = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
             "warn": logging.WARNING, "error": logging.ERROR, "exception": logging.ERROR,
             "critical": logging.CRITICAL, "fatal": logging.CRITICAL}
# One list, changed in place: loggers cached on first use keep a reference to it.
_PROCESSORS: list[structlog.types.Processor] = []


def configure_logging(level: str = "info", *, json_lines: bool | None = None,
                      stream: TextIO | None = None) -> None:
    """Route structlog and the standard library's loggers to one handler on stderr.

    `json_lines=None` picks JSON unless the stream is a terminal. Calling it again
    replaces the previous set-up, so each server process may call it. Loggers are
    cached on first use (issue 8): what a later call changes (level, stream, format)
    lives in the standard library's root logger and its handler, and the processor list
    is updated in place, so cached loggers follow.
    """
    name = level.strip().lower()
    if name not in LEVELS:
        raise SettingsError(f"CASEWORK_LOG_LEVEL must be one of {', '.join(LEVELS)}")
    out = stream or sys.stderr
    if json_lines is None:
        json_lines = not out.isatty()
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False) if json_lines
        else structlog.dev.ConsoleRenderer(colors=out.isatty())
    )
    _PROCESSORS[:] = [*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter]
    structlog.configure(
        processors=_PROCESSORS,
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=LevelFilteringLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(name.upper())


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger


_events = structlog.stdlib.get_logger("casework.events")


def log_recordings(recordings: Sequence[Recording[UUID]]) -> None:
    """One line per recorded event: which aggregate, which event type, its version and
    store position, and who did it. Event types and ids say nothing about the resident;
    the event's data is never logged."""
    for recording in recordings:
        event = recording.domain_event
        actor = getattr(event, "actor", None)
        actor_id = getattr(actor, "id", None)
        _events.info("event_recorded", aggregate_id=str(event.originator_id),
                     type=type(event).__qualname__, version=event.originator_version,
                     position=recording.notification.id,
                     actor_id=str(actor_id) if actor_id is not None else None)


def where(error: BaseException, depth: int = 8) -> list[str]:
    """Where an exception was raised, as `file:line in function` for its innermost frames:
    enough for an operator to find the bug, without the exception's message or any
    variable's value (either may hold resident data)."""
    frames = traceback.extract_tb(error.__traceback__)[-depth:]
    return [f"{'/'.join(PurePath(frame.filename).parts[-2:])}:{frame.lineno} in {frame.name}"
            for frame in frames]

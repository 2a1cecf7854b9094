"""The access log page (查阅记录, issue 12 item 11): who read what, filtered by person,
case and time, across cases (an auditor's whole log, a supervisor's team's cases).
Times to the second; repeated reads of the same page by the same person within a few
minutes are shown as one line with a count (a presentation: the API lists each read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get
from litestar.params import QueryParameter
from litestar.response import Template

from adapters.http.ui.i18n import Translator
from adapters.http.ui.pages import Ui, page, signed_in
from domain.errors import DomainError
from domain.vocabulary import Role
from projections.interfaces import CaseQuery
from service.audit import AccessEntry, AccessFilter
from service.paging import MAX_LIMIT

GROUP_MINUTES = 5
Text = Annotated[str | None, QueryParameter(max_length=100)]


@dataclass
class Line:
    """One line of the page: a read, or several reads of one page by one person, each
    within GROUP_MINUTES of the next."""

    last: AccessEntry
    first_at: datetime
    count: int = 1


def group(entries: list[AccessEntry], minutes: int = GROUP_MINUTES) -> list[Line]:
    """Entries newest first → lines newest first; a read joins the line of the same
    person, case and page if it came at most `minutes` before that line's earliest."""
    window = timedelta(minutes=minutes)
    lines: list[Line] = []
    open_lines: dict[tuple[UUID, UUID, str], Line] = {}
    for entry in entries:
        key = (entry.actor_id, entry.case_id, entry.what)
        line = open_lines.get(key)
        if line is not None and line.first_at - entry.at <= window:
            line.count += 1
            line.first_at = entry.at
            continue
        line = Line(entry, entry.at)
        lines.append(line)
        open_lines[key] = line
    return lines


def to_the_second(tr: Translator, moment: datetime) -> str:
    local = moment.astimezone(tr.timezone)
    return f"{tr.day(local.date())} {local:%H:%M:%S}"


def _day(tr: Translator, text: str | None, errors: list[str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors.append(tr.t("access.bad_date"))
        return None


def _start(ui: Ui, day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=ui.container.settings.tz)


def _case_id(ui: Ui, reference: str, errors: list[str]) -> UUID | None:
    """The case with this reference, if the reader may read it."""
    try:
        rows = ui.container.queries.search(ui.actor, CaseQuery(q=reference), limit=20).items
    except DomainError:
        rows = []
    for row in rows:
        if getattr(row, "reference", "").upper() == reference.strip().upper():
            return row.case_id
    errors.append(ui.tr.t("access.unknown_case", reference=reference))
    return None


@get("/access-log", name="ui-access-log", sync_to_thread=True)
def access_log(request: Request[Any, Any, Any], person: Text = None, case: Text = None,
               case_id: Annotated[UUID | None, QueryParameter()] = None,
               since: Annotated[str | None, QueryParameter(name="from", max_length=10)] = None,
               until: Annotated[str | None, QueryParameter(name="to", max_length=10)] = None,
               cursor: Annotated[str | None, QueryParameter(max_length=512)] = None
               ) -> Template:
    ui = signed_in(request, Role.SUPERVISOR, Role.AUDITOR)
    tr = ui.tr
    errors: list[str] = []
    actor_id = None
    if person:
        user = ui.container.identity.user_by_name(person.strip())
        if user is None:
            errors.append(tr.t("access.unknown_person", name=person))
        else:
            actor_id = user.id
    if case and case_id is None:
        case_id = _case_id(ui, case, errors)
    first, last = _day(tr, since, errors), _day(tr, until, errors)
    lines: list[Line] = []
    next_cursor = None
    if not errors:
        where = AccessFilter(case_id=case_id, actor_id=actor_id,
                             since=_start(ui, first) if first else None,
                             until=_start(ui, last + timedelta(days=1)) if last else None)
        # A case the reader may not read is a 404, like the case itself.
        found = ui.container.cases.search_access_log(ui.actor, where, limit=MAX_LIMIT,
                                                     cursor=cursor)
        lines = group(found.items)
        next_cursor = found.next_cursor
    today = ui.container.queries.today()
    monday = today - timedelta(days=today.weekday())
    values = {"person": person or "", "case": case or "", "from": since or "",
              "to": until or ""}
    kept = {k: v for k, v in values.items() if v}
    if case_id is not None and not case:
        kept["case_id"] = str(case_id)
    return page(ui, "access_log.html", title=tr.t("access.title"), lines=lines,
                errors=errors, values=values, kept=kept, next_cursor=next_cursor,
                week=(monday.isoformat(), today.isoformat()), today=today.isoformat(),
                minutes=GROUP_MINUTES, second=lambda m: to_the_second(tr, m))


HANDLERS: list[Any] = [access_log]

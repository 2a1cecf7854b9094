"""A volunteer's own pages (issue 14): phone-first, zh-CN first. `/volunteer` is where a
volunteer lands: their tasks (`templates/partials/volunteer_tasks.html`, volunteer_tasks.py),
whether they take errands (暂停接单 / 恢复接单) and their teams.
Every other page of the service is not there for a volunteer (404, pages.signed_in)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from adapters.http.ui.forms import Form
from adapters.http.ui.pages import FormBody, done, signed_in
from adapters.http.ui.volunteer_tasks import home_page
from domain.vocabulary import Role, Via

After = Annotated[int | None, QueryParameter(name="after", ge=0)]


@get("/volunteer", name="ui-volunteer", sync_to_thread=True)
def volunteer_home(request: Request[Any, Any, Any], after: After = None) -> Template:
    """`after`: a store position the task lists wait for (after a command)."""
    return home_page(signed_in(request, Role.VOLUNTEER), after=after)


@post("/volunteer/availability", name="ui-volunteer-availability", sync_to_thread=True,
      status_code=303)
def set_availability(request: Request[Any, Any, Any], data: FormBody) -> Redirect:
    ui = signed_in(request, Role.VOLUNTEER)
    available = Form(data).flag("available")
    ui.container.identity.set_own_availability(ui.actor, available, via=Via.UI)
    return done(ui, "/volunteer",
                "volunteer.done.resumed" if available else "volunteer.done.paused")


HANDLERS: list[Any] = [volunteer_home, set_availability]

"""A volunteer's own pages (issue 14): phone-first, zh-CN first. `/volunteer` is where a
volunteer lands: their tasks (the section `templates/partials/volunteer_tasks.html`, filled
in by the tasks pages), whether they take errands (暂停接单 / 恢复接单) and their teams.
Every other page of the service is not there for a volunteer (404, pages.signed_in)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from adapters.http.ui.forms import Form
from adapters.http.ui.pages import FormBody, done, page, signed_in
from domain.vocabulary import Role, Via


@get("/volunteer", name="ui-volunteer", sync_to_thread=True)
def volunteer_home(request: Request[Any, Any, Any]) -> Template:
    ui = signed_in(request, Role.VOLUNTEER)
    assert ui.user is not None
    return page(ui, "volunteer.html", title=ui.tr.t("volunteer.title"),
                profile=ui.user.volunteer)


@post("/volunteer/availability", name="ui-volunteer-availability", sync_to_thread=True,
      status_code=303)
def set_availability(request: Request[Any, Any, Any], data: FormBody) -> Redirect:
    ui = signed_in(request, Role.VOLUNTEER)
    available = Form(data).flag("available")
    ui.container.identity.set_own_availability(ui.actor, available, via=Via.UI)
    return done(ui, "/volunteer",
                "volunteer.done.resumed" if available else "volunteer.done.paused")


HANDLERS: list[Any] = [volunteer_home, set_availability]

"""The administrator's forms for a volunteer's account (issue 14): their teams, area and
errands, and pausing or resuming them. The same service calls as the API's
(`IdentityService.set_volunteer_profile`), recorded with `via: ui`."""

from __future__ import annotations

from typing import Any

from litestar import Request, post
from litestar.response import Redirect, Template

from adapters.http.ui.admin import UserId, account_page
from adapters.http.ui.feedback import explain
from adapters.http.ui.forms import Form
from adapters.http.ui.pages import FormBody, Ui, done, signed_in
from adapters.http.ui.volunteer_forms import volunteer_of_form
from domain.errors import DomainError
from domain.vocabulary import Role, Via
from service.identity import UserView
from service.volunteers import VolunteerProfile


def _counted(ui: Ui, command: str) -> None:
    ui.request.app.state["metrics"].commands.labels(f"ui_{command}").inc()


@post("/admin/users/{user_id:uuid}/volunteer", name="ui-admin-volunteer",
      sync_to_thread=True, status_code=303)
def set_profile(request: Request[Any, Any, Any], user_id: UserId,
                data: FormBody) -> Template | Redirect:
    ui = signed_in(request, Role.ADMIN)
    form = Form(data)
    before = ui.container.identity.user(user_id)
    available = before.volunteer.available if before.volunteer else True
    try:
        profile = volunteer_of_form(form, Role.VOLUNTEER, None, available=available)
        assert profile is not None
        changed = ui.container.identity.set_volunteer_profile(ui.actor, user_id, profile,
                                                              via=Via.UI)
    except DomainError as error:
        return account_page(ui, before, problem=explain(ui.tr, error), open_form="volunteer",
                            values=form.values)
    if changed == before:
        return done(ui, f"/admin/users/{user_id}", "admin.done.unchanged")
    _counted(ui, "set_volunteer_profile")
    return done(ui, f"/admin/users/{user_id}", "admin.done.volunteer", name=changed.username)


@post("/admin/users/{user_id:uuid}/availability", name="ui-admin-availability",
      sync_to_thread=True, status_code=303)
def set_availability(request: Request[Any, Any, Any], user_id: UserId,
                     data: FormBody) -> Template | Redirect:
    """Pause or resume a volunteer (for one who cannot do it themselves)."""
    ui = signed_in(request, Role.ADMIN)
    form = Form(data)
    before = ui.container.identity.user(user_id)
    available = form.flag("available")
    try:
        changed = ui.container.identity.set_volunteer_profile(
            ui.actor, user_id, _with_availability(before, available), via=Via.UI)
    except DomainError as error:
        return account_page(ui, before, problem=explain(ui.tr, error))
    _counted(ui, "set_volunteer_availability")
    return done(ui, f"/admin/users/{user_id}",
                "admin.done.resumed" if available else "admin.done.paused",
                name=changed.username)


def _with_availability(user: UserView, available: bool) -> VolunteerProfile:
    profile = user.volunteer or VolunteerProfile(user.teams)
    return VolunteerProfile(profile.teams, profile.district, profile.street,
                            profile.community, profile.errand_kinds, available)


HANDLERS: list[Any] = [set_profile, set_availability]

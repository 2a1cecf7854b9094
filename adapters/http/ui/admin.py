"""The administrator's pages (docs/domain.md §1; SPEC §6 admin boundary): teams with their
area, organisations, and accounts — create, change role or team, deactivate, set a
temporary password the owner must replace at their next log-in. The same service calls
as the API's (service/identity.py), recorded the same way (the identity streams' events
name the administrator and `via: ui`). Admins read no case data here.

A supervisor's "team members" page shows who is in the team and who was deactivated."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from adapters.http.observability import Metrics
from adapters.http.ui.feedback import Problem, explain
from adapters.http.ui.forms import Form
from adapters.http.ui.pages import FormBody, Ui, done, page, signed_in
from adapters.http.ui.volunteer_forms import volunteer_of_form
from domain.errors import AlreadyExists, DomainError, InvalidInput
from domain.identity import TEAM_ROLES
from domain.vocabulary import USER_ROLES, OrganisationKind, Role, TeamLevel, Via
from service.identity import UserView

UserId = FromPath[UUID]
TeamFilter = Annotated[str | None, QueryParameter(pattern=r"^[A-Z][A-Z0-9]{1,9}$")]
RoleFilter = Annotated[Role | None, QueryParameter()]
SECRET_INPUTS = ("password",)  # never written back into a page


def _counted(ui: Ui, command: str) -> None:
    metrics: Metrics = ui.request.app.state["metrics"]
    metrics.commands.labels(f"ui_{command}").inc()


def _refusal(ui: Ui, error: DomainError, taken_input: str) -> Problem:
    """The refusal in words; a name already taken (AlreadyExists has no code) marks the
    input that holds it."""
    if isinstance(error, AlreadyExists):
        return Problem(ui.tr.t(f"admin.taken.{taken_input}"), 409, input=taken_input)
    return explain(ui.tr, error)


def _kept(form: Form) -> dict[str, Any]:
    return {k: v for k, v in form.values.items() if k not in SECRET_INPUTS}


def _choices(ui: Ui) -> dict[str, Any]:
    identity = ui.container.identity
    return {
        "role_options": [(r.value, ui.tr.label("role", r)) for r in USER_ROLES],
        "team_options": [(t.code, f"{t.name} ({t.code})") for t in identity.teams()],
        "organisation_options": [(str(o.id), o.name) for o in identity.organisations()],
    }


def _membership(form: Form) -> tuple[Role, str | None, UUID | None]:
    """The role, and the team or organisation the role takes (a choice left in the
    other select, which that role does not take, is not sent)."""
    role = form.choice("role", Role)
    team = form.optional("team") if role in TEAM_ROLES else None
    organisation = (form.uuid("organisation_id")
                    if role is Role.PARTNER and form.optional("organisation_id") else None)
    return role, team, organisation


# accounts --------------------------------------------------------------------------------
def _users_page(ui: Ui, *, team: str | None = None, role: Role | None = None,
                problem: Problem | None = None, values: dict[str, Any] | None = None
                ) -> Template:
    users = [u for u in ui.container.identity.users_visible_to(ui.actor)
             if (team is None or team in u.teams) and (role is None or u.role is role)]
    users.sort(key=lambda u: (not u.active, u.team or "", u.role.value, u.username))
    return page(ui, "admin_users.html", status=problem.status if problem else 200,
                title=ui.tr.t("admin.users.title"), users=users, team=team or "",
                role=role.value if role else "", problem=problem, values=values or {},
                open_form="create" if problem else None, **_choices(ui))


@get("/admin", name="ui-admin", sync_to_thread=True)
def admin_home(request: Request[Any, Any, Any]) -> Redirect:
    signed_in(request, Role.ADMIN)
    return Redirect("/admin/users", status_code=303)


def _to_admin_page(request: Request[Any, Any, Any]) -> Redirect:
    """The addresses an admin would type (/users, /teams) lead to the admin pages."""
    signed_in(request, Role.ADMIN)
    return Redirect(f"/admin{request.url.path}", status_code=303)


@get("/users", name="ui-users", sync_to_thread=True)
def users_address(request: Request[Any, Any, Any]) -> Redirect:
    return _to_admin_page(request)


@get("/teams", name="ui-teams", sync_to_thread=True)
def teams_address(request: Request[Any, Any, Any]) -> Redirect:
    return _to_admin_page(request)


@get("/organisations", name="ui-organisations", sync_to_thread=True)
def organisations_address(request: Request[Any, Any, Any]) -> Redirect:
    return _to_admin_page(request)


@get("/admin/users", name="ui-admin-users", sync_to_thread=True)
def users(request: Request[Any, Any, Any], team: TeamFilter = None,
          role: RoleFilter = None) -> Template:
    return _users_page(signed_in(request, Role.ADMIN), team=team, role=role)


@post("/admin/users", name="ui-admin-create-user", sync_to_thread=True, status_code=303)
def create_user(request: Request[Any, Any, Any], data: FormBody) -> Template | Redirect:
    ui = signed_in(request, Role.ADMIN)
    form = Form(data)
    try:
        role, team, organisation = _membership(form)
        user = ui.container.identity.create_user(
            ui.actor, form.text("username"), form.raw("password")[:256],
            form.text("display_name"), role, team=team, organisation_id=organisation,
            via=Via.UI, temporary=True, volunteer=volunteer_of_form(form, role, team))
    except DomainError as error:
        return _users_page(ui, problem=_refusal(ui, error, "username"), values=_kept(form))
    _counted(ui, "create_user")
    return done(ui, f"/admin/users/{user.id}", "admin.done.created", name=user.username)


def account_page(ui: Ui, user: UserView, *, problem: Problem | None = None,
               open_form: str | None = None, values: dict[str, Any] | None = None
               ) -> Template:
    return page(ui, "admin_user.html", status=problem.status if problem else 200,
                title=f"{user.display_name} ({user.username})", account=user,
                problem=problem, open_form=open_form, values=values or {},
                own=user.id == ui.actor.id, **_choices(ui))


@get("/admin/users/{user_id:uuid}", name="ui-admin-user", sync_to_thread=True)
def user_page(request: Request[Any, Any, Any], user_id: UserId) -> Template:
    ui = signed_in(request, Role.ADMIN)
    return account_page(ui, ui.container.identity.user(user_id))


def _change_account(request: Request[Any, Any, Any], user_id: UUID, data: FormBody,
                    form_name: str, command: str,
                    change: Callable[[Ui, Form], UserView]) -> Template | Redirect:
    """One form of an account's page: the change, then back to the page with a message;
    a refusal shows the page again with the form open and what was typed (no password)."""
    ui = signed_in(request, Role.ADMIN)
    form = Form(data)
    before = ui.container.identity.user(user_id)
    try:
        changed = change(ui, form)
    except DomainError as error:
        return account_page(ui, before, problem=explain(ui.tr, error), open_form=form_name,
                          values=_kept(form))
    if changed.credentials_version == before.credentials_version:  # nothing recorded
        return done(ui, f"/admin/users/{user_id}", "admin.done.unchanged")
    _counted(ui, command)
    return done(ui, f"/admin/users/{user_id}", f"admin.done.{form_name}",
                name=changed.username)


@post("/admin/users/{user_id:uuid}/membership", name="ui-admin-membership",
      sync_to_thread=True, status_code=303)
def change_membership(request: Request[Any, Any, Any], user_id: UserId,
                      data: FormBody) -> Template | Redirect:
    return _change_account(
        request, user_id, data, "membership", "change_user_membership",
        lambda ui, form: ui.container.identity.change_membership(
            ui.actor, user_id, *_membership(form), via=Via.UI))


@post("/admin/users/{user_id:uuid}/password", name="ui-admin-password", sync_to_thread=True,
      status_code=303)
def set_password(request: Request[Any, Any, Any], user_id: UserId,
                 data: FormBody) -> Template | Redirect:
    return _change_account(
        request, user_id, data, "password", "set_user_password",
        lambda ui, form: ui.container.identity.set_password(
            ui.actor, user_id, form.raw("password")[:256], Via.UI))


def _deactivated(ui: Ui, form: Form, user_id: UUID) -> UserView:
    if not form.flag("confirm"):
        raise InvalidInput("confirm", "required")
    return ui.container.identity.deactivate_user(ui.actor, user_id, Via.UI)


@post("/admin/users/{user_id:uuid}/deactivate", name="ui-admin-deactivate",
      sync_to_thread=True, status_code=303)
def deactivate(request: Request[Any, Any, Any], user_id: UserId,
               data: FormBody) -> Template | Redirect:
    return _change_account(request, user_id, data, "deactivate", "deactivate_user",
                           lambda ui, form: _deactivated(ui, form, user_id))


# teams and organisations -----------------------------------------------------------------
def _teams_page(ui: Ui, *, problem: Problem | None = None,
                values: dict[str, Any] | None = None, open_form: str = "team") -> Template:
    found = ui.container.identity.teams()
    return page(ui, "admin_teams.html", status=problem.status if problem else 200,
                title=ui.tr.t("admin.teams.title"), teams=found,
                level_options=[(v.value, ui.tr.label("team_level", v)) for v in TeamLevel],
                parent_options=[(t.code, f"{t.name} ({t.code})") for t in found
                                if t.level not in (None, TeamLevel.COMMUNITY)],  # 上级团队
                problem=problem, values=values or {}, open_form=open_form if problem else None)


@get("/admin/teams", name="ui-admin-teams", sync_to_thread=True)
def teams(request: Request[Any, Any, Any]) -> Template:
    return _teams_page(signed_in(request, Role.ADMIN))


@post("/admin/teams", name="ui-admin-create-team", sync_to_thread=True, status_code=303)
def create_team(request: Request[Any, Any, Any], data: FormBody) -> Template | Redirect:
    ui = signed_in(request, Role.ADMIN)
    form = Form(data)
    try:
        team = ui.container.identity.create_team(
            ui.actor, form.text("code"), form.text("name"), form.text("district"), Via.UI,
            level=form.choice("level", TeamLevel), street=form.text("street"),
            community=form.text("community"), parent=form.optional("parent"))
    except DomainError as error:
        return _teams_page(ui, problem=_refusal(ui, error, "code"), values=_kept(form))
    _counted(ui, "create_team")
    return done(ui, "/admin/teams", "admin.done.team", name=f"{team.name} ({team.code})")


@post("/admin/teams/{code:str}/parent", name="ui-admin-team-parent", sync_to_thread=True,
      status_code=303)
def set_team_parent(request: Request[Any, Any, Any], code: FromPath[str],
                    data: FormBody) -> Template | Redirect:
    """The team's parent team (上级团队, decision 0030); none: the top of the tree."""
    ui = signed_in(request, Role.ADMIN)
    form = Form(data)
    parent = form.optional("parent")
    try:
        ui.container.identity.set_team_parent(ui.actor, code, parent, Via.UI)
    except DomainError as error:
        return _teams_page(ui, problem=explain(ui.tr, error), values=_kept(form),
                           open_form=f"parent-{code}")
    _counted(ui, "set_team_parent")
    return done(ui, "/admin/teams", "tiers.parent_saved" if parent else "tiers.parent_cleared",
                team=code, parent=parent or "")


def _organisations_page(ui: Ui, *, problem: Problem | None = None,
                        values: dict[str, Any] | None = None) -> Template:
    return page(ui, "admin_organisations.html", status=problem.status if problem else 200,
                title=ui.tr.t("admin.organisations.title"),
                organisations=ui.container.identity.organisations(),
                kind_options=[(k.value, ui.tr.label("organisation_kind", k))
                              for k in OrganisationKind],
                problem=problem, values=values or {},
                open_form="organisation" if problem else None)


@get("/admin/organisations", name="ui-admin-organisations", sync_to_thread=True)
def organisations(request: Request[Any, Any, Any]) -> Template:
    return _organisations_page(signed_in(request, Role.ADMIN))


@post("/admin/organisations", name="ui-admin-create-organisation", sync_to_thread=True,
      status_code=303)
def create_organisation(request: Request[Any, Any, Any],
                        data: FormBody) -> Template | Redirect:
    ui = signed_in(request, Role.ADMIN)
    form = Form(data)
    try:
        org = ui.container.identity.create_organisation(
            ui.actor, form.text("name"), form.choice("kind", OrganisationKind), Via.UI)
    except DomainError as error:
        return _organisations_page(ui, problem=_refusal(ui, error, "name"),
                                   values=_kept(form))
    _counted(ui, "create_organisation")
    return done(ui, "/admin/organisations", "admin.done.organisation", name=org.name)


# a supervisor's view of the team -------------------------------------------------------
@get("/team/members", name="ui-team-members", sync_to_thread=True)
def team_members(request: Request[Any, Any, Any]) -> Template:
    ui = signed_in(request, Role.SUPERVISOR)
    members = sorted(ui.container.identity.users_visible_to(ui.actor),
                     key=lambda u: (not u.active, u.role.value, u.display_name))
    return page(ui, "team_members.html", title=ui.tr.t("members.title"), members=members)


HANDLERS: list[Any] = [admin_home, users_address, teams_address, organisations_address,
                       users, create_user, user_page, change_membership,
                       set_password, deactivate, teams, create_team, set_team_parent,
                       organisations,
                       create_organisation, team_members]

"""Intake (接案登记): the form for a new case, with an optional triage assessment. An open
case of the team with the same phone or ID number is shown before saving: as the worker
leaves the phone or ID field (HTMX), and again on saving unless they confirm."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from adapters.http.ui.commanding import handle
from adapters.http.ui.feedback import explain
from adapters.http.ui.forms import Form, read
from adapters.http.ui.pages import CASE_SIDE, FormBody, Ui, done, fragment, page, signed_in
from domain.case import Assessment, check_opening
from domain.errors import DomainError, InvalidInput, NotFound
from domain.refusals import Problems
from domain.values import Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import (
    Channel,
    ConsentMethod,
    Gender,
    Need,
    Risk,
    Vulnerability,
)
from projections.rows import CaseRow
from service.cases import OpenCase

BIRTH_YEAR_RANGE = (1800, 2200)  # the domain checks the plausible range


def _defaults(ui: Ui) -> dict[str, Any]:
    container = ui.container
    today = container.queries.today()
    team = ui.actor.team or ""
    try:
        district = container.identity.team(team).district
    except NotFound:
        district = ""
    return {"district": district, "tomorrow": (today + timedelta(days=1)).isoformat(),
            "today": today.isoformat(), "team": team}


def _form_page(ui: Ui, *, status: int = 200, values: dict[str, Any] | None = None,
               duplicates: list[CaseRow] | None = None, **extra: Any) -> Template:
    return page(ui, "intake.html", status=status, title=ui.tr.t("intake.title"),
                open_form="intake", values=values or {}, duplicates=duplicates or [],
                **_defaults(ui), **extra)


def _triage_without_the_box(ui: Ui, form: Form) -> bool:
    """Triage fields filled in (a risk, a plan, notes, a follow-up date other than the
    one the form suggested) while "assess now" is not ticked."""
    suggested = (form.optional("follow_up_suggested")
                 or (ui.container.queries.today() + timedelta(days=1)).isoformat())
    due = form.optional("follow_up_due")
    filled = (any(form.optional(name) for name in ("risk", "plan", "notes"))
              or (due is not None and due != suggested))
    return filled and not form.flag("triage")


def _command(ui: Ui, form: Form) -> OpenCase:
    """The form's new case; refused with every problem of the form at once: what the form
    cannot read, and then what the domain refuses of the rest."""
    found = Problems()
    consent_choice = form.raw("consent")
    consent = (Consent(given=False) if consent_choice == "none" else Consent(
        given=True, method=read(found, ConsentMethod.VERBAL,
                                lambda: form.choice("consent", ConsentMethod))))
    needs: tuple[Need, ...] = read(found, (), lambda: form.choices("needs", Need))
    if _triage_without_the_box(ui, form):
        # Never drop what was typed: the worker ticks the box, or empties the fields.
        found.add(InvalidInput("triage", "triage_unticked"))
    assessment = None
    if form.flag("triage"):
        today = ui.container.queries.today()
        assessment = Assessment(
            risk=read(found, Risk.LOW, lambda: form.choice("risk", Risk)), needs=needs,
            notes=form.optional("notes"), plan=form.text("plan"),
            follow_up_due=read(found, today, lambda: form.day("follow_up_due")))
    command = OpenCase(
        team=ui.actor.team or "",
        channel=read(found, Channel.HOTLINE, lambda: form.choice("channel", Channel)),
        profile=ResidentProfile(
            birth_year=read(found, None, lambda: form.optional_integer(
                "birth_year", low=BIRTH_YEAR_RANGE[0], high=BIRTH_YEAR_RANGE[1])),
            gender=form.optional_choice("gender", Gender) or Gender.UNKNOWN,
            district=form.text("district"), street=form.text("street"),
            community=form.text("community"), lives_alone=form.flag("lives_alone")),
        details=ResidentDetails(
            name=form.text("name"), phone=form.text("phone"),
            id_number=form.optional("id_number"), address_detail=form.optional("address_detail"),
            emergency_contact_name=form.optional("ec_name"),
            emergency_contact_phone=form.optional("ec_phone"),
            emergency_contact_relation=form.optional("ec_relation")),
        request=form.text("request"),
        vulnerabilities=read(found, (), lambda: form.choices("vulnerabilities", Vulnerability)),
        needs=needs, consent=consent, assessment=assessment)
    if found:  # the domain's problems with the rest too, all in one refusal
        found.check(check_opening, details=command.details, profile=command.profile,
                    request=command.request, consent=consent, assessment=assessment,
                    at=ui.container.clock.now())
        found.refuse()
    return command


@get("/cases/new", name="ui-intake", sync_to_thread=True)
def intake_form(request: Request[Any, Any, Any]) -> Template:
    ui = signed_in(request, *CASE_SIDE)
    return _form_page(ui)


@post("/cases/new", name="ui-intake-post", sync_to_thread=True, status_code=303)
def open_case(request: Request[Any, Any, Any], data: FormBody) -> Template | Redirect:
    ui = signed_in(request, *CASE_SIDE)
    form = Form(data)
    container = ui.container
    try:
        command = _command(ui, form)
        if not form.flag("duplicates_checked"):
            duplicates = container.queries.possible_duplicates(
                ui.actor, command.details.phone, command.details.id_number)
            if duplicates:
                return _form_page(ui, status=409, values=form.values, duplicates=duplicates,
                                  confirm_duplicates=True)
        result = handle(ui, form, command, versioned=False)
    except DomainError as error:
        return _form_page(ui, status=explain(ui.tr, error).status, values=form.values,
                          problem=explain(ui.tr, error))
    return done(ui, f"/cases/{result.case.id}", "done.opened", reference=result.case.reference)


@post("/cases/new/duplicates", name="ui-intake-duplicates", sync_to_thread=True,
      status_code=200)
def duplicates(request: Request[Any, Any, Any], data: FormBody) -> Template:
    """The open cases of the team with this phone or ID number (an HTMX fragment)."""
    ui = signed_in(request, *CASE_SIDE)
    form = Form(data)
    found: list[CaseRow] = []
    try:
        found = ui.container.queries.possible_duplicates(
            ui.actor, form.optional("phone"), form.optional("id_number"))
    except DomainError:
        found = []
    return fragment(ui, "partials/duplicates.html", duplicates=found)


HANDLERS: list[Any] = [intake_form, open_case, duplicates]

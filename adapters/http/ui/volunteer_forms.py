"""A volunteer's profile read from the admin's forms (adapters/http/ui/admin.py,
admin_volunteers.py): the teams ticked (after the account's team, if one is chosen),
where they live and the errands they do."""

from __future__ import annotations

from adapters.http.ui.forms import Form
from domain.vocabulary import Role, TaskKind
from service.volunteers import VolunteerProfile


def volunteer_of_form(form: Form, role: Role, team: str | None, *,
                      available: bool = True) -> VolunteerProfile | None:
    """The profile of a volunteer's form; None for another role (whose form may carry
    the volunteer fields, left as they were: they are not sent)."""
    if role is not Role.VOLUNTEER:
        return None
    teams = ([team] if team else []) + form.values_of("teams")
    return VolunteerProfile(tuple(dict.fromkeys(teams)), form.text("district").strip(),
                            form.text("street").strip(), form.text("community").strip(),
                            form.choices("errand_kinds", TaskKind), available)

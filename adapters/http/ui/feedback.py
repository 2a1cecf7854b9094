"""A refusal of the domain in the user's words: rule and field names → translated text,
falling back to the domain's own English message."""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.http.ui.i18n import Translator
from domain.errors import (
    DomainError,
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleViolated,
    VersionConflict,
)

# The domain's field messages (domain/validation.py and the aggregate) and the form
# parser's own (forms.py), each with the catalog key that says it in words.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key) for pattern, key in (
        (r"^must not be empty$", "reason.empty"),
        (r"^must be at most (?P<n>\d+) characters$", "reason.too_long"),
        (r"^must be 5 to 20 characters of digits", "reason.phone"),
        (r"^must be 6 to 30 letters and digits$", "reason.id_number"),
        (r"^must name at least one value$|^choose at least one$", "reason.at_least_one"),
        (r"^choose one of the options$|^must be one of ", "reason.choose"),
        (r"^must be a whole number$", "reason.whole_number"),
        (r"^must be between (?P<low>\d+) and (?P<high>\d+)$", "reason.number_range"),
        (r"^must be a real date$", "reason.date"),
        (r"^must be a real date and time$|^must be a time with a time zone$",
         "reason.datetime"),
        (r"^must not be in the past$", "reason.past"),
        (r"^must be within a year$", "reason.within_year"),
        (r"^a service cannot be logged before it happens$", "reason.future_service"),
        (r"^must be an amount|^must have at most two decimal places$", "reason.amount"),
        (r"^a reassignment must name a reason$", "reason.reassign_reason"),
        (r"^must say how consent was given$", "reason.consent_method"),
        (r"^there is no such case$", "reason.no_such_case"),
        (r"^there is no (such|team)", "reason.no_such"),
        (r"^triage fields are filled in but the box is not ticked$",
         "reason.triage_unticked"),
        (r"^a duplicate must link|^a case cannot duplicate itself$|"
         r"^only a duplicate links", "reason.duplicate_of"),
        (r"^must be a year between", "reason.birth_year"),
    )
)


# The domain's names of fields whose form input is named otherwise (the intake form).
_INPUTS: dict[str, str] = {
    "resident.name": "name", "resident.phone": "phone", "resident.id_number": "id_number",
    "resident.birth_year": "birth_year", "resident.address.district": "district",
    "resident.address.street": "street", "resident.address.community": "community",
    "resident.address.detail": "address_detail", "resident.emergency_contact.name": "ec_name",
    "resident.emergency_contact.phone": "ec_phone",
    "resident.emergency_contact.relation": "ec_relation", "consent.method": "consent",
}


@dataclass(frozen=True)
class Problem:
    """What to show: the message, the HTTP status, and the field at fault (if any).
    `input` names the form's input for that field: the page marks it and its message."""

    message: str
    status: int
    field: str | None = None
    stale: bool = False
    input: str | None = None


def reason_in_words(tr: Translator, reason: str) -> str:
    for pattern, key in _REASONS:
        found = pattern.search(reason)
        if found:
            return tr.t(key, **found.groupdict())
    return reason


def field_in_words(tr: Translator, field: str) -> str:
    key = f"field.{field}"
    return tr.t(key) if tr.has(key) else field


def explain(tr: Translator, error: DomainError, *, status_label: str | None = None) -> Problem:
    """The refusal in words; `status_label` is the case's status, for the status rule."""
    if isinstance(error, InvalidInput):
        message = tr.t("error.invalid", field=field_in_words(tr, error.field),
                       reason=reason_in_words(tr, error.reason))
        return Problem(message, 422, field=error.field,
                       input=_INPUTS.get(error.field, error.field))
    if isinstance(error, VersionConflict):
        return Problem(tr.t("error.stale", version=error.current_version), 409, stale=True)
    if isinstance(error, RuleViolated):
        key = f"rule.{error.rule}"
        if tr.has(key):
            return Problem(tr.t(key, status=status_label or ""), 409)
        return Problem(tr.t("error.conflict", detail=error.message), 409)
    if isinstance(error, NotFound):
        return Problem(tr.t("error.not_found"), 404)
    if isinstance(error, NotPermitted):
        return Problem(tr.t("error.not_permitted"), 403)
    return Problem(tr.t("error.conflict", detail=error.message), 409)

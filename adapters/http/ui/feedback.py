"""A refusal of the domain in the user's words. The words are looked up by the codes the
domain gives (`rule.<rule>`, `input.<code>` with the error's params, `field.<field>`),
never by its English text (an error without a code, such as AlreadyExists, shows that)."""

from __future__ import annotations

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
from domain.refusals import problems_of

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
    # Every refused input of the form and what is wrong with it (all at once).
    inputs: dict[str, str] | None = None


def reason_in_words(tr: Translator, error: InvalidInput) -> str:
    """Why the value is refused, from the error's code and params."""
    return tr.t(f"input.{error.code}", **error.params)


def field_in_words(tr: Translator, field: str) -> str:
    key = f"field.{field}"
    return tr.t(key) if tr.has(key) else field


def explain(tr: Translator, error: DomainError, *, status_label: str | None = None) -> Problem:
    """The refusal in words; `status_label` is the case's status, for the status rule."""
    if isinstance(error, InvalidInput):
        found = problems_of(error)
        inputs = {_INPUTS.get(p.field, p.field): tr.t(
            "error.invalid", field=field_in_words(tr, p.field), reason=reason_in_words(tr, p))
            for p in found}
        message = next(iter(inputs.values())) if len(found) == 1 else tr.t(
            "error.invalid_many", count=len(found),
            fields=("、" if tr.is_zh else ", ").join(field_in_words(tr, p.field) for p in found))
        return Problem(message, 422, field=error.field,
                       input=_INPUTS.get(error.field, error.field), inputs=inputs)
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

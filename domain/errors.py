"""Domain errors. Each carries a stable machine code (a rule, or a reason for refusing a
value) that clients and the UI translate, and an English message for logs and API users.

The codes are declared here, once: `RuleCode` for the rules a command can break,
`InputCode` for the reasons a value is refused, each with its English message in
`INPUT_MESSAGES` (`{name}` placeholders filled from the error's params). A code is part
of the API's contract (problem+json): never rename or remove one, add a new one instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

# The rules of the domain and the service that a command can break (HTTP 409, `rule`).
RuleCode = Literal[
    "already_assigned", "before_opening", "closed_case", "consent_already_given",
    "consent_required", "erased", "intake_closure_outcome", "no_consent", "no_follow_up",
    "no_transfer_pending",
    "open_referrals", "own_account", "own_membership", "own_request", "referral_exists",
    "referral_not_due",
    "referral_open", "referral_reply_time_passed", "referral_status", "request_in_progress",
    "same_team", "status", "transfer_pending", "user_inactive", "worker_not_in_team",
    # recurring check-ins (decision 0028)
    "no_follow_up_plan", "follow_up_plan", "no_such_check_in", "check_in_settled",
    "check_in_not_due",
    # outreach campaigns (decision 0029)
    "campaign_closed", "contact_held", "contact_settled", "contact_not_held",
    # volunteers (issue 14)
    "not_a_volunteer",
    # tasks (decision 0032)
    "task_status", "task_taken", "task_in_pool", "volunteer_paused", "same_volunteer",
]
RULE_CODES: tuple[RuleCode, ...] = get_args(RuleCode)

# Why a value is refused (HTTP 422, `errors[].code`), whoever checks it: the domain, the
# service (references to things that do not exist) or a form of the web UI (parsing).
InputCode = Literal[
    "required", "too_long", "control_characters", "invalid_phone", "invalid_id_number",
    "invalid_team_code", "invalid_username", "out_of_range", "invalid_birth_year",
    "invalid_amount", "too_many_decimals", "time_without_zone", "at_least_one",
    "not_in_vocabulary", "not_a_role", "in_the_past", "beyond_a_year", "not_in_future",
    "service_in_future", "consent_method_required", "reassignment_reason_required",
    "duplicate_link_required", "duplicate_of_itself", "link_without_duplicate",
    "team_required", "team_not_allowed", "organisation_required",
    "organisation_not_allowed", "password_length", "unknown_team", "unknown_organisation",
    "unknown_worker", "unknown_case", "unknown_choice", "invalid_cursor", "key_reused",
    "choose_option", "whole_number", "invalid_date", "invalid_datetime", "not_an_amount",
    "triage_unticked", "invisible_only", "unpaired_bidi", "wrong_password", "same_password",
    "empty_file", "not_a_spreadsheet", "missing_columns", "file_too_large",
    # recurring check-ins (decision 0028)
    "day_of_month_required", "day_of_month_range", "day_of_month_monthly_only",
    "until_before_start", "no_check_in_left", "invalid_time",
    # tasks (decision 0032)
    "unknown_volunteer", "done_before_task",
    # volunteers (issue 14)
    "volunteer_only",
    # the team tree (decision 0030)
    "parent_level", "parent_cycle",
]
INPUT_CODES: tuple[InputCode, ...] = get_args(InputCode)
Param = int | str

INPUT_MESSAGES: Mapping[InputCode, str] = {
    "required": "must not be empty",
    "too_long": "must be at most {max} characters",
    "control_characters": "must not contain control characters",
    "invalid_phone": "must be a mobile number or a landline with its area code, optionally "
                     "with an extension (e.g. 021-68881234 ext. 8012)",
    "invalid_id_number": "must be 6 to 30 letters and digits",
    "invalid_team_code": "must be 2 to 10 capital letters or digits, starting with a letter",
    "invalid_username": "must be 2 to 64 letters, digits or . _ - @",
    "out_of_range": "must be between {min} and {max}",
    "invalid_birth_year": "must be a year between {min} and {max}",
    "invalid_amount": "must be an amount between 0 and {max} CNY",
    "too_many_decimals": "must have at most {places} decimal places",
    "time_without_zone": "must be a time with a time zone",
    "at_least_one": "must name at least one value",
    "not_in_vocabulary": "must be one of {allowed}",
    "not_a_role": "is not a user role",
    "in_the_past": "must not be in the past",
    "beyond_a_year": "must be within a year",
    "not_in_future": "must be in the future",
    "service_in_future": "a service cannot be logged before it happens",
    "consent_method_required": "must say how consent was given",
    "reassignment_reason_required": "a reassignment must name a reason",
    "duplicate_link_required": "a duplicate must link the case it duplicates",
    "duplicate_of_itself": "a case cannot duplicate itself",
    "link_without_duplicate": "only a duplicate links another case",
    "team_required": "workers, supervisors and volunteers belong to a team",
    "team_not_allowed": "only workers, supervisors and volunteers belong to a team",
    "organisation_required": "a partner belongs to an organisation",
    "organisation_not_allowed": "only partners belong to an organisation",
    "password_length": "must be {min} to {max} characters",
    "wrong_password": "is not the account's current password",
    "same_password": "must differ from the current password",
    "unknown_team": "there is no team {team}",
    "unknown_organisation": "there is no such organisation",
    "unknown_worker": "there is no such worker",
    "unknown_case": "there is no such case",
    "unknown_choice": "there is no such choice",
    "invalid_cursor": "is not a cursor this list gave out",
    "key_reused": "this key was already used for another request",
    "choose_option": "choose one of the options",
    "whole_number": "must be a whole number",
    "invalid_date": "must be a real date",
    "invalid_datetime": "must be a real date and time",
    "not_an_amount": "must be an amount in yuan",
    "triage_unticked": "triage fields are filled in but the box is not ticked",
    "invisible_only": "must contain visible characters, not only invisible ones",
    "unpaired_bidi": "must close every text direction control it opens",
    "empty_file": "the file holds no rows",
    "not_a_spreadsheet": "must be a CSV (UTF-8 or GB18030) or XLSX file",
    "missing_columns": "the header row lacks the required columns {columns}",
    "file_too_large": "must be at most {max} rows",
    "day_of_month_required": "a monthly plan names its day of the month",
    "day_of_month_range": "must be a day of the month from 1 to 31",
    "day_of_month_monthly_only": "only a monthly plan names a day of the month",
    "until_before_start": "must not be before the plan starts",
    "no_check_in_left": "leaves the plan no check-in",
    "invalid_time": "must be a time of day, HH:MM",
    "unknown_volunteer": "there is no such volunteer in the case's team",
    "done_before_task": "must not be before the task was made",
    "volunteer_only": "only a volunteer has several teams, an area and errand kinds",
    "parent_level": "must be a team of a higher level (district above street above "
                    "community), and both teams need a level",
    "parent_cycle": "must not be the team itself or a team below it",
}


class DomainError(Exception):
    """Base class: something the domain refused."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RuleViolated(DomainError):
    """A business rule of SPEC §2 refused the command (HTTP 409)."""

    def __init__(self, rule: RuleCode, message: str) -> None:
        super().__init__(message)
        self.rule = rule


class InvalidInput(DomainError):
    """A value is outside what the domain accepts (HTTP 422): the field, why (`code`), and
    what the reason depends on (`params`, e.g. `{"max": 4000}` for `too_long`)."""

    def __init__(self, field: str, code: InputCode,
                 params: Mapping[str, Param] | None = None) -> None:
        self.field = field
        self.code: InputCode = code
        self.params: dict[str, Param] = dict(params or {})
        self.reason = INPUT_MESSAGES[code].format(**self.params)
        super().__init__(f"{field}: {self.reason}")


class NotPermitted(DomainError):
    """The actor's role may never do this (HTTP 403)."""


class NotFound(DomainError):
    """Unknown, or outside the actor's scope (HTTP 404): existence never leaks."""


class VersionConflict(DomainError):
    """The case changed since the client read it (HTTP 412 with If-Match, else 409)."""

    def __init__(self, current_version: int, expected_version: int | None = None) -> None:
        super().__init__(
            f"the case is at version {current_version}"
            + (f", not {expected_version}" if expected_version is not None else "")
        )
        self.current_version = current_version
        self.expected_version = expected_version


class AlreadyExists(DomainError):
    """A unique name (username, team code) is already taken (HTTP 409)."""

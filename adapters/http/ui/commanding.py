"""The forms' way to the one command path: a posted form becomes a command and a
`CommandContext` — the user, `Via.UI`, the case version the form was made from, and the
form's request key as an idempotency key (every form carries a fresh `request_key`, see
macros.csrf), so a form sent twice (a double click, a reload after a lost answer) does
its command once and answers the same."""

from __future__ import annotations

import msgspec

from adapters.http.ui.forms import REQUEST_KEY_FIELD, Form
from adapters.http.ui.pages import Ui
from domain.vocabulary import Via
from service.cases import CommandResult
from service.commands import CaseCommand, CommandContext
from service.idempotency import Idempotency, fingerprint, record_id

FORM_ANSWER = 303  # the status a form's success answers: see other


def idempotency_of(ui: Ui, form: Form) -> Idempotency | None:
    key = form.raw(REQUEST_KEY_FIELD).strip()
    if not key:
        return None
    path = ui.request.url.path
    body = msgspec.json.encode(form.values, order="sorted")
    return Idempotency(record_id(ui.actor.id, f"ui {path} {key}"),
                       fingerprint("POST", path, body, ui.container.tokenizer.key),
                       FORM_ANSWER)


def handle(ui: Ui, form: Form, command: CaseCommand, *,
           versioned: bool = True) -> CommandResult:
    """Run the form's command; `versioned`: the form names the case version it saw."""
    context = CommandContext(ui.actor, Via.UI, form.version() if versioned else None,
                             idempotency_of(ui, form))
    return ui.container.cases.handle(command, context)

"""Refusals carry stable codes: a value is refused with the field, a code declared in
domain/errors.py and the params its message needs; the English message is made from them."""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from domain import validation
from domain.errors import INPUT_CODES, INPUT_MESSAGES, RULE_CODES, InvalidInput, RuleViolated
from domain.vocabulary import ClosureOutcome, ReferralOutcome, Status
from tests.unit.facts import (
    API,
    DETAILS,
    NOW,
    PARTNER,
    REFERRAL,
    SUPERVISOR,
    WORKER,
    accepted,
    assessment,
    history,
    open_case,
    opened,
    referred,
)
from tests.unit.scenario import given, when_opening


class TestTheDeclaredCodes:
    def test_every_input_code_has_an_english_message_and_no_other_does(self) -> None:
        assert sorted(INPUT_MESSAGES) == sorted(INPUT_CODES)

    def test_codes_are_unique_machine_words(self) -> None:
        for codes in (INPUT_CODES, RULE_CODES):
            assert len(set(codes)) == len(codes)
            assert all(code.isidentifier() and code.islower() for code in codes)

    def test_the_message_is_made_from_the_code_and_its_params(self) -> None:
        error = InvalidInput("text", "too_long", {"max": 4000})

        assert (error.field, error.code, error.params) == ("text", "too_long", {"max": 4000})
        assert error.reason == "must be at most 4000 characters"
        assert error.message == "text: must be at most 4000 characters"

    @pytest.mark.parametrize("code", INPUT_CODES)
    def test_each_message_names_only_params(self, code: str) -> None:
        names = [name for _, name, _, _ in string.Formatter().parse(INPUT_MESSAGES[code])
                 if name is not None]
        assert all(name.isidentifier() for name in names)


class TestValuesAreRefusedWithACode:
    def test_a_note_over_4000_characters_is_too_long(self) -> None:
        given(*history(Status.ACTIVE)).when(
            lambda case: case.add_note("x" * 4001, actor=WORKER, via=API, at=NOW)
        ).then_raises(InvalidInput, field="text", code="too_long", params={"max": 4000})

    def test_an_empty_request_is_required(self) -> None:
        when_opening(lambda: open_case(request=" ")).then_raises(
            InvalidInput, field="request", code="required", params={})

    def test_a_bad_phone_number_is_an_invalid_phone(self) -> None:
        when_opening(lambda: open_case(details=replace(DETAILS, phone="call me"))).then_raises(
            InvalidInput, field="resident.phone", code="invalid_phone")

    def test_minutes_out_of_range_say_the_range(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            validation.minutes("minutes", 1441)
        assert (refused.value.code, refused.value.params) == (
            "out_of_range", {"min": 0, "max": 1440})

    def test_a_follow_up_in_the_past(self) -> None:
        given(opened()).when(lambda case: case.assess(
            assessment(follow_up_due=(NOW - timedelta(days=3)).date()), actor=WORKER,
            via=API, at=NOW)).then_raises(InvalidInput, code="in_the_past")

    def test_an_amount_with_three_decimals(self) -> None:
        given(*history(Status.ACTIVE), referred(), accepted()).when(
            lambda case: case.complete_referral(
                REFERRAL, ReferralOutcome.SERVICE_PROVIDED, "Groceries for a week",
                Decimal("1.234"), 1, actor=PARTNER, via=API, at=NOW)
        ).then_raises(InvalidInput, code="too_many_decimals", params={"places": 2})

    def test_a_duplicate_without_its_original(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.close(
            ClosureOutcome.DUPLICATE, "Same resident", actor=SUPERVISOR, via=API, at=NOW
        )).then_raises(InvalidInput, field="duplicate_of", code="duplicate_link_required")

    def test_a_rule_is_refused_with_its_declared_code(self) -> None:
        error = given(*history(Status.CLOSED)).when(
            lambda case: case.add_note("too late", actor=WORKER, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="closed_case")
        assert isinstance(error, RuleViolated)
        assert error.rule in RULE_CODES

"""Input is validated before anything is stored (docs/domain.md §2.2): refused input
records nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from domain.case import Case
from domain.errors import InvalidInput
from domain.vocabulary import (
    ClosureOutcome,
    ReferralOutcome,
    Risk,
    ServiceKind,
    Status,
)
from tests.unit.facts import (
    API,
    DETAILS,
    NOW,
    ORG,
    PARTNER,
    PROFILE,
    REFERRAL,
    SUPERVISOR,
    WORKER,
    accepted,
    assessment,
    at,
    day,
    history,
    open_case,
    opened,
    referred,
)
from tests.unit.scenario import event, given, when_opening


class TestPhoneNumbers:
    @pytest.mark.parametrize(
        ("phone", "stored"), [("12345", "12345"), ("13800000000", "13800000000"),
                              ("+86 138-0000-0000", "13800000000"),
                              ("021 5555 1234", "021-55551234"), ("1" * 20, "1" * 20)]
    )
    def test_phones_are_accepted_in_their_canonical_form(self, phone: str, stored: str) -> None:
        case = when_opening(lambda: open_case(details=replace(DETAILS, phone=phone))).then(
            Case.Opened
        )
        assert case.personal["phone"] == stored

    @pytest.mark.parametrize(
        "phone", ["1234", "1" * 21, "138/0000/0000", "(021) 5555", "call me", "+-- -", ""]
    )
    def test_other_phone_numbers_are_refused(self, phone: str) -> None:
        when_opening(lambda: open_case(details=replace(DETAILS, phone=phone))).then_raises(
            InvalidInput, field="resident.phone"
        )

    def test_the_emergency_contact_phone_is_checked_too(self) -> None:
        details = replace(DETAILS, emergency_contact_phone="not a phone")
        when_opening(lambda: open_case(details=details)).then_raises(
            InvalidInput, field="resident.emergency_contact.phone"
        )


class TestResident:
    def test_a_name_of_100_characters_is_accepted(self) -> None:
        when_opening(lambda: open_case(details=replace(DETAILS, name="名" * 100))).then(
            Case.Opened
        )

    def test_a_name_over_100_characters_is_refused(self) -> None:
        when_opening(lambda: open_case(details=replace(DETAILS, name="名" * 101))).then_raises(
            InvalidInput, field="resident.name"
        )

    @pytest.mark.parametrize("name", ["", "   "])
    def test_an_empty_name_is_refused(self, name: str) -> None:
        when_opening(lambda: open_case(details=replace(DETAILS, name=name))).then_raises(
            InvalidInput, field="resident.name"
        )

    def test_id_numbers_are_6_to_30_letters_and_digits_kept_in_capitals(self) -> None:
        details = replace(DETAILS, id_number="31011519480101002x")
        case = when_opening(lambda: open_case(details=details)).then(Case.Opened)
        assert case.personal["id_number"] == "31011519480101002X"

    @pytest.mark.parametrize("id_number", ["12345", "3101-1519", "1" * 31])
    def test_other_id_numbers_are_refused(self, id_number: str) -> None:
        details = replace(DETAILS, id_number=id_number)
        when_opening(lambda: open_case(details=details)).then_raises(
            InvalidInput, field="resident.id_number"
        )

    @pytest.mark.parametrize("year", [1896, 1948, 2026, None])
    def test_a_birth_year_within_130_years_up_to_now_is_accepted(self, year: int | None) -> None:
        profile = replace(PROFILE, birth_year=year)
        when_opening(lambda: open_case(profile=profile)).then(
            event(Case.Opened, profile=profile)
        )

    @pytest.mark.parametrize("year", [1895, 2027, 48])
    def test_an_impossible_birth_year_is_refused(self, year: int) -> None:
        when_opening(lambda: open_case(profile=replace(PROFILE, birth_year=year))).then_raises(
            InvalidInput, field="resident.birth_year"
        )

    def test_an_address_part_over_100_characters_is_refused(self) -> None:
        profile = replace(PROFILE, street="街" * 101)
        when_opening(lambda: open_case(profile=profile)).then_raises(
            InvalidInput, field="resident.address.street"
        )


class TestTexts:
    def test_a_request_of_4000_characters_is_accepted(self) -> None:
        when_opening(lambda: open_case(request="x" * 4000)).then(Case.Opened)

    def test_a_request_over_4000_characters_is_refused(self) -> None:
        when_opening(lambda: open_case(request="x" * 4001)).then_raises(
            InvalidInput, field="request"
        )

    def test_an_empty_request_is_refused(self) -> None:
        when_opening(lambda: open_case(request=" \n ")).then_raises(InvalidInput, field="request")

    def test_text_is_stored_without_surrounding_blanks(self) -> None:
        case = given(*history(Status.ACTIVE)).when(
            lambda case: case.add_note("  called her daughter \n", actor=WORKER, via=API, at=NOW)
        ).then(event(Case.NoteAdded, personal={"text": "called her daughter"}))
        assert case.notes_count == 1

    def test_a_note_of_4000_characters_is_accepted(self) -> None:
        given(*history(Status.ACTIVE)).when(
            lambda case: case.add_note("x" * 4000, actor=WORKER, via=API, at=NOW)
        ).then(Case.NoteAdded)

    def test_a_note_over_4000_characters_is_refused(self) -> None:
        given(*history(Status.ACTIVE)).when(
            lambda case: case.add_note("x" * 4001, actor=WORKER, via=API, at=NOW)
        ).then_raises(InvalidInput, field="text")

    @pytest.mark.parametrize("text", ["", "   "])
    def test_an_empty_note_is_refused(self, text: str) -> None:
        given(*history(Status.ACTIVE)).when(
            lambda case: case.add_note(text, actor=WORKER, via=API, at=NOW)
        ).then_raises(InvalidInput, field="text")

    def test_assessment_notes_over_4000_characters_are_refused(self) -> None:
        given(opened()).when(lambda case: case.assess(
            assessment(notes="x" * 4001), actor=WORKER, via=API, at=NOW
        )).then_raises(InvalidInput, field="notes")

    def test_a_closing_summary_over_4000_characters_is_refused(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.close(
            ClosureOutcome.RESOLVED, "x" * 4001, actor=SUPERVISOR, via=API, at=NOW
        )).then_raises(InvalidInput, field="summary")

    def test_an_empty_closing_summary_is_refused(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.close(
            ClosureOutcome.RESOLVED, "", actor=SUPERVISOR, via=API, at=NOW
        )).then_raises(InvalidInput, field="summary")

    @pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f"])
    def test_control_characters_are_refused_in_any_text(self, control: str) -> None:
        when_opening(lambda: open_case(profile=replace(PROFILE, district=f"浦{control}东"))
                     ).then_raises(InvalidInput, field="resident.address.district")
        when_opening(lambda: open_case(request=f"no food{control}")).then_raises(
            InvalidInput, field="request")
        given(*history(Status.ACTIVE)).when(lambda case: case.send_referral(
            REFERRAL, ORG, f"food{control}parcel", None, actor=WORKER, via=API, at=NOW
        )).then_raises(InvalidInput, field="service")

    def test_line_breaks_and_tabs_are_kept_in_free_text(self) -> None:
        given(*history(Status.ACTIVE)).when(
            lambda case: case.add_note("called\r\nher\tdaughter", actor=WORKER, via=API, at=NOW)
        ).then(event(Case.NoteAdded, personal={"text": "called\r\nher\tdaughter"}))

    def test_the_service_asked_of_a_partner_is_at_most_200_characters(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.send_referral(
            REFERRAL, ORG, "x" * 201, None, actor=WORKER, via=API, at=NOW
        )).then_raises(InvalidInput, field="service")


class TestMinutes:
    @pytest.mark.parametrize("minutes", [0, 150, 1440])
    def test_0_to_1440_minutes_are_accepted(self, minutes: int) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.log_service(
            ServiceKind.MEDICAL_ESCORT, "Escort to hospital", at(hours=1), minutes,
            actor=WORKER, via=API, at=NOW,
        )).then(event(Case.ServiceLogged, minutes=minutes))

    @pytest.mark.parametrize("minutes", [-1, 1441])
    def test_other_minutes_are_refused(self, minutes: int) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.log_service(
            ServiceKind.MEDICAL_ESCORT, "Escort to hospital", at(hours=1), minutes,
            actor=WORKER, via=API, at=NOW,
        )).then_raises(InvalidInput, field="minutes")


class TestMoney:
    @pytest.mark.parametrize(
        ("value", "stored"),
        [("500.00", "500.00"), ("500", "500.00"), ("12.5", "12.50"), ("0", "0.00")],
    )
    def test_an_amount_with_at_most_two_decimals_is_stored_with_two(
        self, value: str, stored: str
    ) -> None:
        given(*history(Status.ACTIVE), referred(), accepted()).when(
            lambda case: case.complete_referral(
                REFERRAL, ReferralOutcome.SERVICE_PROVIDED, "Groceries for a week",
                Decimal(value), 1, actor=PARTNER, via=API, at=NOW)
        ).then(event(Case.ReferralCompleted, value_cny=Decimal(stored)))

    @pytest.mark.parametrize("value", ["12.345", "-1", "NaN", "Infinity", "100000000.01"])
    def test_other_amounts_are_refused(self, value: str) -> None:
        given(*history(Status.ACTIVE), referred(), accepted()).when(
            lambda case: case.complete_referral(
                REFERRAL, ReferralOutcome.SERVICE_PROVIDED, "Groceries for a week",
                Decimal(value), 1, actor=PARTNER, via=API, at=NOW)
        ).then_raises(InvalidInput, field="value_cny")

    def test_a_negative_number_of_people_helped_is_refused(self) -> None:
        given(*history(Status.ACTIVE), referred(), accepted()).when(
            lambda case: case.complete_referral(
                REFERRAL, ReferralOutcome.SERVICE_PROVIDED, "Groceries for a week",
                Decimal("10"), -1, actor=PARTNER, via=API, at=NOW)
        ).then_raises(InvalidInput, field="people_helped")


class TestDates:
    def test_a_follow_up_date_in_the_past_is_refused(self) -> None:
        given(opened()).when(lambda case: case.assess(
            assessment(follow_up_due=day(-2)), actor=WORKER, via=API, at=NOW
        )).then_raises(InvalidInput, field="follow_up_due")

    def test_a_follow_up_date_more_than_a_year_ahead_is_refused(self) -> None:
        given(opened()).when(lambda case: case.assess(
            assessment(follow_up_due=day(400)), actor=WORKER, via=API, at=NOW
        )).then_raises(InvalidInput, field="follow_up_due")

    def test_a_follow_up_today_is_accepted(self) -> None:
        given(opened()).when(lambda case: case.assess(
            assessment(follow_up_due=day(0)), actor=WORKER, via=API, at=NOW
        )).then(event(Case.Assessed, follow_up_due=day(0)))

    def test_a_service_cannot_be_logged_before_it_happens(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.log_service(
            ServiceKind.DELIVERY, "Food parcel", NOW + timedelta(hours=1), 30,
            actor=WORKER, via=API, at=NOW,
        )).then_raises(InvalidInput, field="delivered_at")

    def test_a_service_time_without_a_zone_is_refused(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.log_service(
            ServiceKind.DELIVERY, "Food parcel", at(hours=1).replace(tzinfo=None), 30,
            actor=WORKER, via=API, at=NOW,
        )).then_raises(InvalidInput, field="delivered_at")

    def test_a_reply_deadline_in_the_past_is_refused(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.send_referral(
            REFERRAL, ORG, "Home care", None, actor=WORKER, via=API, at=NOW,
            respond_by=NOW - timedelta(minutes=1),
        )).then_raises(InvalidInput, field="respond_by")


class TestAssessmentInput:
    def test_an_assessment_confirms_at_least_one_need(self) -> None:
        given(opened()).when(lambda case: case.assess(
            assessment(needs=()), actor=WORKER, via=API, at=NOW
        )).then_raises(InvalidInput, field="needs")

    def test_an_assessment_has_a_plan(self) -> None:
        given(opened()).when(lambda case: case.assess(
            assessment(Risk.LOW, plan="  "), actor=WORKER, via=API, at=NOW
        )).then_raises(InvalidInput, field="plan")

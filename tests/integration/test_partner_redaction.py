"""A partner never reads the resident's identifiers before acceptance, even where a
worker typed them into free text that the partner's summary shows."""

from __future__ import annotations

from tests.integration.conftest import World
from tests.integration.views_support import project


def test_identifiers_typed_into_the_service_asked_for_are_masked(world: World) -> None:
    case = world.assessed_case(world.jb_worker)
    phone = "138 0000 0001"  # the resident's phone in world.intake
    referral = world.cases.send_referral(
        world.jb_worker, case.id, world.foundation,
        f"Deliver to 宋老师, call {phone} first", None).referral_id
    assert referral is not None
    project(world.container)

    seen = world.container.queries.referral_detail(world.partner, referral)

    assert seen.contact is None
    assert "宋老师" not in seen.row.service
    assert phone not in seen.row.service
    assert "13800000001" not in seen.row.service.replace(" ", "")
    assert seen.row.service.startswith("Deliver to ***")


def test_the_board_holds_no_identifiers_and_the_case_keeps_what_was_written(
        world: World) -> None:
    case = world.assessed_case(world.jb_worker)
    sent = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                     "Deliver to 宋老师", None)
    assert sent.referral_id is not None
    project(world.container)

    listing = world.container.queries.referrals(world.jb_worker)

    assert [row.service for row in listing.items] == ["Deliver to ***"]  # type: ignore[union-attr]
    assert sent.case.referrals[sent.referral_id].service == "Deliver to 宋老师"


def test_the_partners_inbox_list_masks_them_too(world: World) -> None:
    case = world.assessed_case(world.jb_worker)
    world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                              "为宋老师代购大米, 先打 138 0000 0001", None)
    project(world.container)

    listing = world.container.queries.referrals(world.partner)
    (row,) = listing.items

    assert row.service == "为***代购大米, 先打 ***"  # type: ignore[union-attr]
    single = world.container.queries.referral(world.partner, row.referral_id)  # type: ignore[union-attr]
    assert single.service == row.service  # type: ignore[union-attr]

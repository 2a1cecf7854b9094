"""The identity service on a real event store (SQLite and PostgreSQL): unique names,
links to teams and organisations, log-in, password storage and who may administer."""

from __future__ import annotations

from uuid import uuid4

import pytest

from adapters.bootstrap import Container
from domain.errors import AlreadyExists, InvalidInput, NotPermitted
from domain.identity import User
from domain.vocabulary import OrganisationKind, Role, Via
from service.identity import OPERATOR
from tests.integration.conftest import PASSWORD, World


class TestUniqueNames:
    def test_a_username_is_taken_whatever_its_case(self, world: World) -> None:
        world.identity.create_user(OPERATOR, "Wang.Fang", PASSWORD, "Wang Fang", Role.WORKER,
                                   team="JB")
        with pytest.raises(AlreadyExists):
            world.identity.create_user(OPERATOR, "wang.fang", PASSWORD, "Another Wang",
                                       Role.WORKER, team="PD")
        found = world.identity.user_by_name("WANG.FANG")
        assert found is not None
        assert (found.username, found.team) == ("Wang.Fang", "JB")

    def test_a_team_code_is_taken_once(self, world: World) -> None:
        with pytest.raises(AlreadyExists):
            world.identity.create_team(OPERATOR, "JB", "Second Jiangbei", "江北区")
        assert [t.code for t in world.identity.teams()] == ["JB", "PD"]
        assert world.identity.team("JB").name == "江北社工站"


class TestMembership:
    def test_a_worker_needs_an_existing_team(self, world: World) -> None:
        with pytest.raises(InvalidInput) as refused:
            world.identity.create_user(OPERATOR, "nowhere", PASSWORD, "No Team", Role.WORKER,
                                       team="ZZ")
        assert refused.value.field == "team"
        assert world.identity.user_by_name("nowhere") is None

    def test_a_partner_needs_an_existing_organisation(self, world: World) -> None:
        with pytest.raises(InvalidInput) as refused:
            world.identity.create_user(OPERATOR, "lost-partner", PASSWORD, "Lost",
                                       Role.PARTNER, organisation_id=uuid4())
        assert refused.value.field == "organisation_id"
        assert world.identity.user_by_name("lost-partner") is None

    def test_members_are_linked_to_what_they_belong_to(self, world: World) -> None:
        partner = world.identity.user(world.partner.id)
        assert (partner.role, partner.organisation_id, partner.team) == (
            Role.PARTNER, world.foundation, None)
        assert world.identity.user(world.pd_worker.id).team == "PD"


class TestLogIn:
    def test_the_right_password_logs_in(self, world: World) -> None:
        user = world.identity.authenticate("jb-wang", PASSWORD)
        assert user is not None
        assert (user.id, user.role, user.team) == (world.jb_worker.id, Role.WORKER, "JB")
        assert user.actor == world.jb_worker

    def test_the_username_is_not_case_sensitive(self, world: World) -> None:
        user = world.identity.authenticate("JB-Wang", PASSWORD)
        assert user is not None
        assert user.id == world.jb_worker.id

    def test_a_wrong_password_or_unknown_user_does_not(self, world: World) -> None:
        assert world.identity.authenticate("jb-wang", PASSWORD + "!") is None
        assert world.identity.authenticate("jb-wang", "") is None
        assert world.identity.authenticate("nobody", PASSWORD) is None
        assert world.identity.authenticate("  ", PASSWORD) is None

    def test_a_deactivated_user_does_not(self, world: World) -> None:
        # The service has no deactivate command yet: deactivate through the aggregate.
        app = world.container.identity_app
        user: object = app.repository.get(world.jb_colleague.id)
        assert isinstance(user, User)
        user.deactivate(actor=OPERATOR.ref, via=Via.API, at=world.clock.now())
        app.save(user)
        assert world.identity.authenticate("jb-li", PASSWORD) is None
        assert world.identity.user(world.jb_colleague.id).active is False


class TestPasswordStorage:
    def test_the_store_holds_an_argon2_hash_and_never_the_password(
            self, container: Container) -> None:
        password = "Lockdown-2022-secret"
        view = container.identity.create_user(OPERATOR, "zhou", password, "Zhou", Role.AUDITOR)
        stored = container.identity_app.recorder.select_events(view.id)
        assert stored
        raw = b"".join(record.state for record in stored)
        assert password.encode() not in raw
        assert b"$argon2id$" in raw
        user: object = container.identity_app.repository.get(view.id)
        assert isinstance(user, User)
        assert user.password_hash.startswith("$argon2id$")
        assert container.identity.authenticate("zhou", password) == view

    def test_a_too_short_password_is_refused(self, world: World) -> None:
        with pytest.raises(InvalidInput) as refused:
            world.identity.create_user(OPERATOR, "short", "1234567", "Short", Role.AUDITOR)
        assert refused.value.field == "password"


class TestListing:
    def test_teams_users_and_organisations_are_listed_in_order_of_creation(
            self, world: World) -> None:
        assert [(t.code, t.district) for t in world.identity.teams()] == [
            ("JB", "江北区"), ("PD", "浦东新区")]
        assert [(o.name, o.kind) for o in world.identity.organisations()] == [
            ("Bright Light Foundation", OrganisationKind.FOUNDATION),
            ("Riverside Volunteers", OrganisationKind.NGO)]
        assert [(u.username, u.role) for u in world.identity.users()] == [
            ("jb-lead", Role.SUPERVISOR), ("jb-wang", Role.WORKER), ("jb-li", Role.WORKER),
            ("pd-lead", Role.SUPERVISOR), ("pd-zhao", Role.WORKER),
            ("bright-light", Role.PARTNER), ("riverside", Role.PARTNER),
            ("mca-auditor", Role.AUDITOR)]

    def test_an_empty_deployment_lists_nothing(self, container: Container) -> None:
        assert container.identity.teams() == []
        assert container.identity.users() == []
        assert container.identity.organisations() == []


class TestAdministration:
    @pytest.mark.parametrize("who", ["jb_supervisor", "jb_worker", "partner", "auditor"])
    def test_only_an_administrator_manages(self, world: World, who: str) -> None:
        actor = getattr(world, who)
        with pytest.raises(NotPermitted):
            world.identity.create_team(actor, "NA", "Nan'an", "南岸区")
        with pytest.raises(NotPermitted):
            world.identity.create_organisation(actor, "Kind Co", OrganisationKind.COMPANY)
        with pytest.raises(NotPermitted):
            world.identity.create_user(actor, "sneaky", PASSWORD, "Sneaky", Role.ADMIN)
        assert len(world.identity.teams()) == 2
        assert len(world.identity.organisations()) == 2
        assert world.identity.user_by_name("sneaky") is None

    def test_an_administrator_created_by_the_operator_manages_too(self, world: World) -> None:
        admin = world.identity.create_user(OPERATOR, "ops", PASSWORD, "Ops", Role.ADMIN).actor
        team = world.identity.create_team(admin, "NA", "南岸社工站", "南岸区")
        assert world.identity.team_exists("NA")
        assert team.code == "NA"

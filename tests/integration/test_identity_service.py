"""The identity service on a real event store (SQLite and PostgreSQL): unique names,
links to teams and organisations, log-in, password storage and who may administer."""

from __future__ import annotations

from uuid import uuid4

import pytest

from adapters.bootstrap import Container
from domain.errors import AlreadyExists, InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.identity import User
from domain.vocabulary import OrganisationKind, Role
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
        world.identity.deactivate_user(OPERATOR, world.jb_colleague.id)
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


class TestDeactivation:
    def test_a_leaver_is_deactivated_and_keeps_their_name_in_the_list(
            self, world: World) -> None:
        view = world.identity.deactivate_user(OPERATOR, world.jb_colleague.id)

        assert view.active is False
        listed = {u.username: u.active for u in world.identity.users()}
        assert listed["jb-li"] is False
        assert listed["jb-wang"] is True

    def test_deactivating_twice_names_the_rule(self, world: World) -> None:
        world.identity.deactivate_user(OPERATOR, world.jb_colleague.id)
        with pytest.raises(RuleViolated) as refused:
            world.identity.deactivate_user(OPERATOR, world.jb_colleague.id)
        assert refused.value.rule == "user_inactive"

    def test_an_administrator_cannot_lock_themselves_out(self, world: World) -> None:
        admin = world.identity.create_user(OPERATOR, "ops", PASSWORD, "Ops", Role.ADMIN)
        with pytest.raises(RuleViolated) as refused:
            world.identity.deactivate_user(admin.actor, admin.id)
        assert refused.value.rule == "own_account"
        assert world.identity.authenticate("ops", PASSWORD) == admin

    def test_an_unknown_user_is_not_found(self, world: World) -> None:
        with pytest.raises(NotFound):
            world.identity.deactivate_user(OPERATOR, uuid4())

    @pytest.mark.parametrize("who", ["jb_supervisor", "jb_worker", "partner", "auditor"])
    def test_only_an_administrator_deactivates(self, world: World, who: str) -> None:
        with pytest.raises(NotPermitted):
            world.identity.deactivate_user(getattr(world, who), world.jb_colleague.id)
        assert world.identity.authenticate("jb-li", PASSWORD) is not None


class TestSettingAPassword:
    def test_the_new_password_logs_in_and_the_old_one_no_longer_does(
            self, world: World) -> None:
        world.identity.set_password(OPERATOR, world.jb_colleague.id, "a new long secret")

        assert world.identity.authenticate("jb-li", PASSWORD) is None
        assert world.identity.authenticate("jb-li", "a new long secret") is not None

    def test_a_short_password_is_refused_and_the_old_one_stands(self, world: World) -> None:
        with pytest.raises(InvalidInput) as refused:
            world.identity.set_password(OPERATOR, world.jb_colleague.id, "short")
        assert refused.value.field == "password"
        assert world.identity.authenticate("jb-li", PASSWORD) is not None

    def test_a_deactivated_account_gets_no_new_password(self, world: World) -> None:
        world.identity.deactivate_user(OPERATOR, world.jb_colleague.id)
        with pytest.raises(RuleViolated):
            world.identity.set_password(OPERATOR, world.jb_colleague.id, "a new long secret")
        assert world.identity.authenticate("jb-li", "a new long secret") is None

    def test_only_an_administrator_sets_passwords(self, world: World) -> None:
        with pytest.raises(NotPermitted):
            world.identity.set_password(world.jb_supervisor, world.jb_colleague.id,
                                        "a new long secret")
        assert world.identity.authenticate("jb-li", PASSWORD) is not None


class TestWhoSeesWhichAccounts:
    def names(self, world: World, who: str) -> list[str]:
        return [u.username for u in world.identity.users_visible_to(getattr(world, who))]

    def test_a_worker_or_supervisor_sees_their_own_team(self, world: World) -> None:
        assert self.names(world, "jb_worker") == ["jb-lead", "jb-wang", "jb-li"]
        assert self.names(world, "pd_supervisor") == ["pd-lead", "pd-zhao"]

    def test_a_partner_sees_their_own_organisation(self, world: World) -> None:
        assert self.names(world, "partner") == ["bright-light"]

    def test_an_auditor_sees_everyone(self, world: World) -> None:
        assert len(self.names(world, "auditor")) == len(world.identity.users())

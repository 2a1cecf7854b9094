"""Users, teams and organisations: who belongs where, and valid names."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import InvalidInput, RuleViolated
from domain.identity import Organisation, Team, User, team_id, user_id_for
from domain.values import ActorRef
from domain.vocabulary import OrganisationKind, Role, Via
from tests.unit.facts import ORG, T0, TEAM, at

OPERATOR = ActorRef(UUID(int=0), Role.ADMIN)


def register(username: str = "li.wei", role: Role = Role.WORKER, team: str | None = TEAM,
             organisation_id: UUID | None = None, display_name: str = "Li Wei") -> User:
    return User.register(username, display_name, role, team, organisation_id, "hash",
                         actor=OPERATOR, via=Via.API, at=T0)


class TestRegisterUser:
    @pytest.mark.parametrize("role", [Role.WORKER, Role.SUPERVISOR], ids=str)
    def test_workers_and_supervisors_belong_to_a_team(self, role: Role) -> None:
        user = register(role=role)
        assert (user.role, user.team, user.organisation_id, user.active) == (
            role, TEAM, None, True)

    @pytest.mark.parametrize("role", [Role.WORKER, Role.SUPERVISOR], ids=str)
    def test_a_worker_or_supervisor_without_a_team_is_refused(self, role: Role) -> None:
        with pytest.raises(InvalidInput) as refused:
            register(role=role, team=None)
        assert refused.value.field == "team"

    @pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN], ids=str)
    def test_auditors_and_admins_stand_outside_teams_and_organisations(self, role: Role) -> None:
        user = register(role=role, team=None)
        assert (user.team, user.organisation_id) == (None, None)

    @pytest.mark.parametrize("role", [Role.PARTNER, Role.AUDITOR, Role.ADMIN], ids=str)
    def test_only_workers_and_supervisors_belong_to_a_team(self, role: Role) -> None:
        with pytest.raises(InvalidInput) as refused:
            register(role=role, team=TEAM, organisation_id=ORG)
        assert refused.value.field == "team"

    def test_a_partner_belongs_to_an_organisation(self) -> None:
        user = register(role=Role.PARTNER, team=None, organisation_id=ORG)
        assert user.organisation_id == ORG

    def test_a_partner_without_an_organisation_is_refused(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            register(role=Role.PARTNER, team=None)
        assert refused.value.field == "organisation_id"

    def test_only_partners_belong_to_an_organisation(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            register(role=Role.WORKER, organisation_id=ORG)
        assert refused.value.field == "organisation_id"

    def test_the_system_role_is_no_users_role(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            register(role=Role.SYSTEM, team=None)
        assert refused.value.field == "role"

    def test_a_display_name_over_100_characters_is_refused(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            register(display_name="x" * 101)
        assert refused.value.field == "display_name"

    def test_a_users_id_follows_from_the_username_whatever_its_case(self) -> None:
        assert register("Li.Wei").id == user_id_for("li.wei") == user_id_for("LI.WEI")

    def test_a_user_is_deactivated_once(self) -> None:
        user = register()
        user.deactivate(actor=OPERATOR, via=Via.API, at=at(hours=1))
        assert user.active is False
        with pytest.raises(RuleViolated) as refused:
            user.deactivate(actor=OPERATOR, via=Via.API, at=at(hours=2))
        assert refused.value.rule == "user_inactive"

    def test_registration_records_who_did_it_and_how(self) -> None:
        user = register()
        [registered] = user.collect_events()
        assert isinstance(registered, User.Registered)
        assert (registered.actor, registered.via, registered.timestamp) == (
            OPERATOR, Via.API, T0)


class TestUsername:
    @pytest.mark.parametrize("username", ["li", "li.wei", "li_wei-2", "li@jb", "王芳", "a" * 64])
    def test_letters_digits_and_dot_underscore_dash_at_are_accepted(self, username: str) -> None:
        assert register(username).username == username

    def test_surrounding_blanks_are_dropped(self) -> None:
        assert register("  li.wei ").username == "li.wei"

    @pytest.mark.parametrize("username", ["l", "a" * 65, "li wei", "li/wei", "li;--", ""])
    def test_other_usernames_are_refused(self, username: str) -> None:
        with pytest.raises(InvalidInput) as refused:
            register(username)
        assert refused.value.field == "username"


class TestTeam:
    @pytest.mark.parametrize("code", ["JB", "PD", "PD2", "A1B2C3D4E5"])
    def test_a_team_code_is_2_to_10_capitals_or_digits_starting_with_a_letter(
        self, code: str
    ) -> None:
        team = Team.register(code, "Jinyang station", "Pudong", actor=OPERATOR, via=Via.API,
                             at=T0)
        assert (team.id, team.code) == (team_id(code), code)

    @pytest.mark.parametrize("code", ["J", "jb", "1AB", "J-B", "ABCDEFGHIJK", ""])
    def test_other_team_codes_are_refused(self, code: str) -> None:
        with pytest.raises(InvalidInput) as refused:
            Team.register(code, "Station", "Pudong", actor=OPERATOR, via=Via.API, at=T0)
        assert refused.value.field == "code"

    def test_a_team_has_a_name(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            Team.register("JB", " ", "Pudong", actor=OPERATOR, via=Via.API, at=T0)
        assert refused.value.field == "name"


class TestOrganisation:
    def test_an_organisation_has_a_name_and_a_kind(self) -> None:
        organisation = Organisation.register(ORG, "Sunflower Foundation",
                                             OrganisationKind.FOUNDATION, actor=OPERATOR,
                                             via=Via.API, at=T0)
        assert (organisation.id, organisation.kind) == (ORG, OrganisationKind.FOUNDATION)

    def test_an_organisation_without_a_name_is_refused(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            Organisation.register(ORG, "", OrganisationKind.NGO, actor=OPERATOR, via=Via.API,
                                  at=T0)
        assert refused.value.field == "name"

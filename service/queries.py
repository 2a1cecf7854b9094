"""Role-scoped reads over the views (docs/domain.md §1, §3).

A worker sees their team; a supervisor their team and the teams below it (decision
0030); an auditor everything; a partner only its
organisation's referrals, de-identified until accepted; an admin no case data.
Reads given `min_position` first wait (bounded) until the views have applied it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from uuid import UUID

from domain import normalise, policy, validation
from domain.case import Case
from domain.deadline_policy import DEFAULT_POLICY, DeadlinePolicy
from domain.deadlines import deadline_state, follow_up_overdue, follow_up_state
from domain.errors import NotFound, NotPermitted
from domain.tiers import TeamTree
from domain.values import Actor
from domain.vocabulary import CASE_SIDE_ROLES, OPEN_STATUSES, DeadlineState, Role
from projections.interfaces import (
    CASELOAD_POSITION,
    INTAKE_POSITION,
    CaseQuery,
    OpenProfile,
    ReferralQuery,
    Tokenizer,
    ViewReader,
)
from projections.rows import CaseRow, DailyCount, QueueRow, ReferralRow, TeamCounts
from service import audit, paging
from service.audit import AccessEntry, AccessLog, NoAccessLog
from service.clock import Clock
from service.listing_privacy import masked_row
from service.outcome_report import OutcomeReport, outcome_report
from service.partner_view import PartnerReferral, Referrer, partner_referral
from service.recent_intakes import RecentIntakes
from service.results import Dashboard, QueueItem, Rollup, WorkerLoad
from service.team_deadlines import (
    FixedDeadlines,
    TeamDeadlines,
    assign_limits,
    once_per_team,
)

READ_YOUR_WRITES_TIMEOUT = 2.0
_STATE_TEXT: dict[DeadlineState | None, str | None] = {
    None: None, **{state: state.value for state in DeadlineState}}
CaseLoader = Callable[[UUID], Case]
DASHBOARD_DAYS = 14
DUPLICATES_LIMIT = 20
BULK_TOKENS = 500  # tokens per query of a bulk duplicate look-up
Waiter = Callable[[int, float], bool]


@dataclass(frozen=True)
class Listing:
    items: list[QueueItem] | list[CaseRow] | list[ReferralRow]
    next_cursor: str | None
    fresh: bool = True


class CaseQueries:
    def __init__(self, reader: ViewReader, tokenizer: Tokenizer, clock: Clock,
                 timezone: tzinfo, waiter: Waiter, load_case: CaseLoader,
                 recent: RecentIntakes | None = None, *,
                 team_workers: Callable[[str | None], list[UUID]] | None = None,
                 access_log: AccessLog | None = None,
                 referrer: Callable[[str, UUID], Referrer | None] | None = None,
                 deadlines: TeamDeadlines | None = None,
                 team_tree: Callable[[], TeamTree] | None = None) -> None:
        self.reader = reader
        # The teams' deadlines (the deployment's overlaid by a team's own): asked once
        # per team and read, never per row (see `policies`).
        self.deadlines: TeamDeadlines = deadlines or FixedDeadlines()
        # The team tree now (decision 0030): dashboards roll it up.
        self.team_tree: Callable[[], TeamTree] = (
            team_tree if team_tree is not None else lambda: TeamTree.of(()))
        # Who referred a case (the team's name and duty phone, the worker's name), for
        # the partner's view of a referral.
        self.referrer = referrer
        # Cases this process opened that the views may not hold yet (duplicates).
        self.recent = recent
        self.load_case = load_case
        self.tokenizer = tokenizer
        self.clock = clock
        self.timezone = timezone
        # The active workers of a team (every team's for None), so that the dashboard
        # shows who has no case yet.
        self.team_workers: Callable[[str | None], list[UUID]] = (
            team_workers if team_workers is not None else lambda team: [])
        self.waiter = waiter
        # A partner shown a resident's contact details is recorded here.
        self.access_log: AccessLog = access_log if access_log is not None else NoAccessLog()

    def wait(self, min_position: int | None) -> bool:
        """True when the views have applied `min_position` (or none was asked for)."""
        if not min_position:
            return True
        return self.waiter(min_position, READ_YOUR_WRITES_TIMEOUT)

    def policies(self) -> Callable[[str], DeadlinePolicy]:
        """The teams' deadlines for one read: each team's asked for once."""
        return once_per_team(self.deadlines.deadline_policy)

    def today(self) -> date:
        return self.clock.now().astimezone(self.timezone).date()

    # queues ----------------------------------------------------------------
    def intake_queue(self, actor: Actor, *, team: str | None = None,
                     limit: int | None = None, cursor: str | None = None,
                     min_position: int | None = None, names: bool = False) -> Listing:
        """The team's intake queue (the caller's, or `team` in their scope: a team below
        a supervisor's); with `names`, the residents' names and request lines opened for
        the page (the web UI shows them; the API does not)."""
        if actor.role not in CASE_SIDE_ROLES or actor.team is None:
            raise NotPermitted("only workers and supervisors have an intake queue")
        team = team or actor.team
        if team not in actor.scope:
            raise NotFound("no such team")
        fresh = self.wait(min_position)
        size = paging.check_limit(limit)
        after = paging.position_from(cursor, "intake", INTAKE_POSITION)
        rows = self.reader.intake_queue(team, size + 1, after, names=names)
        return self._queue_page(rows, size, "intake", fresh)

    def caseload(self, actor: Actor, *, worker_id: UUID | None = None,
                 worker_team: str | None = None, limit: int | None = None,
                 cursor: str | None = None, min_position: int | None = None,
                 names: bool = False) -> Listing:
        """A worker's caseload: their own; a supervisor's team member's; any for an auditor
        (`names` as for the intake queue).

        `worker_team` is the team of `worker_id`, looked up by the caller (None if unknown).
        """
        target = worker_id or actor.id
        if actor.role is Role.AUDITOR:
            if worker_id is None:
                raise NotPermitted("an auditor has no caseload; name a worker_id")
        elif actor.role in CASE_SIDE_ROLES:
            if target != actor.id:
                if actor.role is not Role.SUPERVISOR:
                    raise NotPermitted("only a supervisor reads another worker's caseload")
                if worker_team not in actor.scope:
                    raise NotFound("no such worker")
        else:
            raise NotPermitted("only workers, supervisors and auditors read caseloads")
        fresh = self.wait(min_position)
        size = paging.check_limit(limit)
        after = paging.position_from(cursor, "caseload", CASELOAD_POSITION)
        rows = self.reader.caseload(target, self.today(), size + 1, after, names=names)
        return self._queue_page(rows, size, "caseload", fresh)

    def _queue_page(self, rows: list[QueueRow], size: int, kind: str,
                    fresh: bool) -> Listing:
        """A page of a queue; the cursor is the last row's place in the queue's order, so
        the next page starts right after it however the rows before it moved meanwhile."""
        now = self.clock.now()
        today = self.today()
        page = rows[:size]
        policies = self.policies()
        items = [self.queue_item(row, now, today, policies(row.team)) for row in page]
        overdue = self.reader.open_task_overdue_counts([item.case_id for item in items], now)
        for item in items:
            item.overdue_tasks = overdue.get(item.case_id, 0)
        next_cursor = None
        if len(rows) > size:
            next_cursor = paging.encode_cursor(kind, list(page[-1].position))
        return Listing(items, next_cursor, fresh)

    def queue_item(self, row: QueueRow, now: datetime, today: date,
                   policy: DeadlinePolicy = DEFAULT_POLICY) -> QueueItem:
        """The row with its deadline state by its team's `policy`: a time to assign is
        reckoned now from when it began waiting (the stored `assign_due` only says that
        it waits), so a team's new deadlines apply to the cases already waiting."""
        overdue = follow_up_overdue(row.follow_up_due, today)
        state: DeadlineState | None
        assign_due = None
        if row.assign_due is not None:
            assign_due = policy.assign_due(row.waiting_since, row.risk)
            state = deadline_state(row.waiting_since, assign_due, now)
        elif row.follow_up_due is not None:
            state = follow_up_state(row.follow_up_set_at, row.follow_up_due, now, self.timezone,
                                    policy.follow_up_warning)
        else:
            state = None
        return QueueItem(
            row.case_id, row.reference, row.status, row.risk, row.needs, row.vulnerabilities,
            row.opened_at, row.follow_up_due, overdue, row.assigned_worker_id, row.team,
            row.waiting_since, assign_due, _STATE_TEXT[state], row.duplicates,
            row.version, row.resident_name, row.request_line)

    def caseload_counts(self, actor: Actor, team: str | None = None) -> dict[UUID, int]:
        """Open cases per worker of the supervisor's team (or of `team`, one below it):
        what the assign control shows beside each name."""
        if actor.role is not Role.SUPERVISOR or actor.team is None:
            raise NotPermitted("only a supervisor assigns")
        team = team or actor.team
        if team not in actor.scope:
            raise NotFound("no such team")
        return self.reader.open_caseload_counts(team)

    # case list and search --------------------------------------------------
    def search(self, actor: Actor, query: CaseQuery, *, limit: int | None = None,
               cursor: str | None = None, min_position: int | None = None,
               below: bool = False) -> Listing:
        """The cases the caller may read that match `query`; with `below`, `query.team`
        and every team under it (decision 0030)."""
        policy.require_sees_cases(actor)  # a volunteer: no case is there (404)
        if actor.role is Role.AUDITOR:
            teams: tuple[str, ...] | None = None
        elif actor.role in CASE_SIDE_ROLES and actor.team is not None:
            teams = tuple(sorted(actor.scope))
        else:
            raise NotPermitted("this role reads no case list")
        if below and query.team is not None:
            subtree = self.team_tree().subtree(query.team)
            teams = tuple(t for t in subtree if teams is None or t in teams)
            query = replace(query, team=None)
        fresh = self.wait(min_position)
        size = paging.check_limit(limit)
        after = paging.pair_from(cursor, "cases")
        q = validation.optional_text("q", normalise.fold(query.q) if query.q else query.q,
                                     max_len=validation.NAME_MAX)
        tokens = self.tokenizer.query_tokens(q) if q else ()
        scoped = replace(query, q=q, tokens=tokens, teams=teams,
                         assign_limits=assign_limits(self.deadlines, query.assign_due_by, teams))
        rows = self.reader.cases(scoped, size + 1, after)
        page = rows[:size]
        next_cursor = None
        if len(rows) > size:
            last = page[-1]
            next_cursor = paging.encode_cursor("cases", [_t(last.opened_at), str(last.case_id)])
        if actor.role is Role.AUDITOR:  # a list is no read of a case: names masked
            page = [masked_row(row) for row in page]
        return Listing(page, next_cursor, fresh)

    def possible_duplicates(self, actor: Actor, phone: str | None, id_number: str | None, *,
                            exclude: UUID | None = None) -> list[CaseRow]:
        """Open cases of the caller's team with the same full phone or ID number
        (docs/domain.md §2.5).

        Matched on the full phone's token and the ID number's token only, never on the
        last four digits, through the views' token index and without waiting for them:
        an intake answers as fast with 20,000 cases in the team as with none. Two
        intakes of one phone in the same instant may miss each other here; the case
        projection then marks both (`CaseRow.duplicates`).
        """
        if actor.role not in CASE_SIDE_ROLES or actor.team is None:
            raise NotPermitted("only workers and supervisors look for duplicates")
        tokens = self.tokenizer.match_tokens(phone, id_number)
        if not tokens:
            return []
        applied = self.reader.position()
        rows = self.reader.open_cases_with_tokens(actor.team, tokens, DUPLICATES_LIMIT + 1)
        if self.recent is not None:
            stored = {row.case_id for row in rows}
            rows = [row for row in self.recent.matching(actor.team, tokens, applied)
                    if row.case_id not in stored] + rows
        return [row for row in rows if row.case_id != exclude][:DUPLICATES_LIMIT]

    def duplicates_finder(self, actor: Actor, tokens: Collection[str]
                          ) -> Callable[[tuple[str, ...]], list[CaseRow]]:
        """`possible_duplicates` for many intakes at once (a bulk import): the open cases
        of the caller's team holding any of `tokens` (each intake's `match_tokens`) are
        read in a few queries; the function returned answers one intake's tokens from
        them and from the intakes not yet in the views."""
        if actor.role not in CASE_SIDE_ROLES or actor.team is None:
            raise NotPermitted("only workers and supervisors look for duplicates")
        team, wanted = actor.team, sorted(set(tokens))
        applied = self.reader.position()
        by_token: dict[str, list[CaseRow]] = {}
        for start in range(0, len(wanted), BULK_TOKENS):
            chunk = tuple(wanted[start:start + BULK_TOKENS])
            for row in self.reader.open_cases_with_tokens(team, chunk, len(chunk) * 10):
                for token in row.tokens & set(chunk):
                    by_token.setdefault(token, []).append(row)

        def find(match: tuple[str, ...]) -> list[CaseRow]:
            found = {row.case_id: row for t in match for row in by_token.get(t, ())}
            if self.recent is not None and match:
                for row in self.recent.matching(team, match, applied):
                    found.setdefault(row.case_id, row)
            return list(found.values())[:DUPLICATES_LIMIT]

        return find

    def incoming_transfers(self, actor: Actor, *,
                           min_position: int | None = None) -> list[IncomingTransfer]:
        """Cases of other teams whose pending transfer would bring them to the caller's
        team: what its supervisor may accept or decline (docs/domain.md §2), with what they need to
        decide (who asks, when and why), read from the case itself."""
        if actor.role is not Role.SUPERVISOR or actor.team is None:
            raise NotPermitted("only a supervisor decides transfers to their team")
        self.wait(min_position)
        query = CaseQuery(status=OPEN_STATUSES, pending_transfer_to=actor.team)
        offers = []
        for row in self.reader.cases(query, paging.MAX_LIMIT, None):
            case = self.load_case(row.case_id)
            request = case.pending_transfer
            if request is None or request.to_team != actor.team:
                continue  # decided since the views looked
            offers.append(IncomingTransfer(row, request.requested_by, request.requested_at,
                                           case.transfer_personal.get("reason") or ""))
        return offers

    # dashboard ---------------------------------------------------------------
    def dashboard(self, actor: Actor, team: str | None = None, *,
                  min_position: int | None = None) -> Dashboard:
        if actor.role is Role.SUPERVISOR:
            team = team or actor.team
            if team not in actor.scope:
                raise NotFound("no such team")
        elif actor.role is not Role.AUDITOR:
            raise NotPermitted("only supervisors and auditors see the team dashboard")
        self.wait(min_position)
        today = self.today()
        now = self.clock.now()
        loads: dict[UUID, WorkerLoad] = {}
        for row in self.reader.open_assigned(team):
            assert row.assigned_worker_id is not None
            load = loads.setdefault(row.assigned_worker_id,
                                    WorkerLoad(row.assigned_worker_id, 0, 0))
            load.open_cases += 1
            if follow_up_overdue(row.follow_up_due, today):
                load.overdue += 1
        unassigned = self.reader.unassigned(team)
        by_risk = {"critical": 0, "high": 0, "medium": 0, "low": 0, "unassessed": 0}
        breached = 0
        policies = self.policies()
        for row in unassigned:
            by_risk[row.risk.value if row.risk else "unassessed"] += 1
            if (row.assign_due is not None
                    and policies(row.team).assign_due(row.waiting_since, row.risk) <= now):
                breached += 1
        since = today - timedelta(days=DASHBOARD_DAYS - 1)
        counted = {d.day: d for d in self.reader.daily(team, since)}
        per_day = [counted.get(since + timedelta(days=i),
                               DailyCount(team or "", since + timedelta(days=i)))
                   for i in range(DASHBOARD_DAYS)]
        for worker_id in self.team_workers(team):  # the idle ones count too
            loads.setdefault(worker_id, WorkerLoad(worker_id, 0, 0))
        workers = sorted(loads.values(), key=lambda w: (-w.open_cases, str(w.worker_id)))
        board = Dashboard(team=team, workers=workers, unassigned_by_risk=by_risk,
                          per_day=per_day, overdue_total=sum(w.overdue for w in workers),
                          breached_unassigned=breached,
                          breakdowns=breakdowns(self.reader.open_profile(team)))
        if team is not None:
            board.rollup = self.rollup(team, today, now, since)
        return board

    def rollup(self, team: str, today: date, now: datetime, since: date) -> Rollup:
        """The team's own figures, each team's below it, and their sum (decision 0030)."""
        subtree = self.team_tree().subtree(team)
        # breached as the dashboard counts it: by each team's own time to assign
        counted = self.reader.team_counts(subtree, today, since,
                                          assign_limits(self.deadlines, now, subtree))
        rows = [counted.get(code) or TeamCounts(code) for code in subtree]
        total = TeamCounts(team)
        for row in rows:
            total.add(row)
        return Rollup(rows, total)

    # referrals ---------------------------------------------------------------
    def referrals(self, actor: Actor, *, status: tuple[object, ...] = (),
                  organisation_id: UUID | None = None, limit: int | None = None,
                  cursor: str | None = None, min_position: int | None = None) -> Listing:
        query = self._referral_scope(actor, organisation_id)
        fresh = self.wait(min_position)
        size = paging.check_limit(limit)
        after = paging.pair_from(cursor, "referrals")
        scoped = ReferralQuery(organisation_id=query.organisation_id, teams=query.teams,
                               status=tuple(status))  # type: ignore[arg-type]
        rows = self.reader.referrals(scoped, size + 1, after)
        page = rows[:size]
        next_cursor = None
        if len(rows) > size:
            last = page[-1]
            next_cursor = paging.encode_cursor("referrals",
                                               [_t(last.sent_at), str(last.referral_id)])
        return Listing(page, next_cursor, fresh)

    def referral(self, actor: Actor, referral_id: UUID) -> ReferralRow:
        row = self.reader.referral_row(referral_id)
        if row is None:
            raise NotFound("no such referral")
        scope = self._referral_scope(actor, None)
        if scope.organisation_id is not None and row.organisation_id != scope.organisation_id:
            raise NotFound("no such referral")
        if scope.teams is not None and row.team not in scope.teams:
            raise NotFound("no such referral")
        return row

    def referral_detail(self, actor: Actor, referral_id: UUID) -> PartnerReferral:
        """A referral with the request de-identified, and contact details while the
        referral is accepted and not completed."""
        return self.partner_view(actor, self.referral(actor, referral_id))

    def partner_view(self, actor: Actor, row: ReferralRow) -> PartnerReferral:
        """The partner's view of a referral row the caller may see (scope checked by
        `referral` or `referrals`); showing contact details is recorded."""
        case = self.load_case(row.case_id)
        referral = case.referrals.get(row.referral_id)
        referrer = (self.referrer(case.team, referral.sent_by)
                    if self.referrer is not None and referral is not None else None)
        view = partner_referral(case, row, referrer)
        if view.contact is not None:
            self.access_log.record(AccessEntry(case_id=row.case_id, at=self.clock.now(),
                                               actor_id=actor.id, actor_role=actor.role,
                                               what=audit.REFERRAL_CONTACT,
                                               team=row.team))
        return view

    def outcome_report(self, actor: Actor, *, organisation_id: UUID | None = None,
                       sent_from: datetime | None = None, sent_to: datetime | None = None,
                       min_position: int | None = None) -> OutcomeReport:
        scope = self._referral_scope(actor, organisation_id)
        self.wait(min_position)
        query = ReferralQuery(organisation_id=scope.organisation_id, teams=scope.teams,
                              sent_from=sent_from, sent_to=sent_to)
        return outcome_report(self.reader.referral_rows(query), self.timezone)

    def _referral_scope(self, actor: Actor, organisation_id: UUID | None) -> ReferralQuery:
        if actor.role is Role.PARTNER:
            if organisation_id is not None and organisation_id != actor.organisation_id:
                raise NotFound("no such organisation")
            return ReferralQuery(organisation_id=actor.organisation_id)
        if actor.role is Role.AUDITOR:
            return ReferralQuery(organisation_id=organisation_id)
        if actor.role in CASE_SIDE_ROLES and actor.team is not None:
            return ReferralQuery(organisation_id=organisation_id,
                                 teams=tuple(sorted(actor.scope)))
        raise NotPermitted("this role reads no referrals")


BREAKDOWNS = ("street", "community", "vulnerability", "need", "channel")


def breakdowns(cases: Iterator[OpenProfile]) -> dict[str, dict[str, int]]:
    """Open cases by street, community, vulnerability, need and channel, each largest
    first (then by name); a case with several vulnerabilities or needs counts under each."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in BREAKDOWNS}
    for case in cases:
        counts["street"][case.street] += 1
        counts["community"][case.community] += 1
        counts["channel"][case.channel.value] += 1
        counts["vulnerability"].update(v.value for v in case.vulnerabilities)
        counts["need"].update(n.value for n in case.needs)
    return {name: dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))
            for name, found in counts.items()}


@dataclass(frozen=True)
class IncomingTransfer:
    row: CaseRow
    requested_by: UUID
    requested_at: datetime
    reason: str


def _t(value: datetime) -> str:
    """The views' sortable time text (UTC, microseconds), as cursors carry it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")

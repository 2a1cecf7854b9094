"""The view tables: one DDL for SQLite and PostgreSQL (portable types only)."""

from __future__ import annotations

from dataclasses import dataclass

CASE_COLUMNS = (
    "case_id", "reference", "team", "status", "channel", "opened_at", "waiting_since",
    "version", "updated_at", "risk", "triage_rank", "risk_rank", "needs", "vulnerabilities",
    "assigned_worker_id", "follow_up_due", "follow_up_set_at", "assign_due", "closed_at", "outcome",
    "pending_transfer_to", "district", "birth_year", "name_tokens", "phone_tokens", "id_tokens",
    "duplicates", "summary", "street", "community",
)
REFERRAL_COLUMNS = (
    "referral_id", "case_id", "reference", "organisation_id", "team", "status", "service",
    "sent_at", "respond_by", "district", "age_band", "vulnerabilities", "needs", "accepted_at",
    "answered_at", "completed_at", "closed_at", "outcome", "value_cny", "people_helped",
    "note",
)
TASK_COLUMNS = (
    "task_id", "case_id", "reference", "team", "version", "kind", "status", "due_by",
    "repeat", "created_at", "created_by", "offered_to", "pool", "volunteer_id", "offered_at",
    "accepted_at", "completed_at", "done_at", "done_month", "minutes", "previous_id",
    "district", "street", "community", "summary",
)
# Task statuses as literals, for partial indexes (decision 0032).
OPEN_TASK_WHERE = "status IN ('open', 'offered', 'accepted')"
DONE_TASK_WHERE = "status = 'completed'"
NOTIFICATION_COLUMNS = (
    "notification_id", "user_id", "kind", "case_id", "reference", "at", "team",
    "referral_id", "detail", "is_read",
)
# Columns of the cases table added after stores were first made: SqlViewStore.create
# adds each one missing from an existing table.
# A store made before street and community were columns shows them empty until
# `casework rebuild-projections` fills them from the events.
ADDED_CASE_COLUMNS = {"duplicates": "TEXT NOT NULL DEFAULT ''",
                      "summary": "TEXT NOT NULL DEFAULT ''",
                      "street": "TEXT NOT NULL DEFAULT ''",
                      "community": "TEXT NOT NULL DEFAULT ''"}
ADDED_REFERRAL_COLUMNS = {"note": "TEXT NOT NULL DEFAULT ''"}
# Which notifications each user has read: outside the rebuildable tables (a user's own
# act, not an event), by the notifications' deterministic ids, so a rebuild keeps them.
NOTIFICATION_READS = "cw_notification_reads"
NOTIFICATION_READS_DDL = f"""CREATE TABLE IF NOT EXISTS {NOTIFICATION_READS} (
    user_id TEXT NOT NULL, notification_id TEXT NOT NULL, read_at TEXT NOT NULL,
    PRIMARY KEY (user_id, notification_id))"""
TRACKING_NAME = "views"
# Queue membership (docs/domain.md §3), with the statuses as literals so partial indexes apply.
INTAKE_WHERE = "status IN ('intake', 'assessed') AND assigned_worker_id IS NULL"
CASELOAD_WHERE = "status IN ('active', 'pending_closure')"
# Caseload rows with no risk or no follow-up date: none the domain makes (an active case
# has been assessed), read apart so that the ordered indexes need no NULL handling.
CASELOAD_ODD = "(risk_rank < 0 OR follow_up_due IS NULL)"
POINTER_TABLE = "cw_views"  # which set of tables is live: (name 'live', prefix)
PREFIXES = ("cw_a_", "cw_b_")
POINTER_DDL = f"""CREATE TABLE IF NOT EXISTS {POINTER_TABLE} (
    name TEXT PRIMARY KEY, prefix TEXT NOT NULL)"""


def other_prefix(prefix: str) -> str:
    return PREFIXES[1] if prefix == PREFIXES[0] else PREFIXES[0]


@dataclass(frozen=True)
class Tables:
    """Names of one set of view tables. Two sets exist: the live one, and the one a
    rebuild fills before the pointer moves to it."""

    prefix: str = PREFIXES[0]

    @property
    def cases(self) -> str:
        return f"{self.prefix}cases"

    @property
    def referrals(self) -> str:
        return f"{self.prefix}referrals"

    @property
    def daily(self) -> str:
        return f"{self.prefix}daily"

    @property
    def notifications(self) -> str:
        return f"{self.prefix}notifications"

    @property
    def tasks(self) -> str:
        return f"{self.prefix}tasks"

    @property
    def tracking(self) -> str:
        return f"{self.prefix}tracking"

    @property
    def tokens(self) -> str:
        return f"{self.prefix}case_tokens"

    def all(self) -> tuple[str, ...]:
        return (self.cases, self.referrals, self.daily, self.tracking, self.tokens,
                self.notifications, self.tasks)

    def ddl(self) -> list[str]:
        return [*self.table_ddl(), *self.index_ddl()]

    def table_ddl(self) -> list[str]:
        """The tables with their keys; a rebuild fills them before it adds the rest of
        the indexes (one sorted build each instead of a random insert per row)."""
        return [
            f"""CREATE TABLE IF NOT EXISTS {self.cases} (
                case_id TEXT PRIMARY KEY, reference TEXT NOT NULL, team TEXT NOT NULL,
                status TEXT NOT NULL, channel TEXT NOT NULL, opened_at TEXT NOT NULL,
                waiting_since TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
                risk TEXT, triage_rank INTEGER NOT NULL, risk_rank INTEGER NOT NULL,
                needs TEXT NOT NULL, vulnerabilities TEXT NOT NULL, assigned_worker_id TEXT,
                follow_up_due TEXT, follow_up_set_at TEXT, assign_due TEXT, closed_at TEXT,
                outcome TEXT,
                pending_transfer_to TEXT, district TEXT NOT NULL, birth_year INTEGER,
                name_tokens TEXT NOT NULL, phone_tokens TEXT NOT NULL, id_tokens TEXT NOT NULL,
                duplicates TEXT NOT NULL DEFAULT '',
                summary TEXT NOT NULL DEFAULT '',
                street TEXT NOT NULL DEFAULT '', community TEXT NOT NULL DEFAULT '')""",
            # Every search token of a case, so that a look-up by name, phone or ID number
            # reads the few cases that match instead of scanning the team's cases.
            f"""CREATE TABLE IF NOT EXISTS {self.tokens} (
                token TEXT NOT NULL, case_id TEXT NOT NULL, opened_at TEXT NOT NULL,
                PRIMARY KEY (token, case_id))""",
            f"""CREATE TABLE IF NOT EXISTS {self.referrals} (
                referral_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, reference TEXT NOT NULL,
                organisation_id TEXT NOT NULL, team TEXT NOT NULL, status TEXT NOT NULL,
                service TEXT NOT NULL, sent_at TEXT NOT NULL, respond_by TEXT NOT NULL,
                district TEXT NOT NULL, age_band TEXT, vulnerabilities TEXT NOT NULL,
                needs TEXT NOT NULL, accepted_at TEXT, answered_at TEXT, completed_at TEXT,
                closed_at TEXT, outcome TEXT, value_cny TEXT, people_helped INTEGER,
                note TEXT NOT NULL DEFAULT '')""",
            # Tasks (decision 0032); `summary` holds the texts sealed under the case's key.
            f"""CREATE TABLE IF NOT EXISTS {self.tasks} (
                task_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, reference TEXT NOT NULL,
                team TEXT NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL,
                status TEXT NOT NULL, due_by TEXT NOT NULL, repeat TEXT,
                created_at TEXT NOT NULL, created_by TEXT NOT NULL, offered_to TEXT,
                pool INTEGER NOT NULL, volunteer_id TEXT, offered_at TEXT, accepted_at TEXT,
                completed_at TEXT, done_at TEXT, done_month TEXT, minutes INTEGER,
                previous_id TEXT, district TEXT NOT NULL, street TEXT NOT NULL,
                community TEXT NOT NULL, summary TEXT NOT NULL)""",
            f"""CREATE TABLE IF NOT EXISTS {self.notifications} (
                notification_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, kind TEXT NOT NULL,
                case_id TEXT NOT NULL, reference TEXT NOT NULL, at TEXT NOT NULL,
                team TEXT NOT NULL, referral_id TEXT, detail TEXT NOT NULL,
                is_read INTEGER NOT NULL)""",
            f"""CREATE TABLE IF NOT EXISTS {self.daily} (
                team TEXT NOT NULL, day TEXT NOT NULL, opened INTEGER NOT NULL,
                closed INTEGER NOT NULL, PRIMARY KEY (team, day))""",
            f"""CREATE TABLE IF NOT EXISTS {self.tracking} (
                name TEXT PRIMARY KEY, position BIGINT NOT NULL)""",
            # The row exists from the start, so a runner can always lock it.
            f"""INSERT INTO {self.tracking} (name, position) VALUES ('{TRACKING_NAME}', 0)
                ON CONFLICT (name) DO NOTHING""",
        ]

    def index_ddl(self) -> list[str]:
        """The indexes the reads need beyond the keys (the projection's own look-ups
        need only the keys)."""
        p = self.prefix
        return [
            # A token's newest cases first: a phone shared by a whole street still
            # costs a duplicate look-up a few rows.
            f"""CREATE INDEX IF NOT EXISTS {p}case_tokens_newest
                ON {self.tokens} (token, opened_at, case_id)""",
            f"CREATE UNIQUE INDEX IF NOT EXISTS {p}cases_reference ON {self.cases} (reference)",
            f"""CREATE INDEX IF NOT EXISTS {p}cases_queue
                ON {self.cases} (team, status, triage_rank, waiting_since)""",
            f"""CREATE INDEX IF NOT EXISTS {p}cases_worker
                ON {self.cases} (assigned_worker_id, status)""",
            f"CREATE INDEX IF NOT EXISTS {p}cases_opened ON {self.cases} (opened_at, case_id)",
            *self.queue_ddl(),
            f"""CREATE INDEX IF NOT EXISTS {p}referrals_org
                ON {self.referrals} (organisation_id, sent_at)""",
            f"CREATE INDEX IF NOT EXISTS {p}referrals_case ON {self.referrals} (case_id)",
            *self.task_ddl(),
            # The header's count: an index of each user's unread ones only.
            f"""CREATE INDEX IF NOT EXISTS {p}notifications_unread
                ON {self.notifications} (user_id) WHERE is_read = 0""",
            f"""CREATE INDEX IF NOT EXISTS {p}notifications_user
                ON {self.notifications} (user_id, at, notification_id)""",
        ]

    def task_ddl(self) -> list[str]:
        """The task reads' indexes (decision 0032): a volunteer's own and the tasks offered
        to them, a team's by status, a case's open ones by due time (the caseload's
        overdue count, a worker's today), the completed ones by when they were done (the
        hours report: by team, by volunteer, or all)."""
        p, t = self.prefix, self.tasks
        return [
            f"CREATE INDEX IF NOT EXISTS {p}tasks_volunteer ON {t} (volunteer_id, due_by, task_id)",
            f"CREATE INDEX IF NOT EXISTS {p}tasks_offered ON {t} (offered_to, status, due_by)",
            f"""CREATE INDEX IF NOT EXISTS {p}tasks_team
                ON {t} (team, status, due_by, task_id)""",
            f"CREATE INDEX IF NOT EXISTS {p}tasks_due ON {t} (due_by, task_id)",
            f"""CREATE INDEX IF NOT EXISTS {p}tasks_case_open
                ON {t} (case_id, due_by) WHERE {OPEN_TASK_WHERE}""",
            f"""CREATE INDEX IF NOT EXISTS {p}tasks_done_team
                ON {t} (team, done_at) WHERE {DONE_TASK_WHERE}""",
            f"""CREATE INDEX IF NOT EXISTS {p}tasks_done_volunteer
                ON {t} (volunteer_id, done_at) WHERE {DONE_TASK_WHERE}""",
            f"""CREATE INDEX IF NOT EXISTS {p}tasks_done
                ON {t} (done_at) WHERE {DONE_TASK_WHERE}""",
        ]

    def queue_ddl(self) -> list[str]:
        """Indexes in the queues' own orders (docs/domain.md §3), partial on the queues' statuses
        written as literals: the queries in queue_reads.py repeat these WHERE clauses word
        for word, which is what lets SQLite's planner use a partial index."""
        p = self.prefix
        return [
            f"""CREATE INDEX IF NOT EXISTS {p}cases_intake
                ON {self.cases} (team, triage_rank, waiting_since, case_id)
                WHERE {INTAKE_WHERE}""",
            f"""CREATE INDEX IF NOT EXISTS {p}cases_overdue
                ON {self.cases} (assigned_worker_id, follow_up_due, risk_rank DESC,
                                 opened_at, case_id)
                WHERE {CASELOAD_WHERE}""",
            f"""CREATE INDEX IF NOT EXISTS {p}cases_caseload
                ON {self.cases} (assigned_worker_id, risk_rank, follow_up_due, opened_at,
                                 case_id)
                WHERE {CASELOAD_WHERE}""",
            # (worker, status) like cases_worker, so SQLite's planner, with no statistics,
            # prefers this far smaller partial index for the odd rows.
            f"""CREATE INDEX IF NOT EXISTS {p}cases_caseload_odd
                ON {self.cases} (assigned_worker_id, status)
                WHERE {CASELOAD_WHERE} AND {CASELOAD_ODD}""",
        ]

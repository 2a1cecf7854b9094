"""The six kinds of request of a round, as wrk loads: paths, bodies, tokens.

Casework and the twin hold the same case ids, so the note and assessment paths are the
same files for both (the bare app answers any path).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote
from uuid import UUID

from tests.benchmarks.surge import residents as r
from tests.benchmarks.surge.wrk import Load

SEARCHES = 500
LOGIN_CONNECTIONS = 4  # Casework refuses a 5th log-in in flight from one address (429)


def intake_body() -> str:
    """An intake whose resident is new every request: wrk replaces @U@."""
    return json.dumps({
        "team": r.TEAM, "channel": "hotline",
        "resident": {"name": "浪涌居民@U@", "phone": "1@U@", "id_number": "SG@U@",
                     "birth_year": 1948, "gender": "female",
                     "address": {"district": "测试区", "street": "测试街道",
                                 "community": "测试社区", "detail": "3栋2单元"},
                     "lives_alone": True},
        "vulnerabilities": ["older_person", "in_quarantine"], "needs": ["medication"],
        "request": "封控在家,降压药只剩两天的量", "consent": {"given": True, "method": "verbal"},
    }, ensure_ascii=False)


def assessment_body(today: date) -> str:
    return json.dumps({"risk": "medium", "needs": ["medication", "food"], "notes": None,
                       "plan": "联系社区医院代购药品,志愿者送达",
                       "follow_up_due": (today + timedelta(days=2)).isoformat()},
                      ensure_ascii=False)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def loads(work: Path, case_ids: list[UUID], token: str, today: date) -> dict[str, Load]:
    """The loads of one target, given its worker's bearer token."""
    rng = random.Random(8)  # noqa: S311  (which residents to search for: not secret)
    picked = rng.sample(range(len(case_ids)), min(SEARCHES, len(case_ids)))
    searches = []
    for n, i in enumerate(picked):
        person = r.resident(i)
        said = person.phone if n % 2 == 0 else person.name
        searches.append(f"/api/v1/cases?q={quote(said)}&limit=50")
    logins = [json.dumps({"username": u, "password": r.PASSWORD})
              for u in (*r.WORKERS, r.SUPERVISOR)]
    paths = {
        "intake": write_lines(work / "intake.txt", ["/api/v1/cases"]),
        "note": write_lines(work / "note.txt", [f"/api/v1/cases/{c}/notes" for c in case_ids]),
        "assess": write_lines(work / "assess.txt",
                              [f"/api/v1/cases/{c}/assess" for c in case_ids]),
        "queue": write_lines(work / "queue.txt", ["/api/v1/queues/intake?limit=50"]),
        "search": write_lines(work / "search.txt", searches),
        "login": write_lines(work / "login.txt", ["/api/v1/auth/login"]),
    }
    return {
        "intake": Load("POST", paths["intake"], body=intake_body(), token=token),
        "note": Load("POST", paths["note"], body=json.dumps(
            {"text": "电话回访:药已送到,老人情况稳定"}, ensure_ascii=False), token=token),
        "assess": Load("POST", paths["assess"], body=assessment_body(today), token=token),
        "queue": Load("GET", paths["queue"], token=token),
        "search": Load("GET", paths["search"], token=token),
        "login": Load("POST", paths["login"],
                      bodies=write_lines(work / "login-bodies.txt", logins),
                      connections=LOGIN_CONNECTIONS),
    }

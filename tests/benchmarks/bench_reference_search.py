"""Benchmark of the search by the start of a reference (issue 12 item 4): "jb-2022-01",
"JB-2022-4", on a team of tens of thousands of cases, on SQLite and PostgreSQL.

    uv run python -m tests.benchmarks.bench_reference_search [--cases 30000] [--store both]

The case view is filled directly (tests/benchmarks/queue_seed.py, references
JB-2022-000000 …); each search runs through the service (CaseQueries.search, as the
case list page does) as an auditor. Prints the median and the 90th percentile of each
and how many cases it found; beside them the whole reference and the number said alone
("42": a LIKE over the references, as before). It asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from uuid import uuid4

from adapters.logging import configure_logging
from domain.values import Actor
from domain.vocabulary import Role
from projections.interfaces import CaseQuery
from service.clock import FixedClock
from service.queries import CaseQueries
from tests.benchmarks.queue_seed import START, container_for, drop_schema, fill, settle

AUDITOR = Actor(uuid4(), Role.AUDITOR)
SEARCHES = ("JB-2022-012345", "jb-2022-01234", "jb-2022-0123", "JB-2022-4", "42")


def main() -> None:
    configure_logging("warning")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=30_000)
    parser.add_argument("--reads", type=int, default=100)
    parser.add_argument("--store", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    for store in (("sqlite", "postgres") if args.store == "both" else (args.store,)):
        container = container_for(store, FixedClock(START))
        try:
            fill(container.views, 0, args.cases, uuid4())
            settle(container)
            print(f"{store}: {args.cases} cases")
            for q in SEARCHES:
                def read(q: str = q, queries: CaseQueries = container.queries) -> int:
                    return len(queries.search(AUDITOR, CaseQuery(q=q), limit=50).items)
                shown = read()
                spent = []
                for _ in range(args.reads):
                    started = time.perf_counter()
                    read()
                    spent.append((time.perf_counter() - started) * 1000)
                p90 = statistics.quantiles(spent, n=10)[-1]
                print(f"  q={q!r:<18} {shown:>3} shown   median "
                      f"{statistics.median(spent):6.2f} ms   p90 {p90:6.2f} ms")
        finally:
            drop_schema(container)
            container.close()


if __name__ == "__main__":
    main()

"""Rebuild rate on a store shaped like the surge benchmark's (one team, each case a
different resident: an intake, most assessed, some claimed).

    uv run --frozen python -m tests.benchmarks.bench_rebuild [--cases 20000] [--rounds 3]

Loads the store once (kept in /tmp between runs of the same size), then rebuilds every
read model `--rounds` times on a copy and prints events per second of wall time and
per second of this process's CPU time (the CPU figure moves less when other work runs
on the machine). Baseline beside it: the live runner catching up from zero on the same
store. Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from adapters.bootstrap import build
from adapters.logging import configure_logging
from adapters.projection.rebuild import rebuild
from adapters.settings import Settings
from projections.cases import CaseProjection
from tests.benchmarks.surge.load import load_casework


def store_copy(cases: int) -> Path:
    base = Path(tempfile.gettempdir()) / f"casework-bench-rebuild-{cases}"
    if not (base / "views.sqlite").exists():
        shutil.rmtree(base, ignore_errors=True)
        load_casework(Settings(data_dir=base, demo=False), cases, lambda _: None)
    copy = Path(tempfile.mkdtemp(prefix="casework-rebuild-"))
    shutil.rmtree(copy)
    shutil.copytree(base, copy)
    return copy


def main() -> None:
    configure_logging("warning")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data_dir = store_copy(args.cases)
    settings = Settings(data_dir=data_dir, demo=False)
    container = build(settings)
    try:
        def projection() -> CaseProjection:
            return CaseProjection(container.tokenizer, settings.tz,
                                  container.runner.projection.load_case)

        for n in range(1, args.rounds + 1):
            wall, cpu = time.perf_counter(), time.process_time()
            done = rebuild(container.cases_app, container.views, projection)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"rebuild {n}: {done.events:,} events, {done.events / wall:,.0f}/s wall, "
                  f"{done.events / cpu:,.0f}/s of CPU")
        container.views.drop(container.views.live_tables())
        container.views.create(container.views.live_tables())
        wall, cpu = time.perf_counter(), time.process_time()
        caught = container.runner.catch_up()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"baseline, live runner catching up from zero: {caught:,} events, "
              f"{caught / wall:,.0f}/s wall, {caught / cpu:,.0f}/s of CPU")
    finally:
        container.close()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

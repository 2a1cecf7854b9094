"""The measuring part of `casework bench`: alternating wrk rounds against the three
servers, the lag probe, the 1,000-event case, memory, and the rebuild."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adapters.bootstrap import build
from adapters.projection.rebuild import rebuild
from adapters.settings import Settings
from projections.cases import CaseProjection
from tests.benchmarks.surge import kinds, probes, report, wrk
from tests.benchmarks.surge import residents as r
from tests.benchmarks.surge.load import BIG_CASE_EVENTS, Loaded
from tests.benchmarks.surge.servers import Server

if TYPE_CHECKING:
    from tests.benchmarks.surge.runner import Options

WARN_NON2XX = 0.01  # a round with more than 1 % non-2xx answers is reported
WARM_UP_SECONDS = 2.0


@dataclass
class Servers:
    casework: Server
    crud: Server
    bare: Server

    def all(self) -> list[Server]:
        return [self.casework, self.crud, self.bare]

    def by_target(self) -> dict[str, Server]:
        return {"casework": self.casework, "crud": self.crud, "bare": self.bare}


class Bench:
    def __init__(self, options: Options, servers: Servers, loaded: Loaded, work: Path,
                 say: Callable[[str], None]) -> None:
        self.options = options
        self.servers = servers
        self.loaded = loaded
        self.work = work
        self.say = say
        self.broken: list[str] = []
        self.warnings: list[str] = []
        self.settled = {t: 0.0 for t in report.TARGETS}

    def run(self, settings: Settings) -> dict[str, Any]:
        o = self.options
        assert o.rounds is not None
        assert o.seconds is not None
        targets = self.servers.by_target()
        tokens = {"casework": probes.log_in(targets["casework"].url, r.WORKERS[0], r.PASSWORD),
                  "crud": probes.log_in(targets["crud"].url, r.WORKERS[0], r.PASSWORD),
                  "bare": "no-token"}
        today = self.loaded.now.astimezone(settings.tz).date()
        loads = {}
        for target in report.TARGETS:
            (self.work / target).mkdir(exist_ok=True)
            loads[target] = kinds.loads(self.work / target, self.loaded.case_ids,
                                        tokens[target], today)
        big = probes.time_reads(targets["casework"].url, tokens["casework"],
                                f"/api/v1/cases/{self.loaded.big_case_id}",
                                10 if o.quick else 30)
        single = {t: probes.time_intakes(targets[t].url, tokens[t], kinds.intake_body(),
                                         3 if o.quick else 5) for t in ("casework", "crud")}
        if not o.quick:
            for target, server in targets.items():
                self._wrk(server, loads[target]["queue"], 0, WARM_UP_SECONDS)
                server.settle()
        results: dict[str, dict[str, list[wrk.WrkResult]]] = {
            k: {t: [] for t in report.TARGETS} for k in report.KINDS}
        probe_samples: list[float] = []
        stale = failures = 0
        for number in range(o.rounds):
            for kind in report.KINDS:
                for index, (target, server) in enumerate(targets.items()):
                    probe = None
                    if target == "casework" and kind == "note":
                        probe = probes.LagProbe(server.url, tokens["casework"],
                                                self.loaded.case_ids[1])
                        probe.start()
                    try:
                        salt = 1 + number * len(report.TARGETS) + index
                        got = self._wrk(server, loads[target][kind], salt, o.seconds)
                    finally:
                        if probe is not None:
                            probe.finish()
                            probe_samples += probe.samples
                            stale += probe.stale
                            failures += probe.failures
                    waited = server.settle(quiet=1 if o.quick else 2)
                    self.settled[target] += waited
                    if waited > 1:
                        self.say(f"  ({target} still busy {waited:.0f} s after the {kind} round)")
                    self._check(f"{target} {kind} round {number + 1}", got)
                    results[kind][target].append(got)
                self.say(f"  round {number + 1}/{o.rounds} {kind:<6}: " + "  ".join(
                    f"{t} {results[kind][t][-1].rps:,.0f}/s" for t in report.TARGETS))
        rss = {t: round(s.rss_mb(), 1) for t, s in targets.items()}
        if self.servers.casework.also:  # included in Casework's figure, and shown apart
            rss["casework_projector"] = round(sum(
                p.rss_mb() for p in self.servers.casework.also), 1)
        server_lag = probes.server_lag(targets["casework"].url)
        self.servers.casework.stop()
        rebuilt = self._rebuild(settings)
        figures = {k: {t: report.summarise(v) for t, v in by.items() if v}
                   for k, by in results.items()}
        out: dict[str, Any] = {
            "store": "postgresql" if o.postgres else "sqlite", "cases": o.cases,
            "rounds": o.rounds, "seconds_per_round": o.seconds, "threads": o.threads,
            "connections": o.connections, "login_connections": kinds.LOGIN_CONNECTIONS,
            "workers": o.workers, "api_workers": o.api_workers,
            "projector_process": bool(o.projector)}
        out["commands_per_s"] = report.commands_json(figures)
        for kind in report.KINDS:
            out[kind] = report.kind_json(figures[kind])
        for target in ("crud", "bare"):
            out[target] = {k: report.summary_json(figures[k][target]) for k in report.KINDS}
        out["lag"] = {
            "method": "probe: a note every 100 ms during Casework's note rounds, then a "
                      "queue read with min_position=X-Position; ms from the note's answer "
                      "to the read's answer. server: /metrics casework_projection_lag_seconds "
                      "(save to view commit, last 10,000 events of the run)",
            "probe_p50_ms": _r(report.quantile(probe_samples, 0.5)),
            "probe_p99_ms": _r(report.quantile(probe_samples, 0.99)),
            "probe_samples": len(probe_samples), "probe_stale": stale,
            "probe_failures": failures,
            "server_p50_ms": _r(server_lag.get("p50_ms")),
            "server_p99_ms": _r(server_lag.get("p99_ms"))}
        out["rebuild"] = rebuilt
        out["big_case"] = {"events": BIG_CASE_EVENTS, "reads": len(big),
                           "how": "GET /api/v1/cases/{id} over HTTP, sequential, idle server",
                           "median_ms": _r(report.quantile(big, 0.5)),
                           "p90_ms": _r(report.quantile(big, 0.9))}
        out["single_intake"] = {
            "how": "POST /api/v1/cases one at a time on the idle server, before the rounds",
            "count": len(single["casework"]),
            "median_ms": _r(report.quantile(single["casework"], 0.5)),
            "crud_median_ms": _r(report.quantile(single["crud"], 0.5))}
        out["rss_mb"] = rss
        out["settle_s"] = {t: round(v, 1) for t, v in self.settled.items()}
        out["broken_rounds"] = self.broken
        out["warnings"] = self.warnings
        self.figures = figures
        return out

    def _wrk(self, server: Server, load: wrk.Load, salt: int, seconds: float) -> wrk.WrkResult:
        return wrk.run(server.url, load, salt=salt, threads=self.options.threads,
                       connections=self.options.connections, seconds=seconds)

    def _check(self, what: str, got: wrk.WrkResult) -> None:
        if got.broken:
            self.broken.append(f"{what}: {got.non2xx} non-2xx and {got.socket_errors} "
                               f"socket errors of {got.requests} requests")
            self.say(f"  BROKEN {self.broken[-1]}")
        elif got.requests and (got.non2xx + got.socket_errors) / got.requests > WARN_NON2XX:
            self.warnings.append(f"{what}: {got.non2xx} non-2xx, {got.socket_errors} "
                                 f"socket errors of {got.requests} requests")
            self.say(f"  warning: {self.warnings[-1]}")

    def _rebuild(self, settings: Settings) -> dict[str, Any]:
        """`rebuild-projections`' own function, in-process, on the loaded store (the
        server stopped): every read model rebuilt from all the events."""
        container = build(settings)
        try:
            started = time.perf_counter()
            done = rebuild(container.cases_app, container.views,
                           lambda: CaseProjection(container.tokenizer, settings.tz,
                                                  container.runner.projection.load_case))
            seconds = time.perf_counter() - started
        finally:
            container.close()
        return {"events": done.events, "seconds": round(seconds, 2),
                "events_per_s": round(done.events / seconds) if seconds > 0 else None}

    def text(self, result: dict[str, Any]) -> str:
        lag, big, rb, rss = result["lag"], result["big_case"], result["rebuild"], result["rss_mb"]
        lines = [
            f"casework bench: {result['cases']:,} cases on {result['store']}, "
            f"{result['rounds']} round(s) of {result['seconds_per_round']:.0f} s per kind and "
            f"server, wrk {result['threads']} threads x {result['connections']} connections "
            f"(log-in: {result['login_connections']}); Casework: {result['api_workers']} API "
            f"process(es)" + (", projector its own process" if result["projector_process"]
                              else ", projections in the API process"), "",
            report.table(self.figures),
            "(medians of the rounds; ratio = Casework req/s / twin req/s; spread = (max - "
            "min) / median of Casework's rounds)", "",
            report.commands_text(result["commands_per_s"]),
            f"save-to-view lag (probe, note -> read with min_position): p50 "
            f"{_s(lag['probe_p50_ms'])} ms, p99 {_s(lag['probe_p99_ms'])} ms "
            f"({lag['probe_samples']} samples, {lag['probe_stale']} stale)",
            f"save-to-view lag (server /metrics, save -> view commit): p50 "
            f"{_s(lag['server_p50_ms'])} ms, p99 {_s(lag['server_p99_ms'])} ms",
            f"rebuild-projections: {rb['events']:,} events in {rb['seconds']} s = "
            f"{rb['events_per_s']:,} events/s",
            f"1,000-event case, GET /api/v1/cases/{{id}}: median {_s(big['median_ms'])} ms, "
            f"p90 {_s(big['p90_ms'])} ms ({big['reads']} reads)",
            f"one intake at a time (idle server): Casework median "
            f"{_s(result['single_intake']['median_ms'])} ms, twin "
            f"{_s(result['single_intake']['crud_median_ms'])} ms",
            f"RSS: Casework {rss['casework']} MB" + (
                f" (of which the projector {rss['casework_projector']} MB)"
                if "casework_projector" in rss else "") +
            f", twin {rss['crud']} MB, bare {rss['bare']} MB",
            f"load: {result['load']['events']:,} events in {result['load']['seconds']} s; "
            f"whole run {result['elapsed_s']} s"]
        lines += [f"BROKEN: {b}" for b in result["broken_rounds"]]
        lines += [f"warning: {w}" for w in result["warnings"]]
        if self.options.as_json:
            lines += ["", json.dumps(result, ensure_ascii=False, sort_keys=True)]
        return "\n".join(lines)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"

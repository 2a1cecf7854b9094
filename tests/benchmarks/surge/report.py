"""The arithmetic of the report (medians, ratios, spreads) and its table and JSON."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tests.benchmarks.surge.wrk import WrkResult

KINDS = ("intake", "note", "assess", "queue", "search", "login")
TARGETS = ("casework", "crud", "bare")
LABELS = {"intake": "intake  POST /cases", "note": "note    POST /cases/{id}/notes",
          "assess": "assess  POST /cases/{id}/assess",
          "queue": "queue   GET /queues/intake?limit=50",
          "search": "search  GET /cases?q=phone|name", "login": "log-in  POST /auth/login"}


@dataclass(frozen=True)
class Summary:
    """One target's figures for one kind of request over the rounds: medians of rounds."""

    rps: float
    p50_ms: float
    p99_ms: float
    rps_min: float
    rps_max: float
    requests: int
    non2xx: int
    socket_errors: int
    rounds: int

    @property
    def spread(self) -> float:
        """(max - min) / median of the rounds' requests/s: 0.1 means the rounds lay
        within 10 % of each other."""
        return relative_spread([self.rps_min, self.rps_max], self.rps)


def summarise(results: Sequence[WrkResult]) -> Summary:
    if not results:
        raise ValueError("no rounds to summarise")
    rates = [r.rps for r in results]
    return Summary(
        rps=statistics.median(rates), p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results), rps_min=min(rates),
        rps_max=max(rates), requests=sum(r.requests for r in results),
        non2xx=sum(r.non2xx for r in results),
        socket_errors=sum(r.socket_errors for r in results), rounds=len(results))


def ratio(mine: float | None, theirs: float | None) -> float | None:
    """mine / theirs, or None when either is missing or theirs is zero."""
    if mine is None or theirs is None or theirs == 0:
        return None
    return mine / theirs


def relative_spread(values: Sequence[float], middle: float | None = None) -> float:
    if not values:
        return 0.0
    centre = statistics.median(values) if middle is None else middle
    return (max(values) - min(values)) / centre if centre else 0.0


def quantile(samples: Sequence[float], q: float) -> float | None:
    """Nearest-rank quantile (as the server's lag gauge computes it)."""
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def kind_json(figures: dict[str, Summary]) -> dict[str, Any]:
    """Casework's figures for one kind, with the twin's and the bare app's beside them."""
    mine, twin, bare = (figures.get(t) for t in TARGETS)
    out: dict[str, Any] = {}
    if mine is not None:
        out.update(summary_json(mine))
        out["ratio_to_crud"] = _round(ratio(mine.rps, twin.rps if twin else None), 3)
        out["p99_ratio_to_crud"] = _round(ratio(mine.p99_ms, twin.p99_ms if twin else None), 3)
        out["ratio_to_bare"] = _round(ratio(mine.rps, bare.rps if bare else None), 3)
    if twin is not None:
        out["crud"] = summary_json(twin)
    if bare is not None:
        out["bare"] = summary_json(bare)
    return out


def summary_json(s: Summary) -> dict[str, Any]:
    return {"rps": round(s.rps, 1), "p50_ms": round(s.p50_ms, 2), "p99_ms": round(s.p99_ms, 2),
            "rps_min": round(s.rps_min, 1), "rps_max": round(s.rps_max, 1),
            "spread": round(s.spread, 3), "requests": s.requests, "non2xx": s.non2xx,
            "socket_errors": s.socket_errors, "rounds": s.rounds}


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _f(value: float | None, fmt: str = ".0f") -> str:
    return "-" if value is None else format(value, fmt)


def table(figures: dict[str, dict[str, Summary]]) -> str:
    """The request rounds: one line per kind, Casework beside the twin and the bare app."""
    head = (f"{'request':<38}{'Casework req/s':>15}{'p50 ms':>8}{'p99 ms':>8}{'spread':>8}"
            f"{'twin req/s':>12}{'p99 ms':>8}{'ratio':>7}{'bare req/s':>12}")
    lines = [head, "-" * len(head)]
    for kind in KINDS:
        row = figures.get(kind, {})
        mine, twin, bare = (row.get(t) for t in TARGETS)
        lines.append(
            f"{LABELS[kind]:<38}{_f(mine.rps if mine else None):>15}"
            f"{_f(mine.p50_ms if mine else None, '.1f'):>8}"
            f"{_f(mine.p99_ms if mine else None, '.1f'):>8}"
            f"{_f(mine.spread * 100 if mine else None, '.0f') + '%':>8}"
            f"{_f(twin.rps if twin else None):>12}{_f(twin.p99_ms if twin else None, '.1f'):>8}"
            f"{_f(ratio(mine.rps, twin.rps) if mine and twin else None, '.2f'):>7}"
            f"{_f(bare.rps if bare else None):>12}")
    return "\n".join(lines)


def commands_json(figures: dict[str, dict[str, Summary]]) -> dict[str, Any]:
    """Commands/s of an even mix of intakes and notes, from their separate rounds: one
    intake and one note take 1/intake + 1/note seconds of the server, so the mix runs at
    2 / (1/intake + 1/note) (the harmonic mean), for Casework and for the twin."""
    out: dict[str, Any] = {"how": "harmonic mean of the intake and note rounds' req/s "
                                  "(an even mix of the two)"}
    for target in ("casework", "crud"):
        rates = [figures.get(k, {}).get(target) for k in ("intake", "note")]
        out[target] = (round(statistics.harmonic_mean([s.rps for s in rates]), 1)
                       if all(s is not None and s.rps > 0 for s in rates) else None)
    out["ratio_to_crud"] = _round(ratio(out["casework"], out["crud"]), 3)
    return out


def commands_text(commands: dict[str, Any]) -> str:
    return (f"commands/s, intake + note evenly mixed (harmonic mean of their rounds): "
            f"Casework {_f(commands['casework'])}, twin {_f(commands['crud'])}, ratio "
            f"{_f(commands['ratio_to_crud'], '.2f')}")

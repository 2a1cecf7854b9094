"""The arithmetic of `casework bench` (the bench itself is too slow for the suite)."""

from __future__ import annotations

import json

import pytest

from tests.benchmarks.surge import report
from tests.benchmarks.surge.wrk import MARKER, BenchBroken, WrkResult, parse

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:41234
  2 threads and 32 connections
  1200 requests in 3.00s, 1.57MB read
  Non-2xx or 3xx responses: 12
Requests/sec:    400.00
SURGE_RESULT {"requests":1200,"duration_us":3000000,"p50_us":75200,"p99_us":167300,\
"mean_us":80100,"non2xx":12,"connect_errors":0,"read_errors":1,"write_errors":0,"timeouts":2}
"""


def result(requests: int, seconds: float = 1.0, *, p50: float = 10.0, p99: float = 50.0,
           non2xx: int = 0, socket_errors: int = 0) -> WrkResult:
    return WrkResult(requests=requests, seconds=seconds, p50_ms=p50, p99_ms=p99, mean_ms=p50,
                     non2xx=non2xx, socket_errors=socket_errors)


class TestParseWrk:
    def test_reads_the_line_that_done_prints(self) -> None:
        got = parse(WRK_OUTPUT)
        assert got.requests == 1200
        assert got.rps == pytest.approx(400.0)
        assert got.p50_ms == pytest.approx(75.2)
        assert got.p99_ms == pytest.approx(167.3)
        assert got.non2xx == 12
        assert got.socket_errors == 3
        assert not got.broken

    def test_no_result_line_is_a_broken_bench(self) -> None:
        with pytest.raises(BenchBroken, match="no result line"):
            parse("Running 3s test\nPANIC: unprotected error in call to Lua API\n")

    def test_a_malformed_result_line_is_a_broken_bench(self) -> None:
        with pytest.raises(BenchBroken, match="malformed"):
            parse(MARKER + '{"requests": 3,')
        with pytest.raises(BenchBroken, match="malformed"):
            parse(MARKER + json.dumps({"requests": 3}))


class TestBrokenRound:
    def test_mostly_non_2xx_is_broken(self) -> None:
        assert result(100, non2xx=51).broken
        assert result(100, non2xx=30, socket_errors=30).broken

    def test_a_few_errors_are_not(self) -> None:
        assert not result(100, non2xx=10).broken

    def test_no_request_at_all_is_broken(self) -> None:
        assert result(0).broken


class TestArithmetic:
    def test_summary_takes_medians_of_the_rounds(self) -> None:
        got = report.summarise([result(100, p99=40), result(300, p99=90),
                                result(200, p99=60)])
        assert got.rps == 200
        assert got.p99_ms == 60
        assert (got.rps_min, got.rps_max) == (100, 300)
        assert got.spread == pytest.approx(1.0)  # (300 - 100) / 200
        assert got.requests == 600

    def test_ratio(self) -> None:
        assert report.ratio(50, 200) == 0.25
        assert report.ratio(50, 0) is None
        assert report.ratio(None, 10) is None

    def test_relative_spread(self) -> None:
        assert report.relative_spread([90, 100, 110]) == pytest.approx(0.2)
        assert report.relative_spread([]) == 0.0

    def test_nearest_rank_quantile(self) -> None:
        samples = [float(n) for n in range(1, 101)]
        assert report.quantile(samples, 0.5) == 51
        assert report.quantile(samples, 0.99) == 100
        assert report.quantile([], 0.5) is None

    def test_kind_json_holds_the_contract_keys(self) -> None:
        figures = {"casework": report.summarise([result(100, p99=80)]),
                   "crud": report.summarise([result(400, p99=20)]),
                   "bare": report.summarise([result(4000, p99=2)])}
        got = report.kind_json(figures)
        assert got["rps"] == 100
        assert got["p99_ms"] == 80
        assert got["ratio_to_crud"] == 0.25
        assert got["p99_ratio_to_crud"] == 4.0
        assert got["crud"]["rps"] == 400
        assert got["bare"]["rps"] == 4000
        json.dumps(got)  # serialisable as it stands

    def test_the_table_has_a_line_per_kind(self) -> None:
        one = report.summarise([result(100)])
        text = report.table({kind: {"casework": one, "crud": one} for kind in report.KINDS})
        assert len(text.splitlines()) == 2 + len(report.KINDS)
        assert "1.00" in text

    def test_commands_per_second_of_an_even_intake_and_note_mix(self) -> None:
        def of(rps: float) -> report.Summary:
            return report.summarise([result(int(rps))])

        figures = {"intake": {"casework": of(100), "crud": of(300)},
                   "note": {"casework": of(300), "crud": of(300)}}
        got = report.commands_json(figures)
        assert got["casework"] == 150  # 2 / (1/100 + 1/300)
        assert got["crud"] == 300
        assert got["ratio_to_crud"] == 0.5
        assert "150" in report.commands_text(got)
        assert report.commands_json({"intake": {"casework": of(100)}})["casework"] is None

"""Open pages polling the header's notification count (issue 12): each page asks
`GET /notifications/count` every 10 s, as base.html does, starting at a random moment.

Against a running `casework serve`, with a web session cookie (log in through /login):

    uv run --frozen python -m tests.benchmarks.bench_notification_polling \\
        --url http://127.0.0.1:8000 --cookie 'casework_session=…' --pages 500 --seconds 40

Prints how many requests were answered, the rate, and latency quantiles (docs/performance.md).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time

import httpx

EVERY = 10.0


async def _page(client: httpx.AsyncClient, url: str, cookie: str, seconds: float,
                times: list[float], errors: list[str]) -> None:
    await asyncio.sleep(random.uniform(0, EVERY))  # noqa: S311 - spreading, not secrecy
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.monotonic()
        try:
            answer = await client.get(url, headers={"Cookie": cookie, "HX-Request": "true"})
            if answer.status_code == 200:
                times.append(time.monotonic() - start)
            else:
                errors.append(str(answer.status_code))
        except httpx.HTTPError as error:
            errors.append(type(error).__name__)
        await asyncio.sleep(max(0.0, EVERY - (time.monotonic() - start)))


async def run(url: str, cookie: str, pages: int, seconds: float) -> str:
    times: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=pages, max_keepalive_connections=pages)
    started = time.monotonic()
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        await asyncio.gather(*(_page(client, url, cookie, seconds, times, errors)
                               for _ in range(pages)))
    took = time.monotonic() - started
    times.sort()

    def ms(q: float) -> float:
        return times[min(len(times) - 1, int(q * len(times)))] * 1000 if times else 0.0

    return (f"pages={pages} answered={len(times)} errors={len(errors)} "
            f"rate={len(times) / took:.1f}/s p50={ms(0.5):.1f} ms p90={ms(0.9):.1f} ms "
            f"p99={ms(0.99):.1f} ms max={ms(1.0):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--cookie", required=True, help="casework_session=…")
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=40.0)
    args = parser.parse_args()
    print(asyncio.run(run(args.url.rstrip("/") + "/notifications/count", args.cookie,
                          args.pages, args.seconds)))


if __name__ == "__main__":
    main()

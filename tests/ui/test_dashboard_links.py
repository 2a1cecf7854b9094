"""Dashboards lead somewhere (issue 12, item 10): every figure of the team dashboard links
to the case list with filters that show exactly the cases it counts, and the open cases
are broken down by street, community, vulnerability, need and channel."""

from __future__ import annotations

import json
import re
from html import unescape

from domain.vocabulary import Channel, Need, Risk, Vulnerability
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Browser, Ui, text_of
from tests.ui.test_worker_pages import settle

LINK = re.compile(r'<a href="(/cases\?[^"]+)">(.*?)</a>', re.S)


def references(browser: Browser, href: str) -> list[str]:
    """The references the case list at `href` shows."""
    page = browser.get(href).text
    assert 'class="problem" role="alert"' not in page, text_of(page)
    results = page[page.index('id="h-results"'):]
    return re.findall(r'<a href="/cases/[0-9a-f-]{36}">([A-Z]+-\d{4}-\d{5})</a>', results)


def figure_links(page: str) -> list[tuple[str, int]]:
    """Each link to a case list on the page with the number it shows."""
    found = []
    for href, inner in LINK.findall(page):
        number = re.search(r"\d+", text_of(inner))
        assert number, inner
        found.append((unescape(href), int(number.group())))
    return found


def breakdown(page: str, name: str) -> dict[str, int]:
    """A breakdown's table: each label with its count."""
    start = page.index(f'id="h-by-{name}"')
    body = page[start:page.index("</tbody>", start)]
    return {text_of(label): int(text_of(count)) for label, count in re.findall(
        r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", body, flags=re.S)}


def seed(world: World) -> dict[str, str]:
    """A team's day: caseloads, an overdue follow-up, a critical case past its time to
    assign, a case not yet assessed; residents in two communities, by two channels."""
    lead, wang, li = world.jb_supervisor, world.jb_worker, world.jb_colleague
    overdue = world.active_case(wang, lead)  # follow-up due tomorrow
    world.later(days=3)
    world.active_case(wang, lead)
    world.active_case(li, lead)
    breached = world.assessed_case(wang, Risk.CRITICAL)
    world.later(hours=3)  # a critical case waits 2 h at most
    waiting = world.assessed_case(wang, Risk.CRITICAL)
    fresh = world.open_case(wang, channel=Channel.HOTLINE,
                            profile=world.intake("JB").profile.__class__(
                                birth_year=1940, gender=world.intake("JB").profile.gender,
                                district="江北区", street="观音桥街道", community="北城社区",
                                lives_alone=True),
                            vulnerabilities=(Vulnerability.LIVES_ALONE,),
                            needs=(Need.FOOD,)).case
    world.open_case(world.pd_worker)  # another team's: counted nowhere here
    settle(world)
    return {"overdue": overdue.reference, "breached": breached.reference,
            "waiting": waiting.reference, "fresh": fresh.reference}


@SQLITE_ONLY
class TestDashboardLinks:
    def test_every_figure_opens_exactly_the_cases_it_counts(self, ui: Ui, world: World) -> None:
        known = seed(world)
        lead = ui.as_("jb-lead")
        page = lead.get("/team").text

        links = figure_links(page)
        assert len(links) >= 20
        for href, count in links:
            assert len(references(lead, href)) == count, href
        assert "1 个待分派个案已超时" in text_of(page)  # the tile of the issue
        breached = next(href for href, _ in links if "deadline=breached" in href)
        assert references(lead, breached) == [known["breached"]]
        overdue = next(href for href, _ in links if "deadline=overdue" in href
                       and "worker_id" not in href)
        assert references(lead, overdue) == [known["overdue"]]
        unassessed = next(href for href, _ in links if "unassessed=1" in href)
        assert references(lead, unassessed) == [known["fresh"]]

    def test_the_open_cases_are_broken_down_by_area_vulnerability_need_and_channel(
            self, ui: Ui, world: World) -> None:
        known = seed(world)
        lead = ui.as_("jb-lead")
        page = lead.get("/team").text

        def rows(name: str) -> dict[str, int]:
            return breakdown(page, name)

        assert rows("community") == {"建新社区": 5, "北城社区": 1}
        assert rows("street") == {"观音桥街道": 6}
        assert rows("channel") == {"社区居委会": 5, "热线电话": 1}
        assert rows("vulnerability")["独居"] == 1
        assert rows("need")["食品/买菜"] == 1
        community = next(href for href, _ in figure_links(page) if "community=" in href
                         and "%E5%8C%97%E5%9F%8E" in href)  # 北城
        assert references(lead, community) == [known["fresh"]]
        chart = json.loads(re.search(
            r'id="chart-by-channel-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
        assert chart["data"]["datasets"][0]["data"] == [5, 1]
        assert chart["links"][0][1].startswith("/cases?status=")  # a bar leads there too

    def test_the_auditor_sees_the_breakdowns_of_every_team(self, ui: Ui, world: World) -> None:
        seed(world)
        auditor = ui.as_("mca-auditor")

        page = auditor.get("/team").text
        links = figure_links(page)
        for href, count in links:
            assert len(references(auditor, href)) == count, href
        assert breakdown(page, "community") == {"建新社区": 6, "北城社区": 1}

        jb_only = auditor.get("/team?team=JB").text
        for href, count in figure_links(jb_only):
            assert "team=JB" in href
            assert len(references(auditor, href)) == count, href

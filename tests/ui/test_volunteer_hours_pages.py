"""A volunteer's service hours (服务时长) and their certificate (志愿服务证明): their own
completed errands only, by month and by errand, in a period; the certificate's figures
add up, it names the volunteer and their teams, has a line for the stamp, and no
navigation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from domain.vocabulary import TaskKind
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, table_rows, text_of
from tests.ui.task_cast import LI, SONG_SECRETS, ZHOU, Cast


@pytest.fixture
def cast(world: World) -> Cast:
    return Cast(world)


def two_months(cast: Cast) -> dict[str, str]:
    """周敏: 90 minutes of delivery, then 35 days later 30 of delivery and 60 of a
    haircut; 李强 120 minutes (not hers). The period covering them all."""
    world = cast.world
    start = world.today()
    cast.done(ZHOU, cast.task(to=ZHOU), 90)
    cast.done(LI, cast.task(to=LI), 120)
    world.later(days=35)
    cast.done(ZHOU, cast.task(to=ZHOU), 30)
    cast.done(ZHOU, cast.task(to=ZHOU, kind=TaskKind.HAIRCUT), 60)
    return {"from": (start - timedelta(days=1)).isoformat(), "to": world.today().isoformat()}


def months_of(world: World, period: dict[str, str]) -> tuple[str, str]:
    first = (world.today() - timedelta(days=35))
    last = world.today()
    return f"{first.year}年{first.month}月", f"{last.year}年{last.month}月"


@SQLITE_ONLY
class TestMyHours:
    def test_total_by_month_and_by_errand(self, ui: Ui, cast: Cast) -> None:
        period = two_months(cast)
        page = ui.as_(ZHOU).get("/volunteer/hours", params=period)
        assert page.status_code == 200
        words = text_of(page.text)
        assert "共 3.0 小时,3 次服务" in words
        first, last = months_of(cast.world, period)
        assert table_rows(page.text, "by-month") == [f"{first} 1 1.5", f"{last} 2 1.5"]
        assert table_rows(page.text, "by-kind") == ["物资配送 2 2.0", "理发 1 1.0"]
        assert 'aria-current="page"' in page.text
        assert "服务时长" in words
        assert (f'href="/volunteer/hours/certificate?from={period["from"]}&amp;'
                f'to={period["to"]}"') in page.text

    def test_by_default_this_year_so_far(self, ui: Ui, cast: Cast) -> None:
        page = ui.as_(ZHOU).get("/volunteer/hours").text
        today = cast.world.today()
        assert f'value="{today.replace(month=1, day=1).isoformat()}"' in page
        assert f'value="{today.isoformat()}"' in page
        assert "该期间内没有已完成的服务" in text_of(page)

    @pytest.mark.parametrize(("query", "field"), [
        ({"from": "2024-02-30"}, "from"),
        ({"from": "2023-01-01", "to": "2024-06-01"}, "to")])
    def test_a_wrong_period_is_refused_at_its_field(self, ui: Ui, cast: Cast,
                                                    query: dict[str, str],
                                                    field: str) -> None:
        page = ui.as_(ZHOU).get("/volunteer/hours", params=query)
        assert page.status_code == 422
        assert f'id="hours-{field}-error"' in page.text
        certificate = ui.as_(ZHOU).get("/volunteer/hours/certificate", params=query)
        assert certificate.status_code == 422

    def test_the_case_side_does_not_use_it(self, ui: Ui, cast: Cast) -> None:
        assert ui.as_("jb-wang").get("/volunteer/hours").status_code == 403
        assert ui.as_("jb-lead").get("/volunteer/hours/certificate").status_code == 403


@SQLITE_ONLY
class TestTheCertificate:
    def test_its_figures_add_up(self, ui: Ui, cast: Cast) -> None:
        period = two_months(cast)
        page = ui.as_(ZHOU).get("/volunteer/hours/certificate", params=period)
        assert page.status_code == 200
        html = page.text
        words = text_of(html)
        assert "志愿服务证明" in words
        assert "周敏" in words
        assert "江北社工站、浦东社工站" in words
        assert "累计志愿服务时长 3.0 小时" in words
        rows = table_rows(html, "cert-months")
        first, last = months_of(cast.world, period)
        assert rows == [f"{first} 1 1.5", f"{last} 2 1.5"]
        assert sum(int(r.split()[1]) for r in rows) == 3
        assert sum(float(r.split()[2]) for r in rows) == pytest.approx(3.0)
        footer = text_of(html[html.index("<tfoot>"):html.index("</tfoot>")])
        assert footer == "合计 3 3.0"
        assert "服务团队(盖章)" in words
        assert "开具日期" in words
        assert cast.world.today().strftime("%Y年%-m月%-d日") in words
        assert "<nav" not in html
        assert "/logout" not in html
        assert 'class="no-print sheet-tools"' in html
        for secret in SONG_SECRETS:
            assert secret not in html

    def test_in_english_too(self, ui: Ui, cast: Cast) -> None:
        period = two_months(cast)
        browser = ui.as_(ZHOU)
        browser.post("/language", {"lang": "en", "next": "/volunteer/hours"})
        words = text_of(browser.get("/volunteer/hours/certificate", params=period).text)
        assert "Certificate of volunteer service" in words
        assert "3.0 hours of volunteer service" in words

    def test_only_their_own_hours(self, ui: Ui, cast: Cast) -> None:
        period = two_months(cast)
        words = text_of(ui.as_(LI).get("/volunteer/hours/certificate", params=period).text)
        assert "李强" in words
        assert "周敏" not in words
        assert "累计志愿服务时长 2.0 小时" in words
        assert re.search(r"参加志愿服务\s*1 次", words)


@SQLITE_ONLY
def test_my_completed_tasks_as_csv(ui: Ui, cast: Cast) -> None:
    period = two_months(cast)
    answer = ui.as_(ZHOU).get("/volunteer/hours/tasks.csv", params=period)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "完成时间,任务类型,服务对象,所在社区,用时(分钟)"
    rows = [line.split(",")[1:] for line in lines[1:]]
    assert rows[0] == ["物资配送", "宋老师", "建新社区", "90"]  # the oldest first
    assert sorted(rows[1:]) == [["物资配送", "宋老师", "建新社区", "30"],
                                ["理发", "宋老师", "建新社区", "60"]]  # done at one time
    for secret in SONG_SECRETS:
        assert secret not in answer.text

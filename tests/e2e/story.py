"""What the browser tests share: the made-up resident of the walk-through, dates in the
server's time zone, and small steps that read the page as a user does (by role and name)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

from adapters.demo.residents import RESIDENTS
from tests.e2e.conftest import TIMEZONE

REFERENCE = re.compile(r"[A-Z]+-\d{4}-\d+")


@dataclass(frozen=True)
class NewResident:
    """Made up for the walk-through: in no demo story, with a phone no demo resident has."""

    name: str = "柏玉珍"
    phone: str = "139 0000 0808"
    mistyped_phone: str = "139 0000 08O8"  # a letter O for a zero
    birth_year: str = "1953"
    street: str = "观音桥街道"
    community: str = "建新社区"
    detail: str = "建新北路8号1栋302"
    contact_name: str = "柏晓东"
    contact_relation: str = "儿子"
    contact_phone: str = "139 0000 0809"
    request: str = ("社区党委反映:柏阿姨70岁,患帕金森病,与4岁孙女在家,小区封控,子女无法进入。"
                    "每月需到医院神经内科开具特病药,现存药量只够两天。")


RESIDENT = NewResident()
assert all(RESIDENT.phone != person.phone for person in RESIDENTS.values())


def now_local() -> datetime:
    return datetime.now(ZoneInfo(TIMEZONE))


def today() -> date:
    return now_local().date()


def demo_day(day: int) -> date:
    """A day of the demo calendar: the stories start ten days before the server's today."""
    return today() - timedelta(days=10) + timedelta(days=day)


def main(page: Page) -> Locator:
    return page.get_by_role("main")


def region(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=name, exact=True)


def field(scope: Page | Locator, label: str) -> Locator:
    """A form field by its label (a required field's mark “(必填)” may be part of it)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*\(必填\))?$"))


def open_action(page: Page, summary: str) -> Locator:
    """Unfold a case page's action (a <details> whose summary names it); its form. (A
    link to the form, …#form-assess, has unfolded it already: it is not folded again.)"""
    details = page.locator("details.action", has=page.locator("summary", has_text=summary))
    if not details.evaluate("element => element.open"):
        details.locator("summary").click()
    form = page.get_by_role("form", name=summary)
    expect(form).to_be_visible()
    return form


def flash(page: Page, text: str) -> None:
    """The message shown after a command went through."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def alert(page: Page, text: str) -> None:
    """A refusal, in words."""
    expect(page.get_by_role("alert")).to_contain_text(text)


def status_is(page: Page, status: str) -> None:
    """The status badge under the case's title."""
    expect(main(page).locator("h1 + p")).to_contain_text(status)


def timeline_says(page: Page, sentence: str) -> None:
    expect(region(page, "个案历史").get_by_text(sentence, exact=True)).to_be_visible()


def reference_of(page: Page) -> str:
    found = REFERENCE.search(page.get_by_role("heading", level=1).inner_text())
    assert found is not None, "the case page names no reference"
    return found.group(0)

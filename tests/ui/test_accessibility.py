"""What a keyboard and screen-reader user gets: a refused field is marked invalid and
described by its message (casework.js then puts the focus there: tests/e2e), and the
focus ring can be seen (WCAG 1.4.11: at least 3:1 against white)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, stale_assessment, text_of
from tests.ui.test_worker_pages import intake_form


class Elements(HTMLParser):
    """Every element's attributes, and the text of elements with an id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[dict[str, str]] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.tags.append(found)
        if tag not in ("input", "br", "meta", "link"):
            self._open.append((tag, found.get("id")))
            if found.get("id"):
                self.texts[found["id"]] = ""

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, element_id in self._open:
            if element_id:
                self.texts[element_id] += data

    def invalid(self) -> list[dict[str, str]]:
        return [t for t in self.tags if t.get("aria-invalid") == "true"]

    def description(self, element: dict[str, str]) -> str:
        """The words aria-describedby points at, as a screen reader reads them."""
        return " ".join(text_of(self.texts[i]) for i in element["aria-describedby"].split())


@SQLITE_ONLY
class TestARefusedField:
    def test_the_intake_field_is_marked_and_described(self, ui: Ui) -> None:
        answer = ui.as_("jb-wang").post("/cases/new", intake_form(phone="call me"))

        page = Elements(answer.text)
        [field] = page.invalid()
        assert field["id"] == "intake-phone"
        assert page.description(field) == (
            "联系电话:须为手机号码或带区号的固定电话,可加分机号(如 021-68881234 转 8012)")

    def test_the_assess_now_box_is_marked_when_triage_is_left_unticked(
            self, ui: Ui) -> None:
        answer = ui.as_("jb-wang").post("/cases/new", intake_form(plan="今天送药上门"))

        page = Elements(answer.text)
        [box] = page.invalid()
        assert box["name"] == "triage"
        assert page.description(box).startswith("现在评估:已填写初步研判内容")

    def test_a_case_form_field_is_marked_with_its_hint_kept(
            self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case

        answer = ui.as_("jb-wang").post(f"/cases/{case.id}/close", {
            "version": str(case.version), "outcome": "duplicate",
            "duplicate_of": "JB-2022-09999", "summary": "重复"})

        page = Elements(answer.text)
        [field] = page.invalid()
        assert field["id"] == "close-duplicate_of"
        assert page.description(field) == (
            "原个案编号:没有该编号的个案(或您无权查看) "
            "仅在结案原因为“重复个案”时填写,例如 JB-2022-00042。")
        assert 'id="form-close" open' in answer.text

    def test_a_refusal_without_a_field_marks_none(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        world.cases.add_note(world.jb_colleague, case.id, "Neighbour called")

        answer = ui.as_("jb-wang").post(f"/cases/{case.id}/assess", stale_assessment(case, world))

        assert answer.status_code == 409
        assert Elements(answer.text).invalid() == []


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@SQLITE_ONLY
def test_the_focus_ring_stands_out_on_white_and_on_the_header(ui: Ui) -> None:
    styles = ui.browser().get("/static/casework.css").text
    variables = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", styles))
    rule = re.search(r"a:focus, button:focus[^{]*\{([^}]*)\}", styles)
    assert rule
    outline = re.search(r"outline:\s*\d+px solid var\(--([a-z-]+)\)", rule.group(1))
    halo = re.search(r"box-shadow:\s*0 0 0 \d+px var\(--([a-z-]+)\)", rule.group(1))
    assert outline
    assert halo

    ring, light = variables[outline.group(1)], variables[halo.group(1)]
    assert contrast(ring, "#ffffff") >= 3  # the ring on a white page
    assert contrast(light, variables["brand"]) >= 3  # its halo on the blue header

"""Search results that survive Back and reload and can be bookmarked (issue 12 item 4):
filters and references stand in the address; a name, phone or ID number is posted,
kept on the server under a random, short-lived id bound to its user, and never appears
in any address."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Browser, Ui, text_of
from tests.ui.test_worker_pages import settle


def found(page: str) -> set[str]:
    return set(re.findall(r'href="/cases/([0-9a-f-]{36})"', page))


def search(browser: Browser, **form: str) -> str:
    """Post the form; the address it redirects to (303)."""
    answer = browser.post("/cases", form)
    assert answer.status_code == 303, text_of(answer.text)
    return str(answer.headers["location"])


@SQLITE_ONLY
class TestSearchAddress:
    def test_filters_and_a_partial_reference_are_a_bookmarkable_address(
            self, ui: Ui, world: World) -> None:
        first = world.open_case(world.jb_worker).case
        second = world.assessed_case(world.jb_worker)
        settle(world)
        browser = ui.as_("jb-wang")
        partial = first.reference.lower()[:-1]  # "jb-2022-0000": part, in lower case

        location = search(browser, q=partial, status="intake")
        assert parse_qs(urlsplit(location).query) == {"ref": [partial], "status": ["intake"]}
        assert found(browser.get(location).text) == {str(first.id)}
        # the address alone (a bookmark, a reload) gives the same results
        assert found(ui.as_("jb-wang").get(location).text) == {str(first.id)}
        year = first.reference.rsplit("-", 1)[0].lower()  # "jb-2022"
        assert found(browser.get(f"/cases?ref={year}").text) == {str(first.id), str(second.id)}
        number = f"{year}-{int(second.reference.rsplit('-', 1)[1])}"  # "jb-2022-2"
        assert found(browser.get(f"/cases?ref={number}").text) == {str(second.id)}

    def test_a_name_or_phone_goes_by_an_opaque_id_never_in_the_address(
            self, ui: Ui, world: World) -> None:
        song = world.open_case(world.jb_worker).case  # 宋老师, 138 0000 0001
        world.cases.open_case(world.jb_worker, replace(
            world.intake("JB"), details=replace(world.intake("JB").details, name="王建国",
                                                phone="139 2233 4455")))
        settle(world)
        browser = ui.as_("jb-wang")

        for words in ("宋老师", "138 0000 0001", "0001", "110101195201010021"):
            location = search(browser, q=words, risk="")
            assert set(parse_qs(urlsplit(location).query)) == {"search"}
            for part in (words, words.replace(" ", ""), "0001", "%E5%AE%8B"):
                assert part not in location
        location = search(browser, q="宋老师")
        page = browser.get(location)
        assert found(page.text) == {str(song.id)}
        assert 'value="宋老师"' in page.text  # the words are shown back in the form
        assert found(browser.get(location).text) == {str(song.id)}  # a reload

    def test_another_user_or_an_expired_id_gets_a_clear_message(self, ui: Ui,
                                                              world: World) -> None:
        world.open_case(world.jb_worker)
        settle(world)
        location = search(ui.as_("jb-wang"), q="宋老师")

        other = ui.as_("jb-li").get(location)  # a colleague given the address
        assert other.status_code == 410
        assert "该查询已过期或并非由您发起" in text_of(other.text)
        assert "宋老师" not in other.text
        world.later(minutes=31)
        expired = ui.as_("jb-wang").get(location)
        assert expired.status_code == 410
        assert "请重新查询" in text_of(expired.text)
        assert found(expired.text) == set()

    def test_no_personal_data_is_stored_in_plain_text(self, ui: Ui, world: World) -> None:
        search(ui.as_("jb-wang"), q="宋老师")
        rows = world.container.views.db.fetchall("SELECT * FROM cw_saved_searches")
        assert len(rows) == 1
        assert "宋老师".encode() not in b"".join(
            v if isinstance(v, bytes) else str(v).encode() for v in rows[0])
        world.later(minutes=31)
        search(ui.as_("jb-wang"), q="王建国")  # a new search clears the expired ones
        assert len(world.container.views.db.fetchall("SELECT id FROM cw_saved_searches")) == 1

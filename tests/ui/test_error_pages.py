"""Where a page sent in answer to a form leads, and errors outside any page: a refused
form's page links to the page the form is on (never to the form's POST-only address),
and an unknown address or a wrong method outside the API is a page in the user's
language (the API keeps problem+json)."""

from __future__ import annotations

import re
from uuid import uuid4

from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, stale_assessment, text_of


def links(html: str, text: str) -> list[str]:
    """The addresses of the links whose words are `text`."""
    return [href for href, words in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html)
            if text_of(words) == text]


def language_switch_next(html: str) -> str:
    found = re.search(r'action="/language">.*?name="next" value="([^"]*)"', html, flags=re.S)
    assert found
    return found.group(1)


@SQLITE_ONLY
class TestAfterARefusedForm:
    def test_the_reload_link_and_the_language_switch_lead_to_the_case(
            self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        world.cases.add_note(world.jb_colleague, case.id, "Neighbour called")
        browser = ui.as_("jb-wang")

        refused = browser.post(f"/cases/{case.id}/assess", stale_assessment(case, world))

        assert refused.status_code == 409
        [reload] = links(refused.text, "重新加载个案")
        assert reload == f"/cases/{case.id}"
        assert browser.get(reload).status_code == 200
        switched = browser.post("/language", {"lang": "en",
                                              "next": language_switch_next(refused.text)})
        assert switched.headers["location"] == f"/cases/{case.id}"
        assert "Case history" in text_of(browser.follow(switched).text)

    def test_a_refused_referral_withdrawal_switches_language_on_the_case(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-wang")

        refused = browser.post(f"/cases/{case.id}/referrals/{uuid4()}/withdraw",
                               {"version": str(case.version), "reason": ""})

        assert refused.status_code >= 400
        assert language_switch_next(refused.text) == f"/cases/{case.id}"


@SQLITE_ONLY
class TestAddressesThatAreNoPage:
    def test_an_unknown_address_is_a_page_in_the_users_language(self, ui: Ui) -> None:
        browser = ui.as_("jb-wang")

        chinese = browser.get("/cases/not-a-case")
        browser.post("/language", {"lang": "en", "next": "/work"})
        english = browser.get("/wrok")

        assert chinese.status_code == english.status_code == 404
        assert chinese.headers["content-type"].startswith("text/html")
        assert "此地址没有页面" in text_of(chinese.text)
        assert '<html lang="en">' in english.text
        assert "There is no page at this address" in text_of(english.text)

    def test_opening_a_forms_address_is_a_page_that_leads_back_to_the_case(
            self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        browser = ui.as_("jb-wang")

        answer = browser.get(f"/cases/{case.id}/note")

        assert answer.status_code == 405
        assert answer.headers["content-type"].startswith("text/html")
        assert "此地址仅用于提交表单" in text_of(answer.text)
        assert links(answer.text, "返回表单所在页面") == [f"/cases/{case.id}"]
        assert language_switch_next(answer.text) == f"/cases/{case.id}"
        switched = browser.post("/language", {"lang": "en",
                                              "next": language_switch_next(answer.text)})
        assert browser.follow(switched).status_code == 200

    def test_a_wrong_method_on_a_page_is_a_page(self, ui: Ui) -> None:
        answer = ui.browser({"accept-language": "en"}).client.delete("/login")

        assert answer.status_code == 405
        assert "This address cannot be opened" in text_of(answer.text)

    def test_the_api_keeps_problem_json(self, ui: Ui) -> None:
        browser = ui.browser()

        unknown = browser.get("/api/v1/nowhere")
        wrong_method = browser.client.delete("/healthz")

        assert unknown.status_code == 404
        assert unknown.headers["content-type"].startswith("application/problem+json")
        assert wrong_method.status_code == 405
        assert wrong_method.headers["content-type"].startswith("application/problem+json")

"""Two requests of one browser at once (an htmx check beside a form's post): the one
that changed nothing in the session must not write back its stale copy over what the
other stored meanwhile. Before, a worker's "case opened" message was lost that way."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from adapters.http.ui.session import COOKIE
from adapters.storage.session_store import SqlSessionStore
from tests.ui.conftest import Ui, text_of

MESSAGE = ("done.transfer_requested", "转移申请已提交。")


def test_a_request_that_changes_nothing_keeps_what_another_stored_meanwhile(
        ui: Ui) -> None:
    browser = ui.as_("jb-wang")
    browser.get("/work")
    store = ui.app.stores.get("ui_sessions")
    assert isinstance(store, SqlSessionStore)
    key = browser.client.cookies.get(COOKIE)
    assert key
    read = store.get_sync

    def read_then_another_request_stores(found: str, renew_for: Any = None) -> bytes | None:
        data = read(found, renew_for)
        if data is not None and found == key:  # the other request ends meanwhile
            session = json.loads(data)
            session["flash"] = [[MESSAGE[0], {}]]
            store.set_sync(found, json.dumps(session).encode(), timedelta(hours=1))
        return data

    store.get_sync = read_then_another_request_stores  # type: ignore[method-assign]
    try:
        assert browser.get("/work").status_code == 200  # reads the session, changes nothing
    finally:
        store.get_sync = read  # type: ignore[method-assign]

    stored = store.get_sync(key)
    assert stored is not None
    assert MESSAGE[0] in stored.decode()
    assert MESSAGE[1] in text_of(browser.get("/work").text)

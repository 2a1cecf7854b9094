"""The UI's session store over the views database, on SQLite and PostgreSQL: values
come back until they expire, renew on use, and are gone once deleted."""

from __future__ import annotations

from datetime import timedelta

import anyio

from adapters.bootstrap import Container
from adapters.storage.session_store import SqlSessionStore


def test_a_value_comes_back_until_it_is_deleted(container: Container) -> None:
    store = SqlSessionStore(container.views.db)

    async def scenario() -> None:
        await store.set("s1", b'{"uid": "x"}', expires_in=60)
        await store.set("s2", "text value")
        assert await store.get("s1") == b'{"uid": "x"}'
        assert await store.get("s2") == b"text value"
        assert await store.exists("s1")
        assert 55 <= (await store.expires_in("s1") or 0) <= 60
        assert await store.expires_in("s2") is None
        await store.set("s1", b"replaced", expires_in=timedelta(minutes=5))
        assert await store.get("s1") == b"replaced"
        await store.delete("s1")
        assert await store.get("s1") is None
        await store.delete_all()
        assert await store.get("s2") is None

    anyio.run(scenario)


def test_an_expired_value_reads_as_missing(container: Container) -> None:
    store = SqlSessionStore(container.views.db)
    store.set_sync("gone", b"old", expires_in=-1)
    store.set_sync("kept", b"new", expires_in=60)

    assert store.get_sync("gone") is None
    assert store.get_sync("kept") == b"new"


def test_reading_with_renewal_extends_the_expiry(container: Container) -> None:
    store = SqlSessionStore(container.views.db)
    store.set_sync("s", b"v", expires_in=10)

    assert store.get_sync("s", renew_for=3600) == b"v"

    assert (store.expires_in_sync("s") or 0) > 3000


def test_two_stores_over_one_database_share_their_values(container: Container) -> None:
    """As two server processes do."""
    SqlSessionStore(container.views.db).set_sync("shared", b"v", expires_in=60)

    assert SqlSessionStore(container.views.db).get_sync("shared") == b"v"

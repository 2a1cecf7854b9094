"""`casework verify` and `casework checkpoint`: the hash chain over the event stores
(decision 0019)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import cast
from uuid import UUID

import click
from eventsourcing.application import Application

from adapters.integrity import checkpoint as checkpoints
from adapters.integrity.walk import ChainStore, Walked, walk
from adapters.logging import configure_logging
from adapters.security.keys import load_or_create_key
from adapters.settings import Settings
from adapters.storage.stores import ensure_schema, event_store_env
from service.applications import CasesApplication, IdentityApplication

STORES = (CasesApplication, IdentityApplication)


@contextmanager
def chain_stores(settings: Settings) -> Iterator[dict[str, ChainStore]]:
    """Each store's recorder (building one gives a store made before the chain its
    links, once)."""
    ensure_schema(settings)
    apps: list[Application[UUID]] = []
    try:
        for cls in STORES:
            apps.append(cls(env=event_store_env(cls.name, settings)))
        yield {app.name: cast(ChainStore, app.recorder) for app in apps}
    finally:
        for app in apps:
            app.close()


def _checkpoint_key(settings: Settings) -> bytes:
    return load_or_create_key("checkpoint", settings.data_dir, settings.checkpoint_key)


def walk_store(name: str, store: ChainStore, keep: frozenset[int] = frozenset()) -> Walked:
    def progress(count: int) -> None:
        click.echo(f"{name}: {count} events checked...", err=True)

    return walk(store, progress, keep)


@click.command()
@click.option("--checkpoint", "checkpoint_file", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="Also check the stores against this signed checkpoint "
              "(printed earlier by `casework checkpoint`).")
def verify(checkpoint_file: Path | None) -> None:
    """Check the event stores' hash chain from the first event to the last.

    Exits 0 when every stored event matches its link (and the checkpoint, if given);
    otherwise exits 1 naming the store and the first bad position.
    """
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    mark = None
    if checkpoint_file is not None:
        try:
            mark = checkpoints.read(checkpoint_file.read_text(), _checkpoint_key(settings))
        except checkpoints.CheckpointError as error:
            raise click.ClickException(f"verify failed: {error}") from None
    with chain_stores(settings) as stores:
        for name, store in stores.items():
            pinned = mark.stores.get(name) if mark is not None else None
            walked = walk_store(name, store, frozenset([pinned[0]]) if pinned else frozenset())
            if walked.broken is not None:
                raise click.ClickException(f"verify failed: {name} store, {walked.broken}")
            if pinned is not None and walked.links.get(pinned[0]) != pinned[1]:
                where = ("the store ends before it" if pinned[0] not in walked.links
                         else "the link differs")
                raise click.ClickException(
                    f"verify failed: {name} store, position {pinned[0]}: does not match the "
                    f"checkpoint of {mark.time if mark else ''} ({where}: history rewritten "
                    "or removed)")
            head = f"up to position {walked.last[0]}" if walked.last else "(empty)"
            click.echo(f"{name}: {walked.events} events, chain intact {head}")
    if mark is not None:
        click.echo(f"checkpoint of {mark.time}: matches")


@click.command()
def checkpoint() -> None:
    """Print a signed checkpoint of the stores' chains, to keep elsewhere.

    Walks the chains first (a broken one is not signed). The signature is an HMAC under
    the checkpoint key (CASEWORK_CHECKPOINT_KEY, or generated into the data directory's
    keys folder).
    """
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    heads = {}
    with chain_stores(settings) as stores:
        for name, store in stores.items():
            walked = walk_store(name, store)
            if walked.broken is not None:
                raise click.ClickException(
                    f"checkpoint refused: {name} store, {walked.broken} (see casework verify)")
            heads[name] = walked.last or (0, bytes(32))
    click.echo(checkpoints.make(heads, _checkpoint_key(settings), datetime.now(UTC)))

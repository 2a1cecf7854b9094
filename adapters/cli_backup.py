"""`casework backup DEST` and `casework restore SRC` (decision 0021,
docs/data-protection.md "Backups")."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from adapters.backup import postgres_copy, sqlite_copy
from adapters.backup.key_file import (
    KeyFile,
    conflicting_key_files,
    export_keys,
    install_keys,
    master_for,
)
from adapters.backup.keyless import erase_keyless
from adapters.backup.manifest import BackupError, Manifest, StoreHead
from adapters.bootstrap import build, views_database
from adapters.cli_integrity import chain_stores, walk_store
from adapters.cli_projections import rebuild_with_progress
from adapters.logging import configure_logging
from adapters.security.files import private_directory
from adapters.settings import Settings
from adapters.storage.stores import ensure_schema
from adapters.storage.user_languages import SqlUserLanguages


def _settings() -> Settings:
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return settings


def _say(line: str) -> None:
    click.echo(line, err=True)


def default_key_file(directory: Path) -> Path:
    """`DEST.keys`, beside the backup directory (to be moved elsewhere)."""
    return directory.with_name(directory.name + ".keys")


def _kind(settings: Settings) -> str:
    return "postgres" if settings.uses_postgres else "sqlite"


def _head(name: str, head: StoreHead) -> str:
    at = f"up to position {head.last_position}" if head.events else "(empty)"
    return f"{name}: {head.events} events {at}"


@click.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--keys", "keys_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the key file (master key, generated keys, every case's "
                   "wrapped data key).  [default: DEST.keys]  Store it apart from DEST.")
@click.option("--no-keys", is_flag=True,
              help="Copy the data only (when the keys are backed up by another run).")
def backup(dest: Path, keys_path: Path | None, no_keys: bool) -> None:
    """Copy the stores into the new directory DEST while the service runs, and the keys
    into a separate key file.

    SQLite: each database file by SQLite's online backup API. PostgreSQL: the event
    stores and the access log by COPY in one snapshot. DEST gets a manifest with the
    counts and each store's last position and chain head. The case keys go to the key
    file only: keep the newest key file apart from the data backups (whoever holds both
    holds every resident's data), and restore with it.
    """
    settings = _settings()
    if no_keys and keys_path is not None:
        raise click.UsageError("--keys and --no-keys exclude each other")
    key_path = None if no_keys else (keys_path or default_key_file(dest))
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise click.ClickException(f"backup refused: {dest} exists and is not empty")
    if key_path is not None:
        if key_path.exists():
            raise click.ClickException(f"backup refused: the key file {key_path} exists")
        if key_path.resolve().is_relative_to(dest.resolve()):
            raise click.ClickException("backup refused: the key file must not be inside "
                                       "the backup directory (keep the keys apart)")
    created = datetime.now(UTC).isoformat(timespec="seconds")
    private_directory(dest)
    try:
        if settings.uses_postgres:
            heads, counts, digests = postgres_copy.back_up(settings, dest, _say)
        else:
            heads, counts, digests = sqlite_copy.back_up(settings.data_dir, dest, _say)
        Manifest(_kind(settings), created, heads, counts, digests).write(dest)
        # After the data: a case in the copy has its key here unless erased meanwhile.
        exported = export_keys(settings, created) if key_path is not None else None
    except BackupError as error:
        raise click.ClickException(f"backup failed: {error}") from None
    click.echo(f"Backed up the {_kind(settings)} store into {dest}:")
    for name, head in heads.items():
        click.echo(f"  {_head(name, head)}, chain head {head.chain_head[:16]}")
    if exported is None or key_path is None:
        click.echo("No key file written (--no-keys): restore with the newest key file.")
        return
    exported.write(key_path)
    master = ("included" if exported.master_key is not None
              else "not included (it comes from CASEWORK_MASTER_KEY: keep that safe too)")
    click.echo(f"Keys in {key_path}: {len(exported.case_keys)} case keys, master key "
               f"{master}.")
    click.echo(f"Store {key_path.name} apart from the data backup: whoever holds both "
               "holds every resident's data.")


@click.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--keys", "keys_path", type=click.Path(exists=True, dir_okay=False,
              path_type=Path),
              help="The key file to restore with: the NEWEST one you have (a case erased "
                   "since the backup then stays erased).  [default: SRC.keys]")
def restore(src: Path, keys_path: Path | None) -> None:
    """Restore the backup SRC into an empty data directory (SQLite) or an empty
    PostgreSQL schema, then verify the hash chain and rebuild the read models.

    The case keys come from the key file, never from the backup: a case whose key is
    in no key file (erased after the backup was taken) is recorded as erased.
    """
    settings = _settings()
    try:
        manifest, key_file = _check_restore(settings, src, keys_path)
        _load(settings, src, key_file)
    except BackupError as error:
        raise click.ClickException(f"restore failed: {error}") from None
    _verify(settings, manifest)
    container = build(settings)
    try:
        rebuild_with_progress(container)
        erased = erase_keyless(container)
        container.runner.catch_up()
    finally:
        container.close()
    if erased:
        click.echo(f"{len(erased)} cases had no data key in the key file and are now "
                   f"recorded as erased: {', '.join(erased)}")
    click.echo(f"Restored the backup of {manifest.created_at} into "
               f"{_target(settings)}; start the service as usual.")


def _target(settings: Settings) -> str:
    if settings.uses_postgres:
        return f"PostgreSQL schema {settings.database_schema or '(search path)'}"
    return str(settings.data_dir)


def _check_restore(settings: Settings, src: Path, keys_path: Path | None
                   ) -> tuple[Manifest, KeyFile]:
    """Everything that can refuse the restore, before anything is written."""
    manifest = Manifest.read(src)
    kind = _kind(settings)
    if manifest.store != kind:
        raise BackupError(f"{src} is a backup of a {manifest.store} store and this one is "
                          f"{kind} (restore into the same kind of store)")
    key_path = keys_path or default_key_file(src)
    if not key_path.is_file():
        raise BackupError(f"no key file {key_path}: give the newest one with --keys FILE")
    key_file = KeyFile.read(key_path)
    if key_file.store != kind:
        raise BackupError(f"{key_path} holds the keys of a {key_file.store} store")
    if key_file.created_at < manifest.created_at:
        raise BackupError(f"the key file {key_path} ({key_file.created_at}) is older than "
                          f"the backup ({manifest.created_at}): cases opened in between "
                          "would lose their data; give a key file made with or after it")
    required = (sqlite_copy.FILES if kind == "sqlite" else postgres_copy.REQUIRED)
    missing = [name for name in required if name not in manifest.sha256]
    if missing:
        raise BackupError(f"the backup is incomplete: its manifest names no "
                          f"{', '.join(missing)}")
    manifest.check_files(src)
    if settings.uses_postgres:
        tables = postgres_copy.schema_tables(settings)
        if tables:
            raise BackupError(f"{_target(settings)} is not empty ({len(tables)} tables): "
                              "restore only into an empty schema")
    elif not sqlite_copy.is_empty_place(settings.data_dir):
        raise BackupError(f"the data directory {settings.data_dir} is not empty: restore "
                          "only into an empty or new directory")
    master_for(key_file, settings)
    conflicts = conflicting_key_files(key_file, settings)
    if conflicts:
        raise BackupError(f"{', '.join(conflicts)} differ from the key file's keys: move "
                          "them away first")
    return manifest, key_file


def _load(settings: Settings, src: Path, key_file: KeyFile) -> None:
    private_directory(settings.data_dir)
    ensure_schema(settings)
    installed = install_keys(key_file, settings)
    _say(f"installed the key file's keys: {len(key_file.case_keys)} case keys"
         + (f", {', '.join(installed)}" if installed else ""))
    if not settings.uses_postgres:
        sqlite_copy.restore(src, settings.data_dir, _say)
        return
    build(settings).close()  # every table, empty
    languages = views_database(settings)
    try:
        SqlUserLanguages(languages)
    finally:
        languages.close()
    postgres_copy.restore(src, settings, _say)


def _verify(settings: Settings, manifest: Manifest) -> None:
    with chain_stores(settings) as stores:
        for name, store in stores.items():
            walked = walk_store(name, store)
            if walked.broken is not None:
                raise click.ClickException(f"restore failed: verify found the {name} "
                                           f"store's chain broken at {walked.broken}")
            expected = manifest.heads.get(name)
            last, link = walked.last or (0, b"")
            if expected is not None and (last, link.hex()) != (expected.last_position,
                                                               expected.chain_head):
                raise click.ClickException(
                    f"restore failed: the {name} store ends at position {last}, the "
                    f"backup's manifest at {expected.last_position} (chain head differs)")
            click.echo(f"verify: {_head(name, StoreHead(walked.events, last, ''))}, "
                       "chain intact, matches the manifest")

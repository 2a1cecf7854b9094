"""`casework rotate-master-key` and `casework retention` (docs/data-protection.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from cryptography.exceptions import InvalidTag

from adapters.bootstrap import build, case_keys, retention_due, run_retention
from adapters.logging import configure_logging
from adapters.security.case_keys import MasterKey, new_master_key_text
from adapters.settings import Settings
from service.campaigns import CONTACT_RETENTION_DAYS


def _settings() -> Settings:
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return settings


@click.command("rotate-master-key")
@click.option("--new-key-stdin", is_flag=True,
              help="Read the new master key (base64, 32 bytes) from stdin instead of "
                   "generating one.")
def rotate_master_key(new_key_stdin: bool) -> None:
    """Re-wrap every case's data key under a new master key; events are not touched.

    Stop the servers and the projector first. In the embedded mode without
    CASEWORK_MASTER_KEY the new key replaces <data dir>/keys/master.key; otherwise the new
    key is printed once: set it as CASEWORK_MASTER_KEY before starting again.
    """
    settings = _settings()
    text = sys.stdin.readline().strip() if new_key_stdin else new_master_key_text()
    try:
        new_master = MasterKey.from_base64(text)
    except ValueError:
        raise click.ClickException("rotate-master-key refused: the new master key must be "
                                   "base64 of 32 bytes") from None
    keys = case_keys(settings)
    try:
        count = keys.rotate(new_master)
    except InvalidTag:
        raise click.ClickException("rotate-master-key refused: the current master key does "
                                   "not open the case keys (nothing was changed)") from None
    finally:
        keys.close()
    if settings.master_key is None:
        _replace_key_file(settings.data_dir / "keys" / "master.key", text)
        click.echo(f"re-wrapped {count} case keys; the new master key is in "
                   f"{settings.data_dir / 'keys' / 'master.key'}")
    else:
        click.echo(f"re-wrapped {count} case keys; set CASEWORK_MASTER_KEY to:")
        click.echo(text)


def _replace_key_file(path: Path, text: str) -> None:
    temporary = path.with_suffix(".new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, text.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)


@click.command()
@click.option("--dry-run", is_flag=True, help="List the references that would be erased.")
def retention(dry_run: bool) -> None:
    """Erase the personal data of cases closed longer ago than CASEWORK_RETENTION_DAYS
    (default 1095). The projector process runs this once a day."""
    settings = _settings()
    container = build(settings)
    try:
        container.runner.catch_up()
        args = (container.cases, container.queries, container.clock, settings)
        due = retention_due(*args) if dry_run else run_retention(*args)
        for item in due:
            click.echo(f"{item.reference}  closed {item.closed_at.date().isoformat()}")
        verb = "would be erased" if dry_run else "erased"
        click.echo(f"{len(due)} cases {verb} (retention {settings.retention_days} days)")
        # outreach contacts of closed campaigns (decision 0029), when there are any
        contacts = container.campaigns.erase_expired(dry_run=dry_run) \
            if container.campaigns is not None else 0
        if contacts:
            click.echo(f"{contacts} contacts of closed campaigns {verb} "
                       f"(retention {CONTACT_RETENTION_DAYS} days)")
    finally:
        container.close()

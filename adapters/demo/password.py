"""The demo accounts' password: random, made once per data directory and kept there in
`demo-password` (mode 0600), never a fixed one (anyone who found a demo server could
otherwise read every team's cases)."""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path

from adapters.security.files import private_directory, private_file, write_private

FILE_NAME = "demo-password"


def demo_password_file(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def demo_password(data_dir: Path) -> str:
    """The demo password of `data_dir`, made on first use."""
    path = demo_password_file(data_dir)
    if not path.exists():
        private_directory(data_dir)
        with contextlib.suppress(FileExistsError):  # another process made it just now
            write_private(path, secrets.token_urlsafe(12).encode())
    return private_file(path).read_text().strip()

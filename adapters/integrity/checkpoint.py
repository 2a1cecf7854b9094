"""Signed checkpoints of the hash chain (decision 0019): each store's last position and
link at a moment, signed with HMAC-SHA256 under the checkpoint key, to keep elsewhere.

`casework verify --checkpoint FILE` then proves that the stores still hold the same
history up to those positions: a rewritten chain (even one recomputed from start to end)
no longer has the checkpoint's link at the checkpoint's position.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

Link = tuple[int, bytes]


class CheckpointError(ValueError):
    """A checkpoint that cannot be read or whose signature does not match."""


@dataclass(frozen=True)
class Checkpoint:
    time: str
    stores: dict[str, Link]


def _body(time: str, stores: dict[str, Link]) -> bytes:
    content = {"time": time,
               "stores": {name: {"position": position, "link": value.hex()}
                          for name, (position, value) in sorted(stores.items())}}
    return json.dumps(content, sort_keys=True, separators=(",", ":")).encode()


def _sign(key: bytes, body: bytes) -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def make(stores: dict[str, Link], key: bytes, now: datetime) -> str:
    """One line of JSON: the stores' positions and links, the time, the signature."""
    time = now.isoformat(timespec="seconds")
    body = _body(time, stores)
    document = json.loads(body)
    document["signature"] = "hmac-sha256:" + _sign(key, body)
    return json.dumps(document, sort_keys=True)


def read(text: str, key: bytes) -> Checkpoint:
    """The checkpoint in `text`, if its signature matches under `key`."""
    try:
        document = json.loads(text)
        time = str(document["time"])
        stores = {str(name): (int(entry["position"]), bytes.fromhex(entry["link"]))
                  for name, entry in document["stores"].items()}
        scheme, _, signature = str(document["signature"]).partition(":")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise CheckpointError("the checkpoint is not one this command printed") from None
    if scheme != "hmac-sha256" or not hmac.compare_digest(
            signature, _sign(key, _body(time, stores))):
        raise CheckpointError("the checkpoint's signature does not match (altered, forged, "
                              "or signed with another key)")
    return Checkpoint(time, stores)

"""A data key per case, wrapped by a master key, kept apart from the events (decision 0020).

Each case's personal data is sealed with AES-GCM under a random 256-bit data key. Data
keys are stored wrapped (AES-GCM under the master key, bound to the case id) in a key
table of their own: a SQLite file `<data dir>/keys/case-keys.sqlite` or the PostgreSQL
table `cw_case_keys`. Destroying a case's row destroys its personal data for good
(crypto-shredding). Unwrapped keys are cached in memory, bounded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict
from pathlib import Path
from uuid import UUID, uuid4

import structlog
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.security.files import private_directory, private_file, write_private
from adapters.security.key_tables import KeyTable
from domain.values import ERASED

log = structlog.get_logger(__name__)

NONCE = 12
KEY_BYTES = 32
CACHE_SIZE = 20_000
RESERVE = 64  # keys made for new cases in one write to the key store


class MasterKey:
    """Wraps and unwraps data keys; the wrapped form is bound to its case id."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("the master key must be 32 bytes (base64 in CASEWORK_MASTER_KEY)")
        self._aead = AESGCM(key)

    @classmethod
    def from_base64(cls, text: str) -> MasterKey:
        return cls(base64.b64decode(text.strip(), validate=True))

    def wrap(self, case_id: UUID, data_key: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE)
        return nonce + self._aead.encrypt(nonce, data_key, b"casework-key:" + case_id.bytes)

    def unwrap(self, case_id: UUID, wrapped: bytes) -> bytes:
        return self._aead.decrypt(wrapped[:NONCE], wrapped[NONCE:],
                                  b"casework-key:" + case_id.bytes)


def new_master_key_text() -> str:
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def load_or_create_master_key(data_dir: Path, env_value: str | None) -> MasterKey:
    """`CASEWORK_MASTER_KEY` (base64), or the embedded mode's `<data dir>/keys/master.key`."""
    if env_value:
        return MasterKey.from_base64(env_value)
    private_directory(data_dir)
    path = private_directory(data_dir / "keys") / "master.key"
    if not path.exists():
        write_private(path, new_master_key_text().encode())
        log.info("key_generated", key="master", path=str(path))
    private_file(path)  # a file made before, or by hand, becomes 0600 too
    log.warning("master_key_in_data_directory", path=str(path),
                note="whoever holds the data directory and this file holds the residents' "
                     "data; set CASEWORK_MASTER_KEY and keep the key elsewhere")
    return MasterKey.from_base64(path.read_text())


class CaseKeys:
    """Data keys by case id: created on a case's first event, destroyed by erasure."""

    def __init__(self, table: KeyTable, master: MasterKey, cache_size: int = CACHE_SIZE
                 ) -> None:
        self.table = table
        self.master = master
        self._cache: OrderedDict[UUID, tuple[AESGCM, bytes]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._reserve: list[tuple[UUID, bytes]] = []
        self._reserve_lock = threading.Lock()

    def new_case_id(self) -> UUID:
        """An id for a new case whose data key is stored already: keys for new cases
        are made RESERVE at a time, one write (one fsync) for all of them. Ids never
        used (the process stopped) leave a key of no case behind, harmless."""
        with self._reserve_lock:
            if not self._reserve:
                fresh = [(uuid4(), secrets.token_bytes(KEY_BYTES)) for _ in range(RESERVE)]
                self.table.put_many([(case_id, self.master.wrap(case_id, key))
                                     for case_id, key in fresh])
                self._reserve = fresh
            case_id, data_key = self._reserve.pop()
        self._remember(case_id, data_key)
        return case_id

    def cipher(self, case_id: UUID, *, create: bool) -> AESGCM | None:
        """The case's cipher; a new key when `create` and the case has none; None when
        the case has no key (erased)."""
        entry = self._entry(case_id, create=create)
        return None if entry is None else entry[0]

    def entry(self, case_id: UUID) -> tuple[AESGCM, bytes] | None:
        """The case's cipher and a key of its own for synthetic nonces (derived from its
        data key); None when the case has no key."""
        return self._entry(case_id, create=False)

    def _entry(self, case_id: UUID, *, create: bool) -> tuple[AESGCM, bytes] | None:
        with self._lock:
            cached = self._cache.get(case_id)
            if cached is not None:
                self._cache.move_to_end(case_id)
                return cached
        wrapped = self.table.get(case_id)
        if wrapped is None:
            if not create:
                return None
            wrapped = self.table.put_if_absent(
                case_id, self.master.wrap(case_id, secrets.token_bytes(KEY_BYTES)))
        return self._remember(case_id, self.master.unwrap(case_id, wrapped))

    def _remember(self, case_id: UUID, data_key: bytes) -> tuple[AESGCM, bytes]:
        entry = (AESGCM(data_key), hmac.new(data_key, b"casework-nonce", hashlib.sha256).digest())
        with self._lock:
            self._cache[case_id] = entry
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return entry

    def forget(self, case_id: UUID) -> None:
        with self._lock:
            self._cache.pop(case_id, None)

    def destroy(self, case_id: UUID) -> None:
        """Erase: the case's data key is gone from the table, the files and the cache."""
        self.forget(case_id)
        self.table.delete(case_id)
        self.forget(case_id)

    def rotate(self, new_master: MasterKey) -> int:
        """Re-wrap every data key under `new_master`; events are not touched."""
        rewrapped = [(case_id, new_master.wrap(case_id, self.master.unwrap(case_id, wrapped)))
                     for case_id, wrapped in self.table.all()]
        self.table.replace_all(rewrapped)  # one transaction: all or none
        self.master = new_master
        return len(rewrapped)

    def close(self) -> None:
        self.table.close()


class ViewTextSeal:
    """Seals free text a read-model row must hold (a referral's service on the board)
    under the case's key: deterministic (a synthetic nonce from the key, the bound row
    and the text) so that a rebuilt view holds the same bytes. An erased case's text
    reads as ERASED."""

    PREFIX = "sealed:"

    def __init__(self, keys: CaseKeys) -> None:
        self.keys = keys

    def seal(self, case_id: UUID, bound_to: UUID, text: str) -> str:
        entry = self.keys.entry(case_id)
        if entry is None:  # erased (a row is written after its case's events)
            return ERASED
        aead, nonce_key = entry
        data = text.encode()
        aad = case_id.bytes + bound_to.bytes
        nonce = hmac.new(nonce_key, aad + data, hashlib.sha256).digest()[:NONCE]
        return self.PREFIX + base64.b64encode(nonce + aead.encrypt(nonce, data, aad)).decode()

    def open(self, case_id: UUID, bound_to: UUID, text: str) -> str:
        if not text.startswith(self.PREFIX):
            return text
        aead = self.keys.cipher(case_id, create=False)
        if aead is None:
            return ERASED
        sealed = base64.b64decode(text[len(self.PREFIX):])
        return aead.decrypt(sealed[:NONCE], sealed[NONCE:],
                            case_id.bytes + bound_to.bytes).decode()

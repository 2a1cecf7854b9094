"""Keyed hashes (HMAC-SHA256) of names, phones and ID numbers, so the views can be
searched without holding those values. The key lives outside the views' database."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from domain.normalise import fold, phone_key

_SPACE = re.compile(r"\s+")
NAME_PREFIXES = 10


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def normalise_name(name: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", name)).casefold()


def normalise_phone(phone: str) -> str:
    """The line's digits, whichever way it was typed or stored (decision 0022)."""
    return phone_key(phone)


class SearchTokenizer:
    def __init__(self, key: bytes) -> None:
        self.key = key
        # The key's pads hashed once; each token copies that state (a rebuild hashes
        # every resident's name prefixes).
        self._keyed = hmac.new(key, digestmod=hashlib.sha256)

    def _token(self, kind: str, value: str) -> str:
        mac = self._keyed.copy()
        mac.update(f"{kind}:{value}".encode())
        return mac.hexdigest()[:32]

    def name_tokens(self, name: str) -> tuple[str, ...]:
        norm = normalise_name(name)
        if not norm:
            return ()
        shortest = 1 if _is_cjk(norm[0]) else 3
        prefixes = {norm[:n] for n in range(shortest, min(len(norm), NAME_PREFIXES) + 1)}
        prefixes.add(norm)
        return tuple(sorted(self._token("name", p) for p in prefixes))

    def phone_tokens(self, phone: str) -> tuple[str, ...]:
        digits = normalise_phone(phone)
        if not digits:
            return ()
        tokens = {self._token("phone", digits)}
        if len(digits) >= 4:
            tokens.add(self._token("phone4", digits[-4:]))
        return tuple(sorted(tokens))

    def id_tokens(self, id_number: str) -> tuple[str, ...]:
        norm = re.sub(r"[^0-9A-Za-z]", "", fold(id_number)).upper()
        return (self._token("id", norm),) if norm else ()

    def match_tokens(self, phone: str | None, id_number: str | None) -> tuple[str, ...]:
        """The tokens that make two cases possible duplicates: the whole phone number
        (five digits or more; never its last four alone) and the ID number."""
        tokens: list[str] = []
        digits = normalise_phone(phone or "")
        if len(digits) >= 5:
            tokens.append(self._token("phone", digits))
        if id_number:
            tokens.extend(self.id_tokens(id_number))
        return tuple(tokens)

    def query_tokens(self, q: str) -> tuple[str, ...]:
        tokens: list[str] = []
        norm = normalise_name(q)
        if norm:
            tokens.append(self._token("name", norm))
        digits = normalise_phone(q)
        if len(digits) == 4 and len(fold(q)) == 4:
            tokens.append(self._token("phone4", digits))
        elif len(digits) >= 5:
            tokens.append(self._token("phone", digits))
        id_norm = re.sub(r"[^0-9A-Za-z]", "", fold(q)).upper()
        if len(id_norm) >= 6:
            tokens.append(self._token("id", id_norm))
        return tuple(tokens)

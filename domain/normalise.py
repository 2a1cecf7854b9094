"""Input as people type it (decision 0022): the Chinese IME's full-width forms folded to
the ordinary ones, and phone numbers in the one canonical form that is stored, matched
for duplicates and searched.

`fold` is NFKC: full-width digits and letters (１３８, ＪＢ), the ideographic space and
full-width brackets and dashes become their ASCII forms. It is for identifiers and names
(names, phones, ID numbers, references, usernames, team codes, search words), never for
free text: NFKC would turn Chinese prose's full-width comma (，) into a Latin one.

A phone's canonical form:
- a mainland mobile: its 11 digits, `13812345678` (a `+86`, `86` or `0086` in front is
  dropped);
- a landline with its area code: `021-68881234` (the area code is 3 digits for 010 and
  02x, 4 for the others, whatever grouping was typed); with an extension
  `021-68881234-8012` (typed as 转 8012, 分机 8012, ext. 8012, x8012, #8012, or a last
  group after a complete number, 021-68881234-8012);
- anything else of 5 to 20 digits (a local number without area code, a service number,
  a number abroad): its digits, with a leading `+` if it was typed.
"""

from __future__ import annotations

import re
import unicodedata

# Dashes people type between groups (NFKC leaves these as they are).
_DASHES = str.maketrans({ch: "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc"})
_EXTENSION = re.compile(r"^(?P<main>.*?)\s*(?:转|轉|分机|分機|ext\.?|x|#)\s*(?P<ext>\d{1,6})$",
                        re.IGNORECASE)
_ALLOWED = re.compile(r"^\+?[0-9\s().\-]+$")
_COUNTRY = ("0086", "86")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
MIN_DIGITS, MAX_DIGITS = 5, 20


def fold(value: str) -> str:
    """NFKC, dashes made ASCII, surrounding spaces dropped: ＪＢ－２０２６ → JB-2026."""
    return unicodedata.normalize("NFKC", value).translate(_DASHES).strip()


def canonical_phone(value: str) -> str | None:
    """The phone's canonical form, or None if it is not a phone number."""
    folded = fold(value)
    extension = None
    marked = _EXTENSION.match(folded)
    if marked:
        folded, extension = marked["main"], marked["ext"]
    if not _ALLOWED.match(folded):
        return None
    digits = re.sub(r"\D", "", folded)
    international = folded.startswith("+")
    national = _national(digits, international)
    if national is not None and _MOBILE.match(national):
        return national if extension is None else None
    line = _landline(national) if national is not None else None
    if line is None and extension is None and national is not None:
        line = _landline_with_dash_extension(folded, international)
        if line is not None:
            return line
    if line is not None:
        return line + (f"-{extension}" if extension else "")
    if extension is not None or not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return None
    if national is not None and national.startswith("0") and not national.startswith("00"):
        return None  # a trunk 0 promises an area code and a whole number after it
    return ("+" if international else "") + digits


def phone_key(value: str) -> str:
    """What two phones share when they are the same line (duplicates, search tokens): the
    digits of the canonical form without its extension. Works on phones stored before
    decision 0022 too (as typed then: `+86 138-0013-8000` → `13800138000`)."""
    canonical = canonical_phone(value)
    if canonical is not None and not canonical.startswith("+"):
        line = canonical.split("-")[:2] if "-" in canonical else [canonical]
        return "".join(line)
    digits = re.sub(r"\D", "", fold(value))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def _national(digits: str, international: bool) -> str | None:
    """The number without the country code +86; None for another country's number."""
    for prefix in _COUNTRY:
        if digits.startswith(prefix) and (international or prefix == "0086"
                                          or len(digits) == 13):
            rest = digits[len(prefix):]
            return rest if _MOBILE.match(rest) or rest.startswith("0") else "0" + rest
    return None if international else digits


def _landline(digits: str) -> str | None:
    """`021-68881234` for a number with its area code, else None."""
    if len(digits) < 3 or not digits.startswith("0") or digits[1] == "0":
        return None
    area_len = 3 if digits[1] in "12" else 4
    area, local = digits[:area_len], digits[area_len:]
    if len(local) not in (7, 8) or local[0] in "01":
        return None
    return f"{area}-{local}"


def _landline_with_dash_extension(folded: str, international: bool) -> str | None:
    """`021-68881234-8012`: a last group of 1 to 6 digits after a complete landline."""
    groups = re.split(r"[\s\-]+", folded)
    if len(groups) < 2 or not groups[-1].isdigit() or len(groups[-1]) > 6:
        return None
    before = re.sub(r"\D", "", " ".join(groups[:-1]))
    national = _national(before, international)
    line = _landline(national) if national is not None else None
    return f"{line}-{groups[-1]}" if line is not None else None


def id_number(value: str) -> str:
    """An ID number folded: full-width letters and digits made ASCII, spaces dropped,
    letters in capitals (310115 19420315 002x → 31011519420315002X)."""
    return re.sub(r"\s", "", fold(value)).upper()

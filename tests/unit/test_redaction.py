"""Masking a resident's identifiers in text a partner reads (issue 11, item 4): the
masking holds whatever case, spacing, punctuation or width the writer used."""

from __future__ import annotations

import pytest

from domain.redaction import REDACTED, redact

NAME = "John Smith"
CHINESE_NAME = "王小明"
PHONE = "139-2222-4444"
ID_NUMBER = "11010519491231002X"
SECRETS = (NAME, CHINESE_NAME, PHONE, ID_NUMBER)


@pytest.mark.parametrize(("text", "hidden"), [
    # names, Latin: case and spacing
    ("Insulin for John Smith today", "John Smith"),
    ("Insulin for JOHN SMITH today", "JOHN SMITH"),
    ("Insulin for john smith today", "john smith"),
    ("Insulin for J o h n  S m i t h today", "J o h n  S m i t h"),
    ("Insulin for John-Smith today", "John-Smith"),
    ("Insulin for john.smith today", "john.smith"),
    ("Insulin for JohnSmith today", "JohnSmith"),
    ("Insulin for John\u200bSmith today", "John\u200bSmith"),
    ("Insulin for Ｊｏｈｎ Ｓｍｉｔｈ today", "Smith"),
    # names, Chinese: spaces, punctuation, full-width spaces
    ("给王小明送药", "王小明"),
    ("给王 小 明送药", "王 小 明"),
    ("给王·小·明送药", "小"),
    ("给王\u3000小\u3000明送药", "小"),
    ("给王-小-明送药", "王-小-明"),
    # phones: any run of 7 or more digits whatever separates them
    ("call 139-2222-4444", "2222"),
    ("call 139.2222.4444", "139.2222.4444"),
    ("call (139)2222/4444", "2222"),
    ("call 139 2222 4444", "139 2222 4444"),
    ("call 13922224444", "13922224444"),
    ("call １３９－２２２２－４４４４", "２２２２"),
    ("call （１３９）２２２２／４４４４", "２２２２"),
    ("call 139\u200b2222\u200b4444", "2222"),
    ("call her son on 137/5555/6666", "5555"),
    ("call her son on 137 (5555) 6666", "5555"),
    ("call her son on 1 3 7 5 5 5 5", "5 5 5 5"),
    ("landline 021-5555-6666", "5555"),
    # ID-card-like strings
    ("ID 11010519491231002X on file", "002X"),
    ("ID 11010519491231002x on file", "002x"),
    ("ID 110105 19491231 002X on file", "19491231"),
    ("ID 330106198001011234 on file", "1234"),
    ("passport E12345678 on file", "E12345678"),
])
def test_identifiers_are_masked_in_any_spelling(text: str, hidden: str) -> None:
    masked = redact(text, *SECRETS)
    assert hidden not in masked
    assert REDACTED in masked


@pytest.mark.parametrize("text", [
    "Insulin twice a day, 2 boxes",
    "Needs 3 meals, room 502",
    "Johnson Smithfield is the pharmacy",  # other words that only contain a name part
    "送药到社区服务站",
])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text, *SECRETS) == text


def test_short_numbers_stay() -> None:
    assert redact("bring 2 boxes at 14:30 to room 502", *SECRETS) == (
        "bring 2 boxes at 14:30 to room 502")

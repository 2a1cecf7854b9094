"""Phones, names and ID numbers as people type them (domain/normalise.py, decision 0022):
full-width forms from the Chinese IME folded, landlines with area codes and extensions
accepted, and one canonical form stored, matched and searched."""

from __future__ import annotations

import pytest

from adapters.security.search_tokens import SearchTokenizer
from domain import validation
from domain.errors import InvalidInput
from domain.normalise import canonical_phone, fold, phone_key


class TestFold:
    def test_full_width_digits_letters_spaces_and_dashes_become_ascii(self) -> None:
        assert fold("　ＪＢ－２０２６－０００４２　") == "JB-2026-00042"

    def test_chinese_names_are_left_as_they_are(self) -> None:
        assert validation.name("name", " 欧阳秀英 ") == "欧阳秀英"
        assert validation.name("name", "ＬＩ　Ｍｉｎｇ") == "LI Ming"


class TestMobiles:
    @pytest.mark.parametrize("typed", [
        "13812345678", "１３８１２３４５６７８", "138 1234 5678", "138-1234-5678",
        "+86 138 1234 5678", "86 13812345678", "0086 138 1234 5678",
        "＋８６　１３８ １２３４ ５６７８",
    ])
    def test_every_spelling_is_stored_as_its_11_digits(self, typed: str) -> None:
        assert validation.phone("phone", typed) == "13812345678"

    def test_a_mobile_takes_no_extension(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            validation.phone("phone", "13812345678 转 8012")
        assert refused.value.code == "invalid_phone"


class TestLandlines:
    @pytest.mark.parametrize("typed", [
        "021-68881234", "(021) 6888 1234", "（０２１）６８８８　１２３４", "021 6888 1234",
        "02168881234", "021-6888-1234", "+86 21 6888 1234",
    ])
    def test_an_area_code_and_number_are_stored_with_one_dash(self, typed: str) -> None:
        assert validation.phone("phone", typed) == "021-68881234"

    def test_a_four_digit_area_code(self) -> None:
        assert validation.phone("phone", "(0571) 8888 1234") == "0571-88881234"

    @pytest.mark.parametrize("typed", [
        "021-68881234 转 8012", "021-68881234转８０１２", "(021) 6888 1234 ext. 8012",
        "021-68881234 分机 8012", "021-68881234 x8012", "021-68881234-8012",
    ])
    def test_an_extension_follows_after_a_second_dash(self, typed: str) -> None:
        assert validation.phone("phone", typed) == "021-68881234-8012"


class TestOtherNumbers:
    @pytest.mark.parametrize(("typed", "stored"), [
        ("12345", "12345"), ("6888 1234", "68881234"), ("+852 9123 4567", "+85291234567"),
    ])
    def test_service_local_and_foreign_numbers_keep_their_digits(self, typed: str,
                                                                 stored: str) -> None:
        assert validation.phone("phone", typed) == stored

    @pytest.mark.parametrize("typed", ["call me", "1234", "138\x001234 5678", "0" * 21,
                                       "ext. 8012"])
    def test_what_is_no_phone_is_refused(self, typed: str) -> None:
        assert canonical_phone(typed) is None
        with pytest.raises(InvalidInput):
            validation.phone("phone", typed)


class TestMatching:
    def test_an_old_stored_mobile_matches_a_newly_typed_full_width_one(self) -> None:
        tokenizer = SearchTokenizer(b"k" * 32)
        stored_before = tokenizer.match_tokens("+86 138-0013-8000", None)
        typed_now = tokenizer.match_tokens(validation.phone("p", "１３８ ００１３ ８０００"), None)
        assert stored_before == typed_now

    def test_a_landline_with_an_extension_matches_the_line(self) -> None:
        assert phone_key("021-68881234-8012") == phone_key("(021) 6888 1234") == "02168881234"

    def test_a_full_width_phone_search_finds_the_stored_one(self) -> None:
        tokenizer = SearchTokenizer(b"k" * 32)
        stored = set(tokenizer.phone_tokens("13800138000"))
        assert stored & set(tokenizer.query_tokens("１３８００１３８０００"))
        assert stored & set(tokenizer.query_tokens("８０００"))


class TestIdNumbers:
    def test_full_width_digits_spaces_and_a_small_x_are_folded(self) -> None:
        assert validation.id_number("id", "３１０１１５ １９４２０３１５ ００２ｘ") \
            == "31011519420315002X"


class TestEmergencyContact:
    def test_a_full_width_name_is_folded_and_an_empty_one_is_none(self) -> None:
        assert validation.optional_name("ec", "Ｌｉ　Ｊｉａｎ") == "Li Jian"
        assert validation.optional_name("ec", "　") is None

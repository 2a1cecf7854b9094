"""Keyed search tokens (adapters/security/search_tokens.py): what a query finds, how
names, phones and ID numbers are normalised, and that a token reveals nothing without
the key."""

from __future__ import annotations

import pytest

from adapters.security.search_tokens import SearchTokenizer, normalise_name, normalise_phone

KEY = b"test-search-key-0123456789abcdef"


@pytest.fixture
def tokenizer() -> SearchTokenizer:
    return SearchTokenizer(KEY)


def finds(tokenizer: SearchTokenizer, query: str, stored: tuple[str, ...]) -> bool:
    return bool(set(tokenizer.query_tokens(query)) & set(stored))


class TestNames:
    @pytest.mark.parametrize("query", ["欧阳秀英", "欧阳", "欧", "欧阳 秀英", "欧阳秀"])
    def test_a_chinese_name_is_found_by_any_prefix(self, tokenizer: SearchTokenizer,
                                                   query: str) -> None:
        assert finds(tokenizer, query, tokenizer.name_tokens("欧阳秀英"))

    @pytest.mark.parametrize("query", ["秀英", "阳秀英", "欧阳秀英英", "王"])
    def test_not_by_the_given_name_or_a_longer_string(self, tokenizer: SearchTokenizer,
                                                      query: str) -> None:
        assert not finds(tokenizer, query, tokenizer.name_tokens("欧阳秀英"))

    def test_a_latin_name_needs_three_letters_and_ignores_case_and_spaces(
            self, tokenizer: SearchTokenizer) -> None:
        stored = tokenizer.name_tokens("Maria Lopez")
        assert finds(tokenizer, "maria lopez", stored)
        assert finds(tokenizer, "MARIALOPEZ", stored)
        assert finds(tokenizer, "mar", stored)
        assert not finds(tokenizer, "ma", stored)

    def test_full_width_letters_are_normalised(self) -> None:
        assert normalise_name("ＭＡＲＩＡ　Lopez") == "marialopez"


class TestPhones:
    @pytest.mark.parametrize("query", ["13800138000", "138 0013 8000", "138-0013-8000",
                                       "+86 138 0013 8000", "8613800138000", "8000"])
    def test_a_phone_is_found_however_it_is_written(self, tokenizer: SearchTokenizer,
                                                    query: str) -> None:
        assert finds(tokenizer, query, tokenizer.phone_tokens("138 0013 8000"))

    @pytest.mark.parametrize("query", ["1380013800", "0013 8000", "138", "8001", " 800"])
    def test_not_by_a_part_other_than_the_last_four_digits(self, tokenizer: SearchTokenizer,
                                                           query: str) -> None:
        assert not finds(tokenizer, query, tokenizer.phone_tokens("138 0013 8000"))

    def test_the_country_code_is_dropped_only_from_a_full_mobile_number(self) -> None:
        assert normalise_phone("+86 138 0013 8000") == "13800138000"
        assert normalise_phone("021-5555-0199") == "02155550199"
        assert normalise_phone("8621555501") == "8621555501"


class TestIdNumbers:
    def test_found_in_any_case_and_with_separators(self, tokenizer: SearchTokenizer) -> None:
        stored = tokenizer.id_tokens("31011519420315002X")
        assert finds(tokenizer, "31011519420315002x", stored)
        assert finds(tokenizer, "310115 19420315 002X", stored)
        assert not finds(tokenizer, "310115", stored)


class TestKeying:
    def test_tokens_hide_the_value_and_depend_on_the_key(self,
                                                         tokenizer: SearchTokenizer) -> None:
        tokens = (tokenizer.name_tokens("欧阳秀英") + tokenizer.phone_tokens("13800138000")
                  + tokenizer.id_tokens("31011519420315002X"))
        assert all(len(t) == 32 and int(t, 16) >= 0 for t in tokens)
        joined = " ".join(tokens)
        assert "欧阳" not in joined
        assert "8000" not in joined
        assert "310115" not in joined
        other = SearchTokenizer(b"another-key")
        assert set(other.name_tokens("欧阳秀英")).isdisjoint(tokenizer.name_tokens("欧阳秀英"))
        assert not finds(other, "欧阳秀英", tokenizer.name_tokens("欧阳秀英"))

    def test_the_kinds_do_not_cross(self, tokenizer: SearchTokenizer) -> None:
        # A name that happens to be digits does not match a phone with those digits.
        assert set(tokenizer.name_tokens("13800138000")).isdisjoint(
            tokenizer.phone_tokens("13800138000"))

    def test_an_empty_value_gives_no_tokens(self, tokenizer: SearchTokenizer) -> None:
        assert tokenizer.name_tokens("  ") == ()
        assert tokenizer.phone_tokens("--") == ()
        assert tokenizer.id_tokens("") == ()
        assert tokenizer.query_tokens("   ") == ()

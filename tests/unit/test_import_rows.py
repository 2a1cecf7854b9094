"""Reading messy spreadsheet rows (service/import_rows.py) and files (adapters/imports):
headers in either language, full-width digits, yes/no words, vocabulary synonyms, and
the encodings a Chinese office saves CSV in."""

from __future__ import annotations

import pytest

from adapters.imports.sheets import read_sheet
from domain.errors import InvalidInput
from domain.vocabulary import Channel, Gender, Need, Vulnerability
from service.import_rows import Mapped, RowReader, header_field, template_rows

ZH = ["姓名", "电话", "身份证", "出生年份", "性别", "区", "街道", "社区", "地址", "独居", "需求",
      "困难类型", "诉求"]


def read(cells: list[str], headers: list[str] = ZH) -> Mapped:
    return RowReader(headers, team="JB", channel=Channel.OUTREACH).read(2, cells)


class TestHeaders:
    @pytest.mark.parametrize(("header", "field"), [
        ("姓名", "name"), ("Name", "name"), ("PHONE", "phone"), ("联系电话", "phone"),
        ("身份证号", "id_number"), ("ID_Number", "id_number"), ("诉求*", "request"),
        ("需求(必填)", "needs"), ("是否独居", "lives_alone"), ("备注", None)])
    def test_a_header_names_its_field_in_either_language(self, header: str,
                                                         field: str | None) -> None:
        assert header_field(header) == field

    def test_a_sheet_without_a_required_column_says_which(self) -> None:
        reader = RowReader(["姓名", "地址"], team="JB", channel=Channel.OUTREACH)
        assert reader.missing == ["phone", "request"]


class TestCells:
    def test_full_width_digits_and_a_spaced_mobile_become_plain(self) -> None:
        row = read(["宋老师", "１３９　０００１　２３４５", "", "１９５２", "女", "江北区", "", "",
                    "", "是", "买药、取药、买菜", "高龄;独居", "代配药"])
        command = row.command
        assert command is not None
        assert command.details.phone == "13900012345"
        assert command.profile.birth_year == 1952
        assert command.profile.gender is Gender.FEMALE
        assert command.profile.lives_alone is True
        assert command.needs == (Need.MEDICATION, Need.FOOD)
        assert command.vulnerabilities == (Vulnerability.OLDER_PERSON,
                                           Vulnerability.LIVES_ALONE)
        assert command.channel is Channel.OUTREACH

    @pytest.mark.parametrize(("word", "alone"), [("是", True), ("Y", True), ("yes", True),
                                                 ("1", True), ("否", False), ("N", False),
                                                 ("no", False), ("0", False), ("", False)])
    def test_yes_and_no_in_the_words_people_use(self, word: str, alone: bool) -> None:
        row = read(["甲", "13900000000", "", "", "", "", "", "", "", word, "", "", "x"])
        assert row.command is not None
        assert row.command.profile.lives_alone is alone

    def test_each_unreadable_cell_is_a_problem_naming_its_column(self) -> None:
        row = read(["", "13900000000", "", "五二年", "不知", "", "", "", "", "也许",
                    "买彩票", "没钱", ""])
        found = [(p.column, p.code) for p in row.problems]
        assert found == [("姓名", "required"), ("诉求", "required"),
                         ("需求", "unknown_need"), ("困难类型", "unknown_vulnerability"),
                         ("独居", "not_yes_no"), ("性别", "unknown_gender"),
                         ("出生年份", "not_a_year")]
        assert row.command is None

    def test_english_headers_and_identifiers(self) -> None:
        headers, example = template_rows("en")
        row = read(example, headers)
        command = row.command
        assert command is not None
        assert command.needs == (Need.MEDICATION, Need.FOOD)
        assert command.profile.gender is Gender.FEMALE


class TestFiles:
    CSV = "姓名,电话,诉求\n宋老师,13900000001,代配药\n\n王师傅,13900000002,买菜\n"

    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
    def test_csv_in_each_encoding_reads_the_same(self, encoding: str) -> None:
        sheet = read_sheet(self.CSV.encode(encoding), "list.csv")
        assert sheet.headers == ["姓名", "电话", "诉求"]
        assert sheet.rows == [(2, ["宋老师", "13900000001", "代配药"]),
                              (4, ["王师傅", "13900000002", "买菜"])]

    def test_a_line_in_a_broken_encoding_is_an_unreadable_row(self) -> None:
        data = self.CSV.encode("gb18030").replace("王师傅".encode("gb18030"),
                                                  b"\xff\xfe\x80")
        sheet = read_sheet(data, "list.csv")
        assert sheet.rows == [(2, ["宋老师", "13900000001", "代配药"]), (4, None)]

    @pytest.mark.parametrize(("name", "data", "code"), [
        ("list.csv", b"", "empty_file"),
        ("list.csv", b"\xd0\xcf\x11\xe0old xls", "not_a_spreadsheet"),
        ("list.xls", b"a,b\n", "not_a_spreadsheet"),
        ("list.bin", bytes(range(256)) * 8, "not_a_spreadsheet")])
    def test_what_is_not_a_sheet_is_refused(self, name: str, data: bytes,
                                            code: str) -> None:
        with pytest.raises(InvalidInput) as refused:
            read_sheet(data, name)
        assert refused.value.code == code

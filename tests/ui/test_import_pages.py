"""The import page (批量导入): upload → dry-run preview with every problem → confirm →
progress polled until the report; refusals in words keeping the page; supervisors only."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.integration.import_sheet import csv_bytes, generate
from tests.ui.conftest import Browser, Ui, text_of

HTMX = {"HX-Request": "true"}


def upload(browser: Browser, data: bytes, *, dry_run: str, name: str = "名单.csv") -> Any:
    return browser.client.post(
        "/team/import", files={"file": (name, data, "text/csv")},
        data={"dry_run": dry_run, "channel": "outreach", "_csrf_token": browser.csrf},
        headers=HTMX)


def until_finished(browser: Browser, html: str) -> str:
    for _ in range(200):
        if 'hx-get="/team/import/' not in html:
            return html
        path = html.split('hx-get="', 1)[1].split('"', 1)[0]
        time.sleep(0.05)
        html = browser.get(path, headers=HTMX).text
    raise AssertionError("the import did not finish")


class TestImportPage:
    def test_preview_then_confirm_creates_the_good_rows(self, ui: Ui) -> None:
        lead = ui.as_("jb-lead")
        page = lead.get("/team/import")
        assert page.status_code == 200
        assert "批量导入个案" in page.text
        assert 'id="import-confirm" name="dry_run" value="0" disabled' in page.text
        rows, expected = generate(12, broken_line_at=None)  # row 3: no phone; 5: unknown need

        preview = upload(lead, csv_bytes(rows, broken_line_at=None), dry_run="1")

        assert preview.status_code == 200
        assert "居民0" in preview.text  # the first rows shown
        report = text_of(until_finished(lead, preview.text))
        assert "试导入" in report
        assert "“买彩票”不是可识别的需求" in report
        assert "与第 4 行内容相同" in report
        before = ui.world.stored_position()
        done_preview = until_finished(lead, preview.text)
        assert 'id="import-confirm" name="dry_run" value="0" hx-swap-oob="true"' in done_preview
        assert ui.world.stored_position() == before  # the preview saved nothing

        confirmed = upload(lead, csv_bytes(rows, broken_line_at=None), dry_run="0")
        final = text_of(until_finished(lead, confirmed.text))

        created = len(expected.rows("created"))
        assert f"新建 {created} 条" in final
        assert ui.world.stored_position() > before

    def test_a_bad_file_is_explained_and_only_supervisors_import(self, ui: Ui) -> None:
        lead = ui.as_("jb-lead")
        answer = upload(lead, "姓名,地址\n宋老师,3栋\n".encode(), dry_run="1")
        assert answer.status_code == 200
        assert "表头缺少必填列" in text_of(answer.text)
        worker = ui.as_("jb-wang")
        assert worker.get("/team/import").status_code == 403

    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_the_template_downloads(self, ui: Ui, lang: str) -> None:
        answer = ui.as_("jb-lead").get(f"/team/import/template.csv?lang={lang}")
        assert answer.status_code == 200
        header = answer.content.decode("utf-8-sig").splitlines()[0]
        assert header.startswith("姓名,电话" if lang == "zh" else "name,phone")

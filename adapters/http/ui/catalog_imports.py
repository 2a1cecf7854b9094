"""Words of bulk imports (批量导入): the page, the report's statuses and the reasons a row
does not go in (`import.<code>`; the domain's own reasons are `input.<code>`), and the
file-level refusals. `key → (English, 中文)`; the command line's report uses them too."""

from __future__ import annotations

Pair = tuple[str, str]

IMPORTS: dict[str, Pair] = {
    "nav.import": ("Import", "批量导入"),
    "field.file": ("file", "文件"),
    "import.title": ("Import cases from a spreadsheet", "批量导入个案"),
    "import.intro": ("Upload a CSV (UTF-8 or GB18030) or XLSX sheet with a header row in "
                     "Chinese or English. First you see a preview and every problem; "
                     "nothing is saved until you confirm. Rows with problems are left out "
                     "and listed; the same file imported again creates nothing twice.",
                     "上传 CSV(UTF-8 或 GB18030)或 XLSX 表格,首行为中文或英文表头。"
                     "先预览并列出所有问题,确认后才保存。有问题的行不导入并逐行列出;"
                     "同一文件重复导入不会重复建档。"),
    "import.file": ("Spreadsheet (CSV or XLSX)", "表格文件(CSV 或 XLSX)"),
    "import.channel": ("Where the list came from", "来源渠道"),
    "import.template": ("Download the template:", "下载模板:"),
    "import.template_zh": ("Chinese headers", "中文表头"),
    "import.template_en": ("English headers", "英文表头"),
    "import.preview_submit": ("Preview (dry run, saves nothing)", "预览(试导入,不保存)"),
    "import.confirm": ("Confirm: import the good rows", "确认导入无问题的行"),
    "import.preview": ("Preview: the first rows", "预览:前几行"),
    "import.dry_run_note": ("This was a dry run: nothing is saved yet.",
                            "以上为试导入结果,尚未保存任何数据。"),
    "import.running": ("Importing… {done} of {total} rows", "正在导入…… 已处理 {done}/{total} 行"),
    "import.checking": ("Checking… {done} of {total} rows", "正在检查…… 已处理 {done}/{total} 行"),
    "import.finished": ("Import finished.", "导入完成。"),
    "import.failed": ("The import stopped before the end. Upload the same file again: rows "
                      "already imported are not created twice.",
                      "导入中途停止。请重新上传同一文件:已导入的行不会重复建档。"),
    "import.counts": ("Created {created}, would be created {would_create}, imported before "
                      "{already_imported}, likely duplicates {duplicate}, refused {refused}.",
                      "新建 {created} 条,试导入可新建 {would_create} 条,此前已导入 "
                      "{already_imported} 条,疑似重复 {duplicate} 条,未通过 {refused} 条。"),
    "import.problems": ("Rows not imported", "未导入的行"),
    "import.no_problems": ("Every row can be imported.", "所有行均可导入。"),
    "import.more_problems": ("… and {n} more rows with problems (download the report).",
                             "……另有 {n} 行有问题(请下载导入报告)。"),
    "import.download": ("Download the report (CSV)", "下载导入报告(CSV)"),
    "import.row": ("Row", "行号"),
    "import.column": ("Column", "列"),
    "import.status": ("Status", "状态"),
    "import.reason": ("Reason", "原因"),
    "import.reference": ("Case", "个案编号"),
    "import.status.created": ("created", "已新建"),
    "import.status.would_create": ("would be created", "可新建"),
    "import.status.already_imported": ("imported before", "此前已导入"),
    "import.status.duplicate": ("likely duplicate", "疑似重复"),
    "import.status.refused": ("refused", "未通过"),
    # why a row does not go in
    "import.bad_encoding": ("the line is not readable text (broken encoding)",
                            "该行编码损坏,无法识别"),
    "import.required": ("must not be empty", "不能为空"),
    "import.unknown_need": ("“{value}” is not a known need", "“{value}”不是可识别的需求"),
    "import.unknown_vulnerability": ("“{value}” is not a known vulnerability",
                                     "“{value}”不是可识别的困难类型"),
    "import.not_yes_no": ("“{value}” is not yes or no (是/否)", "“{value}”不是“是/否”"),
    "import.unknown_gender": ("“{value}” is not a gender (男/女)", "“{value}”不是可识别的性别"),
    "import.not_a_year": ("must be a year such as 1952", "应为年份,例如 1952"),
    "import.duplicate_row": ("the same as row {row}", "与第 {row} 行内容相同"),
    "import.likely_duplicate_row": ("likely duplicate of row {row} (same phone or ID number)",
                                    "疑似与第 {row} 行重复(电话或身份证号相同)"),
    "import.likely_duplicate": ("likely duplicate of open case {references} (same phone or "
                                "ID number)",
                                "疑似与在办个案 {references} 重复(电话或身份证号相同)"),
    "import.refused": ("refused: {message}", "未通过:{message}"),
}

# Why a file is refused as a whole (domain/errors.py InputCode), beside the other
# `input.<code>` words in catalog_events.EVENTS.
IMPORT_INPUTS: dict[str, Pair] = {
    "input.empty_file": ("the file holds no rows", "文件中没有数据行"),
    "input.not_a_spreadsheet": ("must be a CSV (UTF-8 or GB18030) or XLSX file",
                                "应为 CSV(UTF-8 或 GB18030)或 XLSX 文件"),
    "input.missing_columns": ("the header row lacks the required columns {columns}",
                              "表头缺少必填列:{columns}"),
    "input.file_too_large": ("must be at most {max} rows", "不能超过 {max} 行"),
}

"""No module under adapters/ handles the Case aggregate: the service answers read objects
(service/case_detail.py) and takes commands as data (service/commands.py). Import-linter
forbids modules, not names, so this test reads the imports itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADAPTERS = ROOT / "adapters"


def aggregate_imports(text: str, name: str) -> list[str]:
    """Each import of `Case` from domain.case in `text`, as 'name:line'."""
    found = []
    for node in ast.walk(ast.parse(text, filename=name)):
        if isinstance(node, ast.ImportFrom) and node.module == "domain.case":
            if any(alias.name in ("Case", "*") for alias in node.names):
                found.append(f"{name}:{node.lineno}")
        elif isinstance(node, ast.ImportFrom) and node.module == "domain":
            if any(alias.name == "case" for alias in node.names):
                found.append(f"{name}:{node.lineno}")
        elif isinstance(node, ast.Import) and any(alias.name == "domain.case"
                                                   for alias in node.names):
            found.append(f"{name}:{node.lineno}")
    return found


@pytest.mark.parametrize("source", sorted(ADAPTERS.rglob("*.py")), ids=lambda p: str(p))
def test_no_adapter_imports_the_case_aggregate(source: Path) -> None:
    name = str(source.relative_to(ROOT))
    assert aggregate_imports(source.read_text(encoding="utf-8"), name) == []


def test_the_check_sees_every_way_to_import_it() -> None:
    text = ("from domain.case import Assessment, Case\nimport domain.case\n"
            "from domain import case\nfrom domain.case import CaseEvent\n")
    assert aggregate_imports(text, "x.py") == ["x.py:1", "x.py:2", "x.py:3"]

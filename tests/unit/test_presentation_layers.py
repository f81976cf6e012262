"""Issue 15, "Services only": presentation lives in dashboard/ and netwerk/report/, and
pages reach the store and the audit log only through services.

Read from the source (no imports run): a colour or a Streamlit/Plotly import in
``netwerk/services`` or ``netwerk/analysis``, a page calling a store method, or a page
writing an audit entry fails here.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted((ROOT / "netwerk" / "services").glob("*.py")) + sorted((ROOT / "netwerk" / "analysis").glob("*.py"))
PAGES = sorted((ROOT / "dashboard" / "app_pages").glob("*.py"))
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")  # #rgb, #rgba, #rrggbb, #rrggbbaa; checked outside comments
PRESENTATION_LIBRARIES = {"streamlit", "plotly", "pyvis", "reportlab", "dashboard"}


def _without_comments(source: str) -> str:
    """``source`` with its comments left out (so ``# see #123`` is no colour); strings stay."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return " ".join(t.string for t in tokens if t.type != tokenize.COMMENT)


def _imports(tree: ast.AST) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_services_hold_no_presentation(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert not HEX.findall(_without_comments(source)), f"{path.name} holds colours: they belong in netwerk/palette.py"
    assert not _imports(ast.parse(source)) & PRESENTATION_LIBRARIES, f"{path.name} imports a presentation library"


def test_the_colour_check_finds_short_and_long_colours_but_not_issue_numbers() -> None:
    source = 'CSS = "th{background:#eee;border:1px solid #bbbbbb80}"  # issue #123, see #15\n# fixed in #4567\n'
    assert HEX.findall(_without_comments(source)) == ["#eee", "#bbbbbb80"]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_reach_store_and_audit_only_through_services(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
            if isinstance(target, ast.Name) and target.id == "store":
                pytest.fail(f"{path.name}:{node.lineno} calls store.{node.func.attr}(): call a service instead")
            if isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute) and target.func.attr == "store":
                pytest.fail(f"{path.name}:{node.lineno} calls data.store().{node.func.attr}(): call a service instead")
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            assert name not in {"log_event", "append_audit"}, f"{path.name}:{node.lineno} writes the audit log itself"
            # A page that opens a store itself (found by review: open_store().table(...) passed every check).
            assert name not in {"open_store", "cached_store", "SQLiteStore", "Neo4jStore"}, (
                f"{path.name}:{node.lineno} opens a store itself: call a service with data.store()")

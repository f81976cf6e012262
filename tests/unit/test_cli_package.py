"""netwerk/cli/ is a package of command modules that share only ``_common``: no command
module imports another, none imports a private name from elsewhere, and the entry point
``netwerk.cli:app`` lists every command."""

from __future__ import annotations

import ast
from pathlib import Path

import netwerk.cli

CLI_DIR = Path(netwerk.cli.__file__).parent


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, imported names) of every ``import``/``from ... import`` in ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out.extend((a.name, []) for a in node.names)
    return out


def test_command_modules_import_only_common_from_the_cli():
    for path in sorted(CLI_DIR.glob("*.py")):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        for module, names in _imports(path):
            if module == "netwerk.cli" or module.startswith("netwerk.cli."):
                assert module == "netwerk.cli._common", f"{path.name} imports {module}"
                assert path.name != "_common.py", "_common imports no command module"
            private = [n for n in names if n.startswith("_") and module != "netwerk.cli._common"]
            assert not private, f"{path.name} imports private {private} from {module}"


def test_no_module_at_the_package_root_is_a_cli_module_any_more():
    root = CLI_DIR.parent
    assert not [p.name for p in root.glob("*cli*.py")]


def test_the_entry_point_lists_every_command():
    from typer.main import get_command

    group = get_command(netwerk.cli.app)
    assert sorted(group.commands) == sorted(["init", "seed", "import", "template", "analyse", "dashboard", "users",
                                             "privacy", "audit", "report", "neo4j", "copy", "export", "generate", "verschil"])

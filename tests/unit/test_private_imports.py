"""No module uses another of our modules' private names (``_name``).

Every ``.py`` file under netwerk/, dashboard/ and graph_schema/ is parsed (not imported)
with :mod:`ast`. A violation is

- ``from <our module> import _name`` (also relative imports), or
- ``<our module>._name``: an attribute read through a name an import bound to one of our
  modules (``from netwerk.services import trust`` ... ``trust._x``; ``import netwerk.a.b``
  ... ``netwerk.a.b._x``).

Dunder names (``__version__``) are public. Private *modules* (``netwerk.cli._common``)
are a package's own business and not checked here: only the names taken from a module.
What a module needs from another one is its public API, with a docstring; a helper
shared by two modules is public in one of them, or lives where both can use it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("netwerk", "dashboard", "graph_schema")

# "path/of/importer.py module._name" -> why it may. None so far; prefer making the name public.
ALLOWED: dict[str, str] = {}


def _files() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_ours(module: str) -> bool:
    return module.split(".")[0] in PACKAGES


def _is_module(dotted: str) -> bool:
    """True if ``dotted`` names one of our modules or packages (a file, not a name in one)."""
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The absolute module of a (possibly relative) ``from ... import``."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(tree: ast.Module, path: Path) -> tuple[list[str], dict[str, str]]:
    """The private names imported from our modules (``line: module._name``), and the local
    names the imports bind to our modules (name -> module)."""
    importer = _module_name(path)
    found: list[str] = []
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in (a for a in node.names if _is_ours(a.name)):
                # ``import a.b.c`` binds ``a``; ``import a.b.c as x`` binds ``x`` to a.b.c.
                local = alias.asname or alias.name.split(".")[0]
                bound[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, importer, path.name == "__init__.py")
            if not _is_ours(module) or module == importer:
                continue
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{node.lineno}: {module}.{alias.name}")
                elif _is_module(f"{module}.{alias.name}"):
                    bound[alias.asname or alias.name] = f"{module}.{alias.name}"
    return found, bound


def _attributes(tree: ast.Module, bound: dict[str, str]) -> list[str]:
    """The private attributes read through a name bound to one of our modules (``line: module._name``)."""
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        chain: list[str] = []  # name.a.b.c -> [a, b, c]
        cur: ast.expr = node
        while isinstance(cur, ast.Attribute):
            chain.insert(0, cur.attr)
            cur = cur.value
        if not isinstance(cur, ast.Name) or cur.id not in bound:
            continue
        module = bound[cur.id]
        for attr in chain:
            if not _is_module(f"{module}.{attr}"):
                if _private(attr):
                    found.append(f"{node.lineno}: {module}.{attr}")
                break
            module = f"{module}.{attr}"
    return found


def _violations(path: Path) -> list[str]:
    """Every use in ``path`` of another module's private name, as ``path:line: module._name``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    imported, bound = _imports(tree, path)
    rel = path.relative_to(ROOT)
    return sorted({f"{rel}:{v}" for v in [*imported, *_attributes(tree, bound)]})


def test_the_scan_finds_what_it_looks_for(tmp_path, monkeypatch):
    # The scan itself: a bad module in a fake tree is caught, a good one passes.
    pkg = tmp_path / "netwerk" / "services"
    pkg.mkdir(parents=True)
    (tmp_path / "netwerk" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "trust.py").write_text("def _helper(): ...\ndef helper(): ...\n")
    (pkg / "bad.py").write_text(
        "from netwerk.services.trust import _helper\n"
        "from .trust import _helper as h\n"
        "from netwerk.services import trust\n"
        "import netwerk.services.trust\n"
        "import netwerk.services.trust as t\n"
        "trust._helper()\nnetwerk.services.trust._helper()\nt._helper()\n"
    )
    (pkg / "good.py").write_text(
        "from __future__ import annotations\n"
        "from netwerk.services import trust\nfrom netwerk.services.trust import helper\n"
        "import netwerk.services.trust\n"
        "trust.helper(); trust.__name__; netwerk.services.trust.helper()\n"
        "class X:\n    def _m(self): ...\n    def m(self): return self._m()\n"
    )
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert len(_violations(pkg / "bad.py")) == 5
    assert _violations(pkg / "good.py") == []


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_uses_another_modules_private_names(path):
    rel = path.relative_to(ROOT)
    found = [v for v in _violations(path) if f"{rel} {v.split(': ', 1)[1]}" not in ALLOWED]
    assert not found, "Private names of another module used (make them public, with a docstring):\n" + "\n".join(found)

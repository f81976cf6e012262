"""The files a newcomer meets first: README links and packaging metadata."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_image_the_readme_shows_exists():
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert images, "the README shows a screenshot of the network map"
    for image in images:
        assert (ROOT / image).is_file(), f"README shows {image}, which is not in the repository"


def test_license_is_an_spdx_string_so_install_prints_no_deprecation_banner():
    # A {text = ...} table makes setuptools print a deprecation banner three times during `make dashboard`.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(project["project"]["license"], str)


def test_readme_glossary_is_the_tie_models_glossary():
    """The README's Begrippen table says what the product computes: every term with its
    definition from :func:`netwerk.analysis.ties.glossary`, and nothing else."""
    from netwerk.analysis.ties import glossary

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| Begrip | Betekenis |"):].split("\n\n")[0].splitlines()[2:]
    assert table == [f"| {term} | {definition} |" for term, definition in glossary()]


def test_lock_file_pins_every_dependency_within_pyprojects_ranges():
    """make install installs requirements.lock: every dependency of pyproject (and of the
    test extra) is pinned there, at a version its range allows."""
    from packaging.requirements import Requirement

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", (ROOT / "requirements.lock").read_text(), re.M))
    pins = {k.lower().replace("_", "-"): v for k, v in pins.items()}
    for spec in [*meta["dependencies"], *meta["optional-dependencies"]["test"]]:
        req = Requirement(spec)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{name} is not pinned in requirements.lock"
        assert req.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} is outside {req.specifier}"


def _code_files():
    for package in ("netwerk", "dashboard", "graph_schema"):
        yield from (ROOT / package).rglob("*.py")


def test_documents_the_code_cites_are_in_the_repository():
    """A docstring or comment that cites a design note (``docs/ARCHITECTURE.md``) names a file a
    clone has; a citation of a document outside the repository (a DESIGN.md) is a dead end."""
    cited: set[str] = set()
    for path in _code_files():
        cited |= set(re.findall(r"(?<![\w/.-])([\w/-]+\.md)\b(?!\()", path.read_text(encoding="utf-8")))
    assert "docs/ARCHITECTURE.md" in cited
    for doc in cited:
        assert (ROOT / doc).is_file(), f"the code cites {doc}, which is not in the repository"


def test_every_file_the_architecture_guide_names_exists():
    """docs/ARCHITECTURE.md's package table and recipes name files a newcomer will open: each exists."""
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = {p for p in re.findall(r"`([\w./-]+\.(?:py|md|toml))`", text)}
    assert len(named) > 20
    for name in named:
        # A path from the repository root, or a file name the surrounding text places (``sqlite.py`` under store/).
        exists = (ROOT / name).exists() or ("/" not in name and any(ROOT.glob(f"*/**/{name}")))
        assert exists, f"ARCHITECTURE.md names {name}, which does not exist"
    for section in ("### Add a measure", "### Add a page", "### Add an import kind"):
        assert section in text


def test_the_complexity_exceptions_are_the_ones_the_guide_lists():
    """Every product function over ruff's complexity limit (``# noqa: C901``) is named in
    docs/ARCHITECTURE.md's list, and the list names no function that is no longer an exception."""
    in_code: set[tuple[str, str]] = set()
    for path in _code_files():
        for name in re.findall(r"def (\w+)\(.*# noqa: C901", path.read_text(encoding="utf-8")):
            in_code.add((path.relative_to(ROOT).as_posix(), name))
        # A signature over several lines carries the noqa on its first line too.
    guide = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    listed = guide[guide.index("## Checks"):guide.index("- `mypy`")]
    in_guide = {(f, n.strip()) for f, names in re.findall(r"`([\w/.]+\.py)` ([\w, ]+);?", listed)
                for n in names.split(",") if n.strip()}
    assert in_code and in_code == in_guide


def test_every_import_kind_is_named_in_the_readme_and_the_template_help():
    """A kind added to the registry shows up where a coordinator looks for it: the README's
    list of kinds and ``netwerk template --help`` (which had fallen three kinds behind)."""
    from typer.testing import CliRunner

    from netwerk.cli import app
    from netwerk.ingest.kinds import FILE_KINDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = readme[readme.index("The kinds (`netwerk template KIND`)"):][:900]
    shown = " ".join(CliRunner().invoke(app, ["template", "--help"], terminal_width=200).output.split())
    for kind in FILE_KINDS.values():
        assert f"`{kind.dutch}`" in listed, f"README does not list the import kind {kind.dutch}"
        assert kind.dutch in shown, f"netwerk template --help does not list {kind.dutch}"


def _group(module: str) -> str:
    """``netwerk.services.trust`` -> ``services``; ``graph_schema.codegen`` -> ``graph_schema``."""
    parts = module.split(".")
    return parts[1] if parts[0] == "netwerk" and len(parts) > 1 else parts[0]


def test_the_packages_import_only_what_the_architecture_guide_allows():
    """docs/ARCHITECTURE.md's table says, per package, what it may import. Read every module's
    imports (ast) and check each package stays within its row, so the table cannot drift."""
    import ast

    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows: list[tuple[set[str], set[str]]] = []
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = line.split(" | ")
            members = {_group(".".join(Path(p).with_suffix("").parts)) if p.startswith(("netwerk", "graph_schema",
                       "dashboard")) else Path(p).stem for p in re.findall(r"`([\w/.]+)`", cells[0])}
            allowed = set(re.findall(r"`(\w+)`", cells[-1].split("never")[0].split("Never")[0])) | members
            rows.append((members, allowed))
    assert len(rows) >= 15
    for path in [*(ROOT / "netwerk").rglob("*.py"), *(ROOT / "graph_schema").rglob("*.py"), *(ROOT / "dashboard").rglob("*.py")]:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        source = _group(module)
        found = [a for m, a in rows if source in m]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [f"{node.module}.{a.name}" if node.module == "netwerk" else node.module for a in node.names]
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
            for name in names:
                if name.split(".")[0] in ("netwerk", "graph_schema", "dashboard") and _group(name) not in ("netwerk",):
                    assert found, f"{module} imports {name}, and its package has no row in ARCHITECTURE.md"
                    assert _group(name) in found[0], (
                        f"{module} imports {name}: ARCHITECTURE.md does not allow {source} to import {_group(name)}")

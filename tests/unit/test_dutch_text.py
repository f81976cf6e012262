"""Dutch a person expects (issue 16): one notation for numbers and dates (netwerk/text.py, on
Babel nl_NL), counts with the right singular or plural, and one form of address (u).

The scans read the source of every page, CLI command and service: a number or date formatted
by hand (``f"{x:.2f}"``, ``f"{n:,}"``, ``f"{d:%d-%m-%Y}"``, ``.replace(".", ",")``,
``str(round(x))``) is a second copy of what :mod:`netwerk.text` does, and shows up differently.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netwerk.text import counted, fmt_number, plural

ROOT = Path(__file__).resolve().parents[2]
USER_FACING = [ROOT / "dashboard", ROOT / "netwerk" / "cli", ROOT / "netwerk" / "services", ROOT / "netwerk" / "report"]
FORMATTING = [ROOT / "dashboard", ROOT / "netwerk" / "cli", ROOT / "netwerk" / "services"]
# Development tools whose output no user reads (English, for tuning).
NOT_USER_FACING = {("netwerk/services/generate.py", "_main")}


def _sources(roots: list[Path]) -> list[Path]:
    return sorted(p for r in roots for p in r.rglob("*.py"))


def _functions(tree: ast.AST) -> dict[ast.AST, str]:
    """Every node inside a function, mapped to that (outermost) function's name."""
    owner: dict[ast.AST, str] = {}
    for fn in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
        for n in ast.walk(fn):
            owner.setdefault(n, fn.name)
    return owner


def _hand_formatting(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT).as_posix()
    owner = _functions(tree)
    found = []
    for node in ast.walk(tree):
        if (rel, owner.get(node)) in NOT_USER_FACING:
            continue
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(v.value for v in node.format_spec.values if isinstance(v, ast.Constant))
            # Zero-padded ids (f"{i:04d}") and text alignment (f"{label:66}") are no number notation.
            if re.search(r"[fFeEgG%,_]", spec) and not re.fullmatch(r"0?\d*d", spec):
                found.append(f"{rel}:{node.lineno} f-string format '{spec}'")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "replace":
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if args[:2] in ([".", ","], [",", "."]):
                found.append(f"{rel}:{node.lineno} .replace{tuple(args)}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str"
              and node.args and isinstance(node.args[0], ast.Call) and getattr(node.args[0].func, "id", "") == "round"):
            found.append(f"{rel}:{node.lineno} str(round(...))")
    return found


def test_numbers_and_dates_are_formatted_by_netwerk_text_only():
    found = [f for p in _sources(FORMATTING) for f in _hand_formatting(p)]
    assert not found, "format through netwerk.text (fmt_number, fmt_int, fmt_date, counted):\n" + "\n".join(found)


_INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_the_user_is_addressed_as_u_everywhere():
    found = [f"{p.relative_to(ROOT)}:{line}: {text!r}" for p in _sources(USER_FACING) for line, text in _strings(p)
             if _INFORMAL.search(text)]
    templates = [p for p in (ROOT / "dashboard").rglob("*") if p.suffix in {".html", ".js", ".md"}]
    found += [str(p.relative_to(ROOT)) for p in templates if _INFORMAL.search(p.read_text(encoding="utf-8"))]
    assert not found, "address the user as 'u':\n" + "\n".join(found)


def test_the_cli_help_says_u():
    from netwerk.cli import app

    out = CliRunner().invoke(app, ["--help"]).output
    assert "De store kiest u met NETWERK_STORE_URL" in out and not _INFORMAL.search(out)
    out = CliRunner().invoke(app, ["neo4j", "start", "--help"]).output
    assert "uw gebruikersmap" in out and not _INFORMAL.search(out)


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 titels lijken"), (1, "1 titel lijkt"), (2, "2 titels lijken"), (1234, "1.234 titels lijken"),
    (1.0, "1 titel lijkt"), ("<5", "<5 titels lijken"),
])
def test_counted_gives_the_right_number(n, expected):
    assert counted(n, "titel lijkt", "titels lijken") == expected


def test_plural():
    assert [plural(n, "daalde", "daalden") for n in (0, 1, 2)] == ["daalden", "daalde", "daalden"]


def test_cli_analyse_prints_dutch_numbers(tmp_path, monkeypatch):
    """``netwerk analyse`` printed ``0.125`` (Python's notation); now ``0,125``, and the
    JSON output stays machine-readable (``0.125``)."""
    import json

    from netwerk.bootstrap import open_store
    from netwerk.cli import app
    from netwerk.services.seeding import seed

    url = f"sqlite:///{tmp_path / 'n.sqlite'}"
    s = open_store(url)
    seed(s, "demo")
    s.close()
    monkeypatch.setenv("NETWERK_STORE_URL", url)
    text = CliRunner().invoke(app, ["analyse"])
    assert text.exit_code == 0, text.output
    report = json.loads(CliRunner().invoke(app, ["analyse", "--json"]).output)
    density = report["density"]
    assert isinstance(density, float) and "." in json.dumps(density)
    line = next(x for x in text.output.splitlines() if x.startswith("Dichtheid"))
    assert line.split()[-1] == fmt_number(density, 3) and "," in line.split()[-1]
    broker = report["top_brokers"][0]
    assert f"  {fmt_number(broker['betweenness'], 3)}  {broker['name']}" in text.output
    assert not re.search(r"\b0\.\d", text.output)  # no fraction in Python's notation (0.125) anywhere


def test_cli_retention_dry_run_in_dutch(tmp_path, monkeypatch):
    from netwerk.bootstrap import open_store
    from netwerk.cli import app
    from netwerk.domain import AMSTERDAM, Activity, ChangeSet, Participation, Person

    url = f"sqlite:///{tmp_path / 'n.sqlite'}"
    s = open_store(url)
    s.apply(ChangeSet(
        persons=[Person(person_id="r1", kind="resident", pseudonym="Bewoner 1"),
                 Person(person_id="r2", kind="resident", pseudonym="Bewoner 2")],
        activities=[Activity(activity_id="a1", kind="straatgesprek", date=dt.datetime(2020, 3, 4, 12, tzinfo=AMSTERDAM))],
        participations=[Participation(activity_id="a1", person_id="r1")],
    ))
    s.close()
    monkeypatch.setenv("NETWERK_STORE_URL", url)
    out = CliRunner().invoke(app, ["privacy", "purge", "--older-than", "12", "--dry-run"]).output
    assert "laatste contact 04-03-2020" in out, out
    assert "1 bewoner zou worden gewist." in out  # before: "1 bewoner(s) zou(den) worden gewist."
    assert "1 bewoner zonder enig contactmoment blijft staan: r2" in out

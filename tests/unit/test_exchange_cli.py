"""``netwerk export`` and the exchange formats of ``netwerk import`` (preview, then import)."""

from __future__ import annotations

import networkx as nx
import pytest
from typer.testing import CliRunner

from netwerk.bootstrap import open_store
from netwerk.cli import app
from tests.unit.exchange_network import exchange_network

runner = CliRunner()


@pytest.fixture
def filled(store_url):
    s = open_store(store_url)
    s.apply(exchange_network())
    s.close()
    return store_url


def test_export_writes_gexf_in_the_working_directory(filled, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--store", filled, "export", "--from", "01-03-2025", "--to", "31-12-2025"])
    assert result.exit_code == 0, result.output
    assert "4 personen, 2 verbindingen, periode 01-03-2025 t/m 31-12-2025" in result.output
    G = nx.read_gexf(tmp_path / "buurtnetwerk.gexf")
    assert set(G.nodes) == {"p1", "p2", "r7", "p4"}
    result = runner.invoke(app, ["--store", filled, "export", "--format", "kumu", "-o", str(tmp_path / "k.xlsx")])
    assert result.exit_code == 0 and (tmp_path / "k.xlsx").stat().st_size > 0
    s = open_store(filled)
    assert list(s.audit_events()["target"]) == ["buurtnetwerk-kumu.xlsx", "buurtnetwerk.gexf"]
    s.close()


@pytest.mark.parametrize(("args", "message"), [
    (["export", "--format", "pdf"], "Onbekend formaat 'pdf'"),
    (["export", "--from", "01-06-2025", "--to", "01-01-2025"], "--from ligt na --to"),
    (["export", "-o", "/geen-map-netwerk/x.gexf"], "/geen-map-netwerk/x.gexf kan niet worden geschreven"),
    (["import", "x.gexf", "--soort", "marsmannetje"], "niet gevonden"),
])
def test_bad_input_exits_2(filled, args, message):
    result = runner.invoke(app, ["--store", filled, *args])
    assert result.exit_code == 2 and message in result.output


def test_import_previews_then_imports(filled, store_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["--store", filled, "export", "--format", "graphml"]).exit_code == 0
    empty = f"sqlite:///{tmp_path / 'leeg.sqlite'}"
    result = runner.invoke(app, ["--store", empty, "import", "buurtnetwerk.graphml", "--voorbeeld"])
    assert result.exit_code == 0, result.output
    assert "personen: 5 nieuw, 0 gewijzigd, 0 ongewijzigd" in result.output and "niets opgeslagen" in result.output
    s = open_store(empty)
    assert s.counts()["persons"] == 0
    s.close()
    result = runner.invoke(app, ["--store", empty, "import", "buurtnetwerk.graphml"])
    assert result.exit_code == 0 and "Geïmporteerd: 2 organisaties nieuw, 5 personen nieuw" in result.output
    result = runner.invoke(app, ["--store", empty, "import", "buurtnetwerk.graphml", "--soort", "marsmannetje"])
    assert result.exit_code == 2 and "--soort 'marsmannetje' is onbekend" in result.output


def test_import_refusal_names_the_element(store_url, tmp_path):
    bad = tmp_path / "kaart.gexf"
    bad.write_text('<?xml version="1.0"?><gexf xmlns="http://gexf.net/1.3" version="1.3"><graph><nodes>'
                   '<node id="a" label="Ans"/></nodes><edges/></graph></gexf>', encoding="utf-8")
    result = runner.invoke(app, ["--store", store_url, "import", str(bad)])
    assert result.exit_code == 2
    assert "kaart.gexf, kolom 'Type': knoop 'a' ('Ans'): geen type" in result.output

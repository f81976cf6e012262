"""The ``netwerk`` CLI: help for every command, exit codes, and the Davis journey."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from netwerk.cli import app
from netwerk.text import fmt_number

runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)


def test_commands_exist():
    assert {"init", "seed", "import", "template", "analyse", "dashboard"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Voorbeeld" in result.output


def test_init_creates_the_store(store_url):
    result = runner.invoke(app, ["--store", store_url, "init"])
    assert result.exit_code == 0, result.output
    from graph_schema.migrations import MIGRATIONS

    assert f"schemaversie {max(m.version for m in MIGRATIONS)}" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyse", "--from", "2025-13-45"], "geen datum"),
        (["analyse", "--from", "01-06-2025", "--to", "01-01-2025"], "--from ligt na --to"),
        (["seed", "bestaat-niet"], "bestaat-niet"),
        (["template", "onzin"], "onzin"),
        (["import", "geen-bestand.csv"], "niet gevonden"),
    ],
)
def test_bad_input_exits_2_with_a_dutch_message(store_url, args, message):
    result = runner.invoke(app, ["--store", store_url, *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_import_of_a_folder_says_it_is_a_folder(store_url, tmp_path):
    result = runner.invoke(app, ["--store", store_url, "import", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "is een map, geen bestand" in result.output


def test_init_shows_which_file_a_relative_sqlite_url_means(tmp_path, monkeypatch):
    # sqlite:///tmp/x.sqlite is relative (tmp/x.sqlite here); init must show the real file.
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--store", "sqlite:///rel/x.sqlite", "init"])
    assert result.exit_code == 0, result.output
    assert f"bestand {tmp_path.resolve() / 'rel' / 'x.sqlite'}" in result.output


def test_dashboard_listens_only_on_this_machine_by_default(store_url, monkeypatch):
    import subprocess

    calls = []
    monkeypatch.setattr(subprocess, "call", lambda cmd, env=None: calls.append(cmd) or 0)
    result = runner.invoke(app, ["--store", store_url, "dashboard"])
    assert result.exit_code == 0, result.output
    cmd = calls[0]
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"


def test_unsupported_store_url_exits_2():
    result = runner.invoke(app, ["--store", "postgres://x", "init"])
    assert result.exit_code == 2
    assert "NETWERK_STORE_URL" in result.output


def test_seed_davis_then_analyse_json_reports_the_davis_figures(store_url):
    seeded = runner.invoke(app, ["--store", store_url, "seed", "davis"])
    assert seeded.exit_code == 0, seeded.output
    result = runner.invoke(app, ["--store", store_url, "analyse", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["persons"] == 18
    assert report["activities"] == 14
    assert report["participations"] == 89
    # Reference: networkx alone on its own copy of the data, independent of the importer, the
    # store and netwerk.analysis: Newman's collaboration-weighted projection, working ties
    # (weight >= 1/7, one event of at most 8 women or repeated larger ones), distance 1/w.
    B = nx.davis_southern_women_graph()
    P = nx.bipartite.collaboration_weighted_projected_graph(B, [n for n, b in B.nodes(data="bipartite") if b == 0])
    P.remove_edges_from([(u, v) for u, v, w in P.edges(data="weight") if w < 1 / 7 - 1e-9])
    assert P.number_of_edges() == 98  # of the 139 pairs who ever attended an event together
    assert report["ties"] == 98
    assert report["density"] == pytest.approx(98 / 153, abs=1e-3)
    assert report["components"] == nx.number_connected_components(P) == 1
    brokers = report["top_brokers"]
    assert [set(b) for b in brokers] == [{"person_id", "name", "betweenness"}] * 10
    nx.set_edge_attributes(P, {(u, v): 1 / w for u, v, w in P.edges(data="weight")}, "distance")
    ref = nx.betweenness_centrality(P, weight="distance")
    assert {b["name"]: b["betweenness"] for b in brokers} == {b["name"]: pytest.approx(ref[b["name"]], abs=1e-9)
                                                             for b in brokers}
    assert [b["betweenness"] for b in brokers] == pytest.approx(sorted(ref.values(), reverse=True)[:10], abs=1e-9)
    # On working ties Nora Fayette (w14) lies on 60 of the 136 pairs' shortest paths, Theresa Anderson on 48.
    assert [(b["person_id"], b["name"]) for b in brokers[:2]] == [("w14", "Nora Fayette"), ("w03", "Theresa Anderson")]
    assert [b["betweenness"] for b in brokers[:2]] == pytest.approx([60 / 136, 48 / 136])


def test_seed_krackhardt_then_analyse_prints_the_directed_figures(store_url):
    from pathlib import Path

    import pandas as pd

    seeded = runner.invoke(app, ["--store", store_url, "seed", "krackhardt"])
    assert seeded.exit_code == 0, seeded.output
    report = json.loads(runner.invoke(app, ["--store", store_url, "analyse", "--json"]).stdout)
    # Reference: the union of advice and friendship ties, read straight from the data files.
    data = Path(__file__).resolve().parents[1] / "data" / "krackhardt"
    D = nx.DiGraph()
    for name in ("advice", "friendship"):
        df = pd.read_csv(data / f"krackhardt_{name}.csv")
        D.add_edges_from((e, a) for e, a, t in df.itertuples(index=False) if t == 1 and e != a)
    kent = report["kent"]
    assert (kent["actors"], kent["ties"]) == (21, D.number_of_edges())
    assert kent["density"] == pytest.approx(nx.density(D))
    assert kent["reciprocity_edgewise"] == pytest.approx(nx.reciprocity(D))
    assert report["diameter"]["diameter"] == nx.diameter(D.to_undirected()) == 2
    text = runner.invoke(app, ["--store", store_url, "analyse"]).stdout
    assert "Diameter (stappen)" in text and "grootste component: 21 van 21 personen" in text
    line = next(x for x in text.splitlines() if "Wederkerigheid (per relatie)" in x)
    assert line.split()[-1] == fmt_number(nx.reciprocity(D), 3)  # Dutch notation: 0,629
    assert "genormaliseerd, gewogen (afstand 1/gewicht)" in text

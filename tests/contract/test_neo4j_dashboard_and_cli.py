"""The dashboard and the CLI on a Neo4j store behave as on SQLite: every page runs, and
the figures they show are the same for the same data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from dashboard.navigation import PAGES
from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.cli import app
from netwerk.services import seeding

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
COORDINATOR = Viewer(user_id="coordinator", role="coordinator")


@pytest.fixture(scope="module")
def demo_urls(tmp_path_factory: pytest.TempPathFactory, neo4j_server_url: str) -> dict[str, str]:
    """The demo data in a SQLite file and in the session's Neo4j database (emptied first)."""
    from netwerk.store.neo4j import clear_database

    clear_database(neo4j_server_url)
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}", "neo4j": neo4j_server_url}
    for url in urls.values():
        s = open_store(url)
        seeding.seed(s, "demo")
        s.close()
    return urls


def _page(url: str, path: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("NETWERK_STORE_URL", url)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[VIEWER_KEY] = COORDINATOR
    at.run()
    if path != PAGES[0].path:
        at.switch_page(path)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("path", [p.path for p in PAGES])
def test_every_page_shows_the_same_figures_on_neo4j(demo_urls, path, monkeypatch):
    on_sqlite = _page(demo_urls["sqlite"], path, monkeypatch)
    on_neo4j = _page(demo_urls["neo4j"], path, monkeypatch)
    assert [(m.label, m.value) for m in on_neo4j.metric] == [(m.label, m.value) for m in on_sqlite.metric]
    assert [t.value for t in on_neo4j.title] == [t.value for t in on_sqlite.title]
    assert len(on_neo4j.dataframe) == len(on_sqlite.dataframe)


def test_cli_analyse_gives_the_same_report_on_both_stores(demo_urls):
    runner = CliRunner()
    reports = {}
    for name, url in demo_urls.items():
        result = runner.invoke(app, ["--store", url, "analyse", "--from", "01-01-2025", "--to", "30-06-2025", "--json"])
        assert result.exit_code == 0, result.output
        reports[name] = json.loads(result.output)
    assert reports["neo4j"] == reports["sqlite"]
    init = runner.invoke(app, ["--store", demo_urls["neo4j"], "init"])
    assert init.exit_code == 0 and demo_urls["neo4j"] in init.output

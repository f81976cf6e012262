"""``netwerk neo4j start --heap/--pagecache``: the memory settings (no server started)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netwerk.cli import app
from netwerk.devtools import neo4j_server
from netwerk.devtools.neo4j_server import Neo4jServerError, memory_settings


def test_the_default_fits_a_50k_store_and_starts_small():
    assert (neo4j_server.DEV_HEAP, neo4j_server.DEV_PAGECACHE) == ("2g", "1g")
    assert memory_settings() == {"server.memory.heap.initial_size": "512m", "server.memory.heap.max_size": "2g",
                                 "server.memory.pagecache.size": "1g"}
    assert memory_settings("256M", "64m")["server.memory.heap.initial_size"] == "256m"  # never above the maximum


def test_the_settings_reach_neo4j_conf():
    conf = neo4j_server._conf(Path("/tmp/x"), 7687, memory_settings("4g", "2g"))
    assert "server.memory.heap.max_size=4g" in conf.splitlines()
    assert "server.memory.pagecache.size=2g" in conf.splitlines()
    assert conf.count("server.memory.heap.max_size=") == 1


@pytest.mark.parametrize("size", ["veel", "2", "0g", "2 gb", "-1g", "1.5g"])
def test_a_bad_size_is_refused_in_dutch_before_anything_starts(size, monkeypatch):
    with pytest.raises(Neo4jServerError, match="Ongeldige geheugengrootte"):
        memory_settings(heap=size)
    monkeypatch.setattr(neo4j_server, "start", lambda *a, **k: pytest.fail("started"))
    out = CliRunner().invoke(app, ["neo4j", "start", "--dir", "/tmp/nergens", "--pagecache", size])
    assert out.exit_code == 1 and "Ongeldige geheugengrootte" in out.output

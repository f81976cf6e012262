"""A store written by a newer Buurtnetwerk (a higher schema version than this code's last
migration) is refused when opened, with a Dutch message, and nothing is written to it.
Older code would otherwise open it and silently miss its newer tables and columns."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from graph_schema.migrations import MIGRATIONS
from netwerk.bootstrap import open_store
from netwerk.cli import app
from netwerk.domain import StoreError

LATEST = MIGRATIONS[-1].version
NEWER = LATEST + 2
MESSAGE = (
    f"Deze database heeft schemaversie {NEWER}, deze versie van Buurtnetwerk kent tot {LATEST}: werk Buurtnetwerk bij."
)


def _newer_sqlite_store(path: Path) -> None:
    """A real store at this code's schema, then as a newer version would leave it: a
    newer migration recorded, with a table this code does not know."""
    open_store(f"sqlite:///{path}").close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE future_things (id TEXT PRIMARY KEY)")
        conn.execute("INSERT INTO future_things VALUES ('x')")
        conn.execute("INSERT INTO schema_migrations(version, name, applied_at) "
                     "VALUES (?, 'future', '2030-01-01T00:00:00+00:00')", (NEWER,))
    conn.close()


def _state(path: Path) -> tuple[str, list[str]]:
    dump_conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dump = list(dump_conn.iterdump())
    dump_conn.close()
    return hashlib.sha256(path.read_bytes()).hexdigest(), dump


def test_sqlite_store_with_a_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newer.sqlite"
    _newer_sqlite_store(path)
    before = _state(path)
    with pytest.raises(StoreError) as err:
        open_store(f"sqlite:///{path}")
    assert str(err.value) == MESSAGE
    assert _state(path) == before


def test_sqlite_migrate_refuses_a_newer_schema_even_when_all_known_versions_are_missing(tmp_path):
    # Only the newer version recorded: no known migration may be applied on top of it.
    path = tmp_path / "only-newer.sqlite"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'future', '2030-01-01T00:00:00+00:00')", (NEWER,))
    conn.close()
    with pytest.raises(StoreError, match=f"schemaversie {NEWER}"):
        open_store(f"sqlite:///{path}")
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert tables == {"schema_migrations"}


def test_cli_init_on_a_newer_store_exits_1_with_the_message(tmp_path):
    path = tmp_path / "newer.sqlite"
    _newer_sqlite_store(path)
    result = CliRunner().invoke(app, ["--store", f"sqlite:///{path}", "init"])
    assert result.exit_code == 1
    assert MESSAGE in result.output
    assert "Store klaar" not in result.output


def _run(url: str, query: str):
    with neo4j.GraphDatabase.driver(url, auth=None) as d:
        return d.execute_query(query).records


def test_neo4j_store_with_a_newer_schema_is_refused_and_left_untouched(neo4j_url):
    # Without constraints and indexes, so that the bootstrap constraints would show if written.
    for r in _run(neo4j_url, "SHOW CONSTRAINTS YIELD name RETURN name"):
        _run(neo4j_url, f"DROP CONSTRAINT `{r['name']}`")
    for r in _run(neo4j_url, "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"):
        _run(neo4j_url, f"DROP INDEX `{r['name']}`")
    _run(neo4j_url, f"CREATE (:SchemaMigration {{version: {NEWER}, name: 'future'}}), (:FutureThing {{id: 'x'}})")

    def state():
        return (
            sorted(r["name"] for r in _run(neo4j_url, "SHOW CONSTRAINTS YIELD name RETURN name")),
            sorted(r["name"] for r in _run(neo4j_url, "SHOW INDEXES YIELD name RETURN name")),
            sorted(str((r["l"], r["p"])) for r in _run(neo4j_url, "MATCH (n) RETURN labels(n) AS l, properties(n) AS p")),
            _run(neo4j_url, "MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"],
        )

    before = state()
    assert before[0] == []
    with pytest.raises(StoreError) as err:
        open_store(neo4j_url)
    assert str(err.value) == MESSAGE
    assert state() == before

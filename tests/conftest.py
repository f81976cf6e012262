"""Shared fixtures: a real SQLite store file per test, and a real Neo4j server per session.

The Neo4j server is the one at ``NETWERK_TEST_NEO4J_URL`` (``.ci/run`` and ``make test``
start one), or else one this session starts itself with :mod:`netwerk.devtools.neo4j_server`
(provisioned from Maven Central on first use), so plain ``pytest`` works too. The tests
EMPTY that database: never point NETWERK_TEST_NEO4J_URL at one that holds real data. It is
never skipped: when it cannot start, the tests that need it error. With
``NETWERK_REQUIRE_NEO4J=1`` a run in which Neo4j tests were skipped, or none ran, fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netwerk.bootstrap import open_store
from netwerk.store.base import Store


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """URL of a fresh, not yet opened SQLite store file."""
    return f"sqlite:///{tmp_path / 'netwerk.sqlite'}"


@pytest.fixture
def store(store_url: str) -> Store:
    """A fresh, migrated SQLite store in a real file."""
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def neo4j_server_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Bolt URL of a running Neo4j server for this test session (see module docstring)."""
    url = os.environ.get("NETWERK_TEST_NEO4J_URL")
    if url:
        yield url
        return
    from netwerk.devtools import neo4j_server

    info = neo4j_server.start(tmp_path_factory.mktemp("neo4j"))
    try:
        yield info.url
    finally:
        neo4j_server.stop(info.instance_dir)


@pytest.fixture
def neo4j_url(neo4j_server_url: str) -> str:
    """URL of the session's Neo4j database, emptied for this test (constraints stay; not yet migrated)."""
    from netwerk.store.neo4j import clear_database

    clear_database(neo4j_server_url)
    return neo4j_server_url


# --- a run that needed Neo4j but skipped it fails ----------------------------------------

_NEO4J_TESTS: set[str] = set()
_NEO4J_RAN: dict[str, int] = {"passed": 0, "skipped": 0}


def _uses_neo4j(item: pytest.Item) -> bool:
    params = getattr(getattr(item, "callspec", None), "params", {})
    return "neo4j_url" in getattr(item, "fixturenames", ()) or "neo4j" in params.values()


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    _NEO4J_TESTS.update(item.nodeid for item in items if _uses_neo4j(item))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.nodeid in _NEO4J_TESTS:
        if report.skipped:
            _NEO4J_RAN["skipped"] += 1
        elif report.when == "call" and report.passed:
            _NEO4J_RAN["passed"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("NETWERK_REQUIRE_NEO4J") != "1" or exitstatus not in (0, 5):
        return
    if _NEO4J_RAN["skipped"] or not _NEO4J_RAN["passed"]:
        tr = session.config.pluginmanager.get_plugin("terminalreporter")
        msg = (f"NETWERK_REQUIRE_NEO4J=1 maar de Neo4j-tests draaiden niet volledig: {_NEO4J_RAN['passed']} geslaagd, "
               f"{_NEO4J_RAN['skipped']} overgeslagen. Deze run telt als mislukt.")
        if tr:
            tr.write_sep("=", msg, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

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
import tempfile
from pathlib import Path

import pytest

from netwerk.bootstrap import open_store
from netwerk.store.base import Store

# Pages wait for fresh figures after a write (never the last ones with "bijgewerkt op"), so a test
# that writes and then reads a page sees the write whatever the machine's load; the stale path
# has its own tests (tests/dashboard/test_shared_results.py), which set a short wait themselves.
os.environ.setdefault("NETWERK_STALE_WAIT_SECONDS", "3600")
# Results of server stores (Neo4j) are persisted under this folder, never in the user's cache.
os.environ.setdefault("NETWERK_RESULTS_DIR", tempfile.mkdtemp(prefix="netwerk-resultaten-"))


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


# --- Neo4j tests: marked, kept out of the unit tests, never run in parallel ----------------
# Every test that uses the session's Neo4j server gets the ``neo4j`` mark. They share (and
# empty) one database, so they must not run concurrently: make test runs ``-m "not neo4j"``
# on all cores (pytest-xdist) and then ``-m neo4j`` in one process. (pytest-xdist's
# ``--dist loadgroup`` would do it in one run, but 3.8 does not group on pytest 9.2: it renames
# ``item._nodeid``, which pytest 9.2 no longer reads.) tests/unit and tests/dashboard hold no
# Neo4j test (unit tests never start Neo4j); a Neo4j test there is a collection error.

_NEO4J_FIXTURES = ("neo4j_url", "neo4j_server_url")
_UNIT_DIRS = ("unit", "dashboard")
_NEO4J_RAN: dict[str, int] = {"passed": 0, "skipped": 0}


def _uses_neo4j(item: pytest.Item) -> bool:
    """Uses a Neo4j fixture, or a store fixture parametrized with "neo4j" (contract ``backend``, soak's URL).

    A test argument parametrized directly with the string "neo4j" (a CLI command's name) does not count.
    """
    fixtures = getattr(item, "fixturenames", ())
    if any(f in fixtures for f in _NEO4J_FIXTURES):
        return True
    params = getattr(getattr(item, "callspec", None), "params", {})
    direct: set[str] = set()
    for mark in item.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs.get("argnames", ())
        direct.update(n.strip() for n in (names.split(",") if isinstance(names, str) else names))
    return any(value == "neo4j" and name not in direct for name, value in params.items())


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    tests_dir = Path(__file__).parent
    for item in items:
        if not _uses_neo4j(item):
            continue
        if item.path.parent.name in _UNIT_DIRS and item.path.parent.parent == tests_dir:
            raise pytest.UsageError(f"{item.nodeid} gebruikt Neo4j: zet hem in tests/contract (unit-tests starten geen Neo4j)")
        item.add_marker(pytest.mark.neo4j)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Under xdist this runs in the controller too, for every worker's report; the mark travels in keywords.
    if "neo4j" in report.keywords:
        if report.skipped:
            _NEO4J_RAN["skipped"] += 1
        elif report.when == "call" and report.passed:
            _NEO4J_RAN["passed"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller judges the whole run
        return
    if os.environ.get("NETWERK_REQUIRE_NEO4J") != "1" or exitstatus not in (0, 5):
        return
    if _NEO4J_RAN["skipped"] or not _NEO4J_RAN["passed"]:
        tr = session.config.pluginmanager.get_plugin("terminalreporter")
        msg = (f"NETWERK_REQUIRE_NEO4J=1 maar de Neo4j-tests draaiden niet volledig: {_NEO4J_RAN['passed']} geslaagd, "
               f"{_NEO4J_RAN['skipped']} overgeslagen. Deze run telt als mislukt.")
        if tr:
            tr.write_sep("=", msg, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

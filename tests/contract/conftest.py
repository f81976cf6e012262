"""The ``backend`` fixture: every contract test runs once per store adapter."""

from __future__ import annotations

import pytest

from netwerk.bootstrap import open_store


@pytest.fixture(params=["sqlite", "neo4j"])
def backend(request, tmp_path):
    """A fresh, migrated store: a SQLite file, or the session's Neo4j server emptied for this test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'contract.sqlite'}"
    else:
        url = request.getfixturevalue("neo4j_url")
    s = open_store(url)
    yield s
    s.close()

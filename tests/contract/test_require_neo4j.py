"""``NETWERK_REQUIRE_NEO4J=1`` (set by ``make test`` and ``.ci/run``): a run in which no Neo4j
test passed fails, even when every test that ran passed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONLY_SQLITE = "tests/contract/test_store_contract.py::test_sqlite_file_has_foreign_keys_and_wal"


def _pytest(require: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NETWERK_REQUIRE_NEO4J"}
    if require is not None:
        env["NETWERK_REQUIRE_NEO4J"] = require
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", ONLY_SQLITE],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_a_run_without_neo4j_tests_fails_when_neo4j_is_required():
    required = _pytest("1")
    assert required.returncode == 1, required.stdout
    assert "1 passed" in required.stdout and "NETWERK_REQUIRE_NEO4J=1" in required.stdout
    assert _pytest(None).returncode == 0

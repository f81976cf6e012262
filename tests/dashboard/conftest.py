"""Fixtures of the dashboard tests: the demo data set (``seeds/demo``) in a real SQLite file.

``demo_file`` is seeded once per test process and never written; ``demo_url`` is one copy per
test module (pages write audit entries, so modules do not share a store); ``demo`` points the
dashboard at that copy (``NETWERK_STORE_URL``) for one test. ``demo_private`` is a copy for one
test alone (for tests that write), with the dashboard pointed at it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from netwerk.bootstrap import open_store
from netwerk.services import seeding


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-seed") / "demo.sqlite"
    s = open_store(f"sqlite:///{path}")
    seeding.seed(s, "demo")
    s.close()
    return path


@pytest.fixture(scope="module")
def demo_url(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    shutil.copy(demo_file, path)
    return f"sqlite:///{path}"


@pytest.fixture
def demo(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NETWERK_STORE_URL", demo_url)
    return demo_url


@pytest.fixture
def demo_private(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("NETWERK_STORE_URL", url)
    return url

"""Shared fixtures: a real SQLite store file per test."""

from __future__ import annotations

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

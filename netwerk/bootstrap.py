"""The one place that builds a store from settings."""

from __future__ import annotations

from pathlib import Path

from netwerk.domain import ConfigError
from netwerk.settings import Settings
from netwerk.store.base import Store

__all__ = ["open_store"]


def open_store(url: str | None = None) -> Store:
    """Open (and migrate) the store named by ``url`` or ``NETWERK_STORE_URL``.

    Raises
    ------
    ConfigError
        For an unsupported or malformed URL.
    """
    url = url or Settings().store_url
    if url.startswith("sqlite:///"):
        from netwerk.store.sqlite import SQLiteStore

        path = url.removeprefix("sqlite:///")
        if path == ":memory:":
            raise ConfigError("Een SQLite-store in het geheugen wordt niet ondersteund; geef een bestand op.")
        if not path:
            raise ConfigError(f"NETWERK_STORE_URL '{url}' noemt geen bestand.")
        store = SQLiteStore(Path(path))
        store.migrate()
        return store
    if url.startswith(("neo4j://", "bolt://", "neo4j+s://", "bolt+s://")):
        raise ConfigError("Neo4j als store komt in een volgende versie; gebruik voorlopig sqlite:///BESTAND.")
    raise ConfigError(f"Onbekende NETWERK_STORE_URL '{url}': gebruik sqlite:///PAD/naar/bestand.sqlite")

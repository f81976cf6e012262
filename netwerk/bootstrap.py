"""The one place that builds a store from settings."""

from __future__ import annotations

from pathlib import Path

from netwerk.domain import ConfigError
from netwerk.settings import Settings
from netwerk.store.base import Store

__all__ = ["open_store"]


def open_store(url: str | None = None) -> Store:
    """Open (and migrate) the store named by ``url`` or ``NETWERK_STORE_URL``.

    ``sqlite:///PATH`` opens the embedded SQLite store; ``neo4j://host:port[/database]``
    (or ``bolt://``, ``+s`` for TLS) a Neo4j server, with user and password from
    ``NETWERK_NEO4J_USER``/``NETWERK_NEO4J_PASSWORD`` (see :class:`netwerk.store.neo4j.Neo4jSettings`).

    Raises
    ------
    ConfigError
        For an unsupported or malformed URL.
    StoreError
        When the store cannot be opened or migrated (e.g. the Neo4j server is unreachable,
        or the store has a newer schema than this code knows; then nothing is written).
    """
    settings = Settings()
    url = url or settings.store_url
    if url.startswith("sqlite:///"):
        from netwerk.store.sqlite import SQLiteStore

        path = url.removeprefix("sqlite:///")
        if path == ":memory:":
            raise ConfigError("Een SQLite-store in het geheugen wordt niet ondersteund; geef een bestand op.")
        if not path:
            raise ConfigError(f"NETWERK_STORE_URL '{url}' noemt geen bestand.")
        sqlite = SQLiteStore(Path(path), busy_seconds=settings.busy_seconds)
        _migrate_or_close(sqlite)
        return sqlite
    if url.startswith(("neo4j://", "bolt://", "neo4j+s://", "bolt+s://", "neo4j+ssc://", "bolt+ssc://")):
        from netwerk.store.neo4j import Neo4jStore

        neo = Neo4jStore(url)
        _migrate_or_close(neo)
        return neo
    raise ConfigError(
        f"Onbekende NETWERK_STORE_URL '{url}': gebruik sqlite:///PAD/naar/bestand.sqlite of neo4j://host:poort[/database]"
    )


def _migrate_or_close(store: Store) -> None:
    """Migrate ``store``; close it when that fails (the caller never gets it)."""
    try:
        store.migrate()
    except BaseException:
        store.close()
        raise

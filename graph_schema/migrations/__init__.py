"""Versioned schema migrations.

Each migration has a version (a strictly increasing integer), a name and the SQLite
statements that make it real. A store applies the ones it has not recorded yet, each
in one transaction, and records ``(version, name, applied_at)`` in
``schema_migrations``. Version 1 is derived from the schema data; later schema changes
add a migration here rather than editing an applied one.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_schema.sqlite_ddl import create_statements

__all__ = ["MIGRATIONS", "Migration"]


@dataclass(frozen=True)
class Migration:
    """One schema migration: ``version`` (strictly increasing), ``name`` (recorded in
    ``schema_migrations``) and the SQLite statements it runs in one transaction."""

    version: int
    name: str
    sqlite: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial_schema",
        (
            *create_statements(),
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('data_version', '0')",
        ),
    ),
)

"""Versioned schema migrations.

Each migration has a version (a strictly increasing integer), a name, the node and
relationship types it introduces and any extra statements. Each store derives its own
statements from that (SQLite: tables and indexes via :mod:`graph_schema.sqlite_ddl`;
Neo4j: uniqueness constraints and indexes), applies the migrations it has not recorded
yet, each in one transaction, and records ``(version, name, applied_at)``.
An applied migration is never edited: a schema change adds a new migration here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph_schema import NODES, RELATIONSHIPS, Label, RelType
from graph_schema.sqlite_ddl import node_table, relationship_table

__all__ = ["MIGRATIONS", "Migration"]


@dataclass(frozen=True)
class Migration:
    """One schema migration.

    ``nodes``/``relationships`` are the types this migration introduces (stores derive
    their DDL from :data:`graph_schema.NODES` / :data:`graph_schema.RELATIONSHIPS`);
    ``sqlite_extra``/``neo4j_extra`` are further statements for one store only.
    """

    version: int
    name: str
    nodes: tuple[Label, ...] = ()
    relationships: tuple[RelType, ...] = ()
    sqlite_extra: tuple[str, ...] = field(default=())
    neo4j_extra: tuple[str, ...] = field(default=())

    @property
    def sqlite(self) -> tuple[str, ...]:
        """The SQLite statements of this migration, node tables first."""
        stmts: list[str] = []
        for label in self.nodes:
            stmts += node_table(NODES[label])
        for rel in self.relationships:
            stmts += relationship_table(RELATIONSHIPS[rel])
        return (*stmts, *self.sqlite_extra)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial_schema",
        nodes=(
            Label.ORGANISATION,
            Label.PERSON,
            Label.GROUP,
            Label.ACTIVITY,
            Label.THEME,
            Label.ASSET,
            Label.AREA,
            Label.SURVEY_ROUND,
            Label.COMMITMENT,
        ),
        relationships=(
            RelType.WORKS_FOR,
            RelType.MEMBER_OF,
            RelType.PARTICIPATED,
            RelType.ABOUT,
            RelType.KNOWS,
            RelType.RATED,
        ),
        sqlite_extra=(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('data_version', '0')",
        ),
    ),
)

"""Neo4j constraints and indexes derived from the schema data in :mod:`graph_schema`.

Per node type: a uniqueness constraint on its string id (which also indexes it) and a
range index on every ``date``/``datetime`` property (period filters). Per relationship
type: a range index on each key property that is not one of its end nodes (e.g.
``RATED.round_id``, ``KNOWS.source``), so MERGE on the relationship key finds it.
Every statement is idempotent (``IF NOT EXISTS``) and names its constraint or index
after the label and property, so applying a migration twice changes nothing.

The store's own bookkeeping (applied migrations, the data version counter) uses the
labels in :data:`META_LABELS`, which are not part of the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph_schema import NODES, RELATIONSHIPS, NodeType, Prop, RelationshipType

if TYPE_CHECKING:
    from graph_schema.migrations import Migration

__all__ = [
    "META_LABEL",
    "META_LABELS",
    "MIGRATION_LABEL",
    "bootstrap_statements",
    "create_statements",
    "is_schema_statement",
    "migration_statements",
    "node_statements",
    "relationship_statements",
]

MIGRATION_LABEL = "SchemaMigration"
"""Label of the nodes recording applied migrations ``{version, name, applied_at}``."""
META_LABEL = "NetwerkMeta"
"""Label of the store's counters, e.g. ``{key: 'data_version', value: 3}``."""
META_LABELS = (MIGRATION_LABEL, META_LABEL)


def _name(*parts: str) -> str:
    return "_".join(p.lower() for p in parts)


def _since(p: Prop) -> int:
    return getattr(p, "since", 1)


def _prop_indexes(node: NodeType, props: list[Prop]) -> list[str]:
    label = node.label.value
    return [
        f"CREATE INDEX {_name(label, p.name)} IF NOT EXISTS FOR (n:`{label}`) ON (n.`{p.name}`)"
        for p in props
        if p.type in ("date", "datetime") and p.name != node.key
    ]


def node_statements(node: NodeType, version: int | None = None) -> list[str]:
    """Constraint and index statements for one node type; with ``version``, only for the
    properties that existed at that migration version (``Prop.since``)."""
    label = node.label.value
    stmts = [
        f"CREATE CONSTRAINT {_name(label, node.key, 'unique')} IF NOT EXISTS "
        f"FOR (n:`{label}`) REQUIRE n.`{node.key}` IS UNIQUE"
    ]
    return stmts + _prop_indexes(node, [p for p in node.props if version is None or _since(p) <= version])


def relationship_statements(rel: RelationshipType) -> list[str]:
    """Index statements for one relationship type (its key properties beyond the two ends)."""
    ends = {rel.start_col, rel.end_col}
    return [
        f"CREATE INDEX {_name(rel.type.value, col)} IF NOT EXISTS FOR ()-[r:`{rel.type.value}`]-() ON (r.`{col}`)"
        for col in rel.key
        if col not in ends
    ]


def bootstrap_statements() -> list[str]:
    """Constraints of the bookkeeping labels, applied before any migration."""
    return [
        f"CREATE CONSTRAINT {_name(MIGRATION_LABEL, 'version', 'unique')} IF NOT EXISTS "
        f"FOR (m:`{MIGRATION_LABEL}`) REQUIRE m.version IS UNIQUE",
        f"CREATE CONSTRAINT {_name(META_LABEL, 'key', 'unique')} IF NOT EXISTS FOR (m:`{META_LABEL}`) REQUIRE m.key IS UNIQUE",
    ]


def is_schema_statement(stmt: str) -> bool:
    """True for a schema command (constraint/index), which Neo4j runs outside data transactions."""
    words = stmt.strip().split(None, 2)[:2]
    return len(words) == 2 and words[0].upper() in ("CREATE", "DROP") and words[1].upper() in (
        "CONSTRAINT", "INDEX", "RANGE", "TEXT", "POINT", "FULLTEXT", "LOOKUP", "VECTOR")


def migration_statements(m: Migration) -> tuple[str, ...]:
    """The Neo4j statements of one migration: constraints/indexes of the node and
    relationship types it introduces, indexes of date properties it adds to node types
    earlier migrations introduced (``Prop.since == m.version``), then its ``neo4j_extra`` statements."""
    stmts: list[str] = []
    for label in m.nodes:
        stmts += node_statements(NODES[label], m.version)
    for rel in m.relationships:
        stmts += relationship_statements(RELATIONSHIPS[rel])
    existing = m.existing_tables()
    for node in NODES.values():
        if node.table in existing:
            stmts += _prop_indexes(node, [p for p in node.props if _since(p) == m.version])
    return (*stmts, *m.neo4j_extra)


def create_statements() -> list[str]:
    """All statements for the current schema (every node and relationship type)."""
    stmts = bootstrap_statements()
    for node in NODES.values():
        stmts += node_statements(node)
    for rel in RELATIONSHIPS.values():
        stmts += relationship_statements(rel)
    return stmts

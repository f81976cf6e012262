"""SQLite DDL derived from the schema data in :mod:`graph_schema`.

One table per node type (primary key = the node's string id) and one per relationship
type (UNIQUE on the relationship's key columns, foreign keys to the node tables where
both ends have a single label). Every table has ``created_at`` and ``updated_at``.
A ``datetime`` property ``x`` is stored twice: ``x`` as ISO 8601 text with its UTC
offset (exact instant and wall-clock time) and ``x_utc`` as UTC ISO text, which sorts
and compares correctly across daylight-saving changes.
"""

from __future__ import annotations

from graph_schema import NODES, RELATIONSHIPS, SCHEMA, NodeType, Prop, RelationshipType

__all__ = ["added_columns", "columns", "create_statements", "node_table", "relationship_table"]

_SQL_TYPES = {
    "text": "TEXT",
    "int": "INTEGER",
    "real": "REAL",
    "bool": "INTEGER",
    "date": "TEXT",
    "datetime": "TEXT",
    "list": "TEXT",  # JSON
}


def columns(props: tuple[Prop, ...]) -> list[str]:
    """Stored column names for a tuple of properties (datetimes get an ``_utc`` twin)."""
    out: list[str] = []
    for p in props:
        out.append(p.name)
        if p.type == "datetime":
            out.append(f"{p.name}_utc")
    return out


def _column_defs(props: tuple[Prop, ...], key: str | None = None) -> list[str]:
    defs = []
    for p in props:
        not_null = " NOT NULL" if p.required else ""
        pk = " PRIMARY KEY" if p.name == key else ""
        defs.append(f"{p.name} {_SQL_TYPES[p.type]}{not_null}{pk}")
        if p.type == "datetime":
            defs.append(f"{p.name}_utc TEXT{not_null}")
    defs += ["created_at TEXT NOT NULL", "updated_at TEXT NOT NULL"]
    return defs


def _upto(props: tuple[Prop, ...], version: int | None) -> tuple[Prop, ...]:
    # A property added by a later migration gets its column from that migration (ALTER TABLE).
    return props if version is None else tuple(p for p in props if p.since <= version)


def node_table(node: NodeType, version: int | None = None) -> list[str]:
    """CREATE statements for one node type's table and its indexes; with ``version``,
    only the properties that existed at that migration version (``Prop.since``)."""
    props = _upto(node.props, version)
    stmts = [f"CREATE TABLE IF NOT EXISTS {node.table} (\n  " + ",\n  ".join(_column_defs(props, node.key)) + "\n)"]
    for p in props:
        if p.type == "datetime":
            stmts.append(f"CREATE INDEX IF NOT EXISTS ix_{node.table}_{p.name}_utc ON {node.table}({p.name}_utc)")
    return stmts


def relationship_table(rel: RelationshipType, version: int | None = None) -> list[str]:
    """CREATE statements for one relationship type's table and its indexes; with
    ``version``, only the properties that existed at that migration version."""
    key_props = [Prop(c, required=True) for c in (rel.start_col, rel.end_col) if c not in {p.name for p in rel.props}]
    defs = _column_defs(tuple(key_props) + _upto(rel.props, version))
    defs.append(f"UNIQUE ({', '.join(rel.key)})")
    for col, labels in ((rel.start_col, rel.start), (rel.end_col, rel.end)):
        if len(labels) == 1:
            target = NODES[labels[0]]
            defs.append(f"FOREIGN KEY ({col}) REFERENCES {target.table}({target.key}) ON DELETE CASCADE")
    stmts = [f"CREATE TABLE IF NOT EXISTS {rel.table} (\n  " + ",\n  ".join(defs) + "\n)"]
    stmts.append(f"CREATE INDEX IF NOT EXISTS ix_{rel.table}_{rel.start_col} ON {rel.table}({rel.start_col})")
    stmts.append(f"CREATE INDEX IF NOT EXISTS ix_{rel.table}_{rel.end_col} ON {rel.table}({rel.end_col})")
    return stmts


def added_columns(version: int, tables: set[str]) -> list[str]:
    """``ALTER TABLE ... ADD COLUMN`` statements for the properties that migration
    ``version`` adds to existing tables (``Prop.since == version``) of the ``tables`` that exist before it (tables it creates
    get those columns in their CREATE), in the order of
    :data:`graph_schema.SCHEMA` (nodes first); a ``datetime`` property
    also gets its ``_utc`` column. Required properties cannot be added to existing rows
    (SQLite needs a default): raises ``ValueError`` for one."""
    stmts: list[str] = []
    for defn in SCHEMA.values():
        if defn.table not in tables:
            continue
        for p in defn.props:
            if p.since != version:
                continue
            if p.required:
                raise ValueError(f"{defn.table}.{p.name}: a property added by a migration cannot be required")
            stmts.append(f"ALTER TABLE {defn.table} ADD COLUMN {p.name} {_SQL_TYPES[p.type]}")
            if p.type == "datetime":
                stmts.append(f"ALTER TABLE {defn.table} ADD COLUMN {p.name}_utc TEXT")
                stmts.append(f"CREATE INDEX IF NOT EXISTS ix_{defn.table}_{p.name}_utc ON {defn.table}({p.name}_utc)")
    return stmts


def create_statements() -> list[str]:
    """All CREATE statements for the current schema, node tables first."""
    stmts: list[str] = []
    for node in NODES.values():
        stmts += node_table(node)
    for rel in RELATIONSHIPS.values():
        stmts += relationship_table(rel)
    return stmts

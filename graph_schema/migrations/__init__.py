"""Versioned schema migrations.

Each migration has a version (a strictly increasing integer), a name, the node and
relationship types it introduces, the rows it seeds and any extra statements. Properties
it adds to older types are declared in :mod:`graph_schema` with ``Prop(since=version)``;
their SQLite columns (``ALTER TABLE ... ADD COLUMN``) and Neo4j indexes follow from that. Each store derives its own
statements from that (SQLite: tables and indexes via :mod:`graph_schema.sqlite_ddl`;
Neo4j: uniqueness constraints and indexes), applies the migrations it has not recorded
yet, each in one transaction, and records ``(version, name, applied_at)``.
An applied migration is never edited: a schema change adds a new migration here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph_schema import NODES, RELATIONSHIPS, THEMES, Label, RelType
from graph_schema.neo4j_ddl import META_LABEL
from graph_schema.sqlite_ddl import added_columns, node_table, relationship_table

__all__ = ["MIGRATIONS", "Migration"]


@dataclass(frozen=True)
class Migration:
    """One schema migration.

    ``nodes``/``relationships`` are the types this migration introduces (stores derive
    their DDL from :data:`graph_schema.NODES` / :data:`graph_schema.RELATIONSHIPS`);
    ``seeds`` are rows each store inserts unless a node with that key exists
    (label -> property dicts, e.g. the starting theme vocabulary);
    ``sqlite_extra``/``neo4j_extra`` are further statements for one store only.
    """

    version: int
    name: str
    nodes: tuple[Label, ...] = ()
    relationships: tuple[RelType, ...] = ()
    seeds: tuple[tuple[Label, tuple[dict[str, object], ...]], ...] = field(default=())
    sqlite_extra: tuple[str, ...] = field(default=())
    neo4j_extra: tuple[str, ...] = field(default=())

    @property
    def sqlite(self) -> tuple[str, ...]:
        """The SQLite statements of this migration: new node tables, new relationship
        tables, columns added to older tables (``Prop.since``), then ``sqlite_extra``."""
        stmts: list[str] = []
        for label in self.nodes:
            stmts += node_table(NODES[label], self.version)
        for rel in self.relationships:
            stmts += relationship_table(RELATIONSHIPS[rel], self.version)
        stmts += added_columns(self.version, self.existing_tables())
        return (*stmts, *self.sqlite_extra)

    def existing_tables(self) -> set[str]:
        """The tables of the node and relationship types earlier migrations introduced."""
        earlier = [m for m in MIGRATIONS if m.version < self.version]
        return ({NODES[n].table for m in earlier for n in m.nodes}
                | {RELATIONSHIPS[r].table for m in earlier for r in m.relationships})

    @property
    def neo4j(self) -> tuple[str, ...]:
        """The Neo4j schema statements of this migration (see :mod:`graph_schema.neo4j_ddl`)."""
        from graph_schema.neo4j_ddl import migration_statements

        return migration_statements(self)


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
        seeds=((Label.THEME, tuple({"name": name, "category": cat} for name, cat in THEMES.items())),),
        sqlite_extra=(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('data_version', '0')",
        ),
        neo4j_extra=(f"MERGE (x:`{META_LABEL}` {{key: 'data_version'}}) ON CREATE SET x.value = 0",),
    ),
    Migration(
        2,
        "accounts_and_audit_log",
        # Dashboard accounts and the append-only audit log (netwerk.store.records); not network data.
        sqlite_extra=(
            "CREATE TABLE IF NOT EXISTS app_user (user_id TEXT PRIMARY KEY, "
            "role TEXT NOT NULL CHECK (role IN ('coordinator', 'professional', 'bestuurder')), display_name TEXT, "
            "person_id TEXT, password_hash TEXT, active INTEGER NOT NULL DEFAULT 1, failed_attempts INTEGER NOT NULL DEFAULT 0, "
            "last_failed_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS audit_log (event_id TEXT PRIMARY KEY, at TEXT NOT NULL, at_utc TEXT NOT NULL, "
            "user_id TEXT NOT NULL, role TEXT, action TEXT NOT NULL, target TEXT, detail TEXT)",
            "CREATE INDEX IF NOT EXISTS ix_audit_log_at_utc ON audit_log(at_utc)",
            "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'het auditlog kan niet worden gewijzigd'); END",
            "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'uit het auditlog kan niets worden verwijderd'); END",
        ),
        neo4j_extra=(
            "CREATE CONSTRAINT user_account_id IF NOT EXISTS FOR (u:UserAccount) REQUIRE u.user_id IS UNIQUE",
            "CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.event_id IS UNIQUE",
            "CREATE INDEX audit_event_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at_utc)",
        ),
    ),
    Migration(
        3,
        "contact_details_and_asset_themes",
        # Work e-mail and phone of professionals; the themes an ABCD asset serves (JSON list);
        # whether an area's name is uncertain. Columns from Prop(since=3).
    ),
    Migration(
        4,
        "exchange_attributes",
        # Attributes kept from Kumu/Gephi imports (JSON objects) and the end date of a reported tie.
        # Columns from Prop(since=4).
    ),
    Migration(
        5,
        "audit_hash_chain",
        # Each audit entry gets its place (seq) and sha256(prev_hash + canonical entry)
        # (netwerk.store.records.chain_hash). SQLite refuses any insert that is not the next
        # link of the chain, so INSERT OR REPLACE (which would delete without firing the
        # delete trigger) cannot rewrite an entry. Entries from before this migration have
        # no seq and are reported by `netwerk audit verify` as not checkable.
        sqlite_extra=(
            "ALTER TABLE audit_log ADD COLUMN seq INTEGER",
            "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT",
            "ALTER TABLE audit_log ADD COLUMN hash TEXT",
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_audit_log_seq ON audit_log(seq)",
            "CREATE TRIGGER IF NOT EXISTS audit_log_append_only BEFORE INSERT ON audit_log "
            "WHEN NEW.seq IS NULL OR NEW.hash IS NULL OR length(NEW.hash) <> 64 "
            "OR EXISTS (SELECT 1 FROM audit_log WHERE event_id = NEW.event_id OR seq = NEW.seq) "
            "OR NEW.seq <> COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1 "
            "OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_log WHERE seq = NEW.seq - 1), "
            "'0000000000000000000000000000000000000000000000000000000000000000') "
            "BEGIN SELECT RAISE(ABORT, 'het auditlog kan alleen worden aangevuld'); END",
        ),
        neo4j_extra=(
            "CREATE CONSTRAINT audit_event_seq IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.seq IS UNIQUE",
            "CREATE CONSTRAINT audit_head_key IF NOT EXISTS FOR (h:AuditHead) REQUIRE h.key IS UNIQUE",
        ),
    ),
    Migration(
        6,
        "organisation_website",
        # An organisation's website (Prop(since=6)); its column follows from the schema.
    ),
    Migration(
        7,
        "introductions_made",
        # Introductions between professionals marked as made on Collega's (RelType.INTRODUCED).
        relationships=(RelType.INTRODUCED,),
    ),
    Migration(
        8,
        "surveys_with_personal_links",
        # Evaluations sent from Buurtnetwerk and the respondents' personal links (netwerk.services.survey).
        nodes=(Label.SURVEY,),
        relationships=(RelType.INVITED,),
    ),
    Migration(
        9,
        "decisions_lessons_plans",
        # The year's decisions (Deep Democracy tallies), lessons and resident groups' plans.
        nodes=(Label.DECISION, Label.LESSON, Label.PLAN),
    ),
)

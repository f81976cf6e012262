"""The Neo4j store: the shared, multi-user deployment (Neo4j 5.26 LTS, official driver 6.x).

Every node type of :mod:`graph_schema` is a label whose key property is our string id
(a uniqueness constraint per label, never ``id()``/``elementId``); every relationship
type is a relationship type between those nodes, identified by its two ends plus the
key properties that are not ends (``KNOWS.source``, ``RATED.round_id``). A rating's ends
are a Person or an Organisation: ``rater_type``/``rated_type`` choose the label.

Values: ``datetime`` properties are Neo4j DateTimes with the fixed UTC offset of the
instant (02:30 CEST and 02:30 CET on the day the clocks go back stay two instants one
hour apart); ``date`` is a Neo4j Date; lists are Neo4j lists (an empty list is absent),
a JSON object (``Area.indicators``) is JSON text; a missing value is an absent property,
never NaN or null. ``created_at``/``updated_at`` are UTC DateTimes.

Writes outside a unit of work run in managed transactions (``execute_write``: retried
on deadlocks and other transient errors) with ``UNWIND $rows`` batches; labels and types come only from
:mod:`graph_schema`, every value is a ``$parameter``. Migrations (constraints and
indexes from :mod:`graph_schema.neo4j_ddl`) are recorded as ``:SchemaMigration`` nodes,
the data version is a ``:NetwerkMeta {key: 'data_version'}`` node. Every driver error
becomes a :class:`netwerk.domain.StoreError` here.

One driver per (URI, user, database) is shared by every store object of the process and
closed at exit (the driver holds the connection pool).

Many sessions (the dashboard's threads) share one store object: the driver is
thread-safe, a driver session is not, so every call opens a session of its own and
:meth:`Neo4jStore.unit_of_work` keeps one explicit transaction per thread (in a
``threading.local``) that the thread's writes and reads join. Other sessions see its
writes only after the commit (read committed); a client killed midway leaves nothing,
as the server rolls back an open transaction when its connection drops. A write still
blocked after the driver's retries (deadlock, lock timeout) raises
:class:`~netwerk.domain.StoreBusyError` (Dutch message).
"""

from __future__ import annotations

import atexit
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime, timezone
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
import pandas as pd
from neo4j.exceptions import DriverError, Neo4jError, TransientError
from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict

import graph_schema as gs
from graph_schema.migrations import MIGRATIONS
from graph_schema.neo4j_ddl import META_LABEL, MIGRATION_LABEL, bootstrap_statements, is_schema_statement
from netwerk.domain import AMSTERDAM, ChangeSet, ConfigError, NotFoundError, Snapshot, SnapshotFilter, StoreBusyError, StoreError
from netwerk.store.base import CHANGESET_SCHEMA, ID_KINDS, ApplyResult, key_columns, refuse_newer_schema, text_column
from netwerk.store.records import (
    AUDIT_CHAIN_COLUMNS,
    AUDIT_COLUMNS,
    GENESIS_HASH,
    USER_COLUMNS,
    AuditEvent,
    UserAccount,
    chain_hash,
)
from netwerk.store.snapshot import (
    PERIOD_TABLES,
    SNAPSHOT_TABLES,
    SnapshotMemo,
    amsterdam_times,
    build_snapshot,
    none_for_missing,
    period_instants,
)

__all__ = ["Neo4jSettings", "Neo4jStore", "clear_database"]

BATCH = 5000
"""Rows per ``UNWIND $rows`` statement."""

_READERS = 4
"""Tables a snapshot reads at once, each in a session of its own."""

_SCHEMES = ("neo4j://", "bolt://", "neo4j+s://", "bolt+s://", "neo4j+ssc://", "bolt+ssc://")
_USER, _AUDIT = "UserAccount", "AuditEvent"  # labels of the records beside the network (migration 2)
_AUDIT_HEAD = "AuditHead"  # seq and hash of the audit chain's last entry (migration 5)


class Neo4jSettings(BaseSettings):
    """Connection settings beside the URL, from the environment (never in code):
    ``NETWERK_NEO4J_USER``, ``NETWERK_NEO4J_PASSWORD``, ``NETWERK_NEO4J_DATABASE``
    (default: the server's default database). A database in the URL path wins."""

    model_config = SettingsConfigDict(env_prefix="NETWERK_NEO4J_", extra="ignore")

    user: str | None = None
    password: str | None = None
    database: str | None = None


_DRIVERS: dict[tuple, neo4j.Driver] = {}
_DRIVERS_LOCK = threading.Lock()


def _driver(uri: str, auth: tuple[str, str] | None) -> neo4j.Driver:
    key = (uri, auth[0] if auth else None, hash(auth))
    with _DRIVERS_LOCK:
        d = _DRIVERS.get(key)
        if d is None:
            d = neo4j.GraphDatabase.driver(uri, auth=auth, max_transaction_retry_time=30.0, notifications_min_severity="OFF")
            _DRIVERS[key] = d
        return d


@atexit.register
def _close_drivers() -> None:
    with _DRIVERS_LOCK:
        for d in _DRIVERS.values():
            d.close()
        _DRIVERS.clear()


def _parse_url(url: str) -> tuple[str, str | None]:
    """``neo4j://host:port[/database]`` -> (driver URI, database or None)."""
    if not url.startswith(_SCHEMES):
        raise ConfigError(f"Geen Neo4j-URL: '{url}' (verwacht neo4j://host:poort of bolt://host:poort).")
    parts = urlsplit(url)
    if parts.username or parts.password:
        raise ConfigError("Zet geen gebruiker of wachtwoord in de URL; gebruik NETWERK_NEO4J_USER en NETWERK_NEO4J_PASSWORD.")
    if not parts.hostname:
        raise ConfigError(f"De Neo4j-URL '{url}' noemt geen server.")
    database = parts.path.strip("/") or None
    return urlunsplit((parts.scheme, parts.netloc, "", parts.query, "")), database


# --- values ------------------------------------------------------------------------


def _to_neo4j(value: Any, prop: gs.Prop) -> Any:
    if value is None:
        return None
    if prop.type == "datetime":
        # A fixed offset, not a zone name: the driver loses ``fold`` for zone names.
        return value.astimezone(timezone(value.utcoffset()))
    if prop.type == "list":
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return list(value) or None
    if prop.type == "bool":
        return bool(value)
    return value


def _from_neo4j(value: Any, prop: gs.Prop) -> Any:
    if prop.type == "datetime":
        return datetime.fromisoformat(value).astimezone(AMSTERDAM) if value is not None else None
    if prop.type == "date":
        return date.fromisoformat(value) if value is not None else None
    if prop.type == "list":
        if value is None:
            return ()
        return json.loads(value) if isinstance(value, str) else tuple(value)
    if prop.type == "bool":
        return bool(value) if value is not None else False
    return value


def _aware(v: Any) -> datetime | None:
    return v.to_native().astimezone(AMSTERDAM) if v is not None else None


def _frame(props: tuple[gs.Prop, ...], rows: list[list[Any]], key: tuple[str, ...]) -> pd.DataFrame:
    """Rows (lists in the order of ``props``) as the SQLite adapter returns them: plain
    values inferred by pandas, then ``None`` for missing and typed date/datetime/list/bool
    columns; sorted by ``key``."""
    names = [p.name for p in props]
    df = pd.DataFrame(rows, columns=names) if rows else pd.DataFrame(columns=names)
    if len(df):
        # Python's string order is SQLite's BINARY collation (code points), unlike Java's.
        df = df.sort_values(list(key), kind="stable", ignore_index=True)
    df = none_for_missing(df)
    for p in props:
        if p.type == "datetime":
            df[p.name] = amsterdam_times(df[p.name])
        elif p.type in ("date", "list", "bool"):
            df[p.name] = [_from_neo4j(v, p) for v in df[p.name]]
    return df


# --- Cypher assembly (labels/types only from graph_schema) ---------------------------


def _q(name: str) -> str:
    return f"`{name}`"


def _end_labels(rel: gs.RelationshipType, col: str) -> tuple[gs.Label, ...]:
    return rel.start if col == rel.start_col else rel.end


def _type_col(col: str) -> str:
    # A relationship end with several labels names its label in <end>_type (rater_id -> rater_type).
    return col.removesuffix("_id") + "_type"


def _id_expr(var: str, labels: tuple[gs.Label, ...]) -> str:
    if len(labels) == 1:
        return f"{var}.{_q(gs.NODES[labels[0]].key)}"
    whens = " ".join(f"WHEN {var}:{_q(lab)} THEN {var}.{_q(gs.NODES[lab].key)}" for lab in labels)
    return f"CASE {whens} END"


def _label_expr(labels: tuple[gs.Label, ...]) -> str:
    return "|".join(_q(lab) for lab in labels)


def _match_rel(rel: gs.RelationshipType, row: str) -> str:
    """MATCH ... WHERE for the relationship whose key columns are in map ``row``."""
    conds: list[str] = []
    ends = []
    for var, col in (("a", rel.start_col), ("b", rel.end_col)):
        labels = _end_labels(rel, col)
        if len(labels) == 1:
            node = gs.NODES[labels[0]]
            ends.append(f"({var}:{_q(labels[0])} {{{_q(node.key)}: {row}.{_q(col)}}})")
        else:
            ends.append(f"({var}:{_label_expr(labels)})")
            conds.append(f"{_id_expr(var, labels)} = {row}.{_q(col)}")
    conds += [f"r.{_q(c)} = {row}.{_q(c)}" for c in rel.key if c not in (rel.start_col, rel.end_col)]
    where = f" WHERE {' AND '.join(conds)}" if conds else ""
    return f"MATCH {ends[0]}-[r:{_q(rel.type)}]->{ends[1]}{where}"


_CHANGED = (
    "[k IN keys(row.props) WHERE NOT (x[k] IS NULL AND row.props[k] IS NULL) AND coalesce(x[k] <> row.props[k], true)]"
)
_COUNT_TAIL = (
    "WITH x, row, x.`_new` IS NOT NULL AS created REMOVE x.`_new` "
    # The comparison only for rows that existed: a created row is written anyway (saves ~20% on a fresh import).
    f"WITH x, row, created, CASE WHEN created THEN [] ELSE {_CHANGED} END AS diff "
    "FOREACH (_ IN CASE WHEN created OR size(diff) > 0 THEN [1] ELSE [] END | SET x += row.props, x.updated_at = $now) "
    "RETURN count(*) AS matched, sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, "
    "sum(CASE WHEN NOT created AND size(diff) > 0 THEN 1 ELSE 0 END) AS updated"
)


def upsert_node_query(node: gs.NodeType) -> str:
    """The batched upsert of one node type: ``$rows`` = [{key, props}], ``$now``; returns
    matched/created/updated counts. A row whose properties are all equal is not written."""
    return (
        f"UNWIND $rows AS row MERGE (x:{_q(node.label)} {{{_q(node.key)}: row.key}}) "
        "ON CREATE SET x.`_new` = true, x.created_at = $now " + _COUNT_TAIL
    )


def upsert_relationship_query(rel: gs.RelationshipType, start: gs.Label, end: gs.Label) -> str:
    """The batched upsert of one relationship type between ``start`` and ``end`` nodes:
    ``$rows`` = [{s, e, key, props}]; rows whose ends do not exist are not matched."""
    merge_keys = [c for c in rel.key if c not in (rel.start_col, rel.end_col)]
    keymap = ", ".join(f"{_q(c)}: row.key.{_q(c)}" for c in merge_keys)
    return (
        f"UNWIND $rows AS row MATCH (a:{_q(start)} {{{_q(gs.NODES[start].key)}: row.s}}) "
        f"MATCH (b:{_q(end)} {{{_q(gs.NODES[end].key)}: row.e}}) "
        f"MERGE (a)-[x:{_q(rel.type)}{' {' + keymap + '}' if keymap else ''}]->(b) "
        "ON CREATE SET x.`_new` = true, x.created_at = $now " + _COUNT_TAIL
    )


def _value(var: str, p: gs.Prop) -> str:
    # Dates travel as ISO text: hydrating driver DateTime objects costs ~0.2 ms each.
    return f"toString({var}.{_q(p.name)})" if p.type in ("date", "datetime") else f"{var}.{_q(p.name)}"


def read_query(defn: gs.NodeType | gs.RelationshipType, where: str = "") -> str:
    """All rows of one node or relationship type as ONE record: ``rows``, a list of value
    lists in the order of :func:`graph_schema.table_props` (a relationship's end ids
    first). ``where`` (a ``WHERE ...`` clause on ``n``, or on ``a``/``b``/``r``, with
    $parameters) restricts them.

    One record, because the driver spends ~40 µs of Python per record: a record per row
    read 170,000 participations in ~7 s, one record of lists in under 1 s (the server's
    ``collect`` is then most of the time). Lists, not maps: no key per value on the wire."""
    where = f"{where} " if where else ""
    props = gs.table_props(defn)
    if isinstance(defn, gs.NodeType):
        values = ", ".join(_value("n", p) for p in props)
        return f"MATCH (n:{_q(defn.label)}) {where}RETURN collect([{values}]) AS rows"
    a, b = _end_labels(defn, defn.start_col), _end_labels(defn, defn.end_col)
    ends = {defn.start_col: _id_expr("a", a), defn.end_col: _id_expr("b", b)}
    values = ", ".join(ends.get(p.name) or _value("r", p) for p in props)
    return f"MATCH (a:{_label_expr(a)})-[r:{_q(defn.type)}]->(b:{_label_expr(b)}) {where}RETURN collect([{values}]) AS rows"


# --- the adapter ---------------------------------------------------------------------


class _Refused(Exception):
    """Raised inside a transaction function to roll it back with a Dutch message."""


class Neo4jStore:
    """Neo4j adapter of :class:`netwerk.store.base.Store`.

    Parameters
    ----------
    url : str
        ``neo4j://host:port`` or ``bolt://host:port`` (``+s`` variants for TLS, e.g.
        Aura), optionally ``/database``; user, password and database otherwise from
        :class:`Neo4jSettings`.

    The methods follow the port's docstrings. Raises :class:`ConfigError` for a bad URL
    and :class:`StoreError` when the server cannot be reached.
    """

    def __init__(self, url: str):
        self.url = url
        uri, database = _parse_url(url)
        s = Neo4jSettings()
        self._database = database or s.database
        auth = (s.user, s.password or "") if s.user else None
        self._driver = _driver(uri, auth)
        self._local = threading.local()  # this thread's open unit of work, if any
        self._snapshots = SnapshotMemo()
        try:
            self._driver.verify_connectivity(database=self._database) if self._database else self._driver.verify_connectivity()
        except (Neo4jError, DriverError, OSError) as e:
            raise StoreError(f"Kan de Neo4j-store '{url}' niet bereiken: {e}") from e

    # --- sessions and transactions ---------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[neo4j.Session]:
        with self._driver.session(database=self._database) as session:
            yield session

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """One explicit transaction (on a driver session of its own) for every write and
        read this thread makes on this store inside the block; committed at the end,
        rolled back on any exception (or by the server when the client dies). Nested
        blocks join the outer one. Sessions are not thread-safe, the driver is: each
        thread's unit of work has its own session."""
        if getattr(self._local, "tx", None) is not None:
            yield
            return
        try:
            with self._session() as session:
                tx = session.begin_transaction()
                self._local.tx = tx
                try:
                    yield
                except BaseException:
                    if not tx.closed():
                        tx.rollback()
                    raise
                else:
                    tx.commit()
                finally:
                    self._local.tx = None
        except TransientError as e:
            raise StoreBusyError() from e
        except (Neo4jError, DriverError) as e:
            raise StoreError(f"Fout in de Neo4j-store, er is niets opgeslagen: {e}") from e

    def _write(self, work: Callable[[neo4j.ManagedTransaction], Any], what: str = "Opslaan") -> Any:
        try:
            tx = getattr(self._local, "tx", None)
            if tx is not None:  # inside a unit of work: join its transaction
                return work(tx)
            with self._session() as session:
                return session.execute_write(work)
        except (NotFoundError, ValueError):
            raise
        except _Refused as e:
            raise StoreError(f"{what} geweigerd, er is niets opgeslagen: {e}") from e
        except TransientError as e:  # still a deadlock or lock timeout after the driver's retries
            raise StoreBusyError() from e
        except (Neo4jError, DriverError) as e:
            raise StoreError(f"Fout in de Neo4j-store, er is niets opgeslagen: {e}") from e

    def _read(self, query: str, **params: Any) -> list[neo4j.Record]:
        def work(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
            return list(tx.run(query, params))

        try:
            tx = getattr(self._local, "tx", None)
            if tx is not None:  # inside a unit of work: see its own writes
                return work(tx)
            with self._session() as session:
                return session.execute_read(work)
        except TransientError as e:
            raise StoreBusyError() from e
        except (Neo4jError, DriverError) as e:
            raise StoreError(f"Fout bij lezen uit de Neo4j-store: {e}") from e

    @staticmethod
    def _bump(tx: neo4j.ManagedTransaction) -> None:
        tx.run(f"MERGE (m:{_q(META_LABEL)} {{key: 'data_version'}}) "
               "SET m.value = coalesce(m.value, 0) + 1, m.state = randomUUID()").consume()

    # --- migrations ------------------------------------------------------------------

    def _schema(self, stmt: str) -> None:
        try:
            with self._session() as session:
                session.execute_write(lambda tx: tx.run(stmt).consume())
        except (Neo4jError, DriverError) as e:
            raise StoreError(f"Schemawijziging mislukt in de Neo4j-store: {stmt}: {e}") from e

    def migrate(self) -> list[int]:
        done = self._applied_versions()
        refuse_newer_schema(max(done, default=0))  # before any write, even the bootstrap constraints
        for stmt in bootstrap_statements():
            self._schema(stmt)
        applied: list[int] = []
        for m in MIGRATIONS:
            if m.version in done:
                continue
            statements = m.neo4j
            # Neo4j runs schema commands in transactions of their own; they are idempotent
            # (IF NOT EXISTS), so a migration interrupted here is simply applied again.
            for stmt in statements:
                if is_schema_statement(stmt):
                    self._schema(stmt)
            data = [s for s in statements if not is_schema_statement(s)]

            def work(tx: neo4j.ManagedTransaction, m=m, data=data) -> bool:
                now = datetime.now(UTC)
                for stmt in data:
                    tx.run(stmt).consume()
                for label, rows in m.seeds:
                    node = gs.NODES[label]
                    tx.run(
                        f"UNWIND $rows AS row MERGE (t:{_q(node.label)} {{{_q(node.key)}: row.{_q(node.key)}}}) "
                        "ON CREATE SET t += row, t.created_at = $now, t.updated_at = $now",
                        rows=list(rows), now=now,
                    ).consume()
                rec = tx.run(
                    f"MERGE (v:{_q(MIGRATION_LABEL)} {{version: $version}}) "
                    "ON CREATE SET v.name = $name, v.applied_at = $now, v.`_new` = true "
                    "WITH v, v.`_new` IS NOT NULL AS created REMOVE v.`_new` RETURN created",
                    version=m.version, name=m.name, now=now,
                ).single()
                return bool(rec and rec["created"])

            if self._write(work, "Migratie"):
                applied.append(m.version)
        return applied

    def _applied_versions(self) -> set[int]:
        return {r["v"] for r in self._read(f"MATCH (m:{_q(MIGRATION_LABEL)}) RETURN m.version AS v")}

    def schema_version(self) -> int:
        return max(self._applied_versions(), default=0)

    # --- writes ----------------------------------------------------------------------

    def apply(self, changes: ChangeSet, delete: dict[str, list[tuple[str, ...]]] | None = None) -> ApplyResult:
        batches = {f: getattr(changes, f) for f in CHANGESET_SCHEMA if getattr(changes, f)}

        def work(tx: neo4j.ManagedTransaction) -> ApplyResult:
            result = ApplyResult()
            now = datetime.now(UTC)
            for fname, models in batches.items():
                created, updated = self._upsert(tx, fname, models, now)
                result.created[fname] = created
                result.updated[fname] = updated
            deleted = sum(self._delete_in(tx, fname, keys) for fname, keys in (delete or {}).items())
            if result.changed or deleted:
                self._bump(tx)
            return result

        return self._write(work)

    def _upsert(self, tx: neo4j.ManagedTransaction, fname: str, models: list[BaseModel], now: datetime) -> tuple[int, int]:
        defn = CHANGESET_SCHEMA[fname]
        created = updated = 0
        if isinstance(defn, gs.NodeType):
            props = [p for p in defn.props if p.name != defn.key]
            rows = [{"key": getattr(m, defn.key), "props": {p.name: _to_neo4j(getattr(m, p.name), p) for p in props}}
                    for m in models]
            groups: list[tuple[str, list[dict], tuple[gs.Label, gs.Label] | None]] = [(upsert_node_query(defn), rows, None)]
        else:
            groups = [(upsert_relationship_query(defn, start, end), rows, (start, end))
                      for (start, end), rows in self._relationship_rows(defn, models).items()]
        for query, rows, ends in groups:
            for i in range(0, len(rows), BATCH):
                batch = rows[i:i + BATCH]
                rec = tx.run(query, rows=batch, now=now).single(strict=True)
                if rec["matched"] < len(batch) and isinstance(defn, gs.RelationshipType) and ends is not None:
                    self._refuse_missing_ends(tx, fname, defn, *ends, batch)
                created += rec["created"]
                updated += rec["updated"]
        return created, updated

    @staticmethod
    def _relationship_rows(rel: gs.RelationshipType, models: list[BaseModel]) -> dict[tuple[gs.Label, gs.Label], list[dict]]:
        ends = (rel.start_col, rel.end_col)
        groups: dict[tuple[gs.Label, gs.Label], list[dict]] = {}
        by_table = {n.table: label for label, n in gs.NODES.items()}
        for m in models:
            labels = []
            for col in ends:
                options = _end_labels(rel, col)
                if len(options) == 1:
                    labels.append(options[0])
                else:
                    kind = getattr(m, _type_col(col))
                    if by_table.get(kind) not in options:
                        raise StoreError(f"Opslaan geweigerd, er is niets opgeslagen: onbekend soort '{kind}' in {rel.table}.")
                    labels.append(by_table[kind])
            props = {p.name: _to_neo4j(getattr(m, p.name), p) for p in rel.props if p.name not in ends}
            key = {c: props[c] for c in rel.key if c not in ends}
            groups.setdefault((labels[0], labels[1]), []).append(
                {"s": getattr(m, rel.start_col), "e": getattr(m, rel.end_col), "key": key, "props": props}
            )
        return groups

    @staticmethod
    def _refuse_missing_ends(tx, fname: str, rel: gs.RelationshipType, start: gs.Label, end: gs.Label, batch: list[dict]):
        missing = tx.run(
            f"UNWIND $rows AS row OPTIONAL MATCH (a:{_q(start)} {{{_q(gs.NODES[start].key)}: row.s}}) "
            f"OPTIONAL MATCH (b:{_q(end)} {{{_q(gs.NODES[end].key)}: row.e}}) "
            "WITH row, a, b WHERE a IS NULL OR b IS NULL RETURN row.s AS s, row.e AS e, a IS NULL AS no_s LIMIT 5",
            rows=batch,
        ).data()
        shown = ", ".join(
            f"{rel.start_col} '{r['s']}'" if r["no_s"] else f"{rel.end_col} '{r['e']}'" for r in missing
        )
        raise _Refused(f"{fname}: verwijst naar iets dat niet bestaat ({shown or 'onbekend'}) (FOREIGN KEY)")

    def erase_person(self, person_id: str) -> None:
        person = gs.NODES[gs.Label.PERSON]
        act, asset = gs.NODES[gs.Label.ACTIVITY], gs.NODES[gs.Label.ASSET]

        def work(tx: neo4j.ManagedTransaction) -> None:
            found = tx.run(f"MATCH (p:{_q(person.label)} {{{_q(person.key)}: $id}}) RETURN count(p) AS n", id=person_id)
            if found.single(strict=True)["n"] == 0:
                raise NotFoundError(f"Persoon '{person_id}' bestaat niet.")
            tx.run(
                f"MATCH (:{_q(person.label)} {{{_q(person.key)}: $id}})-[:{_q(gs.RelType.PARTICIPATED)}]->(a:{_q(act.label)}) "
                "WITH DISTINCT a SET a.anonymous_participants = coalesce(a.anonymous_participants, 0) + 1, a.updated_at = $now",
                id=person_id, now=datetime.now(UTC),
            ).consume()
            tx.run(f"MATCH (x:{_q(asset.label)} {{owner_id: $id}}) DETACH DELETE x", id=person_id).consume()
            # A lesson stays (it is about the activity), without its author.
            tx.run(f"MATCH (x:{_q(gs.Label.LESSON)} {{author_id: $id}}) SET x.author_id = null, x.updated_at = $now",
                   id=person_id, now=datetime.now(UTC)).consume()
            # Ties, memberships, participations and ratings go with the node.
            tx.run(f"MATCH (p:{_q(person.label)} {{{_q(person.key)}: $id}}) DETACH DELETE p", id=person_id).consume()
            self._bump(tx)

        self._write(work, "Wissen")

    def delete(self, fname: str, keys: list[tuple[str, ...]]) -> int:
        def work(tx: neo4j.ManagedTransaction) -> int:
            n = self._delete_in(tx, fname, keys)
            if n:
                self._bump(tx)
            return n

        return self._write(work, "Verwijderen")

    @staticmethod
    def _delete_in(tx: neo4j.ManagedTransaction, fname: str, keys: list[tuple[str, ...]]) -> int:
        defn = CHANGESET_SCHEMA[fname]
        cols = key_columns(fname)
        keys = [tuple(k) for k in dict.fromkeys(tuple(k) for k in keys)]
        rows = [dict(zip(cols, k, strict=True)) for k in keys]
        if isinstance(defn, gs.NodeType):
            match = f"MATCH (r:{_q(defn.label)} {{{_q(defn.key)}: k.{_q(defn.key)}}})"
        else:
            match = _match_rel(defn, "k")
        found = tx.run(f"UNWIND $rows AS k CALL {{ WITH k {match} RETURN count(r) AS n }} RETURN k, n", rows=rows).data()
        missing = [tuple(f["k"][c] for c in cols) for f in found if not f["n"]]
        if missing:
            shown = ", ".join("/".join(k) for k in missing[:5])
            raise NotFoundError(f"Niet gevonden in {fname}: {shown}; er is niets verwijderd.")
        verb = "DETACH DELETE r" if isinstance(defn, gs.NodeType) else "DELETE r"
        tx.run(f"UNWIND $rows AS k CALL {{ WITH k {match} {verb} }}", rows=rows).consume()
        return len(keys)

    def merge_theme(self, old: str, into: str) -> int:
        if old == into:
            raise ValueError("a theme cannot be merged into itself")
        theme, act, asset = gs.NODES[gs.Label.THEME], gs.NODES[gs.Label.ACTIVITY], gs.NODES[gs.Label.ASSET]
        about = _q(gs.RelType.ABOUT)

        def work(tx: neo4j.ManagedTransaction) -> int:
            for name in (old, into):
                if tx.run(f"MATCH (t:{_q(theme.label)} {{name: $n}}) RETURN count(t) AS n", n=name).single(strict=True)["n"] == 0:
                    raise NotFoundError(f"Thema '{name}' bestaat niet; er is niets samengevoegd.")
            now = datetime.now(UTC)
            n = tx.run(
                f"MATCH (o:{_q(theme.label)} {{name: $old}}), (t:{_q(theme.label)} {{name: $into}}) "
                f"MATCH (a:{_q(act.label)})-[:{about}]->(o) "
                f"MERGE (a)-[x:{about}]->(t) ON CREATE SET x.created_at = $now, x.updated_at = $now RETURN count(a) AS n",
                old=old, into=into, now=now,
            ).single(strict=True)["n"]
            for label in (asset.label, gs.Label.LESSON, gs.Label.PLAN):  # the types with a theme list
                tx.run(
                    f"MATCH (s:{_q(label)}) WHERE $old IN s.themes "
                    "SET s.themes = reduce(acc = [], t IN [x IN s.themes | CASE x WHEN $old THEN $into ELSE x END] | "
                    "CASE WHEN t IN acc THEN acc ELSE acc + t END), s.updated_at = $now",
                    old=old, into=into, now=now,
                ).consume()
            tx.run(f"MATCH (o:{_q(theme.label)} {{name: $old}}) DETACH DELETE o", old=old).consume()
            self._bump(tx)
            return int(n)

        return self._write(work, "Samenvoegen")

    # --- reads -----------------------------------------------------------------------

    def data_version(self) -> int:
        rec = self._read(f"OPTIONAL MATCH (m:{_q(META_LABEL)} {{key: 'data_version'}}) RETURN m.value AS v")
        return int(rec[0]["v"] or 0) if rec else 0

    def state_id(self) -> str:
        rec = self._read(f"OPTIONAL MATCH (m:{_q(META_LABEL)} {{key: 'data_version'}}) RETURN m.state AS s")
        if rec and rec[0]["s"]:
            return str(rec[0]["s"])

        def work(tx: neo4j.ManagedTransaction) -> str:  # a store without writes yet
            rec = tx.run(f"MERGE (m:{_q(META_LABEL)} {{key: 'data_version'}}) "
                         "ON CREATE SET m.value = 0 SET m.state = coalesce(m.state, randomUUID()) RETURN m.state AS s").single()
            return str(rec["s"]) if rec else ""
        return self._write(work)

    def counts(self) -> dict[str, int]:
        parts = []
        for f, d in CHANGESET_SCHEMA.items():
            if isinstance(d, gs.NodeType):
                parts.append(f"CALL {{ MATCH (n:{_q(d.label)}) RETURN count(n) AS {_q(f)} }}")
            else:
                parts.append(f"CALL {{ MATCH ()-[r:{_q(d.type)}]->() RETURN count(r) AS {_q(f)} }}")
        rec = self._read(" ".join(parts) + " RETURN " + ", ".join(_q(f) for f in CHANGESET_SCHEMA))[0]
        return {f: int(rec[f]) for f in CHANGESET_SCHEMA}

    def existing_ids(self, kind: str) -> set[str]:
        d = CHANGESET_SCHEMA.get(kind)
        if kind not in ID_KINDS or not isinstance(d, gs.NodeType):
            raise ValueError(f"unknown id kind {kind!r}")
        return {r["id"] for r in self._read(f"MATCH (n:{_q(d.label)}) RETURN n.{_q(d.key)} AS id")}

    def table(self, fname: str, where: str = "", **params: Any) -> pd.DataFrame:
        defn = CHANGESET_SCHEMA[fname]
        rows = self._read(read_query(defn, where), **params)[0]["rows"]
        return _frame(gs.table_props(defn), rows, key_columns(fname))

    def rows(self, fname: str, column: str, values: Iterable[str]) -> pd.DataFrame:
        text_column(fname, column)
        wanted = list(dict.fromkeys(str(v) for v in values))
        defn = CHANGESET_SCHEMA[fname]
        if not wanted:
            return _frame(gs.table_props(defn), [], key_columns(fname))
        if isinstance(defn, gs.NodeType):
            target = f"n.{_q(column)}"
        elif column in (defn.start_col, defn.end_col):
            # A relationship end: its node's key (indexed by the uniqueness constraint).
            var = "a" if column == defn.start_col else "b"
            target = _id_expr(var, _end_labels(defn, column))
        else:
            target = f"r.{_q(column)}"
        return self.table(fname, f"WHERE {target} IN $values", values=wanted)

    def snapshot(self, flt: SnapshotFilter | None = None) -> Snapshot:
        flt = flt or SnapshotFilter()
        # A period is pushed into Cypher: only activities in it (and their participations and
        # themes) are read; build_snapshot applies the same condition again (no change).
        # DateTimes compare as instants, whatever their offset.
        start, end = period_instants(flt)
        params = {k: v for k, v in (("start", start), ("end", end)) if v is not None}

        def read(name: str) -> pd.DataFrame:
            if params and name in PERIOD_TABLES:
                defn = CHANGESET_SCHEMA[name]
                var = "n" if isinstance(defn, gs.NodeType) else ("a" if defn.start_col == "activity_id" else "b")
                conds = [f"{var}.`date` {op} ${k}" for k, op in (("start", ">="), ("end", "<")) if k in params]
                return self.table(name, "WHERE " + " AND ".join(conds), **params)
            return self.table(name)

        if getattr(self._local, "tx", None) is not None:  # inside a unit of work: its own transaction
            return build_snapshot({name: read(name) for name in SNAPSHOT_TABLES}, flt)

        def read_all() -> Snapshot:
            # Tables in parallel sessions (the driver is thread-safe, each read opens its own
            # session): the server's work on one table overlaps the client's decoding of another.
            with ThreadPoolExecutor(max_workers=_READERS) as pool:
                frames = dict(zip(SNAPSHOT_TABLES, pool.map(read, SNAPSHOT_TABLES), strict=True))
            return build_snapshot(frames, flt)

        # Kept per state id, read before the tables: a write meanwhile can only make the kept
        # snapshot newer than its key, never older (the next call reads the new state's key).
        return self._snapshots.get(self.state_id(), flt, read_all)

    # --- accounts and audit log (not network data: data_version is left alone) -------

    def upsert_user(self, user: UserAccount) -> bool:
        props = user.model_dump(exclude={"user_id"})
        if props["last_failed_at"] is not None:
            props["last_failed_at"] = _to_neo4j(props["last_failed_at"], gs.Prop("x", "datetime"))

        def work(tx: neo4j.ManagedTransaction) -> bool:
            rec = tx.run(
                f"MERGE (u:{_USER} {{user_id: $id}}) ON CREATE SET u.created_at = $now, u.`_new` = true "
                "SET u += $props, u.updated_at = $now WITH u, u.`_new` IS NOT NULL AS created REMOVE u.`_new` RETURN created",
                id=user.user_id, props=props, now=datetime.now(UTC),
            ).single(strict=True)
            return bool(rec["created"])

        return self._write(work)

    def get_user(self, user_id: str) -> UserAccount | None:
        rows = self._read(f"MATCH (u:{_USER} {{user_id: $id}}) RETURN properties(u) AS u", id=user_id)
        if not rows:
            return None
        u = dict(rows[0]["u"])
        fields = set(UserAccount.model_fields)
        data = {k: v for k, v in u.items() if k in fields}
        data["last_failed_at"] = _aware(u.get("last_failed_at"))
        return UserAccount(**data)

    def users(self) -> pd.DataFrame:
        rows = [dict(r["u"]) for r in self._read(f"MATCH (u:{_USER}) RETURN properties(u) AS u ORDER BY u.user_id")]
        rows.sort(key=lambda u: u["user_id"])
        df = pd.DataFrame([[u.get(c) for c in USER_COLUMNS] for u in rows], columns=list(USER_COLUMNS), dtype=object)
        df["active"] = [bool(v) for v in df["active"]]
        df["failed_attempts"] = [int(v) for v in df["failed_attempts"]]
        for col in ("last_failed_at", "created_at", "updated_at"):
            df[col] = [_aware(v) for v in df[col]]
        return df

    def record_sign_in(self, user_id: str, succeeded: bool, at: datetime) -> int:
        def work(tx: neo4j.ManagedTransaction) -> int:
            if succeeded:
                q = (f"MATCH (u:{_USER} {{user_id: $id}}) SET u.failed_attempts = 0 REMOVE u.last_failed_at "
                     "RETURN u.failed_attempts AS n")
            else:
                q = (f"MATCH (u:{_USER} {{user_id: $id}}) SET u.failed_attempts = coalesce(u.failed_attempts, 0) + 1, "
                     "u.last_failed_at = $at RETURN u.failed_attempts AS n")
            rec = tx.run(q, id=user_id, at=_to_neo4j(at, gs.Prop("at", "datetime"))).single()
            if rec is None:
                raise NotFoundError(f"Gebruiker '{user_id}' bestaat niet.")
            return int(rec["n"])

        return self._write(work)

    def append_audit(self, event: AuditEvent) -> None:
        props = event.model_dump()
        props["at"] = _to_neo4j(event.at, gs.Prop("at", "datetime"))
        props["at_utc"] = event.at.astimezone(UTC)

        def work(tx: neo4j.ManagedTransaction) -> None:
            # Taking the head's write lock first serialises appends: the head read after it
            # is the latest committed one, so the chain stays one line under parallel writes.
            tx.run(f"MERGE (h:{_AUDIT_HEAD} {{key: 'audit'}}) ON CREATE SET h.seq = 0, h.hash = $genesis "
                   "SET h.`_lock` = true", genesis=GENESIS_HASH).consume()
            head = tx.run(f"MATCH (h:{_AUDIT_HEAD} {{key: 'audit'}}) RETURN h.seq AS seq, h.hash AS hash").single(strict=True)
            seq, prev = int(head["seq"]) + 1, head["hash"]
            digest = chain_hash(prev, event)
            # CREATE, not MERGE: a duplicate event_id or seq violates a constraint (append-only).
            tx.run(f"CREATE (e:{_AUDIT}) SET e = $props, e.seq = $seq, e.prev_hash = $prev, e.hash = $hash "
                   f"WITH e MATCH (h:{_AUDIT_HEAD} {{key: 'audit'}}) SET h.seq = $seq, h.hash = $hash REMOVE h.`_lock`",
                   props=props, seq=seq, prev=prev, hash=digest).consume()

        self._write(work)

    def audit_chain(self) -> pd.DataFrame:
        rows = [dict(r["e"]) for r in self._read(
            f"MATCH (e:{_AUDIT}) RETURN properties(e) AS e ORDER BY e.seq IS NULL, e.seq, e.at_utc, e.event_id")]
        df = pd.DataFrame([[e.get(c) for c in AUDIT_CHAIN_COLUMNS] for e in rows], columns=list(AUDIT_CHAIN_COLUMNS),
                          dtype=object)
        df["at"] = [_aware(v) for v in df["at"]]
        return df

    def audit_events(self, since: datetime | None = None, limit: int | None = None) -> pd.DataFrame:
        q = f"MATCH (e:{_AUDIT})"
        params: dict[str, Any] = {}
        if since is not None:
            q += " WHERE e.at_utc >= $since"
            params["since"] = since.astimezone(UTC)
        q += " RETURN properties(e) AS e ORDER BY e.at_utc DESC, e.event_id DESC"
        if limit is not None:
            q += " LIMIT $limit"
            params["limit"] = int(limit)
        rows = [dict(r["e"]) for r in self._read(q, **params)]
        df = pd.DataFrame([[e.get(c) for c in AUDIT_COLUMNS] for e in rows], columns=list(AUDIT_COLUMNS), dtype=object)
        df["at"] = [_aware(v) for v in df["at"]]
        return df

    def close(self) -> None:
        # The driver is shared by the process (closed at exit); nothing per store to release.
        pass


def clear_database(url: str) -> None:
    """Delete every node, relationship and migration record of the database at ``url``
    (constraints and indexes stay). For tests and ``netwerk copy --leeg``-style resets only.

    Raises
    ------
    StoreError
        On a driver failure.
    """
    Neo4jStore(url)._write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume(), "Leegmaken")

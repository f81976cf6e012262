"""The embedded SQLite store: one file, foreign keys on, WAL journal.

Tables and columns come from :mod:`graph_schema` (see ``graph_schema.sqlite_ddl``).
Every ``sqlite3`` error is translated into :class:`netwerk.domain.StoreError` here.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel

import graph_schema as gs
from graph_schema.migrations import MIGRATIONS
from graph_schema.sqlite_ddl import columns
from netwerk.domain import AMSTERDAM, ChangeSet, NotFoundError, Snapshot, SnapshotFilter, StoreBusyError, StoreError
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
    utc_text,
)

__all__ = ["SQLiteStore", "model_row", "utc_now_text"]

_IN_CHUNK = 900
"""Values per ``IN (...)`` of :meth:`SQLiteStore.rows` (below SQLite's old 999-parameter limit)."""

def create_private(path: Path) -> None:
    """Create the store file ``path`` readable and writable by its owner only (0600)
    before SQLite opens it; an existing file is left as it is.

    Call before ``sqlite3.connect`` (SQLite itself would create it 0644 under the usual
    umask). The ``-wal`` and ``-shm`` files get their mode from the database file.
    """
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def secure_connection(conn: sqlite3.Connection, path: Path) -> None:
    """The security settings of every connection to the store at ``path``.

    ``secure_delete``: deleted content (an erased person's name) is overwritten with
    zeros, not left in free pages. Owner-only modes for the ``-wal``/``-shm`` files that
    exist (SQLite copies the database file's mode; this also tightens older stores).
    Call right after ``sqlite3.connect`` on every connection.
    """
    conn.execute("PRAGMA secure_delete = ON")
    for suffix in ("", "-wal", "-shm"):
        f = Path(f"{path}{suffix}")
        if f.exists() and f.stat().st_mode & 0o077 and f.stat().st_uid == os.getuid():
            f.chmod(0o600)


def utc_now_text() -> str:
    """The current time as the store writes ``created_at``/``updated_at``: UTC text from
    :func:`~netwerk.store.records.utc_text`."""
    return utc_text(datetime.now(UTC))


def _to_sql(value: Any, prop: gs.Prop) -> list[Any]:
    if value is None:
        return [None, None] if prop.type == "datetime" else [None]
    if prop.type == "datetime":
        return [value.isoformat(), utc_text(value)]
    if prop.type == "date":
        return [value.isoformat()]
    if prop.type == "list":
        return [json.dumps(list(value) if isinstance(value, tuple | list) else value, ensure_ascii=False, sort_keys=True)]
    if prop.type == "bool":
        return [int(bool(value))]
    return [value]


_PLAIN_TYPES = frozenset({"text", "int", "real"})


def model_row(model: BaseModel, props: tuple[gs.Prop, ...]) -> list[Any]:
    """The SQL column values of one node or relationship ``model`` for ``props``, in order:
    one value per property, two for a datetime (ISO text and UTC text), dates as ISO
    text, lists as JSON text, bools as 0/1. Raises ``KeyError`` for a property the model
    lacks."""
    # The hot loop of every import: plain values go straight through (pydantic keeps field
    # values in __dict__, cheaper than getattr); only dates, lists and bools are converted.
    values = model.__dict__
    out: list[Any] = []
    for p in props:
        v = values[p.name]
        if p.type in _PLAIN_TYPES or (v is None and p.type != "datetime"):
            out.append(v)
        else:
            out += _to_sql(v, p)
    return out


BUSY_SECONDS = 30.0
"""How long a write waits for other sessions' writes before :class:`StoreBusyError`."""

_IDLE_CONNECTIONS = 8
"""Connections kept open for reuse per store object (more are closed after use)."""

_WRITE_LOCKS: dict[Path, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock(path: Path) -> threading.Lock:
    # One lock per file for the whole process, so two store objects on one file (a CLI
    # command beside the dashboard's cached store) queue instead of racing for SQLite's
    # lock; other processes are held off by SQLite itself (BEGIN IMMEDIATE + busy_timeout).
    key = path.resolve()
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.Lock())


def _busy(e: sqlite3.Error) -> bool:
    return isinstance(e, sqlite3.OperationalError) and ("locked" in str(e) or "busy" in str(e))


class SQLiteStore:
    """SQLite adapter of :class:`netwerk.store.base.Store` (one file, foreign keys on, WAL).

    Safe to share between threads (the dashboard serves every session from one store
    object): each transaction and each read runs on a connection of its own, taken from a
    small pool, so a reader only ever sees committed data (WAL: a read sees the last
    commit before it started). Writes are serialised: one per file at a time in this
    process (a lock), one per file across processes (``BEGIN IMMEDIATE``); a write that
    waited ``busy_seconds`` raises :class:`~netwerk.domain.StoreBusyError` with a Dutch
    message and writes nothing.

    The methods follow the port's docstrings; every ``sqlite3`` error becomes a
    :class:`~netwerk.domain.StoreError` (chained), raised in ``__init__`` if the file
    cannot be opened.
    """

    def __init__(self, path: Path, busy_seconds: float = BUSY_SECONDS):
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self.busy_seconds = float(busy_seconds)
        self._local = threading.local()
        self._idle: list[sqlite3.Connection] = []
        self._idle_lock = threading.Lock()
        self._snapshots = SnapshotMemo()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            create_private(self.path)
            self._write_lock = _write_lock(self.path)
            first = self._connect()
            first.execute("PRAGMA journal_mode = WAL")
            secure_connection(first, self.path)  # again: the -wal/-shm files exist now
        except (sqlite3.Error, OSError) as e:
            raise StoreError(f"Kan de SQLite-store '{self.path}' niet openen: {e}") from e
        self._idle.append(first)

    # --- connections and transactions ----------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we manage transactions explicitly (BEGIN IMMEDIATE).
        # check_same_thread=False: a pooled connection serves one thread at a time, but
        # not always the thread that opened it.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=self.busy_seconds)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_seconds * 1000)}")
        secure_connection(conn, self.path)
        return conn

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """The connection of this thread's open transaction, or a pooled one for a read."""
        own = getattr(self._local, "conn", None) or getattr(self._local, "read_conn", None)
        if own is not None:
            yield own
            return
        with self._idle_lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            try:
                conn = self._connect()
            except sqlite3.Error as e:
                raise self._translate(e, "Kan de SQLite-store niet openen") from e
        try:
            yield conn
        finally:
            if conn.in_transaction:  # a read that failed midway
                conn.execute("ROLLBACK")
            with self._idle_lock:
                keep = len(self._idle) < _IDLE_CONNECTIONS
                if keep:
                    self._idle.append(conn)
            if not keep:
                conn.close()

    def _translate(self, e: sqlite3.Error, what: str) -> StoreError:
        if _busy(e):
            return StoreBusyError()
        return StoreError(f"{what}: {e}")

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """One transaction for every write this thread makes on this store inside the
        block (each store method still all or nothing, as a savepoint); committed at the
        end, rolled back on any exception. Nested blocks join the outer one."""
        with self._tx():
            yield

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:  # noqa: C901
        own = getattr(self._local, "conn", None)
        if own is not None:
            yield from self._savepoint(own)
            return
        if not self._write_lock.acquire(timeout=self.busy_seconds):
            raise StoreBusyError()
        try:
            with self._connection() as conn:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except sqlite3.Error as e:
                    raise self._translate(e, f"Kan geen transactie starten op '{self.path}'") from e
                self._local.conn = conn
                try:
                    yield conn
                except sqlite3.IntegrityError as e:
                    conn.execute("ROLLBACK")
                    raise StoreError(f"Opslaan geweigerd, er is niets opgeslagen: {e}") from e
                except sqlite3.Error as e:
                    conn.execute("ROLLBACK")
                    if _busy(e):
                        raise StoreBusyError() from e
                    raise StoreError(f"Fout in de SQLite-store, er is niets opgeslagen: {e}") from e
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                else:
                    try:
                        conn.execute("COMMIT")
                    except sqlite3.Error as e:
                        if conn.in_transaction:
                            conn.execute("ROLLBACK")
                        raise self._translate(e, "Opslaan mislukt, er is niets opgeslagen") from e
                finally:
                    self._local.conn = None
        finally:
            self._write_lock.release()

    @staticmethod
    def _savepoint(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        # Inside a unit of work every store method is a savepoint: a method that fails
        # (e.g. NotFoundError) leaves nothing behind even if the caller carries on.
        conn.execute("SAVEPOINT store_method")
        try:
            yield conn
        except sqlite3.IntegrityError as e:
            conn.execute("ROLLBACK TO store_method")
            conn.execute("RELEASE store_method")
            raise StoreError(f"Opslaan geweigerd, er is niets opgeslagen: {e}") from e
        except sqlite3.Error as e:
            conn.execute("ROLLBACK TO store_method")
            conn.execute("RELEASE store_method")
            raise StoreError(f"Fout in de SQLite-store, er is niets opgeslagen: {e}") from e
        except BaseException:
            conn.execute("ROLLBACK TO store_method")
            conn.execute("RELEASE store_method")
            raise
        else:
            conn.execute("RELEASE store_method")

    @contextmanager
    def _read_tx(self) -> Iterator[sqlite3.Connection]:
        """One connection and one read transaction, so several reads see one commit."""
        with self._connection() as conn:
            if conn.in_transaction:
                yield conn
                return
            try:
                conn.execute("BEGIN")
            except sqlite3.Error as e:
                raise self._translate(e, "Fout bij lezen uit de SQLite-store") from e
            self._local.read_conn = conn
            try:
                yield conn
            finally:
                self._local.read_conn = None
                if conn.in_transaction:
                    conn.execute("COMMIT")

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._connection() as conn:
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.Error as e:
                raise self._translate(e, "Fout bij lezen uit de SQLite-store") from e

    # --- migrations -----------------------------------------------------------------

    def migrate(self) -> list[int]:
        applied: list[int] = []
        with self._connection() as conn:
            try:
                done = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
            except sqlite3.OperationalError:
                done = set()
        refuse_newer_schema(max(done, default=0))  # before any write
        if all(m.version in done for m in MIGRATIONS):
            # Up to date: no write transaction, so opening a store never waits for writers.
            return applied
        with self._tx() as c:
            c.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            done = {r[0] for r in c.execute("SELECT version FROM schema_migrations")}
            refuse_newer_schema(max(done, default=0))  # another process may have migrated meanwhile
        for m in MIGRATIONS:
            if m.version in done:
                continue
            with self._tx() as c:
                if c.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (m.version,)).fetchone():
                    continue  # another process applied it since we looked (each migration is its own transaction)
                for stmt in m.sqlite:
                    c.execute(stmt)
                now = utc_now_text()
                for label, rows in m.seeds:
                    table = gs.NODES[label].table
                    for row in rows:
                        cols = [*row, "created_at", "updated_at"]
                        c.execute(f"INSERT OR IGNORE INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                  (*row.values(), now, now))
                c.execute(
                    "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                    (m.version, m.name, utc_now_text()),
                )
            applied.append(m.version)
        return applied

    def schema_version(self) -> int:
        with self._connection() as conn:
            try:
                row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
            except sqlite3.OperationalError:
                return 0
        return int(row[0])

    # --- writes ---------------------------------------------------------------------

    def apply(self, changes: ChangeSet, delete: dict[str, list[tuple[str, ...]]] | None = None) -> ApplyResult:
        result = ApplyResult()
        now = utc_now_text()
        with self._tx() as c:
            for fname in CHANGESET_SCHEMA:
                models = getattr(changes, fname)
                if not models:
                    continue
                created, updated = self._upsert(c, fname, models, now)
                result.created[fname] = created
                result.updated[fname] = updated
            if changes.ratings:
                self._refuse_ratings_without_ends(c)
            deleted = sum(self._delete(c, fname, keys) for fname, keys in (delete or {}).items())
            if result.changed or deleted:
                _bump_version(c)
        return result

    @staticmethod
    def _refuse_ratings_without_ends(c: sqlite3.Connection) -> None:
        # A rating's ends are persons or organisations (by rater_type/rated_type), so no
        # foreign key can check them; this does, as the Neo4j store does.
        bad = c.execute(
            "SELECT r.rater_id, r.rated_id FROM rating r WHERE "
            "(r.rater_type = 'person' AND NOT EXISTS (SELECT 1 FROM person p WHERE p.person_id = r.rater_id)) OR "
            "(r.rater_type = 'organisation' AND NOT EXISTS (SELECT 1 FROM organisation o WHERE o.org_id = r.rater_id)) OR "
            "(r.rated_type = 'person' AND NOT EXISTS (SELECT 1 FROM person p WHERE p.person_id = r.rated_id)) OR "
            "(r.rated_type = 'organisation' AND NOT EXISTS (SELECT 1 FROM organisation o WHERE o.org_id = r.rated_id)) "
            "LIMIT 5"
        ).fetchall()
        if bad:
            pairs = ", ".join(f"{a} → {b}" for a, b in bad)
            raise sqlite3.IntegrityError(f"beoordeling met een onbekende beoordelaar of beoordeelde ({pairs})")

    def _upsert(self, c: sqlite3.Connection, fname: str, models: list[BaseModel], now: str) -> tuple[int, int]:
        defn = CHANGESET_SCHEMA[fname]
        props = gs.table_props(defn)
        cols = columns(props)
        key = key_columns(fname)
        table = defn.table
        value_cols = [col for col in cols if col not in key]
        placeholders = ", ".join("?" for _ in cols)
        if value_cols:
            # Only rows whose content differs are updated, so identical re-imports keep updated_at.
            set_clause = ", ".join(f"{col} = excluded.{col}" for col in value_cols)
            differs = " OR ".join(f"{table}.{col} IS NOT excluded.{col}" for col in value_cols)
            conflict = f"DO UPDATE SET {set_clause}, updated_at = excluded.updated_at WHERE {differs}"
        else:
            conflict = "DO NOTHING"
        sql = (
            f"INSERT INTO {table} ({', '.join(cols)}, created_at, updated_at) VALUES ({placeholders}, ?, ?) "
            f"ON CONFLICT({', '.join(key)}) {conflict}"
        )
        # An upsert never deletes, so the growth in rows is what was created; every other
        # changed row was updated.
        (before_rows,) = c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
        before_changes = c.total_changes
        c.executemany(sql, [model_row(m, props) + [now, now] for m in models])
        (after_rows,) = c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
        created = after_rows - before_rows
        return created, c.total_changes - before_changes - created

    def erase_person(self, person_id: str) -> None:
        with self._tx() as c:
            if not c.execute("SELECT 1 FROM person WHERE person_id = ?", (person_id,)).fetchone():
                raise NotFoundError(f"Persoon '{person_id}' bestaat niet.")
            now = utc_now_text()
            c.execute(
                "UPDATE activity SET anonymous_participants = COALESCE(anonymous_participants, 0) + 1, "
                "updated_at = ? WHERE activity_id IN (SELECT activity_id FROM participation WHERE person_id = ?)",
                (now, person_id),
            )
            c.execute(
                "DELETE FROM rating WHERE (rater_type = 'person' AND rater_id = ?) OR (rated_type = 'person' AND rated_id = ?)",
                (person_id, person_id),
            )
            c.execute("DELETE FROM asset WHERE owner_id = ?", (person_id,))
            # A lesson stays (it is about the activity), without its author.
            c.execute("UPDATE lesson SET author_id = NULL, updated_at = ? WHERE author_id = ?", (now, person_id))
            # Relationship rows go with the person (ON DELETE CASCADE).
            c.execute("DELETE FROM person WHERE person_id = ?", (person_id,))
            _bump_version(c)

    def merge_theme(self, old: str, into: str) -> int:
        if old == into:
            raise ValueError("a theme cannot be merged into itself")
        with self._tx() as c:
            for name in (old, into):
                if not c.execute("SELECT 1 FROM theme WHERE name = ?", (name,)).fetchone():
                    raise NotFoundError(f"Thema '{name}' bestaat niet; er is niets samengevoegd.")
            now = utc_now_text()
            acts = [r[0] for r in c.execute("SELECT activity_id FROM activity_theme WHERE theme = ?", (old,))]
            c.executemany(
                "INSERT INTO activity_theme(activity_id, theme, created_at, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(activity_id, theme) DO NOTHING",
                [(a, into, now, now) for a in acts],
            )
            for table, key in (("asset", "asset_id"), ("lesson", "lesson_id"), ("plan", "plan_id")):  # theme lists
                for ident, themes in c.execute(f"SELECT {key}, themes FROM {table} WHERE themes IS NOT NULL").fetchall():
                    listed = list(_from_json(themes))
                    if old in listed:
                        merged = list(dict.fromkeys(into if t == old else t for t in listed))
                        c.execute(f"UPDATE {table} SET themes = ?, updated_at = ? WHERE {key} = ?",
                                  (json.dumps(merged, ensure_ascii=False), now, ident))
            # The old theme's activity_theme rows go with it (ON DELETE CASCADE).
            c.execute("DELETE FROM theme WHERE name = ?", (old,))
            _bump_version(c)
        return len(acts)

    # --- reads ----------------------------------------------------------------------

    def data_version(self) -> int:
        return int(self._query("SELECT value FROM meta WHERE key = 'data_version'")[0][0])

    def state_id(self) -> str:
        rows = self._query("SELECT value FROM meta WHERE key = 'state_id'")
        if rows:
            return str(rows[0][0])
        with self._tx() as c:  # made once for a store without writes; INSERT OR IGNORE keeps a concurrent one
            c.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('state_id', ?)", (uuid.uuid4().hex,))
        return str(self._query("SELECT value FROM meta WHERE key = 'state_id'")[0][0])

    def counts(self) -> dict[str, int]:
        with self._read_tx():  # every table as of one commit
            return {f: int(self._query(f"SELECT COUNT(*) FROM {d.table}")[0][0]) for f, d in CHANGESET_SCHEMA.items()}

    def existing_ids(self, kind: str) -> set[str]:
        if kind not in ID_KINDS:
            raise ValueError(f"unknown id kind {kind!r}")
        d = CHANGESET_SCHEMA[kind]
        return {r[0] for r in self._query(f"SELECT {d.key} FROM {d.table}")}

    def table(self, fname: str) -> pd.DataFrame:
        return self._frame(fname)

    def rows(self, fname: str, column: str, values: Iterable[str]) -> pd.DataFrame:
        text_column(fname, column)
        wanted = list(dict.fromkeys(str(v) for v in values))
        if not wanted:
            return self._frame(fname, "WHERE 0")
        order = list(key_columns(fname))
        with self._read_tx():  # every chunk as of one commit
            parts = [self._frame(fname, f"WHERE {column} IN ({', '.join('?' * len(chunk))})", tuple(chunk))
                     for chunk in (wanted[i:i + _IN_CHUNK] for i in range(0, len(wanted), _IN_CHUNK))]
        if len(parts) == 1:
            return parts[0]
        return pd.concat(parts, ignore_index=True).sort_values(order, kind="mergesort").reset_index(drop=True)

    def delete(self, fname: str, keys: list[tuple[str, ...]]) -> int:
        with self._tx() as c:
            n = self._delete(c, fname, keys)
            if n:
                _bump_version(c)
        return n

    @staticmethod
    def _delete(c: sqlite3.Connection, fname: str, keys: list[tuple[str, ...]]) -> int:
        defn = CHANGESET_SCHEMA[fname]
        cols = key_columns(fname)
        where = " AND ".join(f"{col} = ?" for col in cols)
        keys = [tuple(k) for k in dict.fromkeys(tuple(k) for k in keys)]
        missing = [k for k in keys if not c.execute(f"SELECT 1 FROM {defn.table} WHERE {where}", k).fetchone()]
        if missing:
            shown = ", ".join("/".join(k) for k in missing[:5])
            raise NotFoundError(f"Niet gevonden in {fname}: {shown}; er is niets verwijderd.")
        if isinstance(defn, gs.NodeType):
            # Ratings can point at persons or organisations, so no foreign key cascades them.
            kind = {"persons": "person", "organisations": "organisation"}.get(fname)
            if kind:
                c.executemany(
                    "DELETE FROM rating WHERE (rater_type = ? AND rater_id = ?) OR (rated_type = ? AND rated_id = ?)",
                    [(kind, k[0], kind, k[0]) for k in keys],
                )
        # Relationship rows referencing a deleted node go with it (ON DELETE CASCADE).
        c.executemany(f"DELETE FROM {defn.table} WHERE {where}", keys)
        return len(keys)

    def _frame(self, fname: str, where: str = "", params: tuple = ()) -> pd.DataFrame:
        defn = CHANGESET_SCHEMA[fname]
        props = gs.table_props(defn)
        names = [p.name for p in props]
        order = ", ".join(key_columns(fname))
        with self._connection() as conn:
            try:
                df = pd.read_sql_query(f"SELECT {', '.join(names)} FROM {defn.table} {where} ORDER BY {order}", conn,
                                       params=params)
            except (sqlite3.Error, pd.errors.DatabaseError) as e:
                if isinstance(e.__cause__, sqlite3.Error) and _busy(e.__cause__):
                    raise StoreBusyError() from e
                raise StoreError(f"Fout bij lezen uit de SQLite-store: {e}") from e
        df = none_for_missing(df)
        for p in props:
            if p.type == "datetime":
                df[p.name] = amsterdam_times(df[p.name])
            elif p.type == "date":
                df[p.name] = [date.fromisoformat(v) if v else None for v in df[p.name]]
            elif p.type == "list":
                df[p.name] = [_from_json(v) for v in df[p.name]]
            elif p.type == "bool":
                df[p.name] = [bool(v) if v is not None else False for v in df[p.name]]
        return df

    def snapshot(self, flt: SnapshotFilter | None = None) -> Snapshot:
        flt = flt or SnapshotFilter()
        # A period is pushed into SQL: only activities in it (and their participations and
        # themes) are read; build_snapshot applies the same condition again (no change).
        start, end = period_instants(flt)
        conds = [c for c, v in (("date_utc >= ?", start), ("date_utc < ?", end)) if v is not None]
        params = tuple(utc_text(v) for v in (start, end) if v is not None)
        where: dict[str, str] = {}
        if conds:
            in_period = " AND ".join(conds)
            where = {name: f"WHERE {in_period}" if name == "activities" else
                     f"WHERE activity_id IN (SELECT activity_id FROM activity WHERE {in_period})" for name in PERIOD_TABLES}
        self.state_id()  # made once for a store without writes since issue 19
        with self._read_tx():  # every table as of one commit, and the state id of that commit
            state = self._query("SELECT value FROM meta WHERE key = 'state_id'")

            def read() -> Snapshot:
                f = {name: self._frame(name, where.get(name, ""), params if name in where else ())
                     for name in SNAPSHOT_TABLES}
                return build_snapshot(f, flt)

            if not state:  # a store without writes yet: nothing worth keeping
                return read()
            return self._snapshots.get(str(state[0][0]), flt, read)

    # --- accounts and audit log (not network data: data_version is left alone) --------

    def upsert_user(self, user: UserAccount) -> bool:
        now = utc_now_text()
        failed = user.last_failed_at.isoformat() if user.last_failed_at else None
        with self._tx() as c:
            existed = c.execute("SELECT 1 FROM app_user WHERE user_id = ?", (user.user_id,)).fetchone() is not None
            c.execute(
                "INSERT INTO app_user (user_id, role, display_name, person_id, password_hash, active, failed_attempts, "
                "last_failed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET role = excluded.role, display_name = excluded.display_name, "
                "person_id = excluded.person_id, password_hash = excluded.password_hash, active = excluded.active, "
                "failed_attempts = excluded.failed_attempts, last_failed_at = excluded.last_failed_at, "
                "updated_at = excluded.updated_at",
                (user.user_id, user.role, user.display_name, user.person_id, user.password_hash, int(user.active),
                 user.failed_attempts, failed, now, now),
            )
        return not existed

    def get_user(self, user_id: str) -> UserAccount | None:
        rows = self._query(
            "SELECT user_id, role, display_name, person_id, password_hash, active, failed_attempts, last_failed_at "
            "FROM app_user WHERE user_id = ?",
            (user_id,),
        )
        if not rows:
            return None
        uid, role, name, pid, pw, active, failed, last = rows[0]
        return UserAccount(user_id=uid, role=role, display_name=name, person_id=pid, password_hash=pw, active=bool(active),
                           failed_attempts=failed, last_failed_at=datetime.fromisoformat(last) if last else None)

    def users(self) -> pd.DataFrame:
        rows = self._query(f"SELECT {', '.join(USER_COLUMNS)} FROM app_user ORDER BY user_id")
        df = pd.DataFrame(rows, columns=list(USER_COLUMNS), dtype=object)
        df["active"] = [bool(v) for v in df["active"]]
        df["failed_attempts"] = [int(v) for v in df["failed_attempts"]]
        for col in ("last_failed_at", "created_at", "updated_at"):
            df[col] = [_aware(v) for v in df[col]]
        return df

    def record_sign_in(self, user_id: str, succeeded: bool, at: datetime) -> int:
        with self._tx() as c:
            if succeeded:
                cur = c.execute(
                    "UPDATE app_user SET failed_attempts = 0, last_failed_at = NULL WHERE user_id = ?", (user_id,)
                )
            else:
                cur = c.execute(
                    "UPDATE app_user SET failed_attempts = failed_attempts + 1, last_failed_at = ? WHERE user_id = ?",
                    (at.isoformat(), user_id),
                )
            if cur.rowcount == 0:
                raise NotFoundError(f"Gebruiker '{user_id}' bestaat niet.")
            (failed,) = c.execute("SELECT failed_attempts FROM app_user WHERE user_id = ?", (user_id,)).fetchone()
        return int(failed)

    def append_audit(self, event: AuditEvent) -> None:
        # BEGIN IMMEDIATE serialises writers, so reading the head and appending is atomic.
        with self._tx() as c:
            seq, prev = c.execute(
                "SELECT seq, hash FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)"
            ).fetchone() or (0, GENESIS_HASH)
            c.execute(
                "INSERT INTO audit_log (event_id, at, at_utc, user_id, role, action, target, detail, seq, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (event.event_id, event.at.isoformat(), utc_text(event.at), event.user_id, event.role, event.action,
                 event.target, event.detail, seq + 1, prev, chain_hash(prev, event)),
            )

    def audit_chain(self) -> pd.DataFrame:
        rows = self._query(
            f"SELECT {', '.join(AUDIT_CHAIN_COLUMNS)} FROM audit_log ORDER BY seq IS NULL, seq, at_utc, event_id"
        )
        df = pd.DataFrame(rows, columns=list(AUDIT_CHAIN_COLUMNS), dtype=object)
        df["at"] = [_aware(v) for v in df["at"]]
        return df

    def audit_events(self, since: datetime | None = None, limit: int | None = None) -> pd.DataFrame:
        sql = f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit_log"
        params: list[Any] = []
        if since is not None:
            sql += " WHERE at_utc >= ?"
            params.append(utc_text(since))
        sql += " ORDER BY at_utc DESC, event_id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        df = pd.DataFrame(self._query(sql, tuple(params)), columns=list(AUDIT_COLUMNS), dtype=object)
        df["at"] = [_aware(v) for v in df["at"]]
        return df

    def close(self) -> None:
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


def _bump_version(c: sqlite3.Connection) -> None:
    """A write changed the data: data_version + 1 and a new random state id, in the writer's transaction."""
    c.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'")
    c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('state_id', ?)", (uuid.uuid4().hex,))


def _aware(v: str | None) -> datetime | None:
    """Stored ISO text (with offset, or our UTC text) as a Europe/Amsterdam datetime."""
    return datetime.fromisoformat(v).astimezone(AMSTERDAM) if v else None


def _from_json(v: str | None):
    if v is None:
        return ()
    parsed = json.loads(v)
    return tuple(parsed) if isinstance(parsed, list) else parsed

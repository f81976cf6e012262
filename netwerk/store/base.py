"""The store port: what every store adapter (SQLite, Neo4j) provides.

Adapters pass one contract test suite (``tests/contract``) and translate their driver's
errors into :class:`netwerk.domain.StoreError` (chained with ``raise ... from``).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

import pandas as pd

import graph_schema as gs
from graph_schema.migrations import MIGRATIONS
from netwerk.domain import ChangeSet, Snapshot, SnapshotFilter, StoreError
from netwerk.store.records import AuditEvent, UserAccount

__all__ = ["CHANGESET_SCHEMA", "ID_KINDS", "ApplyResult", "Store", "refuse_newer_schema", "text_column"]

CHANGESET_SCHEMA: dict[str, gs.NodeType | gs.RelationshipType] = gs.SCHEMA
"""ChangeSet field -> schema definition, nodes before relationships (:data:`graph_schema.SCHEMA`).
Every adapter stores exactly these."""

ID_KINDS = frozenset(f for f, d in CHANGESET_SCHEMA.items() if isinstance(d, gs.NodeType))
"""ChangeSet fields that hold node kinds (identified by one string id)."""


key_columns = gs.key_columns
"""The key columns of a ChangeSet field (:func:`graph_schema.key_columns`)."""


def refuse_newer_schema(recorded: int) -> None:
    """Refuse a store written by a newer Buurtnetwerk: one whose highest recorded migration
    version ``recorded`` is above the last migration this code knows
    (``graph_schema.migrations.MIGRATIONS[-1].version``). Opening it would silently miss
    the newer tables and columns. Adapters call this in :meth:`Store.migrate` before they
    write anything.

    Raises
    ------
    StoreError
        With a Dutch message naming both versions, when ``recorded`` is too high.
    """
    latest = MIGRATIONS[-1].version
    if recorded > latest:
        raise StoreError(
            f"Deze database heeft schemaversie {recorded}, deze versie van Buurtnetwerk kent tot {latest}: "
            "werk Buurtnetwerk bij."
        )


def text_column(fname: str, column: str) -> gs.Prop:
    """The text property ``column`` of ChangeSet field ``fname`` (relationship ends
    included), for :meth:`Store.rows`.

    Raises
    ------
    KeyError
        For a name that is not a ChangeSet field.
    ValueError
        For a column that is not a text column of the field.
    """
    props = {p.name: p for p in gs.table_props(CHANGESET_SCHEMA[fname])}
    prop = props.get(column)
    if prop is None or prop.type != "text":
        raise ValueError(f"{fname}.{column} is geen tekstkolom")
    return prop


@dataclass
class ApplyResult:
    """What one :meth:`Store.apply` did, per ChangeSet field: rows created and updated
    (rows whose content was identical are neither)."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """True if any row was created or updated."""
        return any(self.created.values()) or any(self.updated.values())


@runtime_checkable
class Store(Protocol):
    """A graph store holding one neighbourhood network."""

    url: str

    def migrate(self) -> list[int]:
        """Apply pending schema migrations; return the versions applied now.

        Raises
        ------
        StoreError
            If a migration fails (that migration's transaction is rolled back), or if the
            store records a schema version newer than this code knows
            (:func:`refuse_newer_schema`); then nothing is written.
        """
        ...

    def schema_version(self) -> int:
        """The highest applied migration version (0 for an empty store)."""
        ...

    def apply(self, changes: ChangeSet, delete: dict[str, list[tuple[str, ...]]] | None = None) -> ApplyResult:
        """Upsert everything in ``changes`` in one transaction: all or nothing.

        ``delete`` (ChangeSet field -> keys, as for :meth:`delete`) is removed in the same
        transaction after the upserts, so an edit that drops links is never half-written;
        a key that does not exist raises :class:`~netwerk.domain.NotFoundError` and nothing
        is written.

        Entities are matched on their string id (relationships on their key columns);
        an identical row is left untouched (``updated_at`` unchanged), so applying the
        same ChangeSet twice changes nothing.

        Raises
        ------
        StoreError
            On a constraint violation (e.g. a participation for an unknown activity) or a
            driver failure; nothing is written.
        """
        ...

    def snapshot(self, flt: SnapshotFilter | None = None) -> Snapshot:
        """The network for a period and filters.

        Parameters
        ----------
        flt : SnapshotFilter, optional
            Period (inclusive Europe/Amsterdam calendar days) and filters; None for all.

        Returns
        -------
        Snapshot
            DataFrames with the columns documented on :class:`netwerk.domain.Snapshot`.

        Raises
        ------
        StoreError
            On a driver failure.
        """
        ...

    def counts(self) -> dict[str, int]:
        """Number of rows per node and relationship table, keyed by ChangeSet field
        (``organisations``, ``persons``, ..., ``ratings``; zeros included).

        Raises
        ------
        StoreError
            On a driver failure.
        """
        ...

    def existing_ids(self, kind: str) -> set[str]:
        """The ids present for a node kind: one of ``organisations``, ``persons``,
        ``groups``, ``activities``, ``themes``, ``survey_rounds``, ``areas``, ``assets``.

        Raises
        ------
        ValueError
            For another ``kind``.
        StoreError
            On a driver failure.
        """
        ...

    def table(self, fname: str) -> pd.DataFrame:
        """All rows of one ChangeSet field, sorted by its key columns.

        Columns are the properties of its schema definition (relationship end columns
        first), typed as on the domain model: tz-aware datetimes (Europe/Amsterdam),
        ``date``, tuples for lists, ``bool``; a missing value is ``None``.

        Raises
        ------
        KeyError
            For a name that is not a ChangeSet field.
        StoreError
            On a driver failure.
        """
        ...

    def rows(self, fname: str, column: str, values: Iterable[str]) -> pd.DataFrame:
        """The rows of one ChangeSet field whose ``column`` holds one of ``values``: the
        narrow read of an edit (one activity's participations, a few persons), so saving
        one record does not read whole tables.

        Same columns, types and order (sorted by key columns) as :meth:`table`; an empty
        frame with those columns when nothing matches or ``values`` is empty. ``column``
        is a text column of the field: an id, a relationship end (``activity_id`` of
        participations, ``person_id``, ``from_id``, ...) or another text property
        (``kind``, ``source``). Adapters use an index for ids and relationship ends
        (SQLite: ``WHERE column IN (...)``, chunked below the parameter limit; Neo4j:
        ``WHERE x IN $values`` on the key or the relationship's end node). Inside a unit
        of work the rows include its own writes.

        Raises
        ------
        KeyError
            For a name that is not a ChangeSet field.
        ValueError
            For a column that is not a text column of the field.
        StoreError
            On a driver failure.
        """
        ...

    def delete(self, fname: str, keys: list[tuple[str, ...]]) -> int:
        """Delete rows of one ChangeSet field by key, in one transaction; return how many.

        ``keys`` holds tuples of the field's key columns (:func:`key_columns`), e.g.
        ``[("p1",)]`` for persons or ``[("a1", "p1")]`` for participations. Deleting a node
        also deletes every relationship row that references it (ratings included). For
        removing a person use :meth:`erase_person`, which keeps anonymous counts.

        Raises
        ------
        NotFoundError
            If any key does not exist (nothing is deleted).
        StoreError
            On a driver failure.
        """
        ...

    def data_version(self) -> int:
        """A counter that increases with every write that changed something (cache key)."""
        ...

    def state_id(self) -> str:
        """A random id of the store's current data: new with every write that raises
        :meth:`data_version` (made on first use for a store without writes). Unlike the
        version it never repeats, even for a copy of the store restored over it and
        written to again; persisted results (:mod:`netwerk.services.results`) are only
        taken as current when both agree.

        Raises
        ------
        StoreError
            On a driver failure.
        """
        ...

    def merge_theme(self, old: str, into: str) -> int:
        """Merge theme ``old`` into theme ``into`` in one transaction: every activity
        about ``old`` becomes about ``into`` (once), every asset's theme list has ``old``
        replaced by ``into``, and theme ``old`` is deleted. Returns the number of
        activities that were about ``old``.

        Raises
        ------
        NotFoundError
            If either theme does not exist (nothing changes).
        ValueError
            If ``old == into``.
        StoreError
            On a driver failure; nothing is written.
        """
        ...

    def erase_person(self, person_id: str) -> None:
        """Remove a person, their ties, memberships and ratings; each activity they took
        part in keeps an anonymous participant count (``anonymous_participants`` + 1); each
        lesson they recorded stays without its author (``author_id`` cleared).

        Raises
        ------
        NotFoundError
            If the person does not exist.
        """
        ...

    # --- accounts and audit log (netwerk.store.records; not network data) --------------
    # None of these change data_version(); none are part of ChangeSet or snapshots.

    def upsert_user(self, user: UserAccount) -> bool:
        """Create or replace the account ``user.user_id`` (every field as given; the
        store sets ``created_at`` on creation and ``updated_at`` on every write).
        Returns True if the account was created, False if it existed.

        Raises
        ------
        StoreError
            On a driver failure.
        """
        ...

    def get_user(self, user_id: str) -> UserAccount | None:
        """The account with exactly this ``user_id`` (password hash included), or None."""
        ...

    def users(self) -> pd.DataFrame:
        """All accounts, sorted by user_id, with the columns
        :data:`netwerk.store.records.USER_COLUMNS` (never the password hash):
        user_id, role, display_name, person_id, active (bool), failed_attempts (int),
        last_failed_at, created_at, updated_at (tz-aware datetimes or None).
        """
        ...

    def record_sign_in(self, user_id: str, succeeded: bool, at: datetime) -> int:
        """Record one sign-in attempt atomically: a success resets ``failed_attempts`` to 0
        and ``last_failed_at`` to None; a failure adds 1 and sets ``last_failed_at = at``.
        Returns ``failed_attempts`` afterwards.

        Raises
        ------
        NotFoundError
            For an unknown user_id.
        """
        ...

    def append_audit(self, event: AuditEvent) -> None:
        """Append one event to the audit log. The log is append-only: the port has no
        update or delete, and adapters refuse changes where the database allows
        (SQLite: triggers that abort any UPDATE or DELETE, and any INSERT, REPLACE
        included, that is not the next link of the hash chain). The adapter sets the
        entry's seq, prev_hash and hash (see :meth:`audit_chain`).

        Raises
        ------
        StoreError
            On a driver failure (e.g. a duplicate event_id).
        """
        ...

    def audit_chain(self) -> pd.DataFrame:
        """Every audit entry in append order, with its link in the hash chain.

        Returns
        -------
        DataFrame
            Columns :data:`netwerk.store.records.AUDIT_CHAIN_COLUMNS`: the columns of
            :meth:`audit_events` plus seq (1, 2, ...), prev_hash and hash
            (:func:`netwerk.store.records.chain_hash`). Entries written before the chain
            existed (seq None) come last. Adapters append each entry as the next link
            atomically, also under parallel writers.
        """
        ...

    def audit_events(self, since: datetime | None = None, limit: int | None = None) -> pd.DataFrame:
        """Audit events, newest first (by ``at``, then event_id descending).

        Parameters
        ----------
        since : datetime, optional
            Only events at or after this tz-aware instant.
        limit : int, optional
            At most this many (the newest).

        Returns
        -------
        DataFrame
            Columns :data:`netwerk.store.records.AUDIT_COLUMNS`: event_id, at (tz-aware,
            Europe/Amsterdam), user_id, role, action, target, detail (None when missing).
        """
        ...

    # --- units of work and sessions ----------------------------------------------------

    def unit_of_work(self) -> AbstractContextManager[None]:
        """A context manager: every write this thread makes on this store inside the block
        (network changes, accounts and audit entries alike) is one transaction, committed
        when the block ends and rolled back if it raises, so a change and its audit entry
        are stored together or not at all. Nested blocks join the outer one; reads inside
        the block see its own writes. Other threads and sessions never see the writes
        before the commit.

        A store object is shared by every session of a process (the dashboard): adapters
        are thread-safe (SQLite: pooled connections, writes serialised; Neo4j: a driver
        session per call or per unit of work). Writes wait a bounded time for each other.

        Examples
        --------
        >>> with store.unit_of_work():          # doctest: +SKIP
        ...     store.apply(changes)
        ...     log_event(viewer, store, "edit", target)

        Raises
        ------
        StoreBusyError
            When other sessions held the store longer than the bounded wait (Dutch
            message :data:`netwerk.domain.BUSY_MESSAGE`); nothing is written.
        StoreError
            On a driver failure, including at commit; nothing is written.
        """
        ...

    def close(self) -> None:
        """Release connections."""
        ...

"""The store port: what every store adapter (SQLite, Neo4j) provides.

Adapters pass one contract test suite (``tests/contract``) and translate their driver's
errors into :class:`netwerk.domain.StoreError` (chained with ``raise ... from``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from netwerk.domain import ChangeSet, Snapshot, SnapshotFilter

__all__ = ["ApplyResult", "Store"]


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
            If a migration fails (that migration's transaction is rolled back).
        """
        ...

    def schema_version(self) -> int:
        """The highest applied migration version (0 for an empty store)."""
        ...

    def apply(self, changes: ChangeSet) -> ApplyResult:
        """Upsert everything in ``changes`` in one transaction: all or nothing.

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

    def data_version(self) -> int:
        """A counter that increases with every write that changed something (cache key)."""
        ...

    def erase_person(self, person_id: str) -> None:
        """Remove a person, their ties, memberships and ratings; each activity they took
        part in keeps an anonymous participant count (``anonymous_participants`` + 1).

        Raises
        ------
        NotFoundError
            If the person does not exist.
        """
        ...

    def close(self) -> None:
        """Release connections."""
        ...

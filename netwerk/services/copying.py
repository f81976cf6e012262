"""Move a network between stores: ``netwerk copy --from URL --to URL`` (SQLite <-> Neo4j).

Everything in the store port's ChangeSet fields is copied (every node and relationship
table, read with ``Store.table``), as one ``Store.apply`` on the target: all or nothing,
and idempotent like an import (copying twice changes nothing). ``created_at`` and
``updated_at`` are set by the target. Accounts and the audit log are not network data
and are not copied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args, get_type_hints

import pandas as pd
from pydantic import BaseModel

from netwerk.access import Viewer, require_role
from netwerk.domain import ChangeSet, InputError
from netwerk.store.base import CHANGESET_SCHEMA, ApplyResult, Store

__all__ = ["CopyReport", "copy_store", "read_changeset"]

# ChangeSet field -> domain model, from the ChangeSet's own type hints (list[Model]).
_MODELS: dict[str, type[BaseModel]] = {f: get_args(hint)[0] for f, hint in get_type_hints(ChangeSet).items()}


@dataclass
class CopyReport:
    """What a copy did: rows read per field from the source, the target's ApplyResult, and
    the target's counts afterwards (equal to ``source_counts`` when the target was empty)."""

    source_counts: dict[str, int]
    result: ApplyResult
    target_counts: dict[str, int]

    @property
    def complete(self) -> bool:
        """True if the target holds at least every row of the source, per field."""
        return all(self.target_counts.get(f, 0) >= n for f, n in self.source_counts.items())


def _value(v):
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else v


def read_changeset(viewer: Viewer, store: Store) -> ChangeSet:
    """Everything ``store`` holds as one ChangeSet (every field of ``CHANGESET_SCHEMA``).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator (a copy holds residents' records).
    StoreError
        On a driver failure.
    """
    require_role(viewer, "coordinator")
    changes = ChangeSet()
    for fname in CHANGESET_SCHEMA:
        model = _MODELS[fname]
        fields = set(model.model_fields)
        df = store.table(fname)
        rows = [{k: _value(v) for k, v in zip(df.columns, r, strict=True) if k in fields} for r in df.itertuples(index=False)]
        setattr(changes, fname, [model(**row) for row in rows])
    return changes


def copy_store(viewer: Viewer, source: Store, target: Store) -> CopyReport:
    """Copy every node and relationship of ``source`` into ``target`` in one transaction.

    Parameters
    ----------
    viewer
        Must be a coordinator.
    source, target
        Open stores (any adapters); they must not be the same store.

    Returns
    -------
    CopyReport
        Source counts, what the target created/updated, target counts afterwards.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        When source and target are the same store.
    StoreError
        When reading or writing fails; the target is then unchanged.
    """
    require_role(viewer, "coordinator")
    if source.url == target.url:
        raise InputError(f"Bron en doel zijn dezelfde store ({source.url}).")
    changes = read_changeset(viewer, source)
    result = target.apply(changes)
    return CopyReport(source_counts=source.counts(), result=result, target_counts=target.counts())

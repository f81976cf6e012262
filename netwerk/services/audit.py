"""The audit log: who signed in, viewed the network map, exported, imported, edited or
erased what, and when.

Services and CLI commands write with :func:`log_event`; coordinators read with
:func:`audit_log`, export with :func:`audit_csv` and check with :func:`verify_chain`
(``netwerk audit verify``). Nobody can change or remove an entry: the store port has no
such method (and the SQLite table refuses UPDATE, DELETE and any insert that is not the
next link). Each entry stores ``sha256(previous hash + canonical entry)``, so a change
made around the application (a database tool, triggers dropped) breaks the chain.
Targets are ids (person_id, page, file name), never a resident's name, so
erasing a person leaves no name behind in the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from netwerk.access import Viewer, require_role
from netwerk.spreadsheet import formula_safe
from netwerk.store.base import Store
from netwerk.store.records import GENESIS_HASH, AuditEvent, chain_hash
from netwerk.text import fmt_datetime

__all__ = ["ACTION_LABELS", "PRIVACY_ACTIONS", "ChainReport", "audit_csv", "audit_log", "log_event",
           "privacy_writes_since", "verify_chain"]

ACTION_LABELS: dict[str, str] = {
    "sign_in": "aangemeld",
    "sign_in_failed": "aanmelden mislukt",
    "sign_in_locked": "aanmelden geblokkeerd (te veel pogingen)",
    "sign_out": "afgemeld",
    "view": "bekeken",
    "export": "inzage geëxporteerd",
    "import": "geïmporteerd",
    "edit": "bewerkt",
    "erase": "gewist",
    "consent_withdrawn": "toestemming ingetrokken",
    "purge": "bewaartermijn opgeschoond",
    "user_added": "account aangemaakt",
    "user_changed": "account gewijzigd",
    "audit_export": "auditlog geëxporteerd",
    "network_export": "netwerk geëxporteerd (Gephi, Kumu, CSV, Excel)",
}
"""Action code -> Dutch description (unknown codes are shown as they are)."""

PRIVACY_ACTIONS = frozenset({"erase", "consent_withdrawn", "purge"})
"""Writes after which results computed before them must not be shown any more (a resident
was erased, withdrew consent to their name, or was purged by the retention period)."""


def log_event(viewer: Viewer, store: Store, action: str, target: str | None = None, detail: str | None = None) -> None:
    """Append one entry for ``viewer`` (user_id and role) to the store's audit log.

    ``action`` is a code from :data:`ACTION_LABELS` (others are allowed), ``target`` an
    id, ``detail`` short context (both truncated to 500 characters). Any viewer may write.

    Raises
    ------
    StoreError
        If the store cannot be written.
    """
    store.append_audit(AuditEvent(
        user_id=viewer.user_id,
        role=viewer.role,
        action=action,
        target=None if target is None else str(target)[:500],
        detail=None if detail is None else str(detail)[:500],
    ))


def privacy_writes_since(store: Store, since: datetime) -> bool:
    """Whether the audit log holds an erase, consent withdrawal or purge
    (:data:`PRIVACY_ACTIONS`) at or after ``since`` (tz-aware). Answers only yes or no, for
    :class:`netwerk.services.results.ResultCache` (no viewer: it tells nothing about anyone).

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    events = store.audit_events(since=since)
    return bool(events["action"].isin(list(PRIVACY_ACTIONS)).any()) if len(events) else False


def audit_log(viewer: Viewer, store: Store, since: datetime | None = None, limit: int | None = 1000) -> pd.DataFrame:
    """The audit log, newest first, for coordinators.

    Returns
    -------
    DataFrame
        Columns: at (tz-aware, Europe/Amsterdam), user_id, role, action, action_label
        (Dutch), target, detail, event_id.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    """
    require_role(viewer, "coordinator")
    events = store.audit_events(since=since, limit=limit)
    events["action_label"] = [ACTION_LABELS.get(a, a) for a in events["action"]]
    return events[["at", "user_id", "role", "action", "action_label", "target", "detail", "event_id"]]


def audit_csv(viewer: Viewer, store: Store, since: datetime | None = None) -> bytes:
    """The whole audit log (or from ``since``) as CSV for Dutch Excel: ``;`` separated,
    UTF-8 with BOM, times as ``dd-mm-jjjj uu:mm:ss`` Europe/Amsterdam. The export itself
    is logged (``audit_export``).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    """
    events = audit_log(viewer, store, since=since, limit=None)
    shown = events.assign(at=[fmt_datetime(t, seconds=True) for t in events["at"]])
    shown = shown.rename(columns={
        "at": "tijdstip", "user_id": "gebruiker", "role": "rol", "action": "actie", "action_label": "omschrijving",
        "target": "doel", "detail": "toelichting", "event_id": "id",
    })
    log_event(viewer, store, "audit_export", detail=f"{len(shown)} regels")
    return formula_safe(shown).to_csv(sep=";", index=False).encode("utf-8-sig")


@dataclass
class ChainReport:
    """The outcome of :func:`verify_chain`.

    Attributes
    ----------
    entries : int
        Chained entries checked.
    unchecked : int
        Entries written before the chain existed (migration 5), not checkable.
    problems : list of str
        Dutch descriptions of every break found (empty when the chain is intact).
    head : str
        The hash of the last entry (note it elsewhere to detect a removed tail later).
    """

    entries: int = 0
    unchecked: int = 0
    problems: list[str] = field(default_factory=list)
    head: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        """True when no break was found."""
        return not self.problems


def verify_chain(viewer: Viewer, store: Store) -> ChainReport:
    """Recompute the audit log's hash chain and report every break.

    A changed entry no longer matches its hash; a removed, inserted or reordered entry
    breaks the numbering or the link to its predecessor; an entry added without a place
    in the chain after the chain began is reported too. Removing the newest entries and
    recomputing all later hashes is only detectable against a head noted elsewhere
    (:attr:`ChainReport.head`).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    """
    require_role(viewer, "coordinator")
    chain = store.audit_chain()
    report = ChainReport()
    prev = GENESIS_HASH
    first_at = None
    for row in chain.itertuples(index=False):
        if row.seq is None or pd.isna(row.seq):
            if first_at is not None and row.at >= first_at:
                report.problems.append(f"Regel {row.event_id} ({_when(row.at)}) staat buiten de keten.")
            else:
                report.unchecked += 1
            continue
        report.entries += 1
        n = report.entries
        first_at = row.at if first_at is None else first_at
        seq = int(row.seq)
        if seq != n:
            report.problems.append(f"Regel {n} ontbreekt of staat niet op zijn plaats (gevonden: regel {seq}).")
        if row.prev_hash != prev:
            report.problems.append(f"Regel {seq} ({_when(row.at)}) sluit niet aan op de regel ervoor.")
        event = AuditEvent.model_construct(event_id=row.event_id, at=row.at, user_id=row.user_id, role=row.role,
                                           action=row.action, target=row.target, detail=row.detail)
        if chain_hash(row.prev_hash, event) != row.hash:
            report.problems.append(f"Regel {seq} ({_when(row.at)}) is gewijzigd: de inhoud past niet bij de hash.")
        prev = row.hash
    report.head = prev
    return report


def _when(at: datetime) -> str:
    return fmt_datetime(at, seconds=True)

"""Load a bundled dataset (``seeds/``) into a store: ``netwerk seed demo|davis|krackhardt``.

A seed is a folder of the :mod:`seeds` package holding ordinary import files; seeding
imports them, all at once, through the normal importer
(:func:`netwerk.services.importing.import_files`), so a seed obeys every import rule
(all or nothing, idempotent: seeding twice changes nothing).
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from netwerk.access import Viewer, require_role
from netwerk.domain import InputError
from netwerk.services.importing import ImportReport, import_files
from netwerk.store.base import Store

__all__ = ["SEEDS", "SEED_EXTRAS", "SeedOutcome", "seed", "seed_dataset", "seed_files", "seed_if_empty"]

SEEDS: dict[str, str] = {
    "demo": "Demo: een fictief jaar (2025) buurtaanpak in Raalte (wijk WK017701), met bestuurders, "
    "wijkprofessionals, bewoners (pseudoniem), activiteiten, thema's en beoordelingen.",
    "davis": "Davis, Gardner & Gardner (1941), Southern Women: 18 vrouwen en 14 bijeenkomsten.",
    "krackhardt": "Krackhardt (1987), managers van een high-tech bedrijf: advies- en vriendschapsrelaties "
    "van 21 managers.",
}
"""Seed name -> Dutch description (for the CLI's help and the dashboard)."""

SEED_EXTRAS: dict[str, tuple[str, ...]] = {"demo": ("cbs",)}
"""Seed name -> further folders of :mod:`seeds` whose import files load with it: the demo
gets Raalte's CBS Kerncijfers from ``seeds/cbs/gebieden.csv`` (see ``seeds/cbs/SOURCE.md``)."""


def seed_files(name: str) -> list[Traversable]:
    """The import files of a seed (the ``*.csv`` files at the top of its folder and of its
    :data:`SEED_EXTRAS` folders), sorted by name.

    Raises
    ------
    InputError
        For an unknown seed name (the message lists the seeds).
    """
    if name not in SEEDS:
        raise InputError(f"Onbekende seed '{name}'. Kies uit: {', '.join(SEEDS)}.")
    folders = [resources.files("seeds") / n for n in (name, *SEED_EXTRAS.get(name, ()))]
    return sorted((f for folder in folders for f in folder.iterdir() if f.is_file() and f.name.endswith(".csv")),
                  key=lambda f: f.name)


def seed(store: Store, name: str) -> ImportReport:
    """Import the bundled seed ``name`` into ``store``; return the importer's report.

    Works from a source checkout and from an installed package: the files are found as
    package resources (made available as real paths for the importer if needed).

    Raises
    ------
    InputError
        For an unknown seed name.
    netwerk.domain.ImportValidationError
        If the bundled files do not pass the importer (nothing is written).
    """
    files = seed_files(name)
    with ExitStack() as stack:
        paths: list[Path] = [stack.enter_context(resources.as_file(f)) for f in files]
        return import_files(store, paths)


def seed_if_empty(store: Store, name: str) -> ImportReport | None:
    """Seed ``name`` only when the store holds no persons yet (first start of the
    dashboard); return the report, or None when the store already had data.

    Raises
    ------
    InputError
        For an unknown seed name.
    """
    if store.counts()["persons"]:
        seed_files(name)  # still refuse an unknown name
        return None
    return seed(store, name)


@dataclass
class SeedOutcome:
    """What :func:`seed_dataset` did.

    ``report`` is the importer's report (None: the store already had data and
    ``only_if_empty`` was set); ``demo_accounts`` the demo accounts created (the demo seed
    only); ``accounts_notice`` a Dutch note on why no demo accounts were made, or None.
    """

    report: ImportReport | None
    demo_accounts: list[str] = field(default_factory=list)
    accounts_notice: str | None = None


def seed_dataset(viewer: Viewer, store: Store, name: str, only_if_empty: bool = False) -> SeedOutcome:
    """Seed ``name`` (``netwerk seed``, ``netwerk dashboard --demo``); the demo seed also gets
    its demo accounts (README: Rollen en aanmelden), created as ``viewer``.

    With ``only_if_empty`` nothing is imported when the store already holds persons.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        For an unknown seed name.
    netwerk.domain.ImportValidationError
        If the bundled files do not pass the importer (nothing is written).
    """
    from netwerk.services.users import ensure_demo_accounts

    require_role(viewer, "coordinator")

    report = seed_if_empty(store, name) if only_if_empty else seed(store, name)
    if report is None or name != "demo":
        return SeedOutcome(report)
    try:
        created = ensure_demo_accounts(viewer, store)
    except InputError as e:  # the store holds more than the demo data: the seed itself went fine
        return SeedOutcome(report, accounts_notice=str(e))
    return SeedOutcome(report, demo_accounts=created)

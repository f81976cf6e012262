"""Entities, value objects and the error tree of Buurtnetwerk.

The entities and the ChangeSet are generated from :mod:`graph_schema` into
:mod:`netwerk.entities` (``make schema``), with their hand-written rules in
:mod:`netwerk.rules`; they are re-exported here, so ``from netwerk.domain import Person``
keeps working. Every entity has a stable string id chosen by the importer.
Datetimes are timezone-aware; a naive datetime is read as Europe/Amsterdam wall-clock
time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from pydantic import BaseModel, ConfigDict

from netwerk import entities as _entities
from netwerk.entities import *  # noqa: F403  (every generated entity, ChangeSet and MODELS: re-exported below)
from netwerk.rules import AMSTERDAM

__all__ = [
    "AMSTERDAM",
    "ConfigError",
    "ImportValidationError",
    "InputError",
    "NetwerkError",
    "NotFoundError",
    "Snapshot",
    "SnapshotFilter",
    "StoreBusyError",
    "StoreError",
    "person_label",
    *_entities.__all__,  # a type added to graph_schema is importable from here after `make schema`
]

# --- errors ----------------------------------------------------------------------


class NetwerkError(Exception):
    """Root of the project's error tree. Messages are Dutch and meant for users."""


class InputError(NetwerkError):
    """Bad input from a user (a CLI argument, a form field, a value)."""


@dataclass
class RowError:
    """One problem in an input file: file name, 1-based spreadsheet row, column."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(f"kolom '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class ImportValidationError(InputError):
    """An import was refused; nothing was written. ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        shown = "\n".join(f"- {e}" for e in errors[:50])
        more = f"\n(en nog {len(errors) - 50} fouten)" if len(errors) > 50 else ""
        super().__init__(f"Import geweigerd, er is niets opgeslagen. {len(errors)} fout(en):\n{shown}{more}")


class NotFoundError(NetwerkError):
    """A requested entity does not exist."""


class StoreError(NetwerkError):
    """The store failed (driver error translated; the original is chained)."""


BUSY_MESSAGE = "De database is bezig; probeer het over enkele seconden opnieuw."
"""What a user sees when a write waited its bounded time for other sessions' writes."""


class StoreBusyError(StoreError):
    """Other sessions held the store longer than the bounded wait; nothing was written.
    The message is :data:`BUSY_MESSAGE` (Dutch, for pages and the CLI)."""

    def __init__(self, message: str = BUSY_MESSAGE):
        super().__init__(message)


class ConfigError(NetwerkError):
    """A setting is invalid (e.g. an unsupported NETWERK_STORE_URL)."""


# --- entities (generated from graph_schema: netwerk/entities.py; rules: netwerk/rules.py) ---

def person_label(person_id: str, kind: str, display_name: str | None, pseudonym: str | None,
                 consent_named: bool) -> str:
    """The name to show for a person: residents by pseudonym unless they consented."""
    if kind == "resident" and not consent_named:
        return pseudonym or f"Bewoner {person_id}"
    return display_name or pseudonym or person_id


# --- snapshot ----------------------------------------------------------------------


class SnapshotFilter(BaseModel):
    """What part of the network to look at. Hashable, so it can key a cache.

    ``start``/``end`` are inclusive calendar dates (Europe/Amsterdam). Empty tuples mean
    no filter. Filters on persons (kinds, organisations, sectors) keep persons that
    match; filters on activities (kinds, themes, buurten, period) keep activities that
    match; participations, ties and ratings are kept where both ends remain.
    """

    model_config = ConfigDict(frozen=True)

    start: dt.date | None = None
    end: dt.date | None = None
    person_kinds: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    activity_kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    buurten: tuple[str, ...] = ()


@dataclass
class Snapshot:
    """The network for a period and filters, as DataFrames.

    Columns:
    - organisations: org_id, name, sector
    - persons: person_id, kind, label (pseudonym for residents without consent),
      display_name, role_title, buurt_code, skills (tuple), org_id (first current
      employer or None), sector
    - groups: group_id, name, kind
    - activities: activity_id, kind, date (tz-aware, Europe/Amsterdam), buurt_code,
      title, methods (tuple), anonymous_participants
    - participations: activity_id, person_id, role
    - activity_themes: activity_id, theme
    - themes: name, category
    - works_for: person_id, org_id, since, until
    - memberships: person_id, group_id, since, until
    - knows: from_id, to_id, source, since, count
    - ratings: round_id, rater_id, rater_type, rated_id, rated_type, the six items,
      himmelman_level, contact_frequency
    - survey_rounds: round_id, name, date
    """

    filter: SnapshotFilter
    organisations: pd.DataFrame
    persons: pd.DataFrame
    groups: pd.DataFrame
    activities: pd.DataFrame
    participations: pd.DataFrame
    activity_themes: pd.DataFrame
    themes: pd.DataFrame
    works_for: pd.DataFrame
    memberships: pd.DataFrame
    knows: pd.DataFrame
    ratings: pd.DataFrame
    survey_rounds: pd.DataFrame

"""Use cases behind the dashboard's Overzicht, Netwerkkaart, Groei and Actoren pages and
the CLI's ``analyse``: read a snapshot from the store, run :mod:`netwerk.analysis`,
return plain results. Pages and CLI commands only call these.

(The interface below is fixed; bodies are implemented with netwerk.analysis.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from netwerk.domain import SnapshotFilter
from netwerk.store.base import Store

__all__ = [
    "FilterOptions",
    "MapData",
    "Overview",
    "actor_table",
    "analyse_report",
    "filter_options",
    "growth_table",
    "network_map_data",
    "overview",
]

Freq = Literal["month", "quarter", "year"]
ColourBy = Literal["organisation", "sector", "community", "kind"]
SizeBy = Literal["degree", "weighted_degree", "betweenness", "eigenvector", "constraint", "effective_size"]


@dataclass(frozen=True)
class FilterOptions:
    """What the filters can choose from. Lists of (value, Dutch label) pairs."""

    organisations: list[tuple[str, str]]
    sectors: list[tuple[str, str]]
    person_kinds: list[tuple[str, str]]
    activity_kinds: list[tuple[str, str]]
    themes: list[tuple[str, str]]
    buurten: list[tuple[str, str]]
    first_date: date | None
    last_date: date | None


@dataclass(frozen=True)
class Overview:
    """Key figures for the current period and the one before it.

    ``current``/``previous`` are dicts with the keys of
    :func:`netwerk.analysis.network_summary` (persons, organisations, activities,
    participations, ties, density, components, average_degree, clustering, isolates,
    cross_org_ties); ``previous`` is None when there is no earlier period.
    """

    period_label: str
    previous_label: str | None
    current: dict[str, float]
    previous: dict[str, float] | None


@dataclass(frozen=True)
class MapData:
    """A network map ready to draw.

    nodes: id, label, kind, colour_key (organisation/sector/community/kind value as
    text), colour (hex), size (px, 10-50), title (plain-text tooltip; escaped by the
    renderer), measure (the value behind size).
    edges: source, target, weight (shared activities + reported ties), kind
    (co-participation | knows | both).
    legend: colour_key -> hex colour.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    legend: dict[str, str]


def filter_options(store: Store) -> FilterOptions:
    """The choices for the dashboard's filters, from what the store holds."""
    raise NotImplementedError


def overview(store: Store, flt: SnapshotFilter | None = None, freq: Freq = "quarter") -> Overview:
    """Key figures of the latest period (``freq``) that has activities within ``flt``,
    and of the period before it (for the change shown on Overzicht)."""
    raise NotImplementedError


def network_map_data(
    store: Store,
    flt: SnapshotFilter | None = None,
    colour_by: ColourBy = "organisation",
    size_by: SizeBy = "degree",
) -> MapData:
    """Nodes and weighted ties (co-participation projection plus KNOWS ties) for the map."""
    raise NotImplementedError


def growth_table(store: Store, flt: SnapshotFilter | None = None, freq: Freq = "quarter") -> pd.DataFrame:
    """The network summary per period.

    Columns: period (label such as ``2025-K1``, ``2025-03`` or ``2025``), period_start
    (date), period_end (date), and the keys of :func:`netwerk.analysis.network_summary`.
    Each row describes the network of that period's activities only.
    """
    raise NotImplementedError


def actor_table(store: Store, flt: SnapshotFilter | None = None) -> pd.DataFrame:
    """Actor measures, one row per person, sorted by betweenness (highest first).

    Columns: person_id, name, kind, organisation, sector, degree, weighted_degree,
    betweenness, eigenvector, constraint, effective_size, community.
    """
    raise NotImplementedError


def analyse_report(store: Store, flt: SnapshotFilter | None = None, top: int = 10) -> dict:
    """A JSON-ready report (the CLI's ``analyse --json``).

    Keys: persons, organisations, activities, participations, ties, density,
    components, average_degree, clustering, isolates, cross_org_ties, communities,
    modularity, ei_index_organisation, ei_index_sector, and top_brokers: a list of
    {person_id, name, betweenness}, highest first (at most ``top``).
    """
    raise NotImplementedError

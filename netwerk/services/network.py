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

"""ABCD assets (Kretzmann & McKnight 1993, *Building Communities from the Inside Out*):
the inventory of what the neighbourhood already has, and the connectors (verbinders)
whose ties bridge residents and professionals.

Visibility: ``openbaar`` assets are for every role, ``intern`` ones for coordinators and
professionals. A bestuurder never sees a person as owner (only organisations and
groups); a professional sees a resident owner by pseudonym.
"""

from __future__ import annotations

import pandas as pd

import graph_schema as gs
from netwerk import analysis as an
from netwerk.access import Viewer, require_role, suppress_small, visible_snapshot
from netwerk.analysis.connectors import CONNECTOR_COLUMNS, resident_professional_brokerage
from netwerk.domain import SnapshotFilter
from netwerk.store.base import Store

__all__ = ["INVENTORY_COLUMNS", "asset_counts", "asset_inventory", "connectors"]

INVENTORY_COLUMNS = [
    "asset_id", "category", "category_label", "name", "owner_id", "owner", "owner_type", "buurt_code", "visibility", "themes",
]


def asset_inventory(
    viewer: Viewer,
    store: Store,
    categories: tuple[str, ...] = (),
    buurten: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The asset inventory the viewer may see, filtered by category, buurt and theme
    (empty filter = all; an asset matches a theme filter when it serves one of them).

    Returns
    -------
    pandas.DataFrame
        Columns: asset_id, category (ABCD key), category_label (Dutch), name, owner_id,
        owner (name: organisation, group or person label; None when hidden),
        owner_type (organisatie | groep | persoon | None), buurt_code, visibility,
        themes (tuple). Sorted by category (in ABCD order), then name.
        For a bestuurder only ``openbaar`` assets, and person owners are hidden
        (owner_id and owner None).

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    assets = store.table("assets")
    snap = visible_snapshot(viewer, store)
    people = dict(zip(snap.persons["person_id"].astype(str), snap.persons["label"], strict=True))
    orgs = dict(zip(snap.organisations["org_id"].astype(str), snap.organisations["name"], strict=True))
    groups = dict(zip(snap.groups["group_id"].astype(str), snap.groups["name"], strict=True))
    order = {c: i for i, c in enumerate(gs.ASSET_CATEGORIES)}
    rows = []
    for r in assets.to_dict("records"):
        if viewer.role == "bestuurder" and r.get("visibility") != "openbaar":
            continue
        if not _matches(r, categories, buurten, themes):
            continue
        ts = tuple(r.get("themes") or ())
        owner_id = r.get("owner_id")
        owner, owner_type = None, None
        if owner_id in orgs:
            owner, owner_type = orgs[owner_id], "organisatie"
        elif owner_id in groups:
            owner, owner_type = groups[owner_id], "groep"
        elif owner_id in people:
            owner, owner_type = people[owner_id], "persoon"
        if owner_type == "persoon" and viewer.role == "bestuurder":
            owner_id, owner, owner_type = None, None, None
        rows.append((r["asset_id"], r["category"], gs.ASSET_CATEGORIES.get(r["category"], r["category"]), r["name"],
                     owner_id, owner, owner_type, r.get("buurt_code"), r.get("visibility"), ts))
    df = pd.DataFrame(rows, columns=INVENTORY_COLUMNS)
    df["_o"] = df["category"].map(lambda c: order.get(c, len(order)))
    df["_n"] = df["name"].map(lambda n: str(n).casefold())
    return df.sort_values(["_o", "_n", "asset_id"], kind="mergesort").drop(columns=["_o", "_n"]).reset_index(drop=True)


def _matches(asset: dict, categories: tuple[str, ...], buurten: tuple[str, ...], themes: tuple[str, ...]) -> bool:
    """True when the asset (a row of the store's ``assets`` table) passes the filters (empty = all)."""
    if categories and asset["category"] not in categories:
        return False
    if buurten and asset.get("buurt_code") not in buurten:
        return False
    return not themes or bool(set(themes) & set(asset.get("themes") or ()))


def asset_counts(
    viewer: Viewer,
    store: Store,
    categories: tuple[str, ...] = (),
    buurten: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
) -> dict[str, int | str]:
    """How many assets each ABCD category holds, with the filters of :func:`asset_inventory`.

    Counts every asset, ``intern`` ones too: a bestuurder's list holds only the
    ``openbaar`` ones, so counting those would say "0 Bijdragen van bewoners" where
    residents' contributions exist but are internal. For a bestuurder each count is
    rounded like every count they see (:func:`netwerk.access.round_count`: 1-4 as
    ``"<5"``, others to a multiple of 5); other roles get the exact number.

    Returns
    -------
    dict
        Category key (:data:`graph_schema.ASSET_CATEGORIES`, in that order) -> count
        (int, or ``"<5"`` for a bestuurder).

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    assets = store.table("assets")
    counts = dict.fromkeys(gs.ASSET_CATEGORIES, 0)
    for r in assets.to_dict("records"):
        if r["category"] in counts and _matches(r, categories, buurten, themes):
            counts[r["category"]] += 1
    return {k: suppress_small(viewer, n) for k, n in counts.items()}


def connectors(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None, top: int | None = 20) -> pd.DataFrame:
    """Connectors (verbinders): who lies on the shortest paths between residents and
    professionals (:func:`netwerk.analysis.connectors.resident_professional_brokerage`;
    volunteers and bestuurders can be connectors too). Paths are shortest by distance
    1/strength (the social graph's ``distance``), not by steps: two strong ties are a
    shorter way than one weak direct tie. Exact up to 1,000
    professionals (or residents, if fewer), estimated from 1,000 sampled ones above that
    (seed 42; ``DataFrame.attrs`` k, sources, seed).

    Returns
    -------
    pandas.DataFrame
        Columns: person_id, label, kind, resident_ties, professional_ties, brokerage,
        share; at most ``top`` rows, highest brokerage first.

    Raises
    ------
    PermissionDenied
        For a bestuurder (this names persons).
    """
    require_role(viewer, "coordinator", "professional")
    G = an.person_network(visible_snapshot(viewer, store, flt))
    df = resident_professional_brokerage(G, weight="distance")
    df = df[CONNECTOR_COLUMNS]
    return df if top is None else df.head(top).reset_index(drop=True)

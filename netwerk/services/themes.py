"""Themes: what residents raise, per period and buurt, its trend, which organisations
work on it, the co-occurrence network; and the controlled vocabulary the coordinator
extends and merges.

Every role may read the theme figures (they name no person); for a bestuurder the
number of people per organisation and theme is suppressed below 5. Only coordinators
change the vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pydantic import ValidationError

from netwerk.access import Viewer, require_role, suppress_small, visible_snapshot
from netwerk.analysis import themes as th
from netwerk.analysis.growth import Freq
from netwerk.domain import ChangeSet, InputError, NotFoundError, SnapshotFilter, Theme
from netwerk.ingest.validate import pydantic_row_errors
from netwerk.services.audit import log_event
from netwerk.store.base import Store

__all__ = ["ThemeOverview", "add_theme", "merge_themes", "theme_overview", "theme_vocabulary"]


@dataclass(frozen=True)
class ThemeOverview:
    """The figures of the Thema's page.

    - counts: period, buurt_code (None), theme, activities (every period, zeros included);
    - by_buurt: period, buurt_code, theme, activities (non-zero rows);
    - trend: theme, total, first, last, slope (activities per period, OLS);
    - organisations: theme, org_id, organisation, activities, persons (``"<5"`` for a
      bestuurder when 1-4);
    - cooccurrence: source, target, weight (activities raising both themes);
    - theme_activities: theme -> number of activities about it.
    See :mod:`netwerk.analysis.themes` for definitions.
    """

    counts: pd.DataFrame
    by_buurt: pd.DataFrame
    trend: pd.DataFrame
    organisations: pd.DataFrame
    cooccurrence: pd.DataFrame
    theme_activities: dict[str, int]


def theme_overview(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None, freq: Freq = "quarter") -> ThemeOverview:
    """Themes raised in the activities within ``flt``, per ``freq`` period.

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    StoreError
        If the store cannot be read.
    """
    snap = visible_snapshot(viewer, store, flt)
    counts = th.theme_counts(snap, freq)
    orgs = th.theme_organisations(snap)
    if viewer.role == "bestuurder" and len(orgs):
        orgs["persons"] = [suppress_small(viewer, int(n)) for n in orgs["persons"]]
    G = th.theme_cooccurrence(snap)
    co = pd.DataFrame([(u, v, int(w)) for u, v, w in G.edges(data="weight")], columns=["source", "target", "weight"])
    co = co.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="mergesort").reset_index(drop=True)
    return ThemeOverview(
        counts=counts,
        by_buurt=th.theme_counts(snap, freq, by_buurt=True),
        trend=th.theme_trend(counts),
        organisations=orgs,
        cooccurrence=co,
        theme_activities={t: int(n) for t, n in G.nodes(data="activities")},
    )


def theme_vocabulary(viewer: Viewer, store: Store) -> pd.DataFrame:
    """The controlled theme vocabulary with how often each theme is used.

    Returns
    -------
    pandas.DataFrame
        Columns: name, category, activities (activities about it), assets (assets
        serving it). Sorted by name.
    """
    themes = store.table("themes")
    links = store.table("activity_themes")
    assets = store.table("assets")
    per_act = links["theme"].value_counts().to_dict() if len(links) else {}
    per_asset: dict[str, int] = {}
    for ts in (assets["themes"] if "themes" in assets else []):
        for t in ts or ():
            per_asset[t] = per_asset.get(t, 0) + 1
    df = pd.DataFrame({
        "name": themes["name"].tolist(),
        "category": themes["category"].tolist(),
        "activities": [int(per_act.get(n, 0)) for n in themes["name"]],
        "assets": [int(per_asset.get(n, 0)) for n in themes["name"]],
    }, columns=["name", "category", "activities", "assets"])
    return df.sort_values("name", kind="mergesort").reset_index(drop=True)


def add_theme(viewer: Viewer, store: Store, name: str, category: str | None = None) -> str:
    """Add a theme to the vocabulary (coordinators only); return its stored name (lower case).

    Raises
    ------
    PermissionDenied
        For anyone but a coordinator.
    InputError
        For an empty or too long name, or a theme that already exists.
    """
    require_role(viewer, "coordinator")
    try:
        theme = Theme(name=name, category=category)
    except ValidationError as e:
        raise InputError("; ".join(str(err) for err in pydantic_row_errors(e, "thema", None, lambda c: c))) from None
    with store.unit_of_work():  # the check, the change and its audit entry commit together
        if not store.rows("themes", "name", [theme.name]).empty:
            raise InputError(f"Het thema '{theme.name}' bestaat al.")
        store.apply(ChangeSet(themes=[theme]))
        log_event(viewer, store, "edit", theme.name, "thema toegevoegd")
    return theme.name


def merge_themes(viewer: Viewer, store: Store, old: str, into: str) -> int:
    """Merge theme ``old`` into ``into`` (coordinators only), in one store transaction:
    activities and assets about ``old`` become about ``into`` and ``old`` is removed
    from the vocabulary (:meth:`netwerk.store.base.Store.merge_theme`). Returns the number
    of activities that were about ``old``.

    Raises
    ------
    PermissionDenied
        For anyone but a coordinator.
    InputError
        If ``old`` and ``into`` are the same theme.
    NotFoundError
        If either theme does not exist (nothing changes).
    """
    require_role(viewer, "coordinator")
    old, into = old.strip().lower(), into.strip().lower()
    if old == into:
        raise InputError("Kies twee verschillende thema's om samen te voegen.")
    with store.unit_of_work():  # the merge and its audit entry commit together
        known = set(store.rows("themes", "name", [old, into])["name"])
        for t in (old, into):
            if t not in known:
                raise NotFoundError(f"Thema '{t}' bestaat niet.")
        n = store.merge_theme(old, into)
        log_event(viewer, store, "edit", old, f"thema samengevoegd in '{into}'")
    return n

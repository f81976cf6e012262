"""Themes raised in activities: counts per period and buurt, trend, organisations per
theme and the theme co-occurrence network. Pure functions on a
:class:`~netwerk.domain.Snapshot`.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import networkx as nx
import numpy as np
import pandas as pd

from netwerk.analysis.growth import Freq, local_date, period_label, periods
from netwerk.analysis.snapshot import sorted_graph
from netwerk.domain import Snapshot

__all__ = [
    "THEME_COUNT_COLUMNS",
    "THEME_ORG_COLUMNS",
    "THEME_TREND_COLUMNS",
    "theme_cooccurrence",
    "theme_counts",
    "theme_organisations",
    "theme_trend",
]

THEME_COUNT_COLUMNS = ["period", "buurt_code", "theme", "activities"]
THEME_TREND_COLUMNS = ["theme", "total", "first", "last", "slope"]
THEME_ORG_COLUMNS = ["theme", "org_id", "organisation", "activities", "persons"]


def _activity_themes(snapshot: Snapshot) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for aid, t in zip(snapshot.activity_themes["activity_id"], snapshot.activity_themes["theme"], strict=True):
        out[str(aid)].add(str(t))
    return out


def theme_counts(snapshot: Snapshot, freq: Freq = "quarter", by_buurt: bool = False) -> pd.DataFrame:
    """How many activities raised each theme, per period (and buurt).

    Returns
    -------
    pandas.DataFrame
        Columns: period (label as in :func:`netwerk.analysis.growth.period_label`),
        buurt_code (None unless ``by_buurt``; None also for activities without a buurt),
        theme, activities (count of activities about the theme). Every period from the
        first to the last dated activity of the snapshot appears for every theme that
        occurs (zero counts included, so a trend line has no gaps) when ``by_buurt`` is
        False; with ``by_buurt`` only non-zero rows. Sorted by period, buurt, theme.

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    """
    themes_of = _activity_themes(snapshot)
    acts = snapshot.activities
    counts: Counter = Counter()
    days = []
    for aid, date, buurt in zip(acts["activity_id"], acts["date"], acts["buurt_code"], strict=True):
        day = local_date(date)
        if day is None:
            continue
        days.append(day)
        key_buurt = (buurt if isinstance(buurt, str) and buurt else None) if by_buurt else None
        for t in themes_of.get(str(aid), ()):
            counts[(period_label(day, freq), key_buurt, t)] += 1
    if not days:
        return pd.DataFrame(columns=THEME_COUNT_COLUMNS)
    if not by_buurt:
        all_themes = sorted({t for _, _, t in counts})
        for label, _, _ in periods(min(days), max(days), freq):
            for t in all_themes:
                counts.setdefault((label, None, t), 0)
    rows = [(p, b, t, n) for (p, b, t), n in counts.items()]
    df = pd.DataFrame(rows, columns=THEME_COUNT_COLUMNS)
    df["_b"] = df["buurt_code"].fillna("")
    return df.sort_values(["period", "_b", "theme"], kind="mergesort").drop(columns="_b").reset_index(drop=True)


def theme_trend(counts: pd.DataFrame) -> pd.DataFrame:
    """The trend of each theme over consecutive periods.

    Parameters
    ----------
    counts : pandas.DataFrame
        The result of :func:`theme_counts` with ``by_buurt=False``.

    Returns
    -------
    pandas.DataFrame
        Columns: theme, total (activities over all periods), first (count in the first
        period), last (count in the last period), slope (activities per period: the
        ordinary least-squares slope of the count on the period number 0, 1, 2, ...; 0.0
        with a single period). Sorted by slope, then total (both descending), then theme.
    """
    if counts.empty:
        return pd.DataFrame(columns=THEME_TREND_COLUMNS)
    per = counts.groupby(["theme", "period"], sort=True)["activities"].sum()
    labels = sorted(counts["period"].unique())
    rows = []
    for theme in sorted(counts["theme"].unique()):
        y = np.array([float(per.get((theme, p), 0)) for p in labels])
        slope = float(np.polyfit(np.arange(len(y)), y, 1)[0]) if len(y) > 1 else 0.0
        rows.append((theme, int(y.sum()), int(y[0]), int(y[-1]), slope))
    df = pd.DataFrame(rows, columns=THEME_TREND_COLUMNS)
    return df.sort_values(["slope", "total", "theme"], ascending=[False, False, True], kind="mergesort").reset_index(drop=True)


def theme_organisations(snapshot: Snapshot) -> pd.DataFrame:
    """Which organisations work on each theme.

    Returns
    -------
    pandas.DataFrame
        Columns: theme, org_id, organisation (name), activities (number of activities
        about the theme with at least one participant working for the organisation) and
        persons (number of its people who took part in such an activity). A person counts
        for every organisation they work for (``works_for``). Sorted by theme, then
        activities (descending), then organisation name.
    """
    themes_of = _activity_themes(snapshot)
    orgs_of: dict[str, set[str]] = defaultdict(set)
    for pid, oid in zip(snapshot.works_for["person_id"], snapshot.works_for["org_id"], strict=True):
        orgs_of[str(pid)].add(str(oid))
    acts: dict[tuple[str, str], set[str]] = defaultdict(set)
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for aid, pid in zip(snapshot.participations["activity_id"], snapshot.participations["person_id"], strict=True):
        for t in themes_of.get(str(aid), ()):
            for o in orgs_of.get(str(pid), ()):
                acts[(t, o)].add(str(aid))
                people[(t, o)].add(str(pid))
    names = dict(zip(snapshot.organisations["org_id"].astype(str), snapshot.organisations["name"], strict=True))
    rows = [(t, o, names.get(o, o), len(a), len(people[(t, o)])) for (t, o), a in acts.items()]
    df = pd.DataFrame(rows, columns=THEME_ORG_COLUMNS)
    return df.sort_values(["theme", "activities", "organisation"], ascending=[True, False, True],
                          kind="mergesort").reset_index(drop=True)


def theme_cooccurrence(snapshot: Snapshot) -> nx.Graph:
    """The theme co-occurrence network.

    Returns
    -------
    networkx.Graph
        One node per theme raised in at least one activity (attribute ``activities``: the
        number of activities about it); an edge between two themes raised in the same
        activity, ``weight`` = the number of activities that raised both. Sorted order.
    """
    G = nx.Graph()
    n_acts: Counter = Counter()
    pairs: Counter = Counter()
    for themes in _activity_themes(snapshot).values():
        n_acts.update(themes)
        pairs.update(itertools.combinations(sorted(themes), 2))
    G.add_nodes_from((t, {"activities": n}) for t, n in n_acts.items())
    G.add_edges_from((a, b, {"weight": w}) for (a, b), w in pairs.items())
    return sorted_graph(G)

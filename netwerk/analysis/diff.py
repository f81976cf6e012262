"""What changed between two moments: two survey rounds, or two periods of activity.

Pure functions on networkx graphs and the pair tables of :mod:`netwerk.analysis.ratings`.
A *moment* is an undirected weighted graph whose nodes are actors (organisations, for
the bestuurders' view) and whose edge attribute ``weight`` is tie strength:

- for a period of activity data, :func:`organisation_graph` of that period's snapshot
  (weight = number of working ties across the two organisations);
- for a survey round, :func:`rating_organisation_graph` of its pair scores (weight =
  mean Himmelman level of the ratings between the two, either direction).

The diff lists new, lost, strengthened and weakened ties, newly connected actors,
actors whose brokerage rose or fell (betweenness on distances 1/weight, Burt's
constraint) and the change in trust and value per rated pair.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from netwerk.analysis.backend import to_igraph
from netwerk.analysis.centrality import betweenness, structural_holes
from netwerk.analysis.snapshot import sorted_graph
from netwerk.analysis.ties import organisation_network

__all__ = [
    "CHANGE_LABELS",
    "NetworkDiff",
    "brokerage_change",
    "network_diff",
    "newly_connected",
    "organisation_graph",
    "pair_change",
    "rating_organisation_graph",
    "tie_changes",
]

CHANGE_LABELS: dict[str, str] = {
    "new": "nieuw",
    "lost": "verdwenen",
    "stronger": "sterker",
    "weaker": "zwakker",
    "same": "gelijk",
}
"""Tie change -> Dutch label."""

_TOL = 1e-9


organisation_graph = organisation_network
"""The organisation network of a period: :func:`netwerk.analysis.ties.organisation_network`
(the tie model's ``organisatierelatie``), under the name the diff has always used."""


def rating_organisation_graph(pairs: pd.DataFrame, nodes: list[str] | None = None) -> nx.Graph:
    """The undirected collaboration graph of one survey round.

    Parameters
    ----------
    pairs : pandas.DataFrame
        :func:`netwerk.analysis.ratings.pair_scores` (directed pairs; organisation
        level for the bestuurders' view).
    nodes : list of str, optional
        Actors to include even without ties.

    Returns
    -------
    networkx.Graph
        An edge between two actors when a rating between them (either direction) gives
        a Himmelman level of 1 or more, or gives no level at all (a rating is contact).
        ``weight`` = the mean Himmelman level over both directions' pair means (a pair
        rated without levels weighs 1); ``trust``/``value`` = mean of the directions'
        scores that exist (None if none). Level-0 ratings ("no collaboration") are not
        ties. Sorted order.
    """
    G = nx.Graph()
    G.add_nodes_from(str(n) for n in (nodes or []))
    both: dict[tuple[str, str], list] = defaultdict(list)
    for r in pairs.itertuples(index=False):
        a, b = str(r.rater_id), str(r.rated_id)
        if a == b:
            continue
        G.add_node(a)
        G.add_node(b)
        both[(a, b) if a <= b else (b, a)].append(r)
    for (a, b), rows in sorted(both.items()):
        levels = [float(r.himmelman_level) for r in rows if _num(r.himmelman_level)]
        if levels and max(levels) <= 0:
            continue
        trust = [float(r.trust) for r in rows if _num(r.trust)]
        value = [float(r.value) for r in rows if _num(r.value)]
        G.add_edge(a, b, weight=sum(levels) / len(levels) if levels else 1.0,
                   trust=sum(trust) / len(trust) if trust else None, value=sum(value) / len(value) if value else None)
    return sorted_graph(G)


def tie_changes(before: nx.Graph, after: nx.Graph, weight: str = "weight") -> pd.DataFrame:
    """Every tie of either moment and how it changed.

    Parameters
    ----------
    before, after : networkx.Graph
        Undirected; ``weight`` is tie strength (missing = 1).
    weight : str, default "weight"

    Returns
    -------
    pandas.DataFrame
        Columns source, target (source <= target as text), weight_before,
        weight_after (0 where the tie is absent), change: ``new`` (only after),
        ``lost`` (only before), ``stronger``/``weaker`` (weight rose/fell by more than
        1e-9), ``same``. Sorted by source, target.
    """
    def edges(G: nx.Graph) -> dict[tuple[str, str], float]:
        out = {}
        for u, v, d in G.edges(data=True):
            u, v = str(u), str(v)
            out[(u, v) if u <= v else (v, u)] = float(d.get(weight, 1) if d.get(weight) is not None else 1)
        return out

    b, a = edges(before), edges(after)
    rows = []
    for key in sorted(set(b) | set(a)):
        wb, wa = b.get(key), a.get(key)
        if wb is None:
            change = "new"
        elif wa is None:
            change = "lost"
        elif wa > wb + _TOL:
            change = "stronger"
        elif wa < wb - _TOL:
            change = "weaker"
        else:
            change = "same"
        rows.append({"source": key[0], "target": key[1], "weight_before": wb or 0.0, "weight_after": wa or 0.0,
                     "change": change})
    return pd.DataFrame(rows, columns=["source", "target", "weight_before", "weight_after", "change"])


def newly_connected(before: nx.Graph, after: nx.Graph) -> list[str]:
    """Actors with at least one tie after and none before (absent or isolated), sorted."""
    return sorted(str(n) for n in after if after.degree(n) > 0 and (n not in before or before.degree(n) == 0))


def brokerage_change(before: nx.Graph, after: nx.Graph, weight: str = "weight") -> pd.DataFrame:
    """Betweenness and Burt's constraint of every actor at both moments.

    Parameters
    ----------
    before, after : networkx.Graph
        Undirected, positive ``weight`` (strength).
    weight : str, default "weight"

    Returns
    -------
    pandas.DataFrame
        One row per actor of either graph, sorted by id. Columns node,
        betweenness_before, betweenness_after, betweenness_change, constraint_before,
        constraint_after, constraint_change, direction: ``rose`` (brokerage rose:
        betweenness up, or equal betweenness and constraint down), ``fell`` (the
        reverse) or ``same``. An actor absent at a moment has betweenness 0 and NaN
        constraint there; a NaN constraint counts as no change in direction.

    Notes
    -----
    Betweenness: normalised shortest-path betweenness (Freeman 1977; Brandes 2001,
    ``nx.betweenness_centrality``; :func:`netwerk.analysis.centrality.betweenness`) on
    distances 1/weight, exact. Constraint: Burt (1992),
    :func:`netwerk.analysis.centrality.structural_holes`; low constraint means more
    structural holes around the actor, i.e. more brokerage.
    """
    def measures(G: nx.Graph) -> tuple[dict, dict]:
        if G.number_of_nodes() == 0:
            return {}, {}
        V = to_igraph(G, weight)  # one conversion for both measures (netwerk.analysis.backend)
        btw = betweenness(G, weight, view=V)
        con, _ = structural_holes(G, weight, view=V)
        return btw, con

    bb, cb = measures(before)
    ba, ca = measures(after)
    rows = []
    for n in sorted({str(x) for x in before} | {str(x) for x in after}):
        b0, b1 = bb.get(n, 0.0), ba.get(n, 0.0)
        c0, c1 = cb.get(n, math.nan), ca.get(n, math.nan)
        db, dc = b1 - b0, c1 - c0
        if db > _TOL or (abs(db) <= _TOL and dc < -_TOL):
            direction = "rose"
        elif db < -_TOL or (abs(db) <= _TOL and dc > _TOL):
            direction = "fell"
        else:
            direction = "same"
        rows.append({"node": n, "betweenness_before": b0, "betweenness_after": b1, "betweenness_change": db,
                     "constraint_before": c0, "constraint_after": c1, "constraint_change": dc, "direction": direction})
    return pd.DataFrame(rows, columns=["node", "betweenness_before", "betweenness_after", "betweenness_change",
                                       "constraint_before", "constraint_after", "constraint_change", "direction"])


def pair_change(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Change in trust, value and Himmelman level per directed pair between two rounds.

    Parameters
    ----------
    before, after : pandas.DataFrame
        :func:`netwerk.analysis.ratings.pair_scores` of two rounds.

    Returns
    -------
    pandas.DataFrame
        Columns rater_id, rated_id, trust_before, trust_after, trust_change,
        value_before, value_after, value_change, himmelman_before, himmelman_after,
        himmelman_change; one row per pair rated in either round (NaN where a round has
        no score, so the change is NaN too). Sorted by rater_id, rated_id. Scores are
        on 1-4; a change of 0.5 is 12.5 percentage points of the maximum.
    """
    cols = ["rater_id", "rated_id", "trust", "value", "himmelman_level"]
    b = before[cols] if len(before) else pd.DataFrame(columns=cols)
    a = after[cols] if len(after) else pd.DataFrame(columns=cols)
    m = b.merge(a, on=["rater_id", "rated_id"], how="outer", suffixes=("_before", "_after"))
    m = m.rename(columns={"himmelman_level_before": "himmelman_before", "himmelman_level_after": "himmelman_after"})
    for name in ("trust", "value", "himmelman"):
        m[f"{name}_before"] = pd.to_numeric(m[f"{name}_before"], errors="coerce").astype(float)
        m[f"{name}_after"] = pd.to_numeric(m[f"{name}_after"], errors="coerce").astype(float)
        m[f"{name}_change"] = m[f"{name}_after"] - m[f"{name}_before"]
    order = ["rater_id", "rated_id"] + [f"{n}_{w}" for n in ("trust", "value", "himmelman")
                                       for w in ("before", "after", "change")]
    return m[order].sort_values(["rater_id", "rated_id"], kind="mergesort").reset_index(drop=True)


@dataclass
class NetworkDiff:
    """The change between two moments (see :func:`network_diff`).

    ``ties``: :func:`tie_changes`; ``newly_connected``: ids; ``brokerage``:
    :func:`brokerage_change`; ``pairs``: :func:`pair_change` (empty for periods);
    ``counts``: new, lost, stronger, weaker, same, newly_connected, brokerage_rose,
    brokerage_fell, trust_up, trust_down (pairs whose trust rose/fell by more than
    1e-9), ties_before, ties_after.
    """

    ties: pd.DataFrame
    newly_connected: list[str]
    brokerage: pd.DataFrame
    pairs: pd.DataFrame = field(default_factory=pd.DataFrame)
    counts: dict[str, int] = field(default_factory=dict)


def network_diff(before: nx.Graph, after: nx.Graph, pairs_before: pd.DataFrame | None = None,
                 pairs_after: pd.DataFrame | None = None, weight: str = "weight") -> NetworkDiff:
    """Everything that changed between two moments.

    Parameters
    ----------
    before, after : networkx.Graph
        The two moments (see the module notes).
    pairs_before, pairs_after : pandas.DataFrame, optional
        Pair scores of two survey rounds, for the trust/value change.
    weight : str, default "weight"

    Returns
    -------
    NetworkDiff
    """
    ties = tie_changes(before, after, weight)
    new = newly_connected(before, after)
    brokerage = brokerage_change(before, after, weight)
    pairs = (pair_change(pairs_before, pairs_after) if pairs_before is not None and pairs_after is not None
             else pd.DataFrame())
    counts = {k: int((ties["change"] == k).sum()) for k in CHANGE_LABELS}
    counts["newly_connected"] = len(new)
    counts["brokerage_rose"] = int((brokerage["direction"] == "rose").sum())
    counts["brokerage_fell"] = int((brokerage["direction"] == "fell").sum())
    changes = pairs["trust_change"] if len(pairs) else pd.Series(dtype=float)
    counts["trust_up"] = int((changes > _TOL).sum())
    counts["trust_down"] = int((changes < -_TOL).sum())
    counts["ties_before"] = before.number_of_edges()
    counts["ties_after"] = after.number_of_edges()
    return NetworkDiff(ties=ties, newly_connected=new, brokerage=brokerage, pairs=pairs, counts=counts)


def _num(v) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))

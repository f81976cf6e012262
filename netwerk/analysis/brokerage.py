"""Ties within and between groups: Krackhardt and Stern's E-I index."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

__all__ = ["EIIndex", "ei_index"]


@dataclass(frozen=True)
class EIIndex:
    """The E-I index of a network for one node attribute (see :func:`ei_index`).

    Attributes
    ----------
    attribute : str
    internal, external : float
        Ties (or summed weights) within and between groups, over ties whose two ends
        both have the attribute.
    ei_index : float
        :math:`(E - I) / (E + I)`; NaN when there are no such ties.
    groups : pandas.DataFrame
        Columns group, internal, external, ei_index; one row per group, sorted by group.
    """

    attribute: str
    internal: float
    external: float
    ei_index: float
    groups: pd.DataFrame = field(repr=False)


def ei_index(G: nx.Graph, attribute: str, weight: str | None = None) -> EIIndex:
    """Krackhardt and Stern's E-I index, for the whole network and per group.

    Parameters
    ----------
    G : networkx.Graph
        Undirected network (a directed graph is read as undirected: each ordered tie
        counts once).
    attribute : str
        Node attribute naming the group, e.g. ``"org_id"`` or ``"sector"``. Nodes whose
        attribute is missing (None) are left out, with their ties.
    weight : str, optional
        Count summed edge weights instead of ties.

    Returns
    -------
    EIIndex
        Whole-network internal, external and E-I index, and a per-group table with
        columns group, internal, external, ei_index (NaN for a group without ties).

    Notes
    -----
    :math:`EI = (E - I) / (E + I)` with *E* the ties between members of different
    groups and *I* the ties within a group. -1: all ties inside groups (closed silos);
    +1: all ties cross group boundaries. Per group *g*, *I* counts the ties with both
    ends in *g* and *E* the ties with exactly one end in *g*.

    References
    ----------
    .. [1] D. Krackhardt and R. N. Stern, "Informal networks and organizational crises:
       an experimental simulation", Social Psychology Quarterly 51 (1988) 123-140.
    """
    group_of = {v: g for v, g in G.nodes(data=attribute) if g is not None}
    groups = sorted(set(group_of.values()), key=str)
    internal = dict.fromkeys(groups, 0.0)
    external = dict.fromkeys(groups, 0.0)
    i_total = e_total = 0.0
    for u, v, d in G.edges(data=True):
        if u == v or u not in group_of or v not in group_of:
            continue
        w = float(d.get(weight, 1)) if weight else 1.0
        gu, gv = group_of[u], group_of[v]
        if gu == gv:
            i_total += w
            internal[gu] += w
        else:
            e_total += w
            external[gu] += w
            external[gv] += w
    table = pd.DataFrame(
        {
            "group": groups,
            "internal": [internal[g] for g in groups],
            "external": [external[g] for g in groups],
            "ei_index": [_ei(external[g], internal[g]) for g in groups],
        },
        columns=["group", "internal", "external", "ei_index"],
    )
    return EIIndex(attribute=attribute, internal=i_total, external=e_total, ei_index=_ei(e_total, i_total), groups=table)


def _ei(e: float, i: float) -> float:
    return (e - i) / (e + i) if e + i > 0 else math.nan

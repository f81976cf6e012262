"""Ties within and between groups: Krackhardt and Stern's E-I index and Gould and
Fernandez's brokerage roles."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

__all__ = ["BROKERAGE_COLUMNS", "BROKERAGE_ROLES", "EIIndex", "ei_index", "gould_fernandez_brokerage"]

BROKERAGE_ROLES: tuple[str, ...] = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
"""Gould and Fernandez's five brokerage roles (see :func:`gould_fernandez_brokerage`)."""

BROKERAGE_COLUMNS: tuple[str, ...] = ("person_id", "group", *BROKERAGE_ROLES, "total")
"""Columns of :func:`gould_fernandez_brokerage`."""


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


def gould_fernandez_brokerage(D: nx.Graph, attribute: str) -> pd.DataFrame:
    """Gould and Fernandez's brokerage roles of every node, by a group attribute.

    A node *j* brokers the ordered pair (*i*, *k*) when there is a two-path
    :math:`i \\to j \\to k` with *i*, *j*, *k* distinct and no tie :math:`i \\to k`
    (Gould and Fernandez 1989; Marsden 1982). Each brokered pair gets one role, from
    the groups of the three (below *A*, *B*, *C* are different groups; the broker is
    the middle one):

    ============== =================== ======================================
    role           two-path            sna ``brokerage()`` column
    ============== =================== ======================================
    coordinator    A -> A -> A         ``w_I``
    itinerant      A -> B -> A         ``w_O`` (the "consultant")
    representative A -> A -> B         ``b_IO`` (passes its group's tie out)
    gatekeeper     A -> B -> B         ``b_OI`` (lets an outside tie in)
    liaison        A -> B -> C         ``b_O``
    ============== =================== ======================================

    Parameters
    ----------
    D : networkx.DiGraph or networkx.Graph
        Directed ties (e.g. :func:`~netwerk.analysis.knows_digraph`, or a round's
        :func:`~netwerk.analysis.ratings.rating_digraph`). Weights are ignored: a tie
        is there or not; self-loops are ignored. An undirected graph is read as the
        directed graph with both directions of every tie.
    attribute : str
        Node attribute naming the group, e.g. ``"org_id"`` or ``"sector"``.

    Returns
    -------
    pandas.DataFrame
        One row per node, sorted by node id as text. Columns person_id (the node),
        group (its attribute value, None if missing), coordinator, itinerant,
        gatekeeper, representative, liaison (ints: ordered pairs brokered in that role)
        and total (their sum).

    Notes
    -----
    The counts equal ``sna::brokerage(g, cl)$raw.nli`` of R's sna package (Butts;
    version 2.7-1 checked on Krackhardt's managers by department, advice and
    friendship, directed and symmetrised), whose role definitions we follow: a pair is
    counted per ordered pair (*i*, *k*), so on an undirected graph each unordered pair
    counts twice (once per direction) and representative = gatekeeper for every node
    (the reverse of a representative's path A -> A -> B is a gatekeeper's path
    B -> A -> A). sna's expected counts and z-scores are not computed here.

    A node whose attribute is missing (None or NaN) has no group: a two-path with such
    a node at any of its three places is not classified, and its own row is all 0.
    (sna needs a group for every vertex.)

    Per broker *j* with in-neighbours *I* and out-neighbours *O*, grouped, the count
    for the group pair (*a*, *c*) is :math:`|I_a| \\, |O_c|` minus the pairs with
    :math:`i = k` or a tie :math:`i \\to k`; only the ties among *j*'s neighbours are
    visited, so the cost is that of listing the triangles through *j*.

    References
    ----------
    .. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation: a formal approach
       to brokerage in transaction networks", Sociological Methodology 19 (1989)
       89-126.
    .. [2] C. T. Butts, sna: Tools for Social Network Analysis, R package, ``brokerage``.
    """
    succ = D.succ if D.is_directed() else D.adj
    pred = D.pred if D.is_directed() else D.adj
    nodes = sorted(D.nodes, key=str)
    group_of = {v: g for v, g in D.nodes(data=attribute) if _value(g) is not None}
    rows = []
    for j in nodes:
        counts = dict.fromkeys(BROKERAGE_ROLES, 0)
        gj = group_of.get(j)
        if gj is not None:
            ins = [i for i in pred[j] if i != j and i in group_of]
            outs = [k for k in succ[j] if k != j and k in group_of]
            cin = Counter(group_of[i] for i in ins)
            cout = Counter(group_of[k] for k in outs)
            # Pairs (i, k) in ins x outs that are not brokered: i == k, or a tie i -> k.
            out_set = set(outs)
            not_brokered: Counter = Counter()
            for i in ins:
                gi = group_of[i]
                if i in out_set:
                    not_brokered[gi, gi] += 1
                for k in succ[i]:
                    if k != i and k in out_set:
                        not_brokered[gi, group_of[k]] += 1
            a, b = cin[gj], cout[gj]
            n_in, n_out = len(ins), len(outs)
            same = sum(cin[g] * cout[g] for g in cin)  # pairs with i, k in one group
            minus: Counter[str] = Counter()
            for (gi, gk), c in not_brokered.items():
                minus[_role(gi, gj, gk)] += c
            counts["coordinator"] = a * b - minus["coordinator"]
            counts["representative"] = a * (n_out - b) - minus["representative"]
            counts["gatekeeper"] = (n_in - a) * b - minus["gatekeeper"]
            counts["itinerant"] = same - a * b - minus["itinerant"]
            counts["liaison"] = (n_in - a) * (n_out - b) - (same - a * b) - minus["liaison"]
        rows.append([j, gj, *counts.values(), sum(counts.values())])
    out = pd.DataFrame(rows, columns=list(BROKERAGE_COLUMNS))
    for col in (*BROKERAGE_ROLES, "total"):
        out[col] = out[col].astype("int64")
    return out


def _role(gi, gj, gk) -> str:
    """The Gould-Fernandez role of broker group ``gj`` on the path ``gi -> gj -> gk``."""
    if gi == gj:
        return "coordinator" if gk == gj else "representative"
    if gk == gj:
        return "gatekeeper"
    return "itinerant" if gi == gk else "liaison"


def _value(v):
    """None for a missing group (None or NaN), else the value."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return v

"""The Netwerkkaart at any size: one shape per person while the network is small, an
aggregated map above a threshold, and a layout computed once on the server.

A city's network (tens of thousands of persons) cannot be drawn person by person: the
browser would spend minutes in a physics simulation and the picture would be a hairball.
Above :class:`MapLimits` (``persons``/``ties``, after the filters) the map therefore shows
one of three aggregated views, with at most ``nodes`` nodes and ``edges`` edges:

- ``organisation``: one node per organisation (persons without one grouped per person
  kind), node size = members, an edge = the ties between their members, weights summed;
- ``community``: one node per Louvain community (:func:`netwerk.analysis.louvain_communities`),
  persons in a community of their own grouped as *losse personen*;
- ``top``: the ``top_k`` persons with the highest degree, strength or betweenness, and
  the strongest ties between them.

Drilling down into one organisation or community (``focus``) shows its members person by
person when they are few enough, otherwise its top-k. Positions come from
:func:`map_layout` (Fruchterman-Reingold in igraph, fixed start, so the same network gives
the same picture), so the browser draws once with physics off.

Privacy as in :mod:`netwerk.services.network`: the snapshot is redacted for the viewer
first, bestuurders get no map, and an aggregated node shows counts per person kind and
organisation names, never the name of a resident.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

import networkx as nx
import numpy as np
import pandas as pd

from netwerk import analysis as an
from netwerk.access import Viewer, require_role, visible_snapshot
from netwerk.analysis.backend import seeded_igraph_rng
from netwerk.analysis.ties import WORKING_TIE_MAX_PARTICIPANTS, small_activity_pairs
from netwerk.domain import InputError, Snapshot, SnapshotFilter
from netwerk.services.audit import log_event
from netwerk.services.network import (
    actor_frame,
    edge_frame,
    organisation_names,
    with_role_titles,
)
from netwerk.store.base import Store
from netwerk.text import fmt_count, plain

__all__ = [
    "MAP_VIEWS",
    "TIE_FILTERS",
    "TOP_BY",
    "MapGroup",
    "MapLimits",
    "NetworkMap",
    "aggregate_network",
    "map_layout",
    "network_map",
    "record_map_export",
    "shown_ties",
]

MapView = Literal["auto", "persons", "organisation", "community", "top"]
TopBy = Literal["degree", "weighted_degree", "betweenness"]
TieFilter = Literal["small", "all", "strong"]

MAP_VIEWS: dict[str, str] = {
    "persons": "Per persoon",
    "organisation": "Per organisatie",
    "community": "Per cluster (Louvain)",
    "top": "Belangrijkste personen",
}
"""The map's views with their Dutch names (``auto`` picks persons or organisation)."""

TOP_BY: dict[str, str] = {
    "degree": "meeste contacten (degree)",
    "weighted_degree": "sterkste contacten (gewogen)",
    "betweenness": "makelaarspositie (betweenness)",
}
"""How the top-k view ranks persons, with Dutch names."""

TIE_FILTERS: dict[str, str] = {
    "small": f"Zonder relaties die alleen uit grote bijeenkomsten komen (meer dan {WORKING_TIE_MAX_PARTICIPANTS})",
    "all": "Alle werkrelaties",
    "strong": "Alleen sterke werkrelaties (sterkte 1 of meer)",
}
"""Which working ties a person map draws, with Dutch names; ``small`` is the default.

- ``small``: a tie from at least one shared activity of at most
  :data:`netwerk.analysis.ties.WORKING_TIE_MAX_PARTICIPANTS` participants, or a kent report
  (hidden: working ties made only of repeated large meetings);
- ``all``: every working tie;
- ``strong``: strength (``weight``) at least 1, e.g. one conversation of two, or a kent report.

Only the drawing changes: every measure on the map is computed on all working ties."""

OTHER_GROUP = "~overig"
SINGLES_GROUP = "~los"
_NO_ORG_PREFIX = "~zonder:"


@dataclass(frozen=True)
class MapLimits:
    """When the map aggregates, and how much an aggregated map may hold.

    persons, ties: a network (after the filters) with more persons or more ties than
    this is aggregated. nodes, edges: at most this many nodes and edges on any map
    shown above the threshold (the strongest edges are kept). top_k: persons in the
    top-k view (at most ``nodes``).

    A person map of up to 1,000 persons and 5,000 ties draws in well under a second with
    server-side positions (the demo neighbourhood, 186 persons and 2,868 ties, stays a
    person map); aggregated maps are kept to 2,000 edges so that they stay readable.
    """

    persons: int = 1000
    ties: int = 5000
    nodes: int = 1000
    edges: int = 2000
    top_k: int = 500


@dataclass(frozen=True)
class MapGroup:
    """An organisation or community to drill down into: its key, Dutch label, members."""

    key: str
    label: str
    members: int


@dataclass(frozen=True)
class NetworkMap:
    """What the Netwerkkaart shows, laid out; :func:`dashboard.map_view.style_map` draws it.

    view: the view shown (persons, organisation, community or top; never auto).
    level: ``persons`` (one node per person) or ``groups`` (aggregated).
    nodes: for ``persons`` the columns of :func:`netwerk.services.network.actor_table`
    plus role_title, x, y (measures computed on the persons shown and their ties); for
    ``groups``: id, label, kind (organisation | community | group), members,
    internal_ties, internal_weight, sector (most frequent sector code among members, or
    None), main_kind (most frequent person kind), community (cluster number or -1),
    kind_counts (list of (person kind code, persons), most first), top_organisations
    (community view: up to three (organisation name, members), most first; else empty),
    x, y. Positions x, y are in layout units (:func:`map_layout`); the dashboard turns
    them into pixels and builds the count-only tooltips (:mod:`dashboard.map_view`).
    edges: source, target, weight (summed tie strength), ties (number of person ties;
    1 on a person map), kind (co-participation | knows | both | aggregate).
    persons, ties: size of the whole filtered network.
    groups: the drill-down choices of an organisation or community view (largest first).
    focus / focus_label: the group drilled into, if any.
    caption: a Dutch sentence explaining what is shown.
    tie_filter: the :data:`TIE_FILTERS` key applied to a person map's ties; hidden_ties:
    how many ties of the persons shown it left out (0 on an aggregated map).
    """

    view: str
    level: str
    nodes: pd.DataFrame
    edges: pd.DataFrame
    persons: int
    ties: int
    caption: str
    groups: list[MapGroup] = field(default_factory=list)
    focus: str | None = None
    focus_label: str | None = None
    tie_filter: str = "all"
    hidden_ties: int = 0


def aggregate_network(G: nx.Graph, membership: Mapping, weight: str = "weight") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contract a person network to one node per group, summing tie weights.

    Parameters
    ----------
    G : networkx.Graph
        Undirected person network; ``weight`` is tie strength (missing means 1).
    membership : mapping
        Node -> group key (text). Every node of ``G`` must have one.
    weight : str, default "weight"

    Returns
    -------
    (nodes, edges) : (pandas.DataFrame, pandas.DataFrame)
        nodes: group, members (persons), internal_ties (ties within the group),
        internal_weight (their summed weight); largest group first, then by key.
        edges: source, target (source < target), ties (person ties between the two
        groups), weight (their summed weight); strongest first, then by keys.

    Raises
    ------
    ValueError
        If a node of ``G`` has no group, or ``G`` is directed.

    Notes
    -----
    This is the quotient (block) graph of the partition, as
    ``nx.quotient_graph(G, partition, relabel=False)`` with edge weights summed, computed
    in one pass over the edges so that it stays fast for a million ties.
    """
    if G.is_directed():
        raise ValueError("aggregate_network expects an undirected graph")
    missing = [v for v in G if v not in membership]
    if missing:
        raise ValueError(f"{len(missing)} nodes have no group, e.g. {missing[0]!r}")
    members = Counter(str(membership[v]) for v in G)
    rows = [(str(membership[u]), str(membership[v]), float(d.get(weight, 1))) for u, v, d in G.edges(data=True) if u != v]
    e = pd.DataFrame(rows, columns=["a", "b", "weight"])
    same = e["a"] == e["b"]
    inner = e[same].groupby("a")["weight"].agg(["size", "sum"])
    nodes = pd.DataFrame({"group": list(members), "members": list(members.values())})
    nodes["internal_ties"] = [int(inner["size"].get(g, 0)) for g in nodes["group"]]
    nodes["internal_weight"] = [_num(inner["sum"].get(g, 0.0)) for g in nodes["group"]]
    nodes = nodes.sort_values(["members", "group"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    cross = e[~same]
    lo = cross[["a", "b"]].min(axis=1)
    hi = cross[["a", "b"]].max(axis=1)
    pairs = pd.DataFrame({"source": lo, "target": hi, "weight": cross["weight"]})
    edges = (
        pairs.groupby(["source", "target"], sort=False)["weight"].agg(ties="size", weight="sum").reset_index()
        if len(pairs) else pd.DataFrame(columns=["source", "target", "ties", "weight"])
    )
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="mergesort")
    edges["ties"] = edges["ties"].astype(int)
    edges["weight"] = [_num(w) for w in edges["weight"]]
    return nodes, edges[["source", "target", "ties", "weight"]].reset_index(drop=True)


def map_layout(nodes: list, edges: pd.DataFrame, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions for a map, computed once: Fruchterman-Reingold with a fixed start.

    Parameters
    ----------
    nodes : list
        Node ids (order matters only for reproducibility: pass them sorted).
    edges : pandas.DataFrame
        Columns source and target; edges to unknown nodes are ignored.
    seed : int, default 7
        Seed of the random start positions.

    Returns
    -------
    dict
        Node id (text) -> (x, y) in layout units (Fruchterman-Reingold's own scale, about
        the square root of the number of nodes across), centred on 0. Only ratios of
        distances mean something: the dashboard scales them to canvas pixels
        (:func:`dashboard.map_view.to_pixels`). The same input gives the same positions.

    Notes
    -----
    Fruchterman & Reingold (1991) as implemented by igraph's
    ``layout_fruchterman_reingold`` (C, 500 iterations; its grid variant above 1,000
    nodes), started from uniform random positions drawn with ``seed`` so that no global
    random state is used. Ties attract alike whatever their weight (the line width shows
    the weight): weighted attraction pulls the strongly tied core, and in an aggregated map
    the summed weights, into one point. A hidden hub tied to every node acts as gravity,
    so that isolates and small components stay near the rest instead of drifting to the
    edge.
    Afterwards distances from the centre are stretched by a square root, which spreads
    the dense core of well-connected persons (FR ignores node sizes, so their large
    shapes would otherwise overlap).

    References
    ----------
    .. [1] T. M. J. Fruchterman and E. M. Reingold, "Graph drawing by force-directed
       placement", Software: Practice and Experience 21 (1991) 1129-1164.
    """
    import igraph as ig

    ids = [str(v) for v in nodes]
    n = len(ids)
    if n == 0:
        return {}
    if n == 1:
        return {ids[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(ids)}
    pairs = []
    for s, t in zip(edges["source"], edges["target"], strict=True) if len(edges) else []:
        i, j = index.get(str(s)), index.get(str(t))
        if i is not None and j is not None and i != j:
            pairs.append((i, j))
    g = ig.Graph(n=n + 1, edges=pairs + [(n, i) for i in range(n)])  # node n: the hidden hub
    rng = np.random.default_rng(seed)
    start = (rng.uniform(-1, 1, size=(n + 1, 2)) * math.sqrt(n)).tolist()
    start[n] = [0.0, 0.0]
    # igraph draws jitter from its own global generator: a seeded one for this call only.
    with seeded_igraph_rng(seed):
        coords = g.layout_fruchterman_reingold(niter=500, seed=start).coords
    xy = np.array(coords[:n], dtype=float)
    xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2
    # The best connected sit in a dense core: a square-root radial stretch gives them room
    # (radius r -> sqrt(r / R) * R, the outermost node stays where it is).
    r = np.linalg.norm(xy, axis=1)
    outer = float(r.max())
    if outer > 0:
        xy *= (np.sqrt(r / outer) * outer / np.maximum(r, 1e-12))[:, None]
        xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2
    return {v: (float(x), float(y)) for v, (x, y) in zip(ids, xy, strict=True)}


def shown_ties(edges: pd.DataFrame, tie_filter: str, small_pairs: set[tuple[str, str]]) -> pd.DataFrame:
    """The ties a person map draws under ``tie_filter`` (:data:`TIE_FILTERS`).

    Parameters
    ----------
    edges : pandas.DataFrame
        source, target, weight (tie strength), kind (co-participation | knows | both), as
        :func:`netwerk.services.network.edge_frame`.
    tie_filter : {"small", "all", "strong"}
    small_pairs : set of (str, str)
        :func:`netwerk.analysis.ties.small_activity_pairs` of the snapshot (``u < v``).

    Returns
    -------
    pandas.DataFrame
        The rows kept, same columns, index reset.

    Raises
    ------
    InputError
        For an unknown ``tie_filter``.
    """
    if tie_filter not in get_args(TieFilter):
        raise InputError(f"Onbekende keuze '{tie_filter}' voor de werkrelaties: kies small, all of strong.")
    if tie_filter == "all" or not len(edges):
        return edges.reset_index(drop=True)
    if tie_filter == "strong":
        keep = [float(w) >= 1.0 - 1e-9 for w in edges["weight"]]
    else:
        keep = [k != "co-participation" or (min(str(s), str(t)), max(str(s), str(t))) in small_pairs
                for s, t, k in zip(edges["source"], edges["target"], edges["kind"], strict=True)]
    return edges[keep].reset_index(drop=True)


def record_map_export(viewer: Viewer, store: Store, what: str) -> None:
    """Write that ``viewer`` downloaded the Netwerkkaart's current view (``what``: ``png``,
    ``personen.csv`` or ``werkrelaties.csv``) to the audit log (action ``export``, target
    ``netwerkkaart``). Coordinators and professionals only (who can see the map).

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    StoreError
        If the store cannot be written.
    """
    require_role(viewer, "coordinator", "professional")
    log_event(viewer, store, "export", target="netwerkkaart", detail=str(what)[:40])


def network_map(
    viewer: Viewer,
    store: Store,
    flt: SnapshotFilter | None = None,
    view: MapView = "auto",
    focus: str | None = None,
    top_by: TopBy = "degree",
    limits: MapLimits | None = None,
    tie_filter: TieFilter = "all",
) -> NetworkMap:
    """The Netwerkkaart for ``flt``: persons, or an aggregated view above ``limits``.

    Parameters
    ----------
    viewer, store, flt
        As in :func:`netwerk.services.network.person_network`.
    view : {"auto", "persons", "organisation", "community", "top"}
        ``auto``: persons up to the limits, organisations above them. ``persons`` above
        the limits is shown as organisations (the caption says why).
    focus : str, optional
        Drill down into this group of an organisation or community view (a key of
        :attr:`NetworkMap.groups`): its members as persons when they and their ties are
        within the limits, else its top-k.
    top_by : {"degree", "weighted_degree", "betweenness"}
        Ranking for the top-k view (and a large drilled-down group). Betweenness is
        :func:`netwerk.analysis.betweenness` (normalised, on distances 1/weight), sampled
        as :func:`netwerk.analysis.actor_measures` samples it above its exact limit.
    limits : MapLimits, optional
    tie_filter : {"all", "small", "strong"}, default "all"
        Which ties a person map draws (:data:`TIE_FILTERS`; the Netwerkkaart passes
        ``small``); measures and the layout's persons do not change, the layout uses the
        ties drawn.

    Returns
    -------
    NetworkMap
        Laid out (x, y per node) with at most ``limits.nodes`` nodes and
        ``limits.edges`` edges whenever the network exceeds the limits.

    Raises
    ------
    PermissionDenied
        For a bestuurder (the map shows persons).
    InputError
        For an unknown view, ranking, or focus.
    StoreError
        If the store cannot be read.
    """
    require_role(viewer, "coordinator", "professional")
    limits = limits or MapLimits()
    _check_choices(view, top_by, tie_filter)
    snap = visible_snapshot(viewer, store, flt)
    G = an.person_network(snap)
    n, m = G.number_of_nodes(), G.number_of_edges()
    big = n > limits.persons or m > limits.ties
    size_text = f"{fmt_count(n)} personen en {fmt_count(m)} werkrelaties"
    too_big = (f"Het netwerk is te groot om per persoon te tonen: {size_text} (de grens is {fmt_count(limits.persons)} "
               f"personen of {fmt_count(limits.ties)} werkrelaties). ")
    shown = view
    if view == "auto":
        shown = "organisation" if big else "persons"
    elif view == "persons" and big:
        shown = "organisation"

    if shown == "persons":
        return _persons_map(snap, G, limits, view="persons", n=n, m=m, caption="", cap=False, tie_filter=tie_filter)
    if shown == "top":
        return _top_map(snap, G, limits, top_by, view="top", n=n, m=m, prefix=too_big if big else "",
                        tie_filter=tie_filter)

    membership, labels = _grouping(shown, G, snap, limits)
    groups = _groups(membership, labels)
    if focus is not None:
        if focus not in labels:
            raise InputError(f"Onbekende groep '{focus}' om op in te zoomen.")
        H = G.subgraph([v for v in G if membership[v] == focus])
        where = f"Ingezoomd op {labels[focus]}: "
        if H.number_of_nodes() <= limits.persons and H.number_of_edges() <= limits.ties:
            caption = (where + f"{fmt_count(H.number_of_nodes())} personen en de {fmt_count(H.number_of_edges())} "
                       "werkrelaties tussen hen (werkrelaties met personen buiten deze groep staan niet op de kaart).")
            nm = _persons_map(snap, H, limits, view=shown, n=n, m=m, caption=caption, tie_filter=tie_filter)
        else:
            nm = _top_map(snap, H, limits, top_by, view=shown, n=n, m=m, prefix=where, tie_filter=tie_filter)
        return NetworkMap(**{**nm.__dict__, "groups": groups, "focus": focus, "focus_label": labels[focus]})

    nodes, edges = aggregate_network(G, membership)
    edges = edges.head(limits.edges)
    nodes = _group_nodes(shown, nodes, membership, labels, G, snap)
    pos = map_layout(sorted(nodes["id"]), edges)
    nodes["x"] = [pos[i][0] for i in nodes["id"]]
    nodes["y"] = [pos[i][1] for i in nodes["id"]]
    edges = edges.assign(kind="aggregate")[["source", "target", "weight", "ties", "kind"]]
    what = "organisatie" if shown == "organisation" else "cluster (Louvain-gemeenschap)"
    caption = (
        (too_big if big else "")
        + f"Elke cirkel is een {what}; de grootte is het aantal personen. Een lijn telt de werkrelaties tussen hun "
        f"personen, opgeteld naar sterkte ({fmt_count(len(edges))} sterkste verbindingen getoond). "
        "Kies hieronder een groep om in te zoomen."
    )
    return NetworkMap(view=shown, level="groups", nodes=nodes, edges=edges, persons=n, ties=m, caption=caption,
                      groups=groups)


# --- helpers --------------------------------------------------------------------------


def _check_choices(view: str, top_by: str, tie_filter: str) -> None:
    if view not in get_args(MapView):
        raise InputError(f"Onbekende weergave '{view}': kies auto, persons, organisation, community of top.")
    if top_by not in get_args(TopBy):
        raise InputError(f"Onbekende rangorde '{top_by}': kies degree, weighted_degree of betweenness.")
    if tie_filter not in get_args(TieFilter):
        raise InputError(f"Onbekende keuze '{tie_filter}' voor de werkrelaties: kies small, all of strong.")


def _persons_map(snap: Snapshot, H: nx.Graph, limits: MapLimits, view: str, n: int, m: int, caption: str,
                 cap: bool = True, tie_filter: str = "all") -> NetworkMap:
    """One node per person of ``H`` (measures on ``H``); the ties ``tie_filter`` keeps
    (:func:`shown_ties`), with ``cap`` the ``limits.edges`` strongest of them only."""
    table = with_role_titles(actor_frame(snap, H), snap)
    every = edge_frame(H)
    edges = shown_ties(every, tie_filter, small_activity_pairs(snap) if tie_filter == "small" else set())
    hidden = len(every) - len(edges)
    if cap and len(edges) > limits.edges:
        edges = _strongest(edges, limits.edges)
    edges = edges.assign(ties=1)
    pos = map_layout(sorted(table["person_id"].astype(str)), edges)
    table["x"] = [pos[str(p)][0] for p in table["person_id"]]
    table["y"] = [pos[str(p)][1] for p in table["person_id"]]
    return NetworkMap(view=view, level="persons", nodes=table, edges=edges, persons=n, ties=m, caption=caption,
                      tie_filter=tie_filter, hidden_ties=hidden)


def _top_map(snap: Snapshot, H: nx.Graph, limits: MapLimits, top_by: str, view: str, n: int, m: int,
             prefix: str, tie_filter: str = "all") -> NetworkMap:
    """The top-k persons of ``H`` by ``top_by`` and the strongest ties between them."""
    k = max(1, min(limits.top_k, limits.nodes))
    score = _scores(H, top_by)
    chosen = sorted(H, key=lambda v: (-score[v], str(v)))[:k]
    sub = H.subgraph(chosen)
    caption = (
        prefix + f"De {fmt_count(len(chosen))} personen met de {TOP_BY[top_by]} (van {fmt_count(H.number_of_nodes())}), met de "
        f"{fmt_count(min(sub.number_of_edges(), limits.edges))} sterkste werkrelaties tussen hen. De maten op de kaart gelden "
        "voor deze selectie."
    )
    return _persons_map(snap, sub, limits, view=view, n=n, m=m, caption=caption, tie_filter=tie_filter)


def _scores(H: nx.Graph, top_by: str) -> dict:
    if top_by == "degree":
        return dict(H.degree())
    if top_by == "weighted_degree":
        return dict(H.degree(weight="weight"))
    # Only betweenness, sampled as actor_measures samples it above its exact limit.
    from netwerk.analysis.centrality import betweenness_sample_size

    return an.betweenness(H, k=betweenness_sample_size(H.number_of_nodes()))


def _strongest(edges: pd.DataFrame, k: int) -> pd.DataFrame:
    order = edges.assign(_s=edges["source"].astype(str), _t=edges["target"].astype(str))
    order = order.sort_values(["weight", "_s", "_t"], ascending=[False, True, True], kind="mergesort")
    return order.drop(columns=["_s", "_t"]).head(k).reset_index(drop=True)


def _grouping(view: str, G: nx.Graph, snap: Snapshot, limits: MapLimits) -> tuple[dict, dict[str, str]]:
    """Node -> group key and group key -> Dutch label, at most ``limits.nodes`` groups."""
    labels: dict[str, str] = {}
    membership: dict = {}
    if view == "organisation":
        orgs = organisation_names(snap)
        for v, d in G.nodes(data=True):
            org = d.get("org_id")
            if org and str(org) in orgs:
                key = str(org)
                labels[key] = str(orgs[key])
            else:
                kind = str(d.get("kind") or "")
                key = _NO_ORG_PREFIX + kind
                plural = {"resident": "Bewoners", "volunteer": "Vrijwilligers", "professional": "Professionals",
                          "bestuurder": "Bestuurders"}.get(kind, "Personen")
                labels[key] = f"{plural} zonder organisatie"
            membership[v] = key
    else:
        comms = an.louvain_communities(G)
        for i, members in enumerate(comms.groups):
            key = f"c{i + 1}" if len(members) > 1 else SINGLES_GROUP
            labels[key] = f"Cluster {i + 1}" if len(members) > 1 else "Losse personen"
            for v in members:
                membership[v] = key
    sizes = Counter(membership.values())
    if len(sizes) > limits.nodes:
        keep = {g for g, _ in sorted(sizes.items(), key=lambda t: (-t[1], t[0]))[: limits.nodes - 1]}
        rest = len(sizes) - len(keep)
        membership = {v: g if g in keep else OTHER_GROUP for v, g in membership.items()}
        labels = {g: lab for g, lab in labels.items() if g in keep}
        labels[OTHER_GROUP] = f"Overige {fmt_count(rest)} kleine groepen"
    return membership, labels


def _groups(membership: dict, labels: dict[str, str]) -> list[MapGroup]:
    sizes = Counter(membership.values())
    return [MapGroup(key=g, label=labels[g], members=c) for g, c in sorted(sizes.items(), key=lambda t: (-t[1], labels[t[0]]))]


def _group_nodes(view: str, nodes: pd.DataFrame, membership: dict, labels: dict[str, str], G: nx.Graph,
                 snap: Snapshot) -> pd.DataFrame:
    """Labels, dominant sector and kind, and the counts behind the tooltips of aggregated nodes."""
    orgs = organisation_names(snap)
    per = pd.DataFrame(
        [(membership[v], d.get("kind"), d.get("sector"), d.get("org_id")) for v, d in G.nodes(data=True)],
        columns=["group", "kind", "sector", "org_id"],
    )
    kinds, sectors, org_counts = (_counts_by_group(per, col) for col in ("kind", "sector", "org_id"))
    out = []
    for r in nodes.itertuples(index=False):
        g = r.group
        k = kinds.get(g, [])
        main_kind = k[0][0] if k else None
        sector = sectors[g][0][0] if sectors.get(g) else None
        top = [(str(orgs.get(org, org)), c) for org, c in org_counts.get(g, [])[:3]] if view == "community" else []
        if view == "organisation":
            kind = "group" if str(g).startswith("~") else "organisation"
        else:
            kind = "community" if str(g).startswith("c") else "group"
        community = int(g[1:]) - 1 if kind == "community" else -1
        out.append((str(g), labels[g], kind, int(r.members), int(r.internal_ties), _num(r.internal_weight), sector,
                    main_kind, community, k, top))
    return pd.DataFrame(out, columns=["id", "label", "kind", "members", "internal_ties", "internal_weight", "sector",
                                      "main_kind", "community", "kind_counts", "top_organisations"])


def _counts_by_group(per: pd.DataFrame, column: str) -> dict[str, list[tuple[str, int]]]:
    """Group -> [(value, persons)] for ``column``, most frequent first (ties by value)."""
    out: dict[str, list[tuple[str, int]]] = {}
    known = per.dropna(subset=[column])
    for (g, value), c in known.groupby(["group", column]).size().items():
        out.setdefault(g, []).append((str(value), int(c)))
    return {g: sorted(vals, key=lambda t: (-t[1], t[0])) for g, vals in out.items()}


def _num(x) -> int | float:
    x = plain(x)
    return int(x) if isinstance(x, float) and x.is_integer() else x

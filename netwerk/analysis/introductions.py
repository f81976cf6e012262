"""Who could meet whom: ego networks, shortest paths, introducers and suggested
introductions (link prediction).

Pure functions on a networkx graph (the social graph of
:func:`netwerk.analysis.snapshot.social_graph`) or a :class:`~netwerk.domain.Snapshot`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace

import networkx as nx
import pandas as pd

from netwerk.analysis.snapshot import sorted_graph
from netwerk.domain import Snapshot
from netwerk.text import present

__all__ = [
    "INTRODUCER_COLUMNS",
    "ORG_PAIR_COLUMNS",
    "SUGGESTION_COLUMNS",
    "affiliation_graph",
    "close_ties_snapshot",
    "ego_network",
    "introducers",
    "organisation_pairs_without_ties",
    "shortest_paths",
    "suggest_introductions",
    "suggestion_reason",
]

INTRODUCER_COLUMNS = ["person_id", "label", "kind", "weight_a", "weight_b", "strength", "total"]
SUGGESTION_COLUMNS = [
    "person_id", "other_id", "other_label", "score", "shared_themes", "shared_buurten", "shared_groups",
    "common_contacts", "reason",
]
ORG_PAIR_COLUMNS = ["org_a", "org_b", "name_a", "name_b", "shared_themes", "n_shared_themes"]

THEME, BUURT, GROUP = "theme:", "buurt:", "group:"


def close_ties_snapshot(snapshot: Snapshot, max_participants: int = 8) -> Snapshot:
    """The snapshot with only the participations of small activities (at most
    ``max_participants`` recorded participants), KNOWS ties unchanged.

    Its social graph holds *working* ties: having sat in the same plenary meeting of 25
    is not knowing each other, while a shared straatgesprek or a small working meeting
    is. Suggested introductions use it to decide who has "no tie yet".

    Raises
    ------
    ValueError
        If ``max_participants`` < 2.
    """
    if max_participants < 2:
        raise ValueError("max_participants must be at least 2")
    parts = snapshot.participations
    size = parts.groupby("activity_id")["person_id"].transform("count") if len(parts) else parts["activity_id"]
    return replace(snapshot, participations=parts[size <= max_participants].reset_index(drop=True) if len(parts) else parts)


def ego_network(G: nx.Graph, person_id: str, radius: int = 1) -> nx.Graph:
    """The ego network of ``person_id``: everyone within ``radius`` steps and the ties among them.

    Parameters
    ----------
    G : networkx.Graph
        The social graph.
    person_id : str
        The ego.
    radius : int
        1 (ego, alters and the ties between alters) or 2 (also the alters' alters).
        Steps are counted as ties, whatever their weight.

    Returns
    -------
    networkx.Graph
        The induced subgraph (``nx.ego_graph``), node and edge attributes kept, sorted order.

    Raises
    ------
    KeyError
        If ``person_id`` is not in ``G``.
    ValueError
        If ``radius`` is not 1 or 2.
    """
    if radius not in (1, 2):
        raise ValueError("radius must be 1 or 2")
    if person_id not in G:
        raise KeyError(person_id)
    return sorted_graph(nx.ego_graph(G, person_id, radius=radius))


def shortest_paths(G: nx.Graph, source: str, target: str, limit: int = 5) -> list[list[str]]:
    """Up to ``limit`` shortest paths (fewest steps) from ``source`` to ``target``.

    Returns
    -------
    list of list of str
        Each path as person ids from ``source`` to ``target``, in lexicographic order;
        ``[]`` when they are not connected (or ``source == target``).

    Raises
    ------
    KeyError
        If either person is not in ``G``.
    """
    for n in (source, target):
        if n not in G:
            raise KeyError(n)
    if source == target:
        return []
    try:
        paths = list(itertools.islice(nx.all_shortest_paths(G, source, target), 1000))
    except nx.NetworkXNoPath:
        return []
    return sorted(paths)[: max(limit, 0)]


def introducers(G: nx.Graph, a: str, b: str) -> pd.DataFrame:
    """The common neighbours of ``a`` and ``b``, who could introduce them, strongest first.

    Returns
    -------
    pandas.DataFrame
        Columns: person_id, label, kind, weight_a (tie strength with ``a``), weight_b
        (with ``b``), strength = min(weight_a, weight_b), total = weight_a + weight_b.
        Sorted by strength, then total (both descending), then person_id.

    Raises
    ------
    KeyError
        If either person is not in ``G``.

    Notes
    -----
    An introduction runs over two ties, a–c and c–b; it is only as good as the weaker of
    the two, so introducers are ranked by the minimum of the two tie weights (the
    bottleneck, or widest-path, criterion); the sum breaks ties. Weights are those of
    :func:`netwerk.analysis.snapshot.social_graph` (shared activities plus KNOWS reports).
    """
    for n in (a, b):
        if n not in G:
            raise KeyError(n)
    rows = []
    for c in nx.common_neighbors(G, a, b):
        wa, wb = G[a][c].get("weight", 1), G[b][c].get("weight", 1)
        rows.append((c, G.nodes[c].get("label", c), G.nodes[c].get("kind"), wa, wb, min(wa, wb), wa + wb))
    df = pd.DataFrame(rows, columns=INTRODUCER_COLUMNS)
    return df.sort_values(["strength", "total", "person_id"], ascending=[False, False, True], kind="mergesort").reset_index(
        drop=True
    )


def affiliation_graph(snapshot: Snapshot, kinds: tuple[str, ...] = ("professional",)) -> nx.Graph:
    """The person–theme–buurt–group graph that suggestions are computed on.

    Parameters
    ----------
    snapshot : Snapshot
    kinds : tuple of str
        Person kinds included (default: professionals).

    Returns
    -------
    networkx.Graph
        Person nodes (``person_id``, attribute ``type="person"``) and affiliation nodes
        ``theme:<name>``, ``buurt:<code>`` and ``group:<group_id>`` (``type`` theme, buurt,
        group). A person is linked to a theme when they took part in an activity about
        it, to a buurt when they took part in an activity in that buurt or live there,
        and to each group they are a member of. Unweighted, sorted order.
    """
    persons = snapshot.persons
    chosen = persons[persons["kind"].isin(kinds)]
    ids = set(chosen["person_id"].astype(str))
    H = nx.Graph()
    H.add_nodes_from(sorted(ids), type="person")
    acts = snapshot.activities
    buurt_of = dict(zip(acts["activity_id"].astype(str), acts["buurt_code"], strict=True))
    themes_of: dict[str, set[str]] = defaultdict(set)
    for aid, t in zip(snapshot.activity_themes["activity_id"], snapshot.activity_themes["theme"], strict=True):
        themes_of[str(aid)].add(str(t))
    edges: set[tuple[str, str]] = set()
    for aid, pid in zip(snapshot.participations["activity_id"], snapshot.participations["person_id"], strict=True):
        pid, aid = str(pid), str(aid)
        if pid not in ids:
            continue
        edges |= {(pid, THEME + t) for t in themes_of.get(aid, ())}
        if present(buurt_of.get(aid)):
            edges.add((pid, BUURT + str(buurt_of[aid])))
    for pid, b in zip(chosen["person_id"], chosen["buurt_code"], strict=True):
        if present(b):
            edges.add((str(pid), BUURT + str(b)))
    m = snapshot.memberships
    for pid, gid in zip(m["person_id"], m["group_id"], strict=True):
        if str(pid) in ids:
            edges.add((str(pid), GROUP + str(gid)))
    for _, node in sorted(edges):
        H.add_node(node, type=node.split(":", 1)[0])
    H.add_edges_from(sorted(edges))
    return sorted_graph(H)


def suggest_introductions(
    snapshot: Snapshot,
    G: nx.Graph,
    person_id: str | None = None,
    kinds: tuple[str, ...] = ("professional",),
    top: int | None = 10,
    buurt_names: dict[str, str] | None = None,
    group_names: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Pairs of people who share themes, buurten or groups but have no tie yet, ranked by Adamic-Adar.

    Parameters
    ----------
    snapshot : Snapshot
    G : networkx.Graph
        The social graph (:func:`~netwerk.analysis.snapshot.social_graph`) of the same
        snapshot; a pair with an edge there already has a tie and is never suggested.
    person_id : str, optional
        Suggestions for this person only (then ``person_id`` is always this person);
        None for every pair.
    kinds : tuple of str
        Person kinds considered (default: professionals).
    top : int or None
        Keep the best ``top`` rows (None: all).
    buurt_names, group_names : dict, optional
        Names for the reason text (codes are shown otherwise).

    Returns
    -------
    pandas.DataFrame
        Columns: person_id, other_id, other_label, score (Adamic-Adar), shared_themes,
        shared_buurten, shared_groups (tuples, rarest first: fewest people linked to it,
        then by name), common_contacts (common neighbours
        in ``G``) and reason (Dutch, see :func:`suggestion_reason`). Sorted by score
        (descending), then common_contacts (descending), then the ids. Only pairs with a
        score above 0.

    Raises
    ------
    KeyError
        If ``person_id`` is given but not in the affiliation graph (not of ``kinds``).

    Notes
    -----
    On the affiliation graph *H* (:func:`affiliation_graph`), the score of a pair
    (*u*, *v*) is the Adamic-Adar index

    .. math:: \\mathrm{AA}(u, v) = \\sum_{z \\in N(u) \\cap N(v)} \\frac{1}{\\log |N(z)|}

    over the themes, buurten and groups *z* they share, where :math:`|N(z)|` is the
    number of people (of ``kinds``) linked to *z*: sharing a rare theme counts more than
    sharing one everybody works on (``nx.adamic_adar_index``).

    References
    ----------
    .. [1] L. A. Adamic and E. Adar, "Friends and neighbors on the Web", Social
       Networks 25(3) (2003) 211-230.
    .. [2] D. Liben-Nowell and J. Kleinberg, "The link-prediction problem for social
       networks", JASIST 58(7) (2007) 1019-1031.
    """
    H = affiliation_graph(snapshot, kinds)
    people = sorted(n for n, t in H.nodes(data="type") if t == "person")
    if person_id is not None:
        if person_id not in H or H.nodes[person_id].get("type") != "person":
            raise KeyError(person_id)
        # Only people within two steps (sharing an affiliation) can score above 0.
        reach = {p for z in H[person_id] for p in H[z]} - {person_id}
        pairs = [(person_id, p) for p in sorted(reach)]
    else:
        reach_pairs = set()
        for z in H:
            if H.nodes[z].get("type") != "person":
                reach_pairs |= {tuple(sorted(pq)) for pq in itertools.combinations(sorted(H[z]), 2)}
        pairs = sorted(reach_pairs)
    pairs = [(u, v) for u, v in pairs if not G.has_edge(u, v)]
    labels = {p: G.nodes[p].get("label", p) if p in G else p for p in people}
    rows = []
    for u, v, score in nx.adamic_adar_index(H, pairs):
        if score <= 0:
            continue
        # Rarest first: they contribute most to the score and explain it best.
        shared = sorted(set(H[u]) & set(H[v]), key=lambda z: (H.degree(z), z))
        themes = tuple(z[len(THEME):] for z in shared if z.startswith(THEME))
        buurten = tuple(z[len(BUURT):] for z in shared if z.startswith(BUURT))
        groups = tuple(z[len(GROUP):] for z in shared if z.startswith(GROUP))
        common = len(list(nx.common_neighbors(G, u, v))) if u in G and v in G else 0
        reason = suggestion_reason(themes, buurten, groups, common, buurt_names, group_names)
        rows.append((u, v, labels.get(v, v), float(score), themes, buurten, groups, common, reason))
    df = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    df = df.sort_values(["score", "common_contacts", "person_id", "other_id"], ascending=[False, False, True, True],
                        kind="mergesort").reset_index(drop=True)
    return df if top is None else df.head(top).reset_index(drop=True)


def suggestion_reason(
    themes: tuple[str, ...],
    buurten: tuple[str, ...],
    groups: tuple[str, ...],
    common_contacts: int,
    buurt_names: dict[str, str] | None = None,
    group_names: dict[str, str] | None = None,
    max_items: int = 3,
) -> str:
    """The Dutch reason shown with a suggestion, e.g.
    ``"werkt ook aan eenzaamheid in Raalte-Noord, 2 gemeenschappelijke contacten"``.

    Themes come first ("werkt ook aan a, b en c"), then the buurten ("in X" after the
    themes, else "komt ook in X"), then groups ("zit ook in G"), then the number of
    common contacts ("1 gemeenschappelijk contact", "n gemeenschappelijke contacten",
    "nog geen gemeenschappelijke contacten"). At most ``max_items`` of each list are
    named, in the order given; the rest is counted ("a, b, c en 4 andere thema's",
    "x, y, z en 1 andere buurt").
    """
    buurt_names = buurt_names or {}
    group_names = group_names or {}
    parts: list[str] = []
    places = _join([buurt_names.get(b, b) for b in buurten], max_items, ("andere buurt", "andere buurten"))
    if themes:
        text = "werkt ook aan " + _join(list(themes), max_items, ("ander thema", "andere thema's"))
        parts.append(f"{text} in {places}" if places else text)
    elif places:
        parts.append(f"komt ook in {places}")
    if groups:
        names = [group_names.get(g, g) for g in groups]
        parts.append("zit ook in " + _join(names, max_items, ("andere groep", "andere groepen")))
    if common_contacts == 1:
        parts.append("1 gemeenschappelijk contact")
    elif common_contacts > 1:
        parts.append(f"{common_contacts} gemeenschappelijke contacten")
    else:
        parts.append("nog geen gemeenschappelijke contacten")
    return ", ".join(parts)


def organisation_pairs_without_ties(
    snapshot: Snapshot, organisations: nx.Graph, kinds: tuple[str, ...] = ("professional",)
) -> pd.DataFrame:
    """Organisation pairs whose people work on the same themes but are not tied.

    Parameters
    ----------
    snapshot : Snapshot
    organisations : networkx.Graph
        The organisation network of the same snapshot
        (:func:`netwerk.analysis.ties.organisation_network`): a pair adjacent in it has
        found each other.
    kinds : tuple of str, default ("professional",)
        Whose activities decide which themes an organisation works on.

    Returns
    -------
    pandas.DataFrame
        Columns: org_a, org_b (org_a < org_b), name_a, name_b, shared_themes (sorted
        tuple), n_shared_themes. Only pairs with at least one shared theme and no edge in
        ``organisations``. Sorted by n_shared_themes (descending), then the ids.

    Notes
    -----
    An organisation works on a theme when one of its people of ``kinds`` (belonging to
    it as their first employer, ``Snapshot.persons.org_id``, as in the tie model) took
    part in an activity about it. So this list and the organisation network never
    contradict each other: a pair is either tied or listed here (when it shares themes).
    """
    persons = snapshot.persons
    staff: dict[str, set[str]] = defaultdict(set)
    for pid, kind, oid in zip(persons["person_id"], persons["kind"], persons["org_id"], strict=True):
        if kind in kinds and present(oid):
            staff[str(oid)].add(str(pid))
    themes_of: dict[str, set[str]] = defaultdict(set)
    for aid, t in zip(snapshot.activity_themes["activity_id"], snapshot.activity_themes["theme"], strict=True):
        themes_of[str(aid)].add(str(t))
    person_themes: dict[str, set[str]] = defaultdict(set)
    for aid, pid in zip(snapshot.participations["activity_id"], snapshot.participations["person_id"], strict=True):
        person_themes[str(pid)] |= themes_of.get(str(aid), set())
    org_themes = {o: set().union(*(person_themes[p] for p in ps)) if ps else set() for o, ps in staff.items()}
    names = dict(zip(snapshot.organisations["org_id"].astype(str), snapshot.organisations["name"], strict=True))
    rows = []
    for a, b in itertools.combinations(sorted(staff), 2):
        shared = org_themes[a] & org_themes[b]
        if not shared:
            continue
        if organisations.has_edge(a, b):
            continue
        rows.append((a, b, names.get(a, a), names.get(b, b), tuple(sorted(shared)), len(shared)))
    df = pd.DataFrame(rows, columns=ORG_PAIR_COLUMNS)
    return df.sort_values(["n_shared_themes", "org_a", "org_b"], ascending=[False, True, True], kind="mergesort").reset_index(
        drop=True
    )


def _join(items: list[str], max_items: int | None = None, words: tuple[str, str] = ("", "")) -> str:
    items = [str(i) for i in items]
    if max_items is not None and len(items) > max_items:
        rest = len(items) - max_items
        return f"{', '.join(items[:max_items])} en {rest} {words[0] if rest == 1 else words[1]}"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"



"""Who could meet whom: ego networks, shortest paths, introducers and suggested
introductions (link prediction).

Pure functions on a networkx graph (the social graph of
:func:`netwerk.analysis.snapshot.social_graph`) or a :class:`~netwerk.domain.Snapshot`.

Paths and introducers are measured in distance, not steps: a tie of strength *w* has
length :math:`1/w` (the ``distance`` edge attribute of the social graph), so two strong
ties can be a shorter way than one weak direct tie, as in every shortest-path measure of
:mod:`netwerk.analysis.centrality`. Who may stand *between* two people (an intermediary on
a path, an introducer, a common contact) is restricted with ``via``; for professionals it
is :data:`CONTACTABLE_KINDS`: residents are pseudonymous to them and cannot be asked for
an introduction.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

import networkx as nx
import pandas as pd

from netwerk.analysis.growth import Freq, local_date, period_snapshot, periods
from netwerk.analysis.snapshot import sorted_graph
from netwerk.analysis.ties import person_network
from netwerk.domain import Snapshot
from netwerk.text import fmt_compact, plural, present

__all__ = [
    "CONTACTABLE_KINDS",
    "INTRODUCER_COLUMNS",
    "OUTCOME_COLUMNS",
    "ORG_PAIR_COLUMNS",
    "SUGGESTION_COLUMNS",
    "affiliation_graph",
    "ego_network",
    "introducer_reason",
    "introducers",
    "introduction_outcomes",
    "organisation_pairs_without_ties",
    "shortest_paths",
    "suggest_introductions",
    "suggestion_pairs",
    "suggestion_reason",
]

CONTACTABLE_KINDS: tuple[str, ...] = ("professional", "volunteer", "bestuurder")
"""Person kinds a professional can ask for an introduction, and so the only kinds that may
be intermediaries on paths, introducers or counted common contacts for professionals.

Professionals, volunteers and bestuurders work under their own name and can be reached
through their organisation or group. Residents (``kind == "resident"``) are not among
them: professionals see them only as a pseudonym (:func:`netwerk.access.redact_snapshot`),
so "ask Bewoner 027" is advice nobody can follow. Residents are never suggested either:
suggestions are among professionals (:func:`suggest_introductions` ``kinds``)."""

INTRODUCER_COLUMNS = ["person_id", "label", "kind", "weight_a", "weight_b", "strength", "total", "distance", "reason"]
SUGGESTION_COLUMNS = [
    "person_id", "other_id", "other_label", "score", "shared_themes", "shared_buurten", "shared_groups",
    "common_contacts", "reason",
]
OUTCOME_COLUMNS = [
    "period", "period_start", "period_end", "marked", "marked_tied_before", "marked_new_tie", "suggested_unmarked",
    "unmarked_new_tie",
]
ORG_PAIR_COLUMNS = ["org_a", "org_b", "name_a", "name_b", "shared_themes", "n_shared_themes"]

THEME, BUURT, GROUP = "theme:", "buurt:", "group:"


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


def shortest_paths(
    G: nx.Graph,
    source: str,
    target: str,
    limit: int = 5,
    weight: str | None = "distance",
    via: tuple[str, ...] | None = None,
) -> list[list[str]]:
    """Up to ``limit`` shortest paths from ``source`` to ``target``, shortest first.

    Parameters
    ----------
    G : networkx.Graph
        The social graph; node attribute ``kind`` is read when ``via`` is given.
    source, target : str
        Person ids.
    limit : int, default 5
        Number of paths returned at most.
    weight : str or None, default "distance"
        Edge attribute holding the length of a tie (social graph: ``distance`` = 1/strength;
        a missing value counts as 1). None counts steps.
    via : tuple of str, optional
        Person kinds allowed as intermediaries (e.g. :data:`CONTACTABLE_KINDS`); ``source``
        and ``target`` themselves may be of any kind. None: anyone.

    Returns
    -------
    list of list of str
        Each path as person ids from ``source`` to ``target``: the ``limit`` shortest
        simple paths (no person twice) by total length, ties broken by fewer steps and
        then lexicographically. Longer alternatives are included when fewer than
        ``limit`` paths share the shortest length (a weak direct tie after a strong
        detour). ``[]`` when they are not connected (or ``source == target``).

    Raises
    ------
    KeyError
        If either person is not in ``G``.

    Notes
    -----
    The length of a path is :math:`\\sum 1/w_{ij}` over its ties (Newman 2001;
    Brandes 2001; Opsahl et al. 2010 with alpha = 1): a direct tie of strength 0.1 (length
    10) is longer than two ties of strength 2 (0.5 + 0.5 = 1). Paths come from Yen's
    k-shortest simple paths (``nx.shortest_simple_paths``); to keep the order independent
    of the graph's internal order, paths tied in length with the last one kept are
    collected as well (at most 100 in all) before sorting.

    References
    ----------
    .. [1] J. Y. Yen, "Finding the k shortest loopless paths in a network",
       Management Science 17(11) (1971) 712-716.
    .. [2] T. Opsahl, F. Agneessens and J. Skvoretz, "Node centrality in weighted
       networks: generalizing degree and shortest paths", Social Networks 32(3) (2010)
       245-251.
    """
    for n in (source, target):
        if n not in G:
            raise KeyError(n)
    if source == target or limit <= 0:
        return []
    H = _via(G, via, source, target)

    def length(path: list[str]) -> float:
        # Rounded: sums in another order must not tell equal lengths apart.
        return round(sum(_length(H[u][v], weight) for u, v in itertools.pairwise(path)), 9)

    found: list[tuple[float, int, list[str]]] = []
    try:
        for path in nx.shortest_simple_paths(H, source, target, weight=weight and _length_of(weight)):
            d = length(path)
            if (len(found) >= limit and d > found[limit - 1][0]) or len(found) >= 100:
                break
            found.append((d, len(path), path))
    except nx.NetworkXNoPath:
        return []
    return [p for _, _, p in sorted(found)[:limit]]


def introducers(
    G: nx.Graph, a: str, b: str, weight: str | None = "distance", via: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """The common neighbours of ``a`` and ``b``, who could introduce them, closest first,
    each with a Dutch reason.

    Parameters
    ----------
    G : networkx.Graph
        The social graph (edge attributes ``weight``, ``distance`` and, when present,
        ``shared`` and ``knows`` of :func:`netwerk.analysis.snapshot.social_graph`).
    a, b : str
        The two people to be introduced (``a`` usually the viewer).
    weight : str or None, default "distance"
        Edge attribute holding the length of a tie (missing counts as 1); None counts steps.
    via : tuple of str, optional
        Person kinds that may introduce (e.g. :data:`CONTACTABLE_KINDS`); None: anyone.

    Returns
    -------
    pandas.DataFrame
        Columns: person_id, label, kind, weight_a (tie strength with ``a``), weight_b
        (with ``b``), strength = min(weight_a, weight_b), total = weight_a + weight_b,
        distance (length of the path ``a``-introducer-``b``, see Notes) and reason
        (Dutch, e.g. "Werkt met beiden: 3 gedeelde activiteiten met Thijs, 2 met
        Gert-Jan"; see :func:`introducer_reason`). Sorted by distance (ascending), then
        strength and total (descending), then person_id.

    Raises
    ------
    KeyError
        If either person is not in ``G``.

    Notes
    -----
    An introduction runs over two ties, a–c and c–b, so it is the path a–c–b and is
    ranked by its length :math:`d = 1/w_{ac} + 1/w_{cb}` (the same distance 1/w as
    :func:`shortest_paths`; the first introducer is the middle of the shortest path of
    two steps). The weaker tie dominates the sum, as in a bottleneck ranking, but a
    very strong tie on one side also counts; equal distances (e.g. counting steps) fall
    back to the bottleneck (the weaker tie) and then the sum. Weights are those of
    :func:`netwerk.analysis.snapshot.social_graph` (shared activities plus KNOWS reports).
    """
    for n in (a, b):
        if n not in G:
            raise KeyError(n)
    kind = G.nodes
    la, lb = G.nodes[a].get("label", a), G.nodes[b].get("label", b)
    rows = []
    for c in nx.common_neighbors(G, a, b):
        if via is not None and kind[c].get("kind") not in via:
            continue
        da, db = G[a][c], G[b][c]
        wa, wb = da.get("weight", 1), db.get("weight", 1)
        rows.append((c, kind[c].get("label", c), kind[c].get("kind"), wa, wb, min(wa, wb), wa + wb,
                     float(_length(da, weight) + _length(db, weight)), introducer_reason(da, db, la, lb)))
    df = pd.DataFrame(rows, columns=INTRODUCER_COLUMNS)
    df["_d"] = df["distance"].astype(float).round(9)
    return df.sort_values(["_d", "strength", "total", "person_id"], ascending=[True, False, False, True],
                          kind="mergesort").drop(columns="_d").reset_index(drop=True)


def introducer_reason(tie_a: dict, tie_b: dict, label_a: str, label_b: str) -> str:
    """The Dutch reason shown with an introducer, from the two ties' edge attributes.

    E.g. ``"Werkt met beiden: 3 gedeelde activiteiten met Thijs, 2 met Gert-Jan"``; a
    reported tie adds "gemeld contact" ("1 gedeelde activiteit en gemeld contact met
    Thijs"); "Kent beiden" when neither tie has a shared activity. Without ``shared`` and
    ``knows`` attributes the strength is named ("relatie met sterkte 3 met Thijs").

    Parameters
    ----------
    tie_a, tie_b : dict
        Edge data of the introducer's ties with the first and second person.
    label_a, label_b : str
        Their names as the viewer may see them.

    Returns
    -------
    str
    """
    texts = [_tie_text(tie_a), _tie_text(tie_b)]
    activities_only = all(_shared(d) and not d.get("knows") for d in (tie_a, tie_b))
    if activities_only:
        texts[1] = fmt_compact(_shared(tie_b))  # "2 met Gert-Jan": the unit is named once
    elif texts[0].startswith("relatie met sterkte") and texts[1].startswith("relatie met sterkte"):
        texts[1] = texts[1][len("relatie met "):]
    works = any(_shared(d) for d in (tie_a, tie_b)) or not any("knows" in d for d in (tie_a, tie_b))
    return f"{'Werkt met' if works else 'Kent'} beiden: {texts[0]} met {label_a}, {texts[1]} met {label_b}"


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
    via: tuple[str, ...] | None = None,
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
    via : tuple of str, optional
        Person kinds counted as common contacts (e.g. :data:`CONTACTABLE_KINDS`: only
        people one could ask for an introduction); None: anyone.

    Returns
    -------
    pandas.DataFrame
        Columns: person_id, other_id, other_label, score (Adamic-Adar), shared_themes,
        shared_buurten, shared_groups (tuples, rarest first: fewest people linked to it,
        then by name), common_contacts (common neighbours
        in ``G`` of ``via`` kinds) and reason (Dutch, see :func:`suggestion_reason`). Sorted by score
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
        common = sum(via is None or G.nodes[z].get("kind") in via
                     for z in nx.common_neighbors(G, u, v)) if u in G and v in G else 0
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


def _length(tie: dict, weight: str | None) -> float:
    """The length of one tie: its ``weight`` attribute (missing: 1), or 1 when counting steps."""
    return float(tie.get(weight, 1)) if weight else 1.0


def _length_of(weight: str):
    """``weight`` as a networkx weight function with a missing value counting as 1."""
    return lambda u, v, d: _length(d, weight)


def _via(G: nx.Graph, via: tuple[str, ...] | None, *ends: str) -> nx.Graph:
    """``G`` with only the people of kinds ``via`` as possible intermediaries (``ends`` kept)."""
    if via is None:
        return G
    keep = set(ends)
    return nx.subgraph_view(G, filter_node=lambda n: n in keep or G.nodes[n].get("kind") in via)


def _shared(d: dict):
    """The number of shared activities of a tie: ``activities`` on the tie model's person
    network (:func:`netwerk.analysis.ties.person_network`), ``shared`` on
    :func:`~netwerk.analysis.social_graph` with count weights; None when the tie has neither."""
    return d.get("activities", d.get("shared"))


def _tie_text(d: dict) -> str:
    """One tie in words: "3 gedeelde activiteiten", "gemeld contact", both, or its strength."""
    shared, knows = _shared(d), d.get("knows")
    if shared is None and knows is None:
        return f"relatie met sterkte {fmt_compact(d.get('weight', 1))}"
    parts = []
    if shared:
        parts.append(f"{fmt_compact(shared)} gedeelde activiteit{plural(float(shared), '', 'en')}")
    if knows:
        parts.append("gemeld contact" if knows == 1 else f"{fmt_compact(knows)} keer gemeld contact")
    return " en ".join(parts) or f"relatie met sterkte {fmt_compact(d.get('weight', 1))}"


def _join(items: list[str], max_items: int | None = None, words: tuple[str, str] = ("", "")) -> str:
    items = [str(i) for i in items]
    if max_items is not None and len(items) > max_items:
        rest = len(items) - max_items
        return f"{', '.join(items[:max_items])} en {rest} {plural(rest, *words)}"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"




def suggestion_pairs(snapshot: Snapshot, kinds: tuple[str, ...] = ("professional",), top: int = 10,
                     via: tuple[str, ...] | None = CONTACTABLE_KINDS) -> set[tuple[str, str]]:
    """Every pair that someone would see among their ``top`` suggestions on this snapshot.

    The union over all persons of ``kinds`` of their own list
    (:func:`suggest_introductions` with ``person_id`` and ``top``) on the working-tie
    network (:func:`netwerk.analysis.ties.person_network`), as the Collega's page shows it.

    Returns
    -------
    set of (str, str)
        Unordered pairs as ``(a, b)`` with ``a < b``.
    """
    G = person_network(snapshot)
    df = suggest_introductions(snapshot, G, None, kinds, None, via=via)
    if df.empty:
        return set()
    cols = ["person_id", "other_id", "score", "common_contacts"]
    swapped = df[cols].rename(columns={"person_id": "other_id", "other_id": "person_id"})[cols]
    both = pd.concat([df[cols], swapped], ignore_index=True)
    # The order of one person's list in suggest_introductions: score, common contacts, id.
    both = both.sort_values(["person_id", "score", "common_contacts", "other_id"], ascending=[True, False, False, True],
                            kind="mergesort")
    shown = both.groupby("person_id", sort=False).head(top)
    return {(a, b) if a < b else (b, a) for a, b in zip(shown["person_id"], shown["other_id"], strict=True)}


def introduction_outcomes(snapshot: Snapshot, marks: pd.DataFrame, freq: Freq = "quarter", top: int = 10,
                          kinds: tuple[str, ...] = ("professional",)) -> pd.DataFrame:
    """Did the introductions work? Per period: marked introductions that became a working
    tie afterwards, beside suggestions nobody marked that did so by themselves.

    Parameters
    ----------
    snapshot : Snapshot
        The whole network (all periods).
    marks : pandas.DataFrame
        Introductions marked as made: columns person_a, person_b, date (``datetime.date``,
        the day it was made), as the store's ``introductions`` table.
    freq : {"month", "quarter", "year"}, default "quarter"
    top : int, default 10
        Length of each person's suggestion list (the Collega's page shows 10).
    kinds : tuple of str
        Person kinds suggested (professionals).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OUTCOME_COLUMNS`, one row per period from the period of the first
        mark to that of the last activity or mark (empty periods included); no marks, no
        rows. Counts of unordered pairs:

        - ``marked``: introductions marked with a date in the period;
        - ``marked_tied_before``: of these, pairs that already had a working tie before the
          mark's day (nothing left to introduce; not counted below);
        - ``marked_new_tie``: of the others, pairs with a working tie from the mark's day
          to the last activity;
        - ``suggested_unmarked``: pairs among anyone's ``top`` suggestions on the network
          before the period (:func:`suggestion_pairs`) that were never marked;
        - ``unmarked_new_tie``: of these, pairs with a working tie from the period's first
          day to the last activity.

    Notes
    -----
    "Working tie" is the tie model's werkrelatie (:mod:`netwerk.analysis.ties`) on the
    network of the days in question (:func:`netwerk.analysis.growth.period_snapshot`:
    activities dated then, kent reports made by the end). "Before" is every day before;
    "after" runs to the last recorded activity, so an early period has had more time.
    The comparison is descriptive (counts), not a causal estimate: pairs that were
    introduced may differ from pairs that were not.
    """
    if marks is None or marks.empty:
        return pd.DataFrame(columns=OUTCOME_COLUMNS)
    mark_rows: list[tuple[tuple[str, str], dt.date]] = []
    for a, b, when in zip(marks["person_a"].astype(str), marks["person_b"].astype(str), marks["date"], strict=True):
        day = local_date(when)
        if day is not None:
            mark_rows.append(((a, b) if a < b else (b, a), day))
    if not mark_rows:
        return pd.DataFrame(columns=OUTCOME_COLUMNS)
    act_days = [d for d in (local_date(x) for x in snapshot.activities["date"]) if d is not None]
    last = max([*act_days, *(d for _, d in mark_rows)])
    graphs: dict[tuple[dt.date, dt.date], nx.Graph] = {}

    def tied(pair: tuple[str, str], start: dt.date, end: dt.date) -> bool:
        if (start, end) not in graphs:
            graphs[(start, end)] = person_network(period_snapshot(snapshot, start, end))
        return graphs[(start, end)].has_edge(*pair)

    ever_marked = {p for p, _ in mark_rows}
    rows = []
    for label, start, end in periods(min(d for _, d in mark_rows), last, freq):
        marked = [(p, d) for p, d in mark_rows if start <= d <= end]
        before = [(p, d) for p, d in marked if tied(p, dt.date.min, d - dt.timedelta(days=1))]
        fresh = [(p, d) for p, d in marked if (p, d) not in before]
        new = sum(tied(p, d, last) for p, d in fresh)
        earlier = period_snapshot(snapshot, dt.date.min, start - dt.timedelta(days=1))
        unmarked = suggestion_pairs(earlier, kinds, top) - ever_marked
        by_self = sum(tied(p, start, last) for p in sorted(unmarked))
        rows.append((label, start, end, len(marked), len(before), new, len(unmarked), by_self))
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)

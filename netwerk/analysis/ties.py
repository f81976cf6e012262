"""The one tie model: which kinds of tie the product knows, and the figures built on them.

Every page, service, CLI command, report and export takes its ties from here, so that
the same word means the same thing everywhere. The Dutch glossary ("Begrippen") that the
dashboard, the README and the report show is :data:`TIE_KINDS` plus :data:`FIGURES`.

Kinds of tie
------------
- **ontmoeting** (met in an activity): two persons took part in the same activity. Its
  strength is Newman's collaboration weight, :math:`\\sum_a 1/(n_a - 1)` over the shared
  activities *a* with :math:`n_a` participants (Newman 2001): a conversation of two
  gives 1, a meeting of 25 gives each of its 300 pairs 1/24.
- **kent** (reported): a person reported knowing another outside the recorded
  activities (``KNOWS``; directed, each report counts 1).
- **werkrelatie** (working tie): an ontmoeting of strength at least
  :data:`WORKING_TIE_MIN_STRENGTH` = 1/7 (one shared activity of at most
  :data:`WORKING_TIE_MAX_PARTICIPANTS` = 8 participants, or repeated meetings in larger
  ones: three plenary meetings of 22), or any kent report. *This is the tie the product
  means by "relatie"*: the map, Overzicht, Groei, Verschil, Collega's, the report and
  ``netwerk analyse`` count working ties. Its strength (``weight``) is the ontmoeting
  strength plus the number of kent reports; its length for shortest paths is 1/weight.
- **beoordeling** (survey rating): a directed rating in a survey round (PARTNER items,
  Himmelman level); used per round on Vertrouwen and Verschil, never mixed with the
  above.
- **organisatierelatie** (tie between organisations): two organisations are tied when at
  least one working tie joins a person of the one to a person of the other (a person
  belongs to their first employer, ``Snapshot.persons.org_id``); its weight is the number
  of such working ties.

References
----------
.. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted
   networks, and centrality", Phys. Rev. E 64, 016132 (2001).
.. [2] S. P. Borgatti and M. G. Everett, "Network analysis of 2-mode data", Social
   Networks 19 (1997) 243-269 (projections of affiliation networks).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

import networkx as nx
import numpy as np

from netwerk.analysis.snapshot import knows_counts, pair_weights, person_nodes, sorted_graph
from netwerk.domain import Snapshot

__all__ = [
    "FIGURES",
    "TIE_KINDS",
    "WORKING_TIE_MAX_PARTICIPANTS",
    "WORKING_TIE_MIN_STRENGTH",
    "Figure",
    "TieKind",
    "glossary",
    "is_working_tie",
    "organisation_network",
    "organisation_pairs",
    "person_network",
    "small_activity_pairs",
    "tie_edges",
]

WORKING_TIE_MAX_PARTICIPANTS = 8
"""The largest activity in which sitting together once makes a working tie."""

WORKING_TIE_MIN_STRENGTH = 1.0 / (WORKING_TIE_MAX_PARTICIPANTS - 1)
"""The ontmoeting strength (Newman weight) from which co-participation is a working tie."""

_TOL = 1e-9


@dataclass(frozen=True)
class TieKind:
    """One kind of tie: its code, Dutch name, whether it has a direction, and its
    definition in plain Dutch."""

    code: str
    name: str
    directed: bool
    definition: str


TIE_KINDS: dict[str, TieKind] = {
    k.code: k
    for k in (
        TieKind("ontmoeting", "Ontmoeting", False,
                "Twee personen deden mee aan dezelfde activiteit. De sterkte telt per activiteit 1/(deelnemers − 1): "
                "een gesprek met z'n tweeën telt 1, een bijeenkomst van 25 telt voor elk paar 1/24 (Newman)."),
        TieKind("kent", "Kent", True,
                "Iemand meldde een ander te kennen, buiten de vastgelegde activiteiten om (elke melding telt 1)."),
        TieKind("werkrelatie", "Werkrelatie", False,
                f"Een ontmoeting met sterkte van ten minste 1/{WORKING_TIE_MAX_PARTICIPANTS - 1}: samen in een activiteit "
                f"met hoogstens {WORKING_TIE_MAX_PARTICIPANTS} deelnemers, of herhaald in grotere (drie keer in een "
                "overleg van 22), of een 'kent'-melding. Dit is wat het dashboard een relatie noemt."),
        TieKind("beoordeling", "Beoordeling", True,
                "Een oordeel in een enquêteronde over een partner: vertrouwen, waarde en samenwerkingsniveau "
                "(Himmelman). Telt per ronde, los van de andere soorten."),
        TieKind("organisatierelatie", "Relatie tussen organisaties", False,
                "Twee organisaties zijn verbonden als minstens één werkrelatie loopt tussen iemand van de ene en "
                "iemand van de andere organisatie (iemand hoort bij zijn of haar eerste werkgever)."),
    )
}
"""The kinds of tie, by code (the glossary's first part)."""


@dataclass(frozen=True)
class Figure:
    """A figure the product shows: Dutch label, the tie kind it counts (a
    :data:`TIE_KINDS` code, or "" when it counts no tie) and a one-line explanation."""

    key: str
    label: str
    tie: str
    explanation: str


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        Figure("persons", "Personen", "", "Personen die in de periode meededen aan een activiteit of een relatie meldden."),
        Figure("organisations", "Organisaties", "", "Organisaties waarvoor deze personen werken."),
        Figure("activities", "Activiteiten", "",
               "Overleggen, straatgesprekken, bijeenkomsten en evaluaties in de periode."),
        Figure("participations", "Deelnames", "", "Aantal keer dat iemand aan een activiteit meedeed."),
        Figure("ties", "Werkrelaties", "werkrelatie", "Paren personen met een werkrelatie."),
        Figure("density", "Dichtheid (werkrelaties)", "werkrelatie",
               "Het deel van alle mogelijke werkrelaties tussen deze personen dat er is (0 = geen, 1 = iedereen met "
               "iedereen). Daalt vanzelf als er meer mensen bij komen; kijk daarom ook naar het gemiddelde per persoon."),
        Figure("components", "Losse delen", "werkrelatie",
               "Delen van het netwerk die onderling niet door werkrelaties verbonden zijn. Minder is beter verbonden."),
        Figure("average_degree", "Gem. werkrelaties per persoon", "werkrelatie",
               "Gemiddeld aantal werkrelaties per persoon."),
        Figure("clustering", "Clustering", "werkrelatie",
               "Hoe vaak twee werkrelaties van iemand ook onderling een werkrelatie hebben (0 tot 1)."),
        Figure("isolates", "Zonder werkrelatie", "werkrelatie", "Personen zonder enige werkrelatie in de periode."),
        Figure("cross_org_ties", "Werkrelaties tussen professionals van verschillende organisaties", "werkrelatie",
               "Werkrelaties tussen twee professionals die bij verschillende organisaties werken: samenwerking op "
               "uitvoeringsniveau."),
        Figure("organisation_ties", "Verbonden organisatieparen", "organisatierelatie",
               "Paren organisaties met minstens één werkrelatie tussen hun mensen."),
    )
}
"""Every whole-network figure by key (the keys of
:class:`netwerk.analysis.NetworkSummary`), the glossary's second part."""


def glossary() -> list[tuple[str, str]]:
    """The glossary ("Begrippen") as (term, Dutch definition) pairs: the kinds of tie,
    then the figures with the tie they count. The same list on every surface."""
    out = [(k.name, k.definition) for k in TIE_KINDS.values()]
    for f in FIGURES.values():
        tie = f" Telt: {TIE_KINDS[f.tie].name.lower()}." if f.tie and f.tie != "werkrelatie" else ""
        out.append((f.label, f.explanation + tie))
    return out


def is_working_tie(strength: float, knows: int = 0) -> bool:
    """True when a pair with this ontmoeting strength (Newman weight) and this number of
    kent reports has a working tie (:data:`WORKING_TIE_MIN_STRENGTH`)."""
    return knows > 0 or strength >= WORKING_TIE_MIN_STRENGTH - _TOL


def tie_edges(snapshot: Snapshot, working: bool = True) -> tuple[list[tuple[str, dict]], list[tuple]]:
    """The persons and person ties of a snapshot as plain lists (no networkx graph).

    Parameters
    ----------
    snapshot : Snapshot
    working : bool, default True
        Only working ties (the product's "relatie"); False gives every ontmoeting and
        kent tie.

    Returns
    -------
    (persons, edges)
        ``persons``: ``(person_id, attributes)`` sorted as text (see
        :func:`~netwerk.analysis.snapshot.person_nodes`). ``edges``: tuples
        ``(u, v, activities, met, knows)`` with ``u < v`` as text, sorted: the number of
        shared activities, the ontmoeting strength (Newman weight, 0.0 for a pair that
        only reported knowing each other) and the number of kent reports (both
        directions summed).

    Raises
    ------
    ValueError
        If a person id equals an activity's key in the bipartite graph.
    """
    persons = person_nodes(snapshot)
    ids = [pid for pid, _ in persons]
    n = max(len(ids), 1)
    codes, counts, newman = pair_weights(snapshot, ids)
    knows = knows_counts(snapshot, directed=False, nodes=set(ids))
    if working and len(codes):
        keep = newman >= WORKING_TIE_MIN_STRENGTH - _TOL
        if knows:
            index = {pid: i for i, pid in enumerate(ids)}
            known = np.array([index[u] * n + index[v] for u, v in knows], dtype=np.int64)
            keep |= np.isin(codes, known)
        codes, counts, newman = codes[keep], counts[keep], newman[keep]
    us, vs = np.divmod(codes, n)
    edges = [(ids[u], ids[v], int(c), float(w), knows.pop((ids[u], ids[v]), 0))
             for u, v, c, w in zip(us.tolist(), vs.tolist(), counts.tolist(), newman.tolist(), strict=True)]
    if knows:  # pairs that only reported knowing each other
        edges.extend((u, v, 0, 0.0, k) for (u, v), k in knows.items())
        edges.sort(key=lambda e: (e[0], e[1]))
    return persons, edges


def small_activity_pairs(snapshot: Snapshot) -> set[tuple[str, str]]:
    """The pairs of persons who shared at least one small activity: one with at most
    :data:`WORKING_TIE_MAX_PARTICIPANTS` (8) participants in ``snapshot``.

    A working tie outside this set (and without a kent report) comes only from repeated
    large meetings; the Netwerkkaart hides those by default.

    Returns
    -------
    set of (str, str)
        ``(u, v)`` with ``u < v`` as text.
    """
    parts = snapshot.participations
    if not len(parts):
        return set()
    pairs = parts[["activity_id", "person_id"]].astype(str).drop_duplicates()
    sizes = pairs.groupby("activity_id")["person_id"].transform("size")
    small = parts.loc[pairs.index[sizes.to_numpy() <= WORKING_TIE_MAX_PARTICIPANTS]]
    ids = sorted({str(p) for p in small["person_id"]})
    if len(ids) < 2:
        return set()
    codes, _, _ = pair_weights(replace(snapshot, participations=small), ids)
    us, vs = np.divmod(codes, len(ids))
    return {(ids[u], ids[v]) for u, v in zip(us.tolist(), vs.tolist(), strict=True)}


def person_network(snapshot: Snapshot, working: bool = True) -> nx.Graph:
    """The person network of the tie model.

    Parameters
    ----------
    snapshot : Snapshot
    working : bool, default True
        Working ties only (the product's "relatie"); False: every ontmoeting and kent tie.

    Returns
    -------
    networkx.Graph
        Every person of the snapshot as a node (isolates included) with the attributes
        label, kind, org_id and sector. Edge attributes:

        - ``activities``: number of shared activities,
        - ``met``: ontmoeting strength (Newman weight),
        - ``knows``: number of kent reports, both directions,
        - ``weight``: tie strength ``met + knows``,
        - ``distance``: ``1 / weight``, the length used by every shortest-path measure,
        - ``kind``: ``co-participation``, ``knows`` or ``both``.

        Sorted node and edge order (:func:`~netwerk.analysis.sorted_graph`).
    """
    persons, edges = tie_edges(snapshot, working)
    G = nx.Graph()
    G.add_nodes_from(persons)
    G.add_edges_from(
        (u, v, {"activities": c, "met": met, "knows": k, "weight": met + k, "distance": 1.0 / (met + k),
                "kind": "both" if c and k else ("co-participation" if c else "knows")})
        for u, v, c, met, k in edges
    )
    return G


def organisation_pairs(persons: list[tuple[str, dict]], edges: list[tuple]) -> dict[tuple[str, str], list]:
    """Organisation pairs joined by the given person ties.

    Parameters
    ----------
    persons : list of (person_id, attributes)
        With ``org_id`` (None for persons without an organisation).
    edges : list of tuple
        Person ties ``(u, v, ...)``; when the tuple is ``(u, v, activities, met, knows)``
        (as from :func:`tie_edges`) the tie strength ``met + knows`` is summed too.

    Returns
    -------
    dict
        ``(org_a, org_b)`` with ``org_a < org_b`` as text -> ``[ties, strength]``: the
        number of person ties between the two organisations and their summed strength.
    """
    org = {pid: a.get("org_id") for pid, a in persons}
    pairs: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0.0])
    for e in edges:
        a, b = org.get(e[0]), org.get(e[1])
        if not a or not b or a == b:
            continue
        a, b = str(a), str(b)
        key = (a, b) if a <= b else (b, a)
        pairs[key][0] += 1
        if len(e) >= 5:
            pairs[key][1] += float(e[3]) + float(e[4])
    return dict(pairs)


def organisation_network(snapshot: Snapshot) -> nx.Graph:
    """The organisation network: organisations tied through the working ties of their
    people (the tie kind ``organisatierelatie``).

    Parameters
    ----------
    snapshot : Snapshot
        E.g. one period (:func:`netwerk.analysis.growth.period_snapshot`).

    Returns
    -------
    networkx.Graph
        Every organisation of the snapshot as a node (attributes name, sector); an edge
        between two organisations when at least one working tie joins their people, with
        ``weight`` = the number of such working ties and ``strength`` = their summed tie
        strength. Persons without an organisation are left out. Sorted order.
    """
    G = nx.Graph()
    orgs = snapshot.organisations
    for o, name, sector in zip(orgs["org_id"], orgs["name"], orgs["sector"], strict=True):
        G.add_node(str(o), name=name, sector=sector)
    persons, edges = tie_edges(snapshot, working=True)
    for (a, b), (n, s) in sorted(organisation_pairs(persons, edges).items()):
        G.add_edge(a, b, weight=n, strength=s)
    return sorted_graph(G)

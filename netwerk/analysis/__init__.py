"""Network analysis: pure functions from a snapshot or networkx graph to DataFrames and
small dataclasses. Nothing here touches a store or the dashboard.

Graphs (:mod:`.snapshot`), whole-network figures (:mod:`.summary`), actor measures
(:mod:`.centrality`), communities (:mod:`.communities`), bridges (:mod:`.cohesion`),
the E-I index and Gould-Fernandez brokerage roles (:mod:`.brokerage`), directed
networks (:mod:`.directed`), the diameter (:mod:`.distance`), growth per period
(:mod:`.growth`) and change between two moments with its uncertainty (:mod:`.change`).
Which tie counts as a relation is defined once, in :mod:`.ties` (the tie model and its
glossary). The slow measures run on python-igraph behind the same
functions (:mod:`.backend`); pass one :func:`to_igraph` view to several measures to
convert a large graph only once.
"""

from netwerk.analysis.backend import IGraphView, to_igraph
from netwerk.analysis.brokerage import (
    BROKERAGE_COLUMNS,
    BROKERAGE_ROLES,
    EIIndex,
    ei_index,
    gould_fernandez_brokerage,
)
from netwerk.analysis.centrality import (
    ACTOR_COLUMNS,
    actor_measures,
    betweenness,
    eigenvector_by_component,
    structural_holes,
    with_distance,
)
from netwerk.analysis.cohesion import bridges
from netwerk.analysis.communities import LOUVAIN_RUNS, Communities, louvain_communities
from netwerk.analysis.directed import DIRECTED_KEYS, directed_summary
from netwerk.analysis.distance import Diameter, largest_component_diameter
from netwerk.analysis.growth import GROWTH_COLUMNS, period_bounds, period_label, period_snapshot, summary_per_period
from netwerk.analysis.snapshot import (
    bipartite_graph,
    coparticipation_graph,
    knows_digraph,
    snapshot_from_frames,
    social_graph,
    sorted_graph,
)
from netwerk.analysis.summary import SUMMARY_KEYS, NetworkSummary, network_summary
from netwerk.analysis.ties import FIGURES, TIE_KINDS, glossary, organisation_network, person_network

__all__ = [
    "ACTOR_COLUMNS",
    "BROKERAGE_COLUMNS",
    "BROKERAGE_ROLES",
    "FIGURES",
    "TIE_KINDS",
    "GROWTH_COLUMNS",
    "LOUVAIN_RUNS",
    "SUMMARY_KEYS",
    "Communities",
    "DIRECTED_KEYS",
    "Diameter",
    "EIIndex",
    "IGraphView",
    "NetworkSummary",
    "actor_measures",
    "betweenness",
    "bipartite_graph",
    "bridges",
    "coparticipation_graph",
    "directed_summary",
    "ei_index",
    "gould_fernandez_brokerage",
    "eigenvector_by_component",
    "glossary",
    "knows_digraph",
    "largest_component_diameter",
    "louvain_communities",
    "network_summary",
    "organisation_network",
    "period_bounds",
    "period_label",
    "period_snapshot",
    "person_network",
    "snapshot_from_frames",
    "social_graph",
    "sorted_graph",
    "structural_holes",
    "summary_per_period",
    "to_igraph",
    "with_distance",
]

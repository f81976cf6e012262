"""GML (Graph Modelling Language) as Gephi and others write it: read with networkx.

Gephi writes ``id`` numbers and the name in ``label``; ``value`` or ``weight`` is an
edge's weight. Strings may hold HTML character references (``&amp;``), which networkx
decodes.
"""

from __future__ import annotations

import networkx as nx

from netwerk.ingest.readers import decode_bytes

__all__ = ["read_gml"]


def read_gml(data: bytes, name: str = "bestand") -> nx.Graph:
    """A GML document as a networkx graph: nodes keyed by their GML ``id`` (as text), the
    GML ``label`` kept as the ``label`` attribute.

    Raises
    ------
    ValueError
        With a Dutch message when the text is no valid GML.
    """
    text = decode_bytes(data, name)
    try:
        G = nx.parse_gml(text, label="id", destringizer=None)
    except (nx.NetworkXError, ValueError, KeyError) as e:
        raise ValueError(f"het bestand is geen geldig GML-bestand: {e}") from e
    return nx.relabel_nodes(G, {n: str(n) for n in G.nodes})

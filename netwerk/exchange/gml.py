"""GML (Graph Modelling Language) as Gephi and others write it: read with networkx.

Gephi writes ``id`` numbers and the name in ``label``; ``value`` or ``weight`` is an
edge's weight. Strings may hold HTML character references (``&amp;``), which networkx
decodes.
"""

from __future__ import annotations

import re

import networkx as nx

from netwerk.ingest.limits import check_gml_depth, limits
from netwerk.ingest.readers import decode_bytes

__all__ = ["read_gml"]


def read_gml(data: bytes, name: str = "bestand") -> nx.Graph:
    """A GML document as a networkx graph: nodes keyed by their GML ``id`` (as text), the
    GML ``label`` kept as the ``label`` attribute.

    Raises
    ------
    ValueError
        With a Dutch message when the text is no valid GML or a node id occurs twice.
    ImportValidationError
        When the GML is nested deeper than the limit (:mod:`netwerk.ingest.limits`).
    """
    text = decode_bytes(data, name)
    check_gml_depth(text, name)  # networkx's parser recurses once per level
    try:
        G = nx.parse_gml(text, label="id", destringizer=None)
    except nx.NetworkXError as e:
        m = re.search(r"node id (.+) is duplicated", str(e))
        if m:
            raise ValueError(f"knoop-id {m.group(1)} komt twee keer voor; elke knoop moet een eigen id hebben") from e
        raise ValueError(f"het bestand is geen geldig GML-bestand: {e}") from e
    except (ValueError, KeyError) as e:
        raise ValueError(f"het bestand is geen geldig GML-bestand: {e}") from e
    except RecursionError as e:  # pragma: no cover - check_gml_depth stops this first
        raise ValueError(f"de GML is te diep genest (meer dan {limits().max_depth} niveaus)") from e
    return nx.relabel_nodes(G, {n: str(n) for n in G.nodes})

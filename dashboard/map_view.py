"""The Netwerkkaart's and the ego map's presentation: colours, pixel sizes, plain-text
tooltips and pixel positions, turning the services' network data into :class:`MapData`
for :mod:`dashboard.components.network_map` to draw.

The services (:mod:`netwerk.services.network`, :mod:`netwerk.services.network_map`,
:mod:`netwerk.services.colleagues`) return data only: actor measures, ties, groups and
layout coordinates in layout units, redacted for their viewer. Everything here restyles
that data and reads no store, so it needs no viewer. Colours come from the one registry
:mod:`netwerk.palette`. Tooltips are plain text; the renderer escapes them
(:mod:`dashboard.safe`, the map template's ``textContent``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

import numpy as np
import pandas as pd

import graph_schema as gs
from dashboard.labels import SIZE_BY
from netwerk.access import Viewer
from netwerk.domain import InputError, SnapshotFilter
from netwerk.palette import KIND_COLOURS, MISSING_COLOUR, PALETTE, SECTOR_COLOURS, organisation_colours
from netwerk.services.colleagues import EgoNetwork
from netwerk.services.network import PersonNetwork, person_network
from netwerk.services.network_map import NetworkMap
from netwerk.spreadsheet import formula_safe
from netwerk.store.base import Store
from netwerk.text import fmt_count, fmt_number, plain, present

__all__ = [
    "BROKERS",
    "GROUP_MAX_SIZE",
    "LABEL_TOP",
    "GROUP_MIN_SIZE",
    "MAX_SIZE",
    "MIN_SIZE",
    "NO_ORGANISATION",
    "NO_SECTOR",
    "ColourBy",
    "MapData",
    "SizeBy",
    "brokers",
    "ego_map_data",
    "focus_persons",
    "label_selection",
    "network_map_data",
    "readable_map",
    "person_map",
    "style_map",
    "to_pixels",
    "view_csv",
]

ColourBy = Literal["organisation", "sector", "community", "kind"]
SizeBy = Literal["degree", "weighted_degree", "betweenness", "eigenvector", "constraint", "effective_size"]

NO_ORGANISATION = "Geen organisatie"
NO_SECTOR = "Geen sector"
MIN_SIZE, MAX_SIZE = 10.0, 50.0
"""Pixel sizes of a person node: the chosen measure scaled linearly between these."""
GROUP_MIN_SIZE, GROUP_MAX_SIZE = 10.0, 60.0
"""Pixel sizes of an aggregated node: members scaled by square root between these."""
PERSON_SPACING, GROUP_SPACING = 60.0, 140.0
"""Pixels per square root of the number of nodes (:func:`to_pixels`) on a person map and
on an aggregated map (larger nodes need more room)."""
EGO_SIZES: dict[int, float] = {0: 50.0, 1: 25.0, 2: 15.0}
"""Ego map node size in pixels by steps from the ego."""
LABEL_TOP = 15
"""Persons named on the Netwerkkaart by default: the fifteen who score best on the chosen measure."""
BROKERS = 10
"""Persons marked by "Toon makelaars": the ten with the highest betweenness above 0."""
READABLE_SIZES = (6.0, 30.0)
"""Pixel sizes of a person node on the readable Netwerkkaart (:func:`readable_map`): smaller
than :data:`MIN_SIZE`-:data:`MAX_SIZE`, so that a dense core of well-connected persons
does not overlap into one blot."""
NODE_KINDS: dict[str, str] = {**gs.PERSON_KINDS, "organisation": "organisatie", "community": "cluster",
                               "group": "groep"}
"""What a node is, in Dutch, for the map's CSV (persons by kind; groups on an aggregated map)."""
EDGE_KINDS: dict[str, str] = {"co-participation": "samen in activiteiten", "knows": "gemeld: kent elkaar",
                              "both": "samen in activiteiten en gemeld", "aggregate": "tussen groepen"}
"""Where a tie comes from, in Dutch, for the map's CSV (the tooltips' words)."""
LOWER_IS_BETTER = frozenset({"constraint"})
"""Measures where a low value marks the person who matters (an open position between groups)."""


@dataclass(frozen=True)
class MapData:
    """A network map ready to draw.

    nodes: id, label, kind, colour_key (organisation/sector/community/kind value as
    text), colour (hex), size (px, 10-50), title (plain-text tooltip; escaped by the
    renderer), measure (the value behind size).
    edges: source, target, weight (shared activities + reported ties), kind
    (co-participation | knows | both).
    legend: colour_key -> hex colour.

    Optional, for maps laid out on the server (:mod:`netwerk.services.network_map`):
    node columns ``x``/``y`` (vis-network canvas pixels, :func:`to_pixels`; the renderer
    then switches physics off), an edge column ``title`` (plain-text tooltip), and the
    Dutch nouns for what a node and an edge is (``node_noun``/``edge_noun``, plural) and
    the search box's label.

    Made readable by :func:`readable_map`: node column ``name`` (the full name; ``label``
    then holds only the names shown, else ""), ``notes`` (plain-text lines under the
    legend: which names and ties are shown), ``size_legend`` ((px, text) for the smallest
    and largest node), ``focus`` (the person whose ego network is highlighted, others
    faded) and ``brokers`` (ids outlined as brokers).
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    legend: dict[str, str]
    node_noun: str = "personen"
    edge_noun: str = "werkrelaties"
    search_label: str = "Zoek persoon"
    notes: tuple[str, ...] = ()
    size_legend: tuple[tuple[float, str], ...] = ()
    focus: str | None = None
    brokers: frozenset[str] = field(default_factory=frozenset)


def to_pixels(xs: list[float], ys: list[float], spacing: float = PERSON_SPACING) -> tuple[list[float], list[float]]:
    """Layout coordinates (:func:`netwerk.services.network_map.map_layout`, centred on 0)
    as vis-network canvas pixels.

    The larger side spans ``max(400, spacing * sqrt(n))`` pixels for ``n`` nodes; values
    are rounded to 0.1 px. A single node (or all at 0) stays at 0.

    Returns
    -------
    (xs, ys) : (list of float, list of float)
        In the order given.
    """
    n = len(xs)
    if n == 0:
        return [], []
    xy = np.array([xs, ys], dtype=float).T
    span = float(np.abs(xy).max()) * 2 or 1.0
    xy *= max(400.0, spacing * math.sqrt(n)) / span
    return [round(float(x), 1) for x in xy[:, 0]], [round(float(y), 1) for y in xy[:, 1]]


def _check(colour_by: str, size_by: str) -> None:
    if colour_by not in get_args(ColourBy):
        raise InputError(f"Onbekende kleuring '{colour_by}': kies organisation, sector, community of kind.")
    if size_by not in get_args(SizeBy):
        raise InputError(f"Onbekende grootte '{size_by}': kies een van de actormaten.")


def network_map_data(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None,
                     colour_by: ColourBy = "organisation", size_by: SizeBy = "degree") -> MapData:
    """The whole person network for ``flt`` styled as a map without positions: the
    service :func:`netwerk.services.network.person_network` (which enforces the role)
    passed through :func:`person_map`.

    Raises
    ------
    PermissionDenied
        For a bestuurder (the map shows persons).
    InputError
        For an unknown ``colour_by`` or ``size_by``.
    StoreError
        If the store cannot be read.
    """
    return person_map(person_network(viewer, store, flt), colour_by, size_by)


def person_map(net: PersonNetwork, colour_by: ColourBy = "organisation", size_by: SizeBy = "degree",
               org_colours: Mapping[str, str] | None = None) -> MapData:
    """MapData of persons from a :class:`~netwerk.services.network.PersonNetwork`.

    Colours: sectors and person kinds have fixed colours (:data:`netwerk.palette.SECTOR_COLOURS`,
    :data:`~netwerk.palette.KIND_COLOURS`); organisations take ``org_colours`` (name ->
    colour, from :func:`netwerk.palette.organisation_colours` over all organisations of
    the store; without it the names present, sorted, as if they were all); communities
    (largest first, labelled ``Cluster 1``...) take :data:`~netwerk.palette.PALETTE` in
    order; persons without an organisation or sector are grey. Size: the chosen actor
    measure scaled linearly to 10-50 px over its range (NaN, e.g. an isolate's
    constraint, gets 10 px; equal values all get 20 px); ``measure`` holds the value,
    None where undefined. Tooltips are plain text lines; the renderer escapes them.

    Raises
    ------
    InputError
        For an unknown ``colour_by`` or ``size_by``.
    """
    _check(colour_by, size_by)
    table = net.nodes
    roles = dict(zip(table["person_id"], table["role_title"], strict=True))
    keys: list[str] = []
    for r in table.itertuples(index=False):
        if colour_by == "organisation":
            keys.append(r.organisation or NO_ORGANISATION)
        elif colour_by == "sector":
            keys.append(gs.SECTORS.get(r.sector, r.sector) if r.sector else NO_SECTOR)
        elif colour_by == "community":
            keys.append(f"Cluster {r.community + 1}")
        else:
            keys.append(gs.PERSON_KINDS.get(r.kind, str(r.kind)))
    legend = _legend(colour_by, keys, table, org_colours)

    values = [plain(v) for v in table[size_by]] if len(table) else []
    sizes = _scale(values)
    titles = []
    for r in table.itertuples(index=False):
        lines = [str(r.name), f"Soort: {gs.PERSON_KINDS.get(r.kind, r.kind)}"]
        if present(roles.get(r.person_id)):
            lines.append(f"Rol: {roles[r.person_id]}")
        if r.organisation:
            lines.append(f"Organisatie: {r.organisation}")
        if r.sector:
            lines.append(f"Sector: {gs.SECTORS.get(r.sector, r.sector)}")
        lines.append(f"Werkrelaties: {fmt_number(r.degree)} (sterkte {fmt_number(r.weighted_degree, 2)})")
        lines.append(f"{SIZE_BY['betweenness']}: {fmt_number(r.betweenness, 3)}")
        lines.append(f"Cluster: {r.community + 1}")
        titles.append("\n".join(lines))
    nodes = pd.DataFrame(
        {
            "id": table["person_id"].tolist(),
            "label": table["name"].tolist(),
            "kind": table["kind"].tolist(),
            "colour_key": keys,
            "colour": [legend[k] for k in keys],
            "size": sizes,
            "title": titles,
            "measure": pd.Series(values, dtype=object),  # None, not NaN, for undefined values
        },
        columns=["id", "label", "kind", "colour_key", "colour", "size", "title", "measure"],
    )
    return MapData(nodes=nodes, edges=net.edges[["source", "target", "weight", "kind"]], legend=legend)


def style_map(nm: NetworkMap, colour_by: ColourBy = "organisation", size_by: SizeBy = "degree",
              org_colours: Mapping[str, str] | None = None) -> MapData:
    """Colours, sizes, tooltips and pixel positions for a
    :class:`~netwerk.services.network_map.NetworkMap`, as MapData with x/y (px).

    A formatter without a viewer: it only restyles what
    :func:`netwerk.services.network_map.network_map` already returned for its viewer
    (names redacted there), and reads no store.

    A person map is styled as :func:`person_map`. An aggregated map is coloured by the
    most frequent sector of each group's members (``sector``; also ``organisation`` and
    ``community`` on an organisation map), its most frequent person kind (``kind``), or on
    a community map by cluster (``community`` and ``organisation``; the twelve largest,
    the rest grey); node size is the number of members, scaled by square root to 10-60
    px; ``size_by`` does not apply. Positions: :func:`to_pixels` with
    :data:`PERSON_SPACING` or :data:`GROUP_SPACING`.

    Raises
    ------
    InputError
        For an unknown ``colour_by`` or ``size_by``.
    """
    _check(colour_by, size_by)
    if nm.level == "persons":
        table = nm.nodes
        md = person_map(PersonNetwork(nodes=table.drop(columns=["x", "y"]), edges=nm.edges), colour_by, size_by,
                        org_colours)
        xs, ys = to_pixels(table["x"].tolist(), table["y"].tolist(), PERSON_SPACING)
        nodes = md.nodes.assign(x=xs, y=ys)
        return MapData(nodes=nodes, edges=nm.edges[["source", "target", "weight", "kind"]], legend=md.legend)

    g = nm.nodes
    if colour_by == "kind":
        keys = [gs.PERSON_KINDS.get(k, str(k)) for k in g["main_kind"]]
        legend = _kind_legend(set(keys))
    elif nm.view == "community" and colour_by in ("community", "organisation"):
        keys = [f"Cluster {c + 1}" if c >= 0 else "Overig" for c in g["community"]]
        legend = {}
        for c in sorted({int(c) for c in g["community"] if c >= 0})[: len(PALETTE)]:
            legend[f"Cluster {c + 1}"] = PALETTE[c % len(PALETTE)]
        keys = [k if k in legend else "Overig" for k in keys]
        if "Overig" in keys:
            legend["Overig"] = MISSING_COLOUR
    else:
        keys = [gs.SECTORS.get(s, s) if s else NO_SECTOR for s in g["sector"]]
        legend = _sector_legend(set(keys))
    for k in keys:
        legend.setdefault(k, MISSING_COLOUR)
    top = max((math.sqrt(v) for v in g["members"]), default=1.0) or 1.0
    sizes = [GROUP_MIN_SIZE + (GROUP_MAX_SIZE - GROUP_MIN_SIZE) * math.sqrt(v) / top for v in g["members"]]
    xs, ys = to_pixels(g["x"].tolist(), g["y"].tolist(), GROUP_SPACING)
    nodes = pd.DataFrame({
        "id": g["id"], "label": [f"{lab} ({fmt_count(v)})" for lab, v in zip(g["label"], g["members"], strict=True)],
        "kind": g["kind"], "colour_key": keys, "colour": [legend[k] for k in keys], "size": sizes,
        "title": [_group_title(nm.view, r) for r in g.itertuples(index=False)],
        "measure": [int(v) for v in g["members"]], "x": xs, "y": ys,
    })
    e = nm.edges
    titles = [f"{fmt_count(t)} werkrelaties, sterkte {fmt_count(w)}" for t, w in zip(e["ties"], e["weight"], strict=True)]
    edges = pd.DataFrame({"source": e["source"], "target": e["target"], "weight": e["weight"], "kind": e["kind"],
                          "title": titles})
    noun = "organisaties" if nm.view == "organisation" else "clusters"
    return MapData(nodes=nodes, edges=edges, legend=legend, node_noun=noun, edge_noun="verbindingen",
                   search_label="Zoek organisatie" if nm.view == "organisation" else "Zoek cluster")


def label_selection(measure: Mapping[str, float | None], top: int = LABEL_TOP, lower_is_better: bool = False,
                    focus: str | None = None, neighbours: Iterable[str] = ()) -> set[str]:
    """The persons named on the map: the ``top`` best on the measure, the focused person
    and their neighbours.

    Parameters
    ----------
    measure : mapping
        Person id -> value of the chosen measure (None or NaN: undefined, never in the top).
    top : int
        How many to name by the measure (0: none). Ties at the cut are broken by id (text).
    lower_is_better : bool
        True for a measure where low marks the person who matters (Burt's constraint).
    focus, neighbours
        The person searched or clicked and the persons tied to them; all are named.

    Returns
    -------
    set of str
        Person ids.
    """
    defined = [(str(k), float(v)) for k, v in measure.items() if v is not None and not math.isnan(float(v))]
    sign = 1.0 if lower_is_better else -1.0
    ranked = sorted(defined, key=lambda kv: (sign * kv[1], kv[0]))
    chosen = {k for k, _ in ranked[: max(top, 0)]}
    if focus is not None:
        chosen |= {str(focus), *(str(v) for v in neighbours)}
    return chosen


def focus_persons(edges: pd.DataFrame, focus: str) -> set[str]:
    """The neighbours of ``focus`` among ``edges`` (source, target): the ego network's alters."""
    if not len(edges):
        return set()
    src, tgt = edges["source"].astype(str), edges["target"].astype(str)
    return set(tgt[src == str(focus)]) | set(src[tgt == str(focus)])


def brokers(betweenness: Mapping[str, float | None], count: int = BROKERS) -> set[str]:
    """The persons "Toon makelaars" marks: the ``count`` with the highest betweenness
    (:func:`netwerk.analysis.betweenness`, as on Actoren's "Makelaarspositie"), only
    values above 0, ties at the cut broken by id."""
    ranked = sorted(((str(k), float(v)) for k, v in betweenness.items()
                     if v is not None and not math.isnan(float(v)) and float(v) > 0), key=lambda kv: (-kv[1], kv[0]))
    return {k for k, _ in ranked[:count]}


def readable_map(md: MapData, nodes: pd.DataFrame, size_by: SizeBy = "degree", top: int = LABEL_TOP,
                 focus: str | None = None, show_brokers: bool = False, tie_note: str = "") -> MapData:
    """A person map (:func:`style_map`) with only the names that matter, a focus and brokers.

    Parameters
    ----------
    md : MapData
        A person map; its ``label`` column holds every name.
    nodes : pandas.DataFrame
        The service's person table (person_id, the measure columns, betweenness).
    size_by : str
        The measure that sizes the nodes; it also picks who is named (:func:`label_selection`).
    top : int
        Names shown by the measure (default :data:`LABEL_TOP`).
    focus : str, optional
        A person id on the map: named with their neighbours, the rest faded by the renderer.
        An id not on the map is ignored.
    show_brokers : bool
        Outline and name :func:`brokers`.
    tie_note : str
        A plain-text line on the ties hidden (e.g. from :data:`netwerk.services.network_map.TIE_FILTERS`).

    Returns
    -------
    MapData
        With ``name`` (every name), ``label`` (names shown, else ""), ``size`` rescaled
        linearly from 10-50 px to :data:`READABLE_SIZES` (6-30 px), ``notes``,
        ``size_legend``, ``focus`` and ``brokers`` set.
    """
    ids = [str(v) for v in md.nodes["id"]]
    focus = str(focus) if focus is not None and str(focus) in set(ids) else None
    measure = dict(zip(nodes["person_id"].astype(str), [plain(v) for v in nodes[size_by]], strict=True))
    marked = brokers(dict(zip(nodes["person_id"].astype(str), nodes["betweenness"], strict=True))) if show_brokers \
        else set()
    alters = focus_persons(md.edges, focus) if focus else set()
    named = label_selection(measure, top, size_by in LOWER_IS_BETTER, focus, alters) | marked
    lo_px, hi_px = READABLE_SIZES
    resized = [lo_px + (hi_px - lo_px) * (float(v) - MIN_SIZE) / (MAX_SIZE - MIN_SIZE) for v in md.nodes["size"]]
    table = md.nodes.assign(name=md.nodes["label"], size=resized)
    table["label"] = [lab if i in named else "" for i, lab in zip(ids, table["name"], strict=True)]
    label = SIZE_BY.get(size_by, size_by).lower()
    parts = [f"de {fmt_count(min(top, len(ids)))} personen die het {'laagst' if size_by in LOWER_IS_BETTER else 'hoogst'} "
             f"scoren op {label}"]
    if focus:
        parts.append(f"de persoon in focus en diens {fmt_count(len(alters))} "
                     f"{'directe werkrelatie' if len(alters) == 1 else 'directe werkrelaties'}")
    if marked:
        parts.append(f"de {fmt_count(len(marked))} {'makelaar' if len(marked) == 1 else 'makelaars'} "
                     "(hoogste makelaarspositie, zwart omrand)")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    notes = [f"Namen op de kaart: {listed}. Beweeg over een persoon voor naam en gegevens."]
    if tie_note:
        notes.append(tie_note)
    finite = [v for v in measure.values() if v is not None and not math.isnan(float(v))]
    size_legend: tuple[tuple[float, str], ...] = ()
    if finite:
        lo, hi = min(finite), max(finite)
        digits = 0 if all(float(v).is_integer() for v in finite) else 2
        size_legend = ((lo_px, fmt_number(lo, digits)), (hi_px, fmt_number(hi, digits)))
    return replace(md, nodes=table, notes=tuple(notes), size_legend=size_legend, focus=focus,
                   brokers=frozenset(marked))


def ego_map_data(ego: EgoNetwork) -> MapData:
    """MapData of an ego network (:func:`netwerk.services.colleagues.ego_map`), without
    positions (the renderer's physics lays it out).

    Nodes are coloured by person kind (:data:`netwerk.palette.KIND_COLOURS`); the ego is
    drawn largest (50 px), alters 25 px, alters' alters 15 px (:data:`EGO_SIZES`);
    ``measure`` is the number of steps from the ego. Edges as on the Netwerkkaart.
    """
    rows, legend = [], {}
    for r in ego.nodes.itertuples(index=False):
        key = gs.PERSON_KINDS.get(r.kind, str(r.kind))
        colour = KIND_COLOURS.get(r.kind, MISSING_COLOUR)
        legend[key] = colour
        title = f"{r.label}\nSoort: {key}\nStappen vanaf {ego.ego_label}: {r.steps}"
        rows.append((r.id, r.label, r.kind, key, colour, EGO_SIZES[r.steps], title, r.steps))
    nodes = pd.DataFrame(rows, columns=["id", "label", "kind", "colour_key", "colour", "size", "title", "measure"])
    return MapData(nodes=nodes, edges=ego.edges, legend=dict(sorted(legend.items())))


def view_csv(md: MapData, colour_label: str) -> tuple[bytes, bytes]:
    """The data behind the drawn map as two CSV files for Dutch Excel (``;``, decimal comma,
    UTF-8 with BOM, formula-like text made inert by :func:`netwerk.spreadsheet.formula_safe`).

    Returns
    -------
    (bytes, bytes)
        Nodes: id, naam (full name, also of persons not named on the map), soort (Dutch,
        :data:`NODE_KINDS`), ``colour_label`` in lower case (the legend's key), maat (the
        value behind the size). Ties: van, naar, naam_van, naam_naar, sterkte, soort (Dutch,
        :data:`EDGE_KINDS`).
    """
    n = md.nodes
    names = n["name"] if "name" in n.columns else n["label"]
    nodes = pd.DataFrame({"id": n["id"], "naam": names, "soort": [NODE_KINDS.get(str(k), str(k)) for k in n["kind"]],
                          colour_label.lower(): n["colour_key"], "maat": n["measure"]})
    shown_names = dict(zip(nodes["id"].astype(str), nodes["naam"], strict=True))
    e = md.edges
    edges = pd.DataFrame({"van": e["source"], "naar": e["target"],
                          "naam_van": [shown_names.get(str(v), "") for v in e["source"]],
                          "naam_naar": [shown_names.get(str(v), "") for v in e["target"]],
                          "sterkte": e["weight"], "soort": [EDGE_KINDS.get(str(k), str(k)) for k in e["kind"]]})
    return _csv(nodes), _csv(edges)


# --- helpers --------------------------------------------------------------------------


def _csv(table: pd.DataFrame) -> bytes:
    return formula_safe(table).to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def _group_title(view: str, r) -> str:
    """The plain-text tooltip of an aggregated node: counts only, never a person's name."""
    lines = [r.label, f"Personen: {fmt_count(r.members)}"]
    lines += [f"  {gs.PERSON_KINDS.get(kind, kind)}: {fmt_count(c)}" for kind, c in r.kind_counts]
    lines.append(f"Werkrelaties binnen de groep: {fmt_count(r.internal_ties)} (sterkte {fmt_count(r.internal_weight)})")
    if view == "organisation" and r.sector:
        lines.append(f"Sector: {gs.SECTORS.get(r.sector, r.sector)}")
    elif view == "community":
        top = [f"{org} ({fmt_count(c)})" for org, c in r.top_organisations]
        if top:
            lines.append("Meeste leden van: " + ", ".join(top))
    return "\n".join(lines)


def _sector_legend(present_keys: set[str]) -> dict[str, str]:
    legend = {label: SECTOR_COLOURS[s] for s, label in gs.SECTORS.items() if label in present_keys}
    for k in sorted(present_keys - set(legend) - {NO_SECTOR}):  # a sector outside the vocabulary
        legend[k] = PALETTE[len(legend) % len(PALETTE)]
    if NO_SECTOR in present_keys:
        legend[NO_SECTOR] = MISSING_COLOUR
    return legend


def _kind_legend(present_keys: set[str]) -> dict[str, str]:
    legend = {label: KIND_COLOURS.get(k, MISSING_COLOUR) for k, label in gs.PERSON_KINDS.items() if label in present_keys}
    for k in sorted(present_keys - set(legend)):
        legend[k] = MISSING_COLOUR
    return legend


def _organisation_legend(present_keys: set[str], org_colours: Mapping[str, str] | None) -> dict[str, str]:
    names = sorted(present_keys - {NO_ORGANISATION}, key=str.casefold)
    colours = dict(org_colours) if org_colours is not None else organisation_colours(names)
    legend = {k: colours.get(k, MISSING_COLOUR) for k in names}
    if NO_ORGANISATION in present_keys:
        legend[NO_ORGANISATION] = MISSING_COLOUR
    return legend


def _legend(colour_by: str, keys: list[str], table: pd.DataFrame,
            org_colours: Mapping[str, str] | None = None) -> dict[str, str]:
    """Legend label -> colour for ``colour_by`` (sector, kind, community or organisation), in legend order."""
    if colour_by == "sector":
        return _sector_legend(set(keys))
    if colour_by == "kind":
        return _kind_legend(set(keys))
    if colour_by == "community":
        return {f"Cluster {i + 1}": PALETTE[i % len(PALETTE)] for i in sorted({int(c) for c in table["community"]})}
    return _organisation_legend(set(keys), org_colours)


def _scale(values: list[float | None]) -> list[float]:
    finite = [v for v in values if v is not None]
    if not finite:
        return [MIN_SIZE] * len(values)
    lo, hi = min(finite), max(finite)
    if hi == lo:
        return [MIN_SIZE if v is None else MIN_SIZE + (MAX_SIZE - MIN_SIZE) / 4 for v in values]
    return [MIN_SIZE if v is None else MIN_SIZE + (MAX_SIZE - MIN_SIZE) * ((v - lo) / (hi - lo)) for v in values]


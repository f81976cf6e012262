"""Use cases behind the dashboard's Overzicht, Netwerkkaart, Groei and Actoren pages and
the CLI's ``analyse``: read a snapshot from the store, run :mod:`netwerk.analysis`,
return plain results. Pages and CLI commands only call these.

Every function takes the :class:`~netwerk.access.Viewer` first and returns only what its
role may see (docs/ARCHITECTURE.md, "Roles and privacy"): the snapshot is redacted for the viewer before any
analysis (:func:`netwerk.access.visible_snapshot`), so a professional's results name
residents by pseudonym only, and a bestuurder gets aggregates only: the person-level
functions (:func:`person_network`, :func:`actor_table`) refuse them and
:func:`analyse_report` leaves out the list of brokers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

import networkx as nx
import pandas as pd

import graph_schema as gs
from netwerk import analysis as an
from netwerk.access import Viewer, ratio, require_role, suppress_derived, suppress_small, visible_snapshot
from netwerk.analysis.growth import local_date, two_mode_counts
from netwerk.analysis.ratings import rating_digraph
from netwerk.domain import AMSTERDAM, InputError, Snapshot, SnapshotFilter
from netwerk.services import results
from netwerk.services.areas import area_name, area_names
from netwerk.store.base import Store
from netwerk.text import fmt_compact, plain, plain_dict, plural, present

__all__ = [
    "FilterOptions",
    "Overview",
    "PersonNetwork",
    "actor_frame",
    "actor_table",
    "analyse_report",
    "directed_figures",
    "edge_frame",
    "filter_options",
    "growth_table",
    "organisation_names",
    "overview",
    "participant_counts",
    "person_network",
    "store_totals",
    "with_role_titles",
]

Freq = Literal["month", "quarter", "year"]
@dataclass(frozen=True)
class FilterOptions:
    """What the filters can choose from. Lists of (value, Dutch label) pairs."""

    organisations: list[tuple[str, str]]
    sectors: list[tuple[str, str]]
    person_kinds: list[tuple[str, str]]
    activity_kinds: list[tuple[str, str]]
    themes: list[tuple[str, str]]
    buurten: list[tuple[str, str]]
    first_date: date | None
    last_date: date | None


@dataclass(frozen=True)
class Overview:
    """Key figures of one period and the one before it.

    ``current``/``previous`` are dicts with the keys of
    :func:`netwerk.analysis.network_summary` (persons, organisations, activities,
    participations, ties, density, components, average_degree, clustering, isolates,
    cross_org_ties, organisation_ties; ties are working ties, see
    :mod:`netwerk.analysis.ties`); ``previous`` is None when there is no earlier period.
    ``note`` says in Dutch which periods are compared and why (periods still running or
    nearly empty are skipped); ``choices`` lists the period labels a user may pick.
    """

    period_label: str
    previous_label: str | None
    current: dict[str, float]
    previous: dict[str, float] | None
    note: str = ""
    choices: tuple[str, ...] = ()


NEARLY_EMPTY_SHARE = 0.25
"""A period with fewer activities than this share of the median of the periods with
activities is nearly empty: Overzicht does not present it as "the network" unless asked."""


@dataclass(frozen=True)
class PersonNetwork:
    """The person network behind the map, as data (styled by :mod:`dashboard.map_view`).

    nodes: the columns of :func:`actor_table` plus ``role_title`` (text or None), one row
    per person, highest betweenness first.
    edges: source, target (person ids), weight (tie strength: Newman-weighted shared
    activities plus reported ties), kind (co-participation | knows | both).
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame


def filter_options(viewer: Viewer, store: Store) -> FilterOptions:
    """The choices for the dashboard's filters, from what the store holds.

    Only values that occur are offered: organisations (sorted by name), the sectors of
    those organisations, person kinds, activity kinds (in the vocabulary's order),
    themes attached to activities and buurt codes of activities and persons (labelled
    "Schoolbuurt (BU01770104)", :func:`netwerk.services.areas.area_name`, in name order). Dates are
    the Europe/Amsterdam calendar days of the first and last activity (None without
    dated activities).

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    snap = visible_snapshot(viewer, store)
    orgs = snap.organisations
    organisations = sorted(((str(o), str(n)) for o, n in zip(orgs["org_id"], orgs["name"], strict=True)),
                           key=lambda t: (t[1].casefold(), t[0]))
    present_sectors = set(orgs["sector"])
    present_kinds = set(snap.persons["kind"])
    present_acts = set(snap.activities["kind"])
    themes = sorted({str(t) for t in snap.activity_themes["theme"] if t is not None})
    names = area_names(viewer, store)
    buurten = sorted({str(b) for b in [*snap.activities["buurt_code"], *snap.persons["buurt_code"]] if present(b)},
                     key=lambda b: (area_name(b, names).casefold(), b))
    days = [d for d in (local_date(v) for v in snap.activities["date"]) if d is not None]
    return FilterOptions(
        organisations=organisations,
        sectors=[(s, label) for s, label in gs.SECTORS.items() if s in present_sectors],
        person_kinds=[(k, label) for k, label in gs.PERSON_KINDS.items() if k in present_kinds],
        activity_kinds=[(k, label) for k, label in gs.ACTIVITY_KINDS.items() if k in present_acts],
        themes=[(t, t) for t in themes],
        buurten=[(b, area_name(b, names, with_code=True)) for b in buurten],
        first_date=min(days) if days else None,
        last_date=max(days) if days else None,
    )


def overview(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None, freq: Freq = "quarter",
             period: str | None = None, today: date | None = None) -> Overview:
    """Key figures of one complete period (``freq``) and of the period before it (for the
    change shown on Overzicht).

    Which period: ``period`` when given (a label such as ``2025-K4``); otherwise the
    latest period that is over (its last day before ``today``) and not nearly empty (at
    least :data:`NEARLY_EMPTY_SHARE` of the median number of activities of the periods
    with activities). A period still running or nearly empty is skipped and the
    ``note`` says so; only when no period qualifies is the latest period with activities
    used, with a note. ``previous`` is the calendar period just before (zeros if nothing
    happened then), None if the chosen period is the first.

    Each period's figures describe that period's network only (see
    :func:`netwerk.analysis.summary_per_period`; ties are working ties). Without any
    dated activity (e.g. only reported KNOWS ties) ``current`` is the whole selected
    network, labelled ``totaal``. For a bestuurder counts from 1 to 4 are the text
    ``"<5"`` and the other counts are rounded to a multiple of 5 (see :data:`COUNT_KEYS`);
    the ratios are computed from the rounded counts (:data:`RECOMPUTE`).

    Parameters
    ----------
    today : date, optional
        The Europe/Amsterdam calendar day that decides which periods are over; default
        the real today.

    Raises
    ------
    InputError
        For a ``period`` that is not a period with activities.
    ValueError
        For a ``freq`` other than month, quarter or year.
    StoreError
        If the store cannot be read.
    """
    snap = visible_snapshot(viewer, store, flt)
    table = an.summary_per_period(snap, freq, memo=results.PERIOD_MEMO)
    active = [i for i in range(len(table)) if table.iloc[i]["activities"] > 0]
    if not active:
        summary = _summary(snap, an.person_network(snap))
        return Overview(period_label="totaal", previous_label=None,
                        current=_suppressed(viewer, plain_dict(summary.as_dict())), previous=None,
                        note="Er zijn geen activiteiten met een datum; dit is het hele geselecteerde netwerk.")
    labels = [str(table.iloc[i]["period"]) for i in active]
    today = today or datetime.now(AMSTERDAM).date()
    median = float(pd.Series([table.iloc[i]["activities"] for i in active]).median())
    notes: list[str] = []
    if period is not None:
        if period not in labels:
            raise InputError(f"Periode '{period}' heeft geen activiteiten; kies uit {', '.join(labels)}.")
        i = active[labels.index(period)]
    else:
        over = [i for i in active if table.iloc[i]["period_end"] < today]
        full = [i for i in over if table.iloc[i]["activities"] >= NEARLY_EMPTY_SHARE * median]
        i = (full or over or active)[-1]
        for j in active:
            if j <= i:
                continue
            label, n = table.iloc[j]["period"], int(table.iloc[j]["activities"])
            if table.iloc[j]["period_end"] >= today:
                notes.append(f"{label} loopt nog en telt daarom niet mee ({_count(n, 'activiteit', 'activiteiten')} tot nu toe).")
            else:
                typical = fmt_compact(median, 6)
                notes.append(f"{label} is overgeslagen: maar {_count(n, 'activiteit', 'activiteiten')}, "
                             f"tegen gemiddeld (mediaan) {typical} per periode.")
        if not full:
            notes.append("Geen enkele afgesloten periode heeft genoeg activiteiten om als netwerk te tonen; "
                         "dit is de laatste periode met activiteiten.")
    row = table.iloc[i]
    prev = table.iloc[i - 1] if i > 0 else None
    return Overview(
        period_label=str(row["period"]),
        previous_label=None if prev is None else str(prev["period"]),
        current=_suppressed(viewer, plain_dict({k: row[k] for k in an.SUMMARY_KEYS})),
        previous=None if prev is None else _suppressed(viewer, plain_dict({k: prev[k] for k in an.SUMMARY_KEYS})),
        note=" ".join(["Werkrelaties per periode; de laatste afgesloten periode." if period is None
                       else "Werkrelaties per periode; de gekozen periode.", *notes]),
        choices=tuple(labels),
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {plural(n, one, many)}"


COUNT_KEYS: tuple[str, ...] = ("persons", "organisations", "activities", "participations", "ties", "components",
                               "isolates", "cross_org_ties", "organisation_ties")
"""Summary keys that count people, organisations, activities or ties (suppressed below 5
for bestuurders); the other keys are ratios."""


DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "density": ("persons", "ties"), "average_degree": ("persons", "ties"), "clustering": ("persons", "ties"),
}
"""Summary ratios -> the counts they are computed from (withheld with them; see
:func:`netwerk.access.suppress_derived` and docs/threat-model.md)."""

RECOMPUTE = {
    "density": lambda f: ratio(2 * f["ties"], f["persons"] * (f["persons"] - 1), upper=1.0),
    "average_degree": lambda f: ratio(2 * f["ties"], f["persons"]),
}
"""For a bestuurder: summary ratios computed again from the rounded counts (clustering,
without a formula in counts, is rounded to one decimal instead)."""

DIRECTED_DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "density": ("actors", "ties"),
    "reciprocity_dyadic": ("mutual_dyads", "asymmetric_dyads", "null_dyads"),
    "reciprocity_dyadic_nonnull": ("mutual_dyads", "asymmetric_dyads"),
    "reciprocity_edgewise": ("ties", "mutual_dyads"),
    "mean_in_degree": ("actors", "actors_with_ties", "ties"),
    "mean_out_degree": ("actors", "actors_with_ties", "ties"),
}
"""Directed ratios -> the counts they are computed from."""

DIRECTED_RECOMPUTE = {
    "density": lambda f: ratio(f["ties"], f["actors"] * (f["actors"] - 1), upper=1.0),
    "reciprocity_dyadic": lambda f: ratio(f["mutual_dyads"] + f["null_dyads"],
                                          f["mutual_dyads"] + f["asymmetric_dyads"] + f["null_dyads"]),
    "reciprocity_dyadic_nonnull": lambda f: ratio(f["mutual_dyads"], f["mutual_dyads"] + f["asymmetric_dyads"]),
    "reciprocity_edgewise": lambda f: ratio(2 * f["mutual_dyads"], f["ties"], upper=1.0),
    "mean_in_degree": lambda f: ratio(f["ties"], f["actors"]),
    "mean_out_degree": lambda f: ratio(f["ties"], f["actors"]),
}
"""For a bestuurder: the directed ratios computed again from the rounded counts."""


def _suppressed(viewer: Viewer, figures: dict) -> dict:
    counts = {k: suppress_small(viewer, int(v)) if k in COUNT_KEYS and v is not None else v for k, v in figures.items()}
    return suppress_derived(viewer, counts, DERIVED_FROM, RECOMPUTE)


def person_network(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None) -> PersonNetwork:
    """Persons with their actor measures and weighted ties (co-participation projection
    plus KNOWS ties): the data of the Netwerkkaart's person map, without positions.

    Residents are labelled by pseudonym for professionals (and for coordinators unless
    they consented to their name). Colours, sizes and tooltips are the dashboard's
    (:func:`dashboard.map_view.person_map`).

    Raises
    ------
    PermissionDenied
        For a bestuurder (the map shows persons).
    StoreError
        If the store cannot be read.
    """
    require_role(viewer, "coordinator", "professional")
    snap = visible_snapshot(viewer, store, flt)
    G = an.person_network(snap)
    return PersonNetwork(nodes=with_role_titles(actor_frame(snap, G), snap), edges=edge_frame(G))


def with_role_titles(table: pd.DataFrame, snap: Snapshot) -> pd.DataFrame:
    """``table`` (an :func:`actor_frame`, one row per person_id) with the column
    ``role_title`` added in place (the person's role in ``snap``, text or None); returns it."""
    roles = dict(zip(snap.persons["person_id"].astype(str), snap.persons["role_title"], strict=True))
    table["role_title"] = [roles.get(p) for p in table["person_id"]]
    return table


def edge_frame(G: nx.Graph) -> pd.DataFrame:
    """The ties of a person network (:func:`netwerk.analysis.person_network`) as map edges,
    one row per tie: source, target (person ids), weight (float, the tie's weight), kind
    (the tie's kind)."""
    return pd.DataFrame(
        [(u, v, plain(d["weight"]), d["kind"]) for u, v, d in G.edges(data=True)],
        columns=["source", "target", "weight", "kind"],
    )


def growth_table(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None, freq: Freq = "quarter") -> pd.DataFrame:
    """The network summary per period.

    Columns: period (label such as ``2025-K1``, ``2025-03`` or ``2025``), period_start
    (date), period_end (date), and the keys of :func:`netwerk.analysis.network_summary`.
    Each row describes the network of that period's activities only (plus KNOWS ties
    reported in it; see :func:`netwerk.analysis.summary_per_period`). For a bestuurder
    the counts in :data:`COUNT_KEYS` from 1 to 4 are the text ``"<5"``, the others rounded to a multiple
    of 5, and the ratios computed from the rounded counts (CBS practice). Periods run from
    the first to the last dated activity, empty ones included (KNOWS ties outside that
    range add no periods).

    Raises
    ------
    ValueError
        For a ``freq`` other than month, quarter or year.
    StoreError
        If the store cannot be read.
    """
    table = an.summary_per_period(visible_snapshot(viewer, store, flt), freq, memo=results.PERIOD_MEMO)
    if viewer.role == "bestuurder":
        rows = [_suppressed(viewer, row) for row in table.to_dict("records")]
        for key in [*COUNT_KEYS, *DERIVED_FROM]:
            if key in table:
                table[key] = pd.Series([r[key] for r in rows], dtype=object, index=table.index)
    return table


def actor_table(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None) -> pd.DataFrame:
    """Actor measures, one row per person, sorted by betweenness (highest first).

    Columns: person_id, name, kind, organisation, sector, degree, weighted_degree,
    betweenness, eigenvector, constraint, effective_size, community.

    ``name`` is the display label (a pseudonym for residents without consent),
    ``organisation`` the organisation's name, ``kind`` and ``sector`` vocabulary codes
    (Dutch labels in :mod:`graph_schema`). Ties in betweenness are ordered by
    person_id. See :func:`netwerk.analysis.actor_measures` for the measures (betweenness
    normalised to 0-1 on distances 1/weight; NaN constraint and effective size for
    isolates). Professionals see residents by pseudonym only.

    Raises
    ------
    PermissionDenied
        For a bestuurder (one row per person).
    StoreError
        If the store cannot be read.
    """
    require_role(viewer, "coordinator", "professional")
    snap = visible_snapshot(viewer, store, flt)
    return actor_frame(snap, an.person_network(snap))


def participant_counts(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None, freq: Freq = "quarter") -> pd.DataFrame:
    """Activities and participants per period, counting erased and unnamed participants.

    These figures stay the same when a person is erased (:meth:`Store.erase_person`
    turns their participation into an anonymous count), so reports on past periods
    remain consistent. Only activities are filtered (period, kinds, themes, buurten);
    person filters do not apply, since anonymous participants have no kind.

    Columns: period (label as in :func:`growth_table`), period_start, period_end
    (dates), activities, recorded (participations of persons on record), anonymous
    (``anonymous_participants`` summed), participants (recorded + anonymous). One row
    per period from the first to the last dated activity; empty periods give zeros.

    Raises
    ------
    ValueError
        For a ``freq`` other than month, quarter or year.
    StoreError
        If the store cannot be read.
    """
    from netwerk.analysis.growth import period_label, periods

    flt = flt or SnapshotFilter()
    activity_only = SnapshotFilter(start=flt.start, end=flt.end, activity_kinds=flt.activity_kinds, themes=flt.themes,
                                   buurten=flt.buurten)
    snap = visible_snapshot(viewer, store, activity_only)
    # Every participation row of the kept activities, whoever the person is.
    parts = store.table("participations")
    acts = snap.activities
    days = {str(a): local_date(d) for a, d in zip(acts["activity_id"], acts["date"], strict=True)}
    dated = {a: d for a, d in days.items() if d is not None}
    columns = ["period", "period_start", "period_end", "activities", "recorded", "anonymous", "participants"]
    if not dated:
        return pd.DataFrame(columns=columns)
    rows: dict[str, list[Any]] = {label: [label, start, end, 0, 0, 0, 0] for label, start, end in periods(min(dated.values()),
                                                                                    max(dated.values()), freq)}
    recorded = parts["activity_id"].astype(str).value_counts().to_dict() if len(parts) else {}
    for a, anon in zip(acts["activity_id"].astype(str), acts["anonymous_participants"], strict=True):
        if a not in dated:
            continue
        row = rows[period_label(dated[a], freq)]
        n_anon = 0 if anon is None or (isinstance(anon, float) and math.isnan(anon)) else int(anon)
        row[3] += 1
        row[4] += int(recorded.get(a, 0))
        row[5] += n_anon
        row[6] += int(recorded.get(a, 0)) + n_anon
    return pd.DataFrame(list(rows.values()), columns=columns)


def analyse_report(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None, top: int = 10) -> dict:
    """A JSON-ready report (the CLI's ``analyse --json``).

    Keys: persons, organisations, activities, participations, ties, density,
    components, average_degree, clustering, isolates, cross_org_ties, communities,
    modularity, ei_index_organisation, ei_index_sector, and top_brokers: a list of
    {person_id, name, betweenness}, highest first (at most ``top``).

    Further keys (figures of the whole network only, the same for every role):

    - louvain_runs, louvain_seed: the partition is the best of ``louvain_runs`` seeded
      Louvain runs, kept from the run with seed ``louvain_seed``
      (:func:`~netwerk.analysis.louvain_communities`);
    - diameter: {diameter, lower_bound, upper_bound, component_persons, persons,
      searches, exact}: the longest shortest path in steps (ties, unweighted) within the
      largest component of the person network only
      (:func:`~netwerk.analysis.largest_component_diameter`);
    - betweenness: how ``top_brokers``' betweenness is computed: {normalised: True
      (divided by (n-1)(n-2)/2), weighted: True, distance: "1/w" (tie strength w becomes
      distance 1/w), exact: bool, sample_pivots: None or the pivots sampled, seed};
    - kent: :func:`~netwerk.analysis.directed_summary` of the directed KNOWS network
      (:func:`~netwerk.analysis.knows_digraph`, every person of the snapshot a node):
      actors, ties, density, dyad census, reciprocity (dyadic, dyadic_nonnull, edgewise as
      R sna's ``grecip``), mean and max in/out-degree;
    - beoordelingen: {round_id: the same figures for that survey round's rating network
      (:func:`~netwerk.analysis.ratings.rating_digraph`: raters and rated persons and
      organisations)}, rounds oldest first.

    Values are plain ints, floats, strings, lists and dicts; an undefined value (an E-I
    index without ties between persons with an organisation) is None, never NaN.
    density, clustering and betweenness (normalised, on distances 1/weight) lie in 0-1;
    E-I indices in -1..1 (Krackhardt & Stern 1988); modularity is Newman's weighted Q of
    the Louvain partition (see :mod:`netwerk.analysis`). A bestuurder's report has no
    ``top_brokers`` (it names persons); a professional's names residents by pseudonym.

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    snap = visible_snapshot(viewer, store, flt)
    G = an.person_network(snap)
    view = an.to_igraph(G)  # one conversion for the summary, Louvain and the actor measures
    report: dict = plain_dict(_summary(snap, G, view).as_dict())
    comms = an.louvain_communities(G, view=view)
    report["communities"] = len(comms)
    report["modularity"] = plain(comms.modularity)
    report["ei_index_organisation"] = plain(an.ei_index(G, "org_id").ei_index)
    report["ei_index_sector"] = plain(an.ei_index(G, "sector").ei_index)
    report["louvain_runs"] = comms.runs
    report["louvain_seed"] = comms.seed
    report["diameter"] = plain_dict(an.largest_component_diameter(G, view=view).as_dict())
    report["betweenness"] = _betweenness_method(G)
    kent, rounds = _directed(snap)
    report["kent"] = kent
    report["beoordelingen"] = rounds
    if viewer.role == "bestuurder":
        return report
    actors = actor_frame(snap, G, comms, view)
    report["top_brokers"] = [
        {"person_id": str(r.person_id), "name": str(r.name), "betweenness": plain(r.betweenness)}
        for r in actors.head(max(top, 0)).itertuples(index=False)
    ]
    return report


DIRECTED_LABELS: dict[str, str] = {
    "actors": "Personen", "actors_with_ties": "Met een gerichte relatie", "ties": "Gerichte relaties",
    "density": "Dichtheid", "mutual_dyads": "Wederzijdse paren", "asymmetric_dyads": "Eenzijdige paren",
    "null_dyads": "Paren zonder relatie", "reciprocity_edgewise": "Wederkerigheid (per relatie)",
    "reciprocity_dyadic_nonnull": "Wederkerigheid (per verbonden paar)",
    "reciprocity_dyadic": "Symmetrische paren (ook lege)", "mean_in_degree": "Gem. ingraad",
    "mean_out_degree": "Gem. uitgraad", "max_in_degree": "Hoogste ingraad", "max_out_degree": "Hoogste uitgraad",
}
"""The keys of :func:`netwerk.analysis.directed_summary` -> Dutch names, for the dashboard and
``netwerk analyse`` alike."""

_DIRECTED_COUNTS = ("actors", "actors_with_ties", "ties", "mutual_dyads", "asymmetric_dyads", "null_dyads",
                    "max_in_degree", "max_out_degree")


def directed_figures(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None) -> pd.DataFrame:
    """The directed networks: reported "kent" ties and each survey round's ratings.

    The same figures as ``analyse_report``'s ``kent`` and ``beoordelingen`` (computed by
    one helper), for the dashboard.

    Returns
    -------
    pandas.DataFrame
        One row per network: ``network`` (Dutch: "Kent" or "Beoordelingen <ronde>"), then
        the keys of :func:`netwerk.analysis.directed_summary` (density and reciprocity as
        in R's sna ``gden``/``grecip``). For a bestuurder the counts from 1 to 4 are
        ``"<5"``, the others rounded to a multiple of 5, and the ratios computed from
        the rounded counts (:data:`DIRECTED_RECOMPUTE`).

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    snap = visible_snapshot(viewer, store, flt)
    kent, rounds = _directed(snap)
    names = dict(zip(snap.survey_rounds["round_id"].astype(str), snap.survey_rounds["name"], strict=True))
    rows = [{"network": "Kent (gemeld)", **kent}]
    rows += [{"network": f"Beoordelingen {names.get(r, r)}", **f} for r, f in rounds.items()]
    table = pd.DataFrame(rows, columns=["network", *an.DIRECTED_KEYS])
    if viewer.role == "bestuurder":
        for key in _DIRECTED_COUNTS:
            table[key] = [suppress_small(viewer, int(v)) for v in table[key]]
        rows = [suppress_derived(viewer, row, DIRECTED_DERIVED_FROM, DIRECTED_RECOMPUTE)
                for row in table.to_dict("records")]
        for key in DIRECTED_DERIVED_FROM:
            table[key] = pd.Series([r[key] for r in rows], dtype=object, index=table.index)
    return table


# --- helpers --------------------------------------------------------------------------


def _directed(snap: Snapshot) -> tuple[dict, dict]:
    """The directed summaries of the KNOWS network and of each round's ratings (by round id)."""
    kent = plain_dict(an.directed_summary(an.knows_digraph(snap)))
    rounds = {
        r: plain_dict(an.directed_summary(rating_digraph(snap.ratings[snap.ratings["round_id"].astype(str) == r])))
        for r in _round_ids(snap)
    }
    return kent, rounds

_ACTOR_TABLE_COLUMNS = [
    "person_id", "name", "kind", "organisation", "sector", "degree", "weighted_degree", "betweenness",
    "eigenvector", "constraint", "effective_size", "community",
]


def _summary(snap: Snapshot, G: nx.Graph, view: an.IGraphView | None = None) -> an.NetworkSummary:
    """``network_summary(G, bipartite_graph(snap))`` without building the bipartite graph:
    activities and participations counted from the snapshot's frames (same numbers)."""
    activities, participations = two_mode_counts(snap)
    return replace(an.network_summary(G, view=view), activities=activities, participations=participations)


def _betweenness_method(G: nx.Graph, seed: int = 42) -> dict:
    """How :func:`~netwerk.analysis.actor_measures` computes betweenness for ``G`` (the
    pivot count it decides with, :func:`~netwerk.analysis.centrality.betweenness_pivot_count`)."""
    from netwerk.analysis.centrality import betweenness_pivot_count

    k = betweenness_pivot_count(G)
    return {"normalised": True, "weighted": True, "distance": "1/w", "exact": k is None, "sample_pivots": k,
            "seed": seed}


def _round_ids(snap: Snapshot) -> list[str]:
    """Survey rounds with ratings in the snapshot, oldest first (then by id)."""
    rated = set(snap.ratings["round_id"].astype(str)) if len(snap.ratings) else set()
    rounds = snap.survey_rounds.sort_values(["date", "round_id"], kind="mergesort")
    ordered = [r for r in rounds["round_id"].astype(str) if r in rated]
    return ordered + sorted(rated - set(ordered))


def organisation_names(snap: Snapshot) -> dict[str, str]:
    """org_id -> organisation name, for every organisation in ``snap``."""
    o = snap.organisations
    return dict(zip(o["org_id"].astype(str), o["name"], strict=True))


def actor_frame(snap: Snapshot, G: nx.Graph, comms: an.Communities | None = None,
                 view: an.IGraphView | None = None) -> pd.DataFrame:
    """The rows of :func:`actor_table` for the person network ``G`` of ``snap`` (a
    snapshot the caller already read for its viewer), same columns and order.

    ``comms`` and ``view`` (the Louvain communities and igraph view of ``G``) are computed
    when not given; pass them to share one computation with other figures.
    """
    # One igraph conversion and one Louvain run, shared by the communities and the
    # actor measures (whose sampled betweenness is stratified by the same communities).
    view = view if view is not None else an.to_igraph(G)
    comms = comms if comms is not None else an.louvain_communities(G, view=view)
    m = an.actor_measures(G, communities=comms, view=view)
    org_names = organisation_names(snap)
    nodes = G.nodes
    m["name"] = [nodes[p]["label"] for p in m["person_id"]]
    m["kind"] = [nodes[p]["kind"] for p in m["person_id"]]
    m["organisation"] = [org_names.get(nodes[p]["org_id"]) if nodes[p]["org_id"] else None for p in m["person_id"]]
    m["sector"] = [nodes[p]["sector"] for p in m["person_id"]]
    m = m.sort_values(["betweenness", "person_id"], ascending=[False, True], kind="mergesort")
    return m[_ACTOR_TABLE_COLUMNS].reset_index(drop=True)


STORE_TOTALS = ("persons", "organisations", "activities", "participations")
"""The whole store's counts Overzicht shows under "Alles wat is vastgelegd"."""


def store_totals(viewer: Viewer, store: Store) -> dict[str, int | str]:
    """Everything recorded, without filters: the number of persons, organisations,
    activities and participations in the store (:data:`STORE_TOTALS`).

    For a bestuurder each count is rounded like every count they see
    (:func:`netwerk.access.suppress_small`: 1-4 as ``"<5"``, others to a multiple of 5);
    other roles get the exact numbers.

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    counts = store.counts()
    return {k: suppress_small(viewer, int(counts.get(k, 0))) for k in STORE_TOTALS}

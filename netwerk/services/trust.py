"""Trust and collaboration growth: survey rounds, the change between two moments and
commitments beside participation. What the Vertrouwen, Verschil, Inzet and Groei pages
and the bestuurders' report call.

Every function takes the :class:`~netwerk.access.Viewer` first and returns only what
that role may see (docs/ARCHITECTURE.md, "Roles and privacy"):

- bestuurder: organisations and sectors only. Persons who rate or are rated count only
  through their organisation (:func:`netwerk.analysis.ratings.to_organisations`); no
  person's name or id is returned; counts below :data:`MIN_COUNT` are shown as ``"<5"``
  (as CBS does).
- professional: may also see persons, residents only by pseudonym.
- coordinator: everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

import graph_schema as gs
from netwerk.access import (
    RATIO_DECIMALS,
    SUPPRESS_BELOW,
    PermissionDenied,
    Viewer,
    ratio,
    round_count,
    suppress_derived,
    visible_snapshot,
)
from netwerk.analysis import diff as df_
from netwerk.analysis import ratings as rt
from netwerk.analysis.growth import (
    day_span,
    local_days,
    period_bounds,
    period_label,
    period_parts,
    period_snapshot,
    periods,
)
from netwerk.analysis.ties import FIGURES
from netwerk.domain import InputError, NotFoundError, Snapshot
from netwerk.store.base import Store
from netwerk.text import counted, fmt_count, fmt_date, fmt_number

__all__ = [
    "MIN_COUNT",
    "SUPPRESSED",
    "MomentDiff",
    "RoundView",
    "bestuurder_diff",
    "commitments_table",
    "commitments_vs_participation",
    "commitments_vs_participation_in",
    "compare_periods",
    "compare_periods_in",
    "compare_rounds",
    "compare_rounds_in",
    "default_rounds",
    "default_rounds_in",
    "latest_period",
    "narrative",
    "organisation_network_by_period",
    "period_choices",
    "round_view",
    "round_view_in",
    "survey_rounds",
    "suppress",
]

MIN_COUNT = SUPPRESS_BELOW
SUPPRESSED = f"<{SUPPRESS_BELOW}"
"""Counts below :data:`MIN_COUNT` are shown to bestuurders as this text."""

Level = Literal["organisation", "actor"]
Freq = Literal["month", "quarter", "year"]


# --- helpers ------------------------------------------------------------------------------


def suppress(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A copy with the counts in ``columns`` as a bestuurder sees them
    (:func:`netwerk.access.round_count`): 1 to 4 is ``"<5"``, the others rounded to a
    multiple of 5 (CBS's rule); the columns become text-or-int objects."""
    out = frame.copy()
    for c in columns:
        if c in out.columns:
            out[c] = pd.Series([v if (v is None or isinstance(v, str) or pd.isna(v)) else round_count(int(v))
                                for v in out[c]], dtype=object, index=out.index)
    return out


ROUND_COUNTS = ("actors", "ratings", "pairs", "incomplete_trust", "incomplete_value")
"""The counts in a round's summary (rounded for a bestuurder)."""

ROUND_DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "density": ("actors", "pairs"), "reciprocity": ("pairs",),
    "mean_trust": ("ratings",), "mean_value": ("ratings",), "mean_trust_pct": ("ratings",),
    "mean_value_pct": ("ratings",), "mean_himmelman": ("ratings",),
}
"""A round's ratios -> the counts they derive from: a mean of 1 to 4 scores gives their
number back (2,67 = 8/3), so it is withheld with a ``"<5"`` count."""

ROUND_RECOMPUTE = {
    "density": lambda f: ratio(f["pairs"], f["actors"] * (f["actors"] - 1), upper=1.0),
    "mean_trust_pct": lambda f: rt.percent_of_max(round(f["mean_trust"], 1)),
    "mean_value_pct": lambda f: rt.percent_of_max(round(f["mean_value"], 1)),
}
"""For a bestuurder: density from the rounded counts, the percentages from the means as
shown (one decimal); reciprocity and the means are rounded to one decimal."""


def _bestuurder_summary(viewer: Viewer, summary: dict) -> dict:
    counts = {k: round_count(int(v)) if k in ROUND_COUNTS else v for k, v in summary.items()}
    return suppress_derived(viewer, counts, ROUND_DERIVED_FROM, ROUND_RECOMPUTE)


def _bestuurder_himmelman(hm: pd.DataFrame) -> pd.DataFrame:
    """Counts rounded, each share computed from the rounded counts (NaN where the count or
    the round's total is "<5": the share would give it back)."""
    total = round_count(int(hm["count"].sum())) if len(hm) else 0
    out = suppress(hm, ["count"])
    out["share"] = [float("nan") if isinstance(c, str) or isinstance(total, str) else ratio(c, total, upper=1.0)
                    if total else 0.0 for c in out["count"]]
    return out


def _check_level(viewer: Viewer, level: str) -> None:
    if level not in ("organisation", "actor"):
        raise InputError(f"Onbekend niveau '{level}': kies organisation of actor.")
    if level == "actor" and viewer.role == "bestuurder":
        raise PermissionDenied("Bestuurders zien beoordelingen alleen per organisatie en sector.")


def _org_labels(organisations: pd.DataFrame) -> dict[str, str]:
    """org_id -> a display name that is unique among ``organisations`` (columns org_id,
    name): the name itself, or ``"Naam (org_id)"`` for every organisation whose name
    another organisation shares (the schema allows two organisations of one name), and
    the org_id where the name is empty. Tables and matrices that use the names as labels
    (index, columns) therefore never get duplicate labels.
    """
    ids = [str(i) for i in organisations["org_id"]]
    raw = [n.strip() if isinstance(n, str) and n.strip() else None for n in organisations["name"]]
    seen: dict[str, int] = {}
    for n in raw:
        if n is not None:
            seen[n] = seen.get(n, 0) + 1
    out = {i: (i if n is None else n if seen[n] == 1 else f"{n} ({i})") for i, n in zip(ids, raw, strict=True)}
    taken = list(out.values())
    if len(set(taken)) < len(taken):  # "A (x)" may itself be another organisation's name: fall back to ids
        counts = {v: taken.count(v) for v in taken}
        out = {i: (v if counts[v] == 1 else f"{v} [{i}]") for i, v in out.items()}
    return out


def _org_names(snap: Snapshot) -> dict[str, str]:
    return _org_labels(snap.organisations)


def _org_sectors(snap: Snapshot) -> dict[str, str]:
    o = snap.organisations
    return dict(zip(o["org_id"].astype(str), o["sector"], strict=True))


def _person_org(snap: Snapshot) -> dict[str, str | None]:
    p = snap.persons
    return dict(zip(p["person_id"].astype(str), p["org_id"], strict=True))


def _person_names(viewer: Viewer, snap: Snapshot) -> dict[str, str]:
    """Names a non-bestuurder may see: residents by pseudonym only (also with consent)
    for professionals; the snapshot's label otherwise."""
    p = snap.persons
    out = {}
    for r in p.itertuples(index=False):
        if r.kind == "resident" and viewer.role != "coordinator":
            out[str(r.person_id)] = r.pseudonym or f"Bewoner {r.person_id}"
        else:
            out[str(r.person_id)] = r.label
    return out


def _rounds_frame(snap: Snapshot) -> pd.DataFrame:
    r = snap.survey_rounds.sort_values(["date", "round_id"], kind="mergesort").reset_index(drop=True)
    return r[["round_id", "name", "date"]]


def _round_row(snap: Snapshot, round_id: str) -> pd.Series:
    r = _rounds_frame(snap)
    hit = r[r["round_id"] == round_id]
    if not len(hit):
        known = ", ".join(r["round_id"]) or "geen"
        raise NotFoundError(f"Ronde '{round_id}' bestaat niet; bekende rondes: {known}.")
    return hit.iloc[0]


def _round_ratings(snap: Snapshot, round_id: str) -> pd.DataFrame:
    return snap.ratings[snap.ratings["round_id"] == round_id].reset_index(drop=True)


def _org_level(snap: Snapshot, ratings: pd.DataFrame) -> pd.DataFrame:
    return rt.to_organisations(ratings, _person_org(snap))


# --- survey rounds ------------------------------------------------------------------------


def survey_rounds(viewer: Viewer, store: Store) -> pd.DataFrame:
    """The survey rounds, oldest first.

    Returns
    -------
    pandas.DataFrame
        Columns round_id, name, date, ratings (number of ratings in the round; for a
        bestuurder ``"<5"`` below 5).

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    snap = visible_snapshot(viewer, store)
    r = _rounds_frame(snap).copy()
    counts = snap.ratings["round_id"].value_counts()
    r["ratings"] = [int(counts.get(i, 0)) for i in r["round_id"]]
    return suppress(r, ["ratings"]) if viewer.role == "bestuurder" else r


def default_rounds(viewer: Viewer, store: Store) -> tuple[str | None, str | None]:
    """The two most recent rounds (earlier, later); (None, latest) with one round,
    (None, None) without rounds."""
    return default_rounds_in(visible_snapshot(viewer, store))


def default_rounds_in(snap: Snapshot) -> tuple[str | None, str | None]:
    """:func:`default_rounds` of a snapshot the caller already read: the round ids
    (earlier, later) of the two most recent rounds; (None, latest) with one round,
    (None, None) without rounds."""
    ids = list(_rounds_frame(snap)["round_id"])
    if not ids:
        return None, None
    return (ids[-2] if len(ids) > 1 else None), ids[-1]


@dataclass
class RoundView:
    """One survey round as a role may see it (see :func:`round_view`).

    ``summary``: :class:`netwerk.analysis.ratings.RoundSummary` as a dict.
    ``actors``: one row per actor: actor_id, name, type (organisatie/persoon), sector,
    received, trust_received, value_received, trust_received_pct, value_received_pct,
    given, trust_given, value_given (scores 1-4). ``trust_matrix``/``value_matrix``:
    organisation x organisation means (rows raters, columns rated, organisation names).
    ``himmelman``: round_id, level, label, count, share. ``incomplete_note``: Dutch
    sentence on ratings without a trust or value score ("" when none).
    """

    round_id: str
    name: str
    date: dt.date
    level: str
    summary: dict
    actors: pd.DataFrame
    trust_matrix: pd.DataFrame
    value_matrix: pd.DataFrame
    himmelman: pd.DataFrame
    incomplete_note: str


def round_view(viewer: Viewer, store: Store, round_id: str, level: Level = "organisation") -> RoundView:
    """Trust, value, density and reciprocity of one round.

    Parameters
    ----------
    viewer : Viewer
    store : Store
    round_id : str
    level : {"organisation", "actor"}
        ``organisation``: persons count through their organisation (ratings between
        people of one organisation and of people without one are left out); ``actor``:
        persons and organisations as rated (not for bestuurders).

    Returns
    -------
    RoundView

    Raises
    ------
    NotFoundError
        For an unknown round.
    PermissionDenied
        For a bestuurder asking for ``actor`` level.
    InputError
        For an unknown level.
    """
    _check_level(viewer, level)
    return round_view_in(visible_snapshot(viewer, store), viewer, round_id, level)


def round_view_in(snap: Snapshot, viewer: Viewer, round_id: str, level: Level = "organisation") -> RoundView:
    """:func:`round_view` of a snapshot the caller already read, so that several parts
    (e.g. of :func:`netwerk.services.report.build_report`) share one read.

    ``snap`` must be what ``viewer`` may see (``visible_snapshot(viewer, ...)``); ``viewer``
    decides how persons are named at ``actor`` level. Unlike :func:`round_view` the level
    is not checked against the role: the caller does that.

    Raises
    ------
    NotFoundError
        For an unknown round.
    """
    row = _round_row(snap, round_id)
    raw = _round_ratings(snap, round_id)
    ratings = _org_level(snap, raw) if level == "organisation" else raw
    summary = rt.round_summary(ratings, round_id).as_dict()
    names = _org_names(snap)
    sectors = _org_sectors(snap)
    person_names = {} if level == "organisation" else _person_names(viewer, snap)
    person_org = _person_org(snap)
    actors = rt.actor_scores(ratings)
    actors["name"] = [names.get(a) if t == "organisation" else person_names.get(a, a)
                      for a, t in zip(actors["actor_id"], actors["actor_type"], strict=True)]
    actors["sector"] = [sectors.get(a) if t == "organisation" else sectors.get(person_org.get(a) or "")
                        for a, t in zip(actors["actor_id"], actors["actor_type"], strict=True)]
    actors["type"] = ["organisatie" if t == "organisation" else "persoon" for t in actors["actor_type"]]
    actors = actors[["actor_id", "name", "type", "sector", "received", "trust_received", "value_received",
                     "trust_received_pct", "value_received_pct", "given", "trust_given", "value_given"]]
    org_ratings = ratings if level == "organisation" else _org_level(snap, raw)
    order = sorted(set(map(str, org_ratings["rater_id"])) | set(map(str, org_ratings["rated_id"])),
                   key=lambda o: (str(names.get(o, o)).casefold(), o)) if len(org_ratings) else []
    matrices = []
    for measure in ("trust", "value"):
        M = rt.organisation_matrix(org_ratings, measure, order)
        M.index = [names.get(i, i) for i in M.index]
        M.columns = [names.get(c, c) for c in M.columns]
        matrices.append(M)
    hm = rt.himmelman_distribution(ratings)
    n_t, n_v = summary["incomplete_trust"], summary["incomplete_value"]
    note = ""
    if n_t or n_v:
        note = (f"{counted(n_t, 'beoordeling', 'beoordelingen')} zonder vertrouwensscore en {fmt_count(n_v)} zonder "
                "waardescore: daar ontbreekt een item, "
                "dus telt dat paar niet mee in het gemiddelde.")
    if viewer.role == "bestuurder":
        actors = suppress(actors, ["received", "given"])
        hm = _bestuurder_himmelman(hm)
        summary = _bestuurder_summary(viewer, summary)
        if n_t or n_v:
            note = ("Een deel van de beoordelingen heeft geen vertrouwens- of waardescore (een item ontbreekt); "
                    "die paren tellen niet mee in het gemiddelde.")
    return RoundView(round_id=round_id, name=str(row["name"]), date=row["date"], level=level, summary=summary,
                     actors=actors.reset_index(drop=True), trust_matrix=matrices[0], value_matrix=matrices[1],
                     himmelman=hm, incomplete_note=note)


# --- the change between two moments ---------------------------------------------------------


@dataclass
class MomentDiff:
    """What changed between two moments, by organisation (see :func:`compare_rounds`,
    :func:`compare_periods`).

    ``ties``: organisation_a, organisation_b, weight_before, weight_after, change (Dutch:
    nieuw, verdwenen, sterker, zwakker, gelijk). ``newly_connected``: organisation
    names. ``brokerage``: organisation, sector, betweenness_before/after/change,
    constraint_before/after/change, direction (steeg, daalde, gelijk). ``pairs`` (rounds
    only): rater, rated, trust_before/after/change, value_..., himmelman_....
    ``counts``: see :class:`netwerk.analysis.diff.NetworkDiff`; ``means`` (rounds only):
    trust, value and himmelman ``_before``/``_after`` and the ratings they are over
    (``ratings_before``/``_after``; for a bestuurder rounded, the means None where the
    ratings are below 5, see :func:`bestuurder_diff`); ``narrative``: Dutch
    sentences generated from the numbers. :attr:`tie_label` names the tie the counts
    count (the glossary's term, :mod:`netwerk.analysis.ties`).
    """

    kind: str
    before_label: str
    after_label: str
    ties: pd.DataFrame
    newly_connected: list[str]
    brokerage: pd.DataFrame
    pairs: pd.DataFrame
    counts: dict[str, int | str]  # str: "<5" for a bestuurder (see bestuurder_diff)
    means: dict[str, Any] = field(default_factory=dict)  # floats; for a bestuurder also "<5" and None
    narrative: list[str] = field(default_factory=list)

    @property
    def tie_label(self) -> str:
        """The Dutch name of the tie counted: for periods the organisation tie of the tie
        model ("Verbonden organisatieparen"), for rounds a collaboration reported in the
        survey (a rating with Himmelman level 1 or more)."""
        return TIE_LABELS[self.kind]


TIE_LABELS: dict[str, str] = {
    "periods": FIGURES["organisation_ties"].label,
    "rounds": "Samenwerkingsrelaties volgens de enquête",
}
"""MomentDiff.kind -> the Dutch name of the tie its counts count."""

_DIRECTION = {"rose": "steeg", "fell": "daalde", "same": "gelijk"}


def _named_diff(kind: str, before_label: str, after_label: str, d: df_.NetworkDiff, snap: Snapshot,
                means: dict[str, float] | None = None) -> MomentDiff:
    names = _org_names(snap)
    sectors = _org_sectors(snap)
    ties = d.ties.copy()
    ties.insert(0, "organisation_b", [names.get(t, t) for t in ties["target"]])
    ties.insert(0, "organisation_a", [names.get(s, s) for s in ties["source"]])
    ties["change"] = ties["change"].map(df_.CHANGE_LABELS)
    ties = ties.drop(columns=["source", "target"])
    brok = d.brokerage.copy()
    brok.insert(0, "sector", [gs.SECTORS.get(sectors.get(n, ""), sectors.get(n)) for n in brok["node"]])
    brok.insert(0, "organisation", [names.get(n, n) for n in brok["node"]])
    brok["direction"] = brok["direction"].map(_DIRECTION)
    brok = brok.drop(columns=["node"])
    pairs = d.pairs.copy()
    if len(pairs):
        pairs.insert(0, "rated", [names.get(x, x) for x in pairs["rated_id"]])
        pairs.insert(0, "rater", [names.get(x, x) for x in pairs["rater_id"]])
        pairs = pairs.drop(columns=["rater_id", "rated_id"])
    out = MomentDiff(kind=kind, before_label=before_label, after_label=after_label, ties=ties,
                     newly_connected=[names.get(n, n) for n in d.newly_connected], brokerage=brok, pairs=pairs,
                     counts=dict(d.counts), means=means or {})
    out.narrative = narrative(out)
    return out


def compare_rounds(viewer: Viewer, store: Store, before: str | None = None, after: str | None = None) -> MomentDiff:
    """The change between two survey rounds, by organisation (every role).

    Ties are organisation pairs with a rating of Himmelman level 1 or more (either
    direction), weighted by the mean level
    (:func:`netwerk.analysis.diff.rating_organisation_graph`); trust and value change
    per directed organisation pair (persons count through their organisation).

    Parameters
    ----------
    before, after : str, optional
        Round ids; default the two most recent rounds.

    Raises
    ------
    NotFoundError
        For an unknown round, or fewer than two rounds when none are given.
    """
    diff = compare_rounds_in(visible_snapshot(viewer, store), before, after)
    return bestuurder_diff(diff) if viewer.role == "bestuurder" else diff


def compare_rounds_in(snap: Snapshot, before: str | None, after: str | None) -> MomentDiff:
    """:func:`compare_rounds` of a snapshot the caller already read, unrounded: the caller
    applies :func:`bestuurder_diff` for a bestuurder. ``before``/``after`` are round ids
    (None: the two most recent rounds).

    Raises
    ------
    NotFoundError
        For an unknown round, or fewer than two rounds when none are given.
    """
    if before is None or after is None:
        b, a = default_rounds_in(snap)
        before, after = before or b, after or a
    if before is None or after is None:
        raise NotFoundError("Er zijn minder dan twee rondes om te vergelijken.")
    rows = {r: _round_row(snap, r) for r in (before, after)}
    orgs = sorted(map(str, snap.organisations["org_id"]))
    graphs, pairs, means = [], [], {}
    for key, r in (("before", before), ("after", after)):
        ratings = _org_level(snap, _round_ratings(snap, r))
        p = rt.pair_scores(ratings)
        pairs.append(p)
        graphs.append(df_.rating_organisation_graph(p, orgs))
        s = rt.round_summary(ratings, r)
        means[f"trust_{key}"], means[f"value_{key}"] = s.mean_trust, s.mean_value
        means[f"himmelman_{key}"] = s.mean_himmelman
        means[f"ratings_{key}"] = s.ratings  # how many ratings the means are over (withheld below 5 for bestuurders)
    d = df_.network_diff(graphs[0], graphs[1], pairs[0], pairs[1])
    return _named_diff("rounds", str(rows[before]["name"]), str(rows[after]["name"]), d, snap, means)


def compare_periods(viewer: Viewer, store: Store, before: tuple[dt.date, dt.date], after: tuple[dt.date, dt.date]
                    ) -> MomentDiff:
    """The change between two periods of activity data, by organisation (every role).

    Each period's organisation network is :func:`netwerk.analysis.ties.organisation_network`
    of the activities (and KNOWS ties) dated in it: organisations tied through at least
    one working tie between their people; weight = the number of such working ties. Its
    tie count equals the ``organisation_ties`` of that period on Overzicht and Groei. For a bestuurder
    the weights and counts are rounded (:func:`bestuurder_diff`).

    Parameters
    ----------
    before, after : (date, date)
        Inclusive Europe/Amsterdam calendar days.

    Raises
    ------
    InputError
        If a period ends before it starts.
    """
    for start, end in (before, after):
        if end < start:
            raise InputError(f"Periode {fmt_date(start)} tot {fmt_date(end)}: het einde ligt voor het begin.")
    diff = compare_periods_in(visible_snapshot(viewer, store), before, after)
    return bestuurder_diff(diff) if viewer.role == "bestuurder" else diff


def bestuurder_diff(diff: MomentDiff) -> MomentDiff:
    """A period or round comparison as a bestuurder sees it: its counts
    (:attr:`MomentDiff.counts`) and, for periods, the tie weights (pairs of people) rounded
    by :func:`netwerk.access.round_count` (1-4 ``"<5"``, else to a multiple of 5), a
    round's mean trust, value and Himmelman level None when over fewer than 5 ratings and
    else rounded to one decimal (as :func:`round_view` shows them), and the narrative
    written from these."""
    counts = {k: round_count(int(v)) for k, v in diff.counts.items()}
    ties = suppress(diff.ties, ["weight_before", "weight_after"]) if diff.kind == "periods" else diff.ties
    means = dict(diff.means)
    for key in ("before", "after"):  # a mean over 1 to 4 ratings gives their number back (2,67 = 8/3): withheld
        if f"ratings_{key}" in means:
            n = int(means[f"ratings_{key}"])
            means[f"ratings_{key}"] = round_count(n)
            for m in ("trust", "value", "himmelman"):
                v = means.get(f"{m}_{key}")
                # else as the round's table shows it (one decimal), so its percentage is the table's too
                means[f"{m}_{key}"] = None if 0 < n < SUPPRESS_BELOW or v is None else round(float(v), RATIO_DECIMALS)
    out = replace(diff, ties=ties, counts=counts, means=means)
    out.narrative = narrative(out)
    return out


def compare_periods_in(snap: Snapshot, before: tuple[dt.date, dt.date], after: tuple[dt.date, dt.date]) -> MomentDiff:
    """:func:`compare_periods` of a snapshot the caller already read, unrounded (the caller
    applies :func:`bestuurder_diff` for a bestuurder) and without its check of the
    periods. ``before``/``after`` are inclusive (first, last) Europe/Amsterdam days."""
    graphs = [df_.organisation_graph(period_snapshot(snap, s, e)) for s, e in (before, after)]
    d = df_.network_diff(graphs[0], graphs[1])
    before_label, after_label = (f"{fmt_date(s)} t/m {fmt_date(e)}" for s, e in (before, after))
    return _named_diff("periods", before_label, after_label, d, snap)


def narrative(d: MomentDiff) -> list[str]:
    """Dutch sentences describing a :class:`MomentDiff`, generated from its numbers (no
    language model): new, lost, stronger and weaker ties; newly connected
    organisations; the largest rise and fall in brokerage; and, for rounds, the change
    in mean trust and value and the largest fall in trust between two organisations."""
    c = d.counts
    lines = [
        f"Tussen {d.before_label} en {d.after_label} "
        + ("ontstond 1 nieuwe samenwerkingsrelatie" if c["new"] == 1 else f"ontstonden {c['new']} nieuwe samenwerkingsrelaties")
        + f" tussen organisaties; {c['lost']} verdwenen, {c['stronger']} werden sterker en {c['weaker']} zwakker "
        f"({d.tie_label.lower()}: van {c['ties_before']} naar {c['ties_after']})."
    ]
    if d.newly_connected:
        lines.append(f"Voor het eerst verbonden: {', '.join(d.newly_connected)}.")
    b = d.brokerage
    if len(b):
        top = b.sort_values("betweenness_change", ascending=False, kind="mergesort").iloc[0]
        low = b.sort_values("betweenness_change", ascending=True, kind="mergesort").iloc[0]
        if top["betweenness_change"] > 1e-9:
            lines.append(f"De makelaarspositie (betweenness) steeg het meest bij {top['organisation']} "
                         f"({fmt_number(top['betweenness_before'], 2)} → {fmt_number(top['betweenness_after'], 2)}).")
        if low["betweenness_change"] < -1e-9:
            lines.append(f"Zij daalde het meest bij {low['organisation']} "
                         f"({fmt_number(low['betweenness_before'], 2)} → {fmt_number(low['betweenness_after'], 2)}).")
    if d.kind == "rounds" and d.means:
        m = d.means
        if None in (m["trust_before"], m["trust_after"]):
            lines.append("Gemiddeld vertrouwen en waarde: afgeschermd (minder dan 5 beoordelingen).")
        else:
            verb = ("steeg" if m["trust_after"] > m["trust_before"] else "daalde" if m["trust_after"] < m["trust_before"]
                    else "bleef")
            lines.append(f"Het gemiddelde vertrouwen {verb} van {fmt_number(m['trust_before'], 1)} naar "
                         f"{fmt_number(m['trust_after'], 1)} op een schaal van 1 tot 4 "
                         f"({fmt_number(rt.percent_of_max(m['trust_before']), 0)}% → "
                         f"{fmt_number(rt.percent_of_max(m['trust_after']), 0)}% van het maximum); de ervaren waarde van "
                         f"{fmt_number(m['value_before'], 1)} naar {fmt_number(m['value_after'], 1)}.")
        lines.append(f"Het vertrouwen nam toe in {c['trust_up']} en af in {c['trust_down']} beoordeelde relaties "
                     "tussen organisaties.")
        p = d.pairs.dropna(subset=["trust_change"]) if len(d.pairs) else d.pairs
        if len(p) and p["trust_change"].min() < -1e-9:
            worst = p.sort_values("trust_change", kind="mergesort").iloc[0]
            lines.append(f"De grootste daling: het vertrouwen van {worst['rater']} in {worst['rated']} ging van "
                         f"{fmt_number(worst['trust_before'], 1)} naar {fmt_number(worst['trust_after'], 1)}.")
    return lines


# --- commitments --------------------------------------------------------------------------


def commitments_table(viewer: Viewer, store: Store) -> pd.DataFrame:
    """Commitments of organisations (every role: they are organisation-level facts).

    Returns
    -------
    pandas.DataFrame
        Columns commitment_id, organisation, sector, date, hours_per_month,
        description; by date, then organisation.
    """
    c = store.table("commitments")
    snap = visible_snapshot(viewer, store)
    names, sectors = _org_names(snap), _org_sectors(snap)
    out = pd.DataFrame({
        "commitment_id": c["commitment_id"],
        "organisation": [names.get(o, o) for o in c["org_id"]],
        "sector": [sectors.get(o) for o in c["org_id"]],
        "date": c["date"],
        "hours_per_month": pd.to_numeric(c["hours_per_month"], errors="coerce"),
        "description": c["description"],
    }) if len(c) else pd.DataFrame(columns=["commitment_id", "organisation", "sector", "date", "hours_per_month",
                                            "description"])
    return out.sort_values(["date", "organisation"], kind="mergesort", na_position="last").reset_index(drop=True)


def commitments_vs_participation(viewer: Viewer, store: Store, freq: Freq = "quarter") -> pd.DataFrame:
    """What each organisation committed beside what its professionals did, per period.

    Returns
    -------
    pandas.DataFrame
        One row per organisation with a commitment or participation, per period (from
        the first to the last activity). Columns org_id, organisation, sector, period,
        period_start, period_end, committed_hours_per_month (the sum of the
        organisation's commitments dated on or before the period's end; commitments add
        up), participations (times its professionals and bestuurders took part in an
        activity of the period), persons (distinct persons taking part), activities
        (distinct activities). For a bestuurder, ``participations``, ``persons`` and
        ``activities`` below 5 are ``"<5"``.

    Notes
    -----
    Activities have no duration in the schema, so participation is counted, not
    measured in hours; set it against the committed hours as a trend, not as a sum.
    A person counts for their first employer (``Snapshot.persons.org_id``).

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    """
    snap = visible_snapshot(viewer, store)
    return commitments_vs_participation_in(snap, store.table("commitments"), freq, suppressed=viewer.role == "bestuurder")


def commitments_vs_participation_in(snap: Snapshot, commitments: pd.DataFrame, freq: Freq = "quarter", *,
                                    suppressed: bool = False) -> pd.DataFrame:
    """:func:`commitments_vs_participation` on a snapshot the caller already holds (visible to
    its viewer) and the store's ``commitments`` table; ``suppressed``: the counts as a
    bestuurder sees them (:func:`suppress`). Same columns and errors."""
    names, sectors = _org_names(snap), _org_sectors(snap)
    cols = ["org_id", "organisation", "sector", "period", "period_start", "period_end", "committed_hours_per_month",
            "participations", "persons", "activities"]
    act_days = local_days(snap.activities["date"])
    if not act_days.notna().any():
        return pd.DataFrame(columns=cols)
    per = periods(act_days.min().date(), act_days.max().date(), freq)
    # Each participation's day and period once, vectorised; then one groupby (no per-period rescans).
    day_of = pd.Series(act_days.to_numpy(), index=snap.activities["activity_id"].to_numpy())
    day_of = day_of[~day_of.index.duplicated()]
    parts = snap.participations
    pid = parts["person_id"].astype(str)
    kinds = dict(zip(snap.persons["person_id"].astype(str), snap.persons["kind"], strict=True))
    org = pid.map(_person_org(snap)).where(pid.map(kinds) != "resident")
    parts = pd.DataFrame({"org_id": org.to_numpy(), "person_id": parts["person_id"].to_numpy(),
                          "activity_id": parts["activity_id"].to_numpy(),
                          "day": parts["activity_id"].map(day_of).to_numpy()})
    parts = parts[parts["org_id"].notna() & parts["day"].notna()]
    ends = pd.to_datetime([end for _, _, end in per])
    parts["period"] = ends.searchsorted(pd.DatetimeIndex(parts["day"]))  # index of the period holding the day
    c = commitments
    orgs = sorted(set(parts["org_id"]) | set(c["org_id"] if len(c) else []), key=lambda o: (str(names.get(o, o)).casefold(), o))
    counts = parts.groupby(["org_id", "period"]).agg(participations=("person_id", "size"),
                                                    persons=("person_id", "nunique"),
                                                    activities=("activity_id", "nunique"))
    grid = pd.MultiIndex.from_product([range(len(per)), orgs], names=["period", "org_id"])
    counts = counts.reorder_levels(["period", "org_id"]).reindex(grid, fill_value=0)
    hours = _committed_hours(c, orgs, ends)
    out = pd.DataFrame({
        "org_id": [o for _ in per for o in orgs],
        "organisation": [names.get(o, o) for _ in per for o in orgs],
        "sector": [sectors.get(o) for _ in per for o in orgs],
        "period": [label for label, _, _ in per for _ in orgs],
        "period_start": [start for _, start, _ in per for _ in orgs],
        "period_end": [end for _, _, end in per for _ in orgs],
        "committed_hours_per_month": hours.T.reshape(-1) if len(orgs) else [],
        **{k: counts[k].astype(int).tolist() for k in ("participations", "persons", "activities")},
    }, columns=cols)
    if suppressed:
        out = suppress(out, ["participations", "persons", "activities"])
    return out


def _committed_hours(c: pd.DataFrame, orgs: list[str], ends: pd.DatetimeIndex) -> np.ndarray:
    """orgs x periods: the sum of each organisation's commitments (hours per month) dated on
    or before the period's end (undated ones in every period); commitments add up."""
    out = np.zeros((len(orgs), len(ends)))
    if not len(c):
        return out
    row = {o: i for i, o in enumerate(orgs)}
    for org, h, d in zip(c["org_id"], c["hours_per_month"], c["date"], strict=True):
        if h is None or org not in row or pd.isna(h):
            continue
        first = 0 if d is None else int(ends.searchsorted(pd.Timestamp(d)))  # the first period ending on or after d
        out[row[org], first:] += float(h)
    return out


# --- the organisation network over time -----------------------------------------------------


def organisation_network_by_period(viewer: Viewer, store: Store, freq: Freq = "quarter"
                                   ) -> list[tuple[str, pd.DataFrame, pd.DataFrame]]:
    """The organisation network of every period, for a time-lapse (every role).

    Returns
    -------
    list of (period label, nodes, edges)
        nodes: org_id, organisation, sector, degree, x, y, new; edges: source, target (org
        ids), weight (person pairs tied; for a bestuurder ``"<5"`` or a multiple of 5), new.
        Positions come from one layout of the union of all periods (the whole organisation network, every organisation a node) in
        layout units (:func:`netwerk.services.network_map.map_layout`, seeded), so an
        organisation keeps its place in every period. ``new`` marks an organisation with a
        tie in this period but none in the previous one, and a pair tied now but not
        then; everything is old (False) in the first period.
    """
    snap = visible_snapshot(viewer, store)
    if day_span(snap.activities["date"]) is None:
        return []
    whole = df_.organisation_graph(snap)
    names = _org_names(snap)
    # The map's own layout (igraph Fruchterman-Reingold, seeded): networkx's spring_layout
    # needs scipy from 500 nodes on, which is not a dependency.
    from netwerk.services.network_map import map_layout

    ties = pd.DataFrame(list(whole.edges()), columns=["source", "target"])
    pos = map_layout(sorted(whole.nodes, key=str), ties) if whole.number_of_nodes() else {}
    out = []
    before: nx.Graph | None = None
    for label, _, _, part in period_parts(snap, freq):  # each period's part taken by group, not rescanned
        G = df_.organisation_graph(part)
        nodes = pd.DataFrame([{"org_id": n, "organisation": names.get(str(n), G.nodes[n].get("name")),
                               "sector": G.nodes[n].get("sector"), "degree": G.degree(n),
                               "x": float(pos[str(n)][0]) if str(n) in pos else 0.0,
                               "y": float(pos[str(n)][1]) if str(n) in pos else 0.0,
                               "new": before is not None and G.degree(n) > 0
                               and not (n in before and before.degree(n) > 0)}
                              for n in G], columns=["org_id", "organisation", "sector", "degree", "x", "y", "new"])
        edges = pd.DataFrame([(u, v, d["weight"], before is not None and not before.has_edge(u, v))
                              for u, v, d in G.edges(data=True)], columns=["source", "target", "weight", "new"])
        if viewer.role == "bestuurder":  # the weight counts pairs of people: rounded like every count they see
            edges = suppress(edges, ["weight"])
        out.append((label, nodes, edges))
        before = G
    return out


def period_choices(viewer: Viewer, store: Store, freq: Freq = "quarter") -> list[tuple[str, dt.date, dt.date]]:
    """The periods with activity data, oldest first: (label, start, end)."""
    span = day_span(visible_snapshot(viewer, store).activities["date"])
    return periods(*span, freq) if span else []


def latest_period(day: dt.date, freq: Freq = "quarter") -> tuple[str, dt.date, dt.date]:
    """(label, start, end) of the ``freq`` period containing ``day``."""
    start, end = period_bounds(day, freq)
    return period_label(day, freq), start, end

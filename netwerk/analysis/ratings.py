"""Survey rounds: PARTNER-tool trust and value, the directed rating network per round.

Pure functions on the ``ratings`` table of a :class:`netwerk.domain.Snapshot` (columns
round_id, rater_id, rater_type, rated_id, rated_type, the six PARTNER items,
himmelman_level, contact_frequency). Nothing here touches a store.

Definitions (Varda, Chandra, Stern & Lurie, PARTNER: Program to Analyze, Record, and
Track Networks to Enhance Relationships, University of Colorado Denver; Varda et al.
2008): each rater scores a relationship on six items, 1 (not at all), 2 (a small
amount), 3 (a fair amount), 4 (a great deal):

- trust = mean(reliability, mission, openness) ("in support of mission", "open to
  discussion");
- value = mean(power, involvement, resources) (power/influence, level of involvement,
  resource contribution);
- as a percentage of the maximum: score / 4 * 100.

A rating with any of the three trust (value) items missing has no trust (value) score:
an average over fewer items would not be comparable. Such ratings are counted as
incomplete, never silently dropped. Himmelman (2002) levels of collaboration: 0 none,
1 networking, 2 coordinating, 3 cooperating, 4 collaborating.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

import networkx as nx
import numpy as np
import pandas as pd

import graph_schema as gs

__all__ = [
    "PAIR_COLUMNS",
    "SCORE_COLUMNS",
    "RoundSummary",
    "MIN_RESPONSE_RATE",
    "actor_scores",
    "comparable_response",
    "himmelman_distribution",
    "organisation_matrix",
    "pair_scores",
    "percent_of_max",
    "rating_digraph",
    "rating_scores",
    "response_rate",
    "round_summary",
    "to_organisations",
]

MAX_SCORE = 4
SCORE_COLUMNS: tuple[str, ...] = ("trust", "value", "trust_complete", "value_complete", "trust_pct", "value_pct")
"""Columns :func:`rating_scores` adds to a ratings table."""

PAIR_COLUMNS: tuple[str, ...] = (
    "rater_id", "rated_id", "ratings", "trust", "value", "trust_pct", "value_pct", "incomplete_trust",
    "incomplete_value", "himmelman_level",
)
"""Columns of :func:`pair_scores`."""

MIN_RESPONSE_RATE = 0.7
"""The lowest response rate (submitted / invited) at which a round is compared with another.

Our rule: two rounds are compared only when both had at least 70% response; below that
the Vertrouwen page and Verschil warn. Source: Smith & Moody (2013), "Structural effects of
network sampling coverage I: nodes missing at random", Social Networks 35(4), and
Borgatti, Carley & Krackhardt (2006), Social Networks 28(2); Kossinets (2006), Social
Networks 28(3): the bias of network measures grows with the share of missing
respondents, fastest for path-based measures (betweenness) and for smaller networks such
as a neighbourhood's partners, and differs between rounds with different gaps, so a
change between two rounds could be an artefact of who answered. 70% is the conventional
lower bound in this literature (a quarter to a third missing already biases several
measures considerably); it is a rule of thumb, not a test."""


def response_rate(submitted: int, invited: int) -> float | None:
    """``submitted / invited`` (0-1); None without invitees. Raises ``ValueError`` for
    negative counts or more submitted than invited."""
    if submitted < 0 or invited < 0 or submitted > invited:
        raise ValueError(f"response_rate: {submitted} of {invited} is not a response")
    return submitted / invited if invited else None


def comparable_response(rate: float | None) -> bool | None:
    """True when ``rate`` reaches :data:`MIN_RESPONSE_RATE`, False below it, None when the
    rate is unknown (an imported round)."""
    return None if rate is None else rate >= MIN_RESPONSE_RATE - 1e-12


_RATING_COLUMNS = ("round_id", "rater_id", "rater_type", "rated_id", "rated_type", *gs.RATING_ITEMS, "himmelman_level",
                   "contact_frequency")


def percent_of_max(score: float) -> float:
    """A 1-4 PARTNER score as a percentage of the maximum: ``score / 4 * 100``
    (NaN stays NaN)."""
    return score / MAX_SCORE * 100.0


def _numeric(ratings: pd.DataFrame, col: str) -> pd.Series:
    return pd.to_numeric(ratings[col] if col in ratings.columns else pd.Series(np.nan, index=ratings.index),
                         errors="coerce").astype(float)


def rating_scores(ratings: pd.DataFrame) -> pd.DataFrame:
    """Trust and value of every rating.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Columns as ``Snapshot.ratings``; the item columns may hold None/NaN (not
        answered).

    Returns
    -------
    pandas.DataFrame
        A copy with :data:`SCORE_COLUMNS` added: ``trust`` = mean(reliability, mission,
        openness) and ``value`` = mean(power, involvement, resources) on 1-4, NaN when
        any of the three items is missing; ``trust_complete``/``value_complete`` say
        whether the score exists; ``trust_pct``/``value_pct`` = score / 4 * 100.
        Item columns and ``himmelman_level`` become floats (NaN = missing).
    """
    out = ratings.copy()
    for col in (*gs.RATING_ITEMS, "himmelman_level"):
        out[col] = _numeric(ratings, col)
    for name, items in (("trust", gs.TRUST_ITEMS), ("value", gs.VALUE_ITEMS)):
        block = out[list(items)]
        complete = block.notna().all(axis=1)
        out[f"{name}_complete"] = complete
        # mean(skipna=False): one missing item gives NaN, never a mean of two items.
        out[name] = block.mean(axis=1, skipna=False).where(complete)
        out[f"{name}_pct"] = percent_of_max(out[name])
    return out


def to_organisations(ratings: pd.DataFrame, person_org: Mapping[str, str | None]) -> pd.DataFrame:
    """Ratings with persons replaced by their organisation (for aggregate views).

    Parameters
    ----------
    ratings : pandas.DataFrame
        Columns as ``Snapshot.ratings``.
    person_org : mapping
        person_id -> org_id (the person's organisation; None or absent = none).

    Returns
    -------
    pandas.DataFrame
        The same columns; ``rater_id``/``rated_id`` are organisation ids and both types
        ``organisation``. Ratings whose person has no organisation, and ratings within
        one organisation (after the replacement), are left out: they say nothing about
        collaboration between organisations. Each remaining rating keeps its weight of
        one in later means.
    """
    if not len(ratings):
        return ratings.copy()
    out = ratings.copy()
    for col, typ in (("rater_id", "rater_type"), ("rated_id", "rated_type")):
        out[col] = [str(i) if t == "organisation" else person_org.get(str(i)) for i, t in zip(out[col], out[typ],
                                                                                              strict=True)]
        out[typ] = "organisation"
    keep = out["rater_id"].notna() & out["rated_id"].notna() & (out["rater_id"] != out["rated_id"])
    return out[keep].reset_index(drop=True)


def pair_scores(ratings: pd.DataFrame) -> pd.DataFrame:
    """Mean trust, value and Himmelman level per directed pair (rater -> rated).

    Parameters
    ----------
    ratings : pandas.DataFrame
        Ratings of one round (e.g. after :func:`to_organisations`, several ratings per
        pair).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PAIR_COLUMNS`, one row per (rater_id, rated_id), sorted:
        ``ratings`` (number of ratings), ``trust``/``value`` the mean over the pair's
        complete ratings (NaN if none), their ``_pct``, ``incomplete_trust``/
        ``incomplete_value`` the number of ratings without that score, and
        ``himmelman_level`` the mean over the ratings that give one.
    """
    if not len(ratings):
        return pd.DataFrame(columns=list(PAIR_COLUMNS))
    s = rating_scores(ratings)
    g = s.groupby(["rater_id", "rated_id"], sort=True)
    out = pd.DataFrame({
        "ratings": g.size(),
        "trust": g["trust"].mean(),
        "value": g["value"].mean(),
        "incomplete_trust": g["trust_complete"].apply(lambda c: int((~c).sum())),
        "incomplete_value": g["value_complete"].apply(lambda c: int((~c).sum())),
        "himmelman_level": g["himmelman_level"].mean(),
    }).reset_index()
    out["trust_pct"] = percent_of_max(out["trust"])
    out["value_pct"] = percent_of_max(out["value"])
    return out[list(PAIR_COLUMNS)]


def rating_digraph(ratings: pd.DataFrame, nodes: Iterable[str] = ()) -> nx.DiGraph:
    """The directed rating network of one round.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Ratings of one round.
    nodes : iterable of str, optional
        Further actors to include (e.g. everyone who was asked, also those who rated
        nobody and were rated by nobody); they change density.

    Returns
    -------
    networkx.DiGraph
        Every rater, rated and extra node (attribute ``type``: person or organisation
        where known); an edge rater -> rated per rated pair with the means of
        :func:`pair_scores` (trust, value, himmelman_level, ratings). Self-ratings are
        dropped. Sorted node and edge order.
    """
    D = nx.DiGraph()
    types: dict[str, str | None] = {str(n): None for n in nodes}
    if len(ratings):
        for i, t in zip(ratings["rater_id"], ratings["rater_type"], strict=True):
            types[str(i)] = t
        for i, t in zip(ratings["rated_id"], ratings["rated_type"], strict=True):
            types[str(i)] = t
    D.add_nodes_from((n, {"type": types[n]}) for n in sorted(types))
    if len(ratings):
        pairs = pair_scores(ratings[ratings["rater_id"].astype(str) != ratings["rated_id"].astype(str)])
        for r in pairs.itertuples(index=False):
            D.add_edge(str(r.rater_id), str(r.rated_id), trust=_nan_none(r.trust), value=_nan_none(r.value),
                       himmelman_level=_nan_none(r.himmelman_level), ratings=int(r.ratings))
    return D


@dataclass(frozen=True)
class RoundSummary:
    """Key figures of one survey round's rating network (see :func:`round_summary`)."""

    round_id: str
    actors: int
    ratings: int
    pairs: int
    density: float
    reciprocity: float
    mean_trust: float
    mean_value: float
    mean_trust_pct: float
    mean_value_pct: float
    incomplete_trust: int
    incomplete_value: int
    mean_himmelman: float

    def as_dict(self) -> dict:
        """The figures as a plain dict (NaN for undefined values)."""
        return asdict(self)


def round_summary(ratings: pd.DataFrame, round_id: str = "", nodes: Iterable[str] = ()) -> RoundSummary:
    """Density, reciprocity and mean trust/value of one round's rating network.

    Parameters
    ----------
    ratings : pandas.DataFrame
        The ratings of one round (columns as ``Snapshot.ratings``).
    round_id : str
        Recorded in the result.
    nodes : iterable of str, optional
        Further actors to count (see :func:`rating_digraph`).

    Returns
    -------
    RoundSummary
        - actors: nodes of the rating digraph; ratings: rows; pairs: directed pairs
          (edges);
        - density: :math:`m / (n(n-1))` of the directed graph (``nx.density``);
        - reciprocity: the share of edges whose reverse edge exists,
          :math:`|\\{(i,j) \\in E: (j,i) \\in E\\}| / m` (``nx.reciprocity``; NaN
          without edges);
        - mean_trust, mean_value: mean over ratings with a complete score (1-4; NaN if
          none), and as percentage of the maximum;
        - incomplete_trust, incomplete_value: ratings without that score (a missing
          item);
        - mean_himmelman: mean Himmelman level (0-4) over ratings that give one.

    References
    ----------
    .. [1] S. Wasserman and K. Faust, *Social Network Analysis*, Cambridge University
       Press (1994), 4.2 (density) and 13.2 (mutuality).
    .. [2] D. M. Varda et al., PARTNER tool, University of Colorado Denver.
    """
    D = rating_digraph(ratings, nodes)
    s = rating_scores(ratings) if len(ratings) else pd.DataFrame(columns=[*_RATING_COLUMNS, *SCORE_COLUMNS])
    m = D.number_of_edges()
    trust = float(s["trust"].mean()) if len(s) else math.nan
    value = float(s["value"].mean()) if len(s) else math.nan
    return RoundSummary(
        round_id=str(round_id),
        actors=D.number_of_nodes(),
        ratings=len(ratings),
        pairs=m,
        density=nx.density(D) if D.number_of_nodes() > 1 else 0.0,
        reciprocity=float(nx.reciprocity(D)) if m else math.nan,
        mean_trust=trust,
        mean_value=value,
        mean_trust_pct=percent_of_max(trust),
        mean_value_pct=percent_of_max(value),
        incomplete_trust=int((~s["trust_complete"].astype(bool)).sum()) if len(s) else 0,
        incomplete_value=int((~s["value_complete"].astype(bool)).sum()) if len(s) else 0,
        mean_himmelman=float(s["himmelman_level"].mean()) if len(s) else math.nan,
    )


def actor_scores(ratings: pd.DataFrame) -> pd.DataFrame:
    """Trust and value each actor received and gave in one round.

    Parameters
    ----------
    ratings : pandas.DataFrame
        The ratings of one round (use :func:`to_organisations` first for organisations).

    Returns
    -------
    pandas.DataFrame
        One row per actor (rater or rated), sorted by actor_id. Columns: actor_id,
        actor_type, received (number of ratings received), trust_received,
        value_received (mean over complete ratings received, 1-4, NaN if none),
        trust_received_pct, value_received_pct, given, trust_given, value_given (the
        same for the ratings the actor gave).
    """
    cols = ["actor_id", "actor_type", "received", "trust_received", "value_received", "trust_received_pct",
            "value_received_pct", "given", "trust_given", "value_given"]
    if not len(ratings):
        return pd.DataFrame(columns=cols)
    s = rating_scores(ratings)
    rec = s.groupby("rated_id").agg(received=("rated_id", "size"), trust_received=("trust", "mean"),
                                    value_received=("value", "mean"))
    giv = s.groupby("rater_id").agg(given=("rater_id", "size"), trust_given=("trust", "mean"),
                                    value_given=("value", "mean"))
    types = {**dict(zip(s["rater_id"], s["rater_type"], strict=True)), **dict(zip(s["rated_id"], s["rated_type"],
                                                                                  strict=True))}
    out = rec.join(giv, how="outer")
    out.index.name = "actor_id"
    out = out.reset_index().sort_values("actor_id", kind="mergesort")
    out["actor_type"] = out["actor_id"].map(types)
    out["received"] = out["received"].fillna(0).astype(int)
    out["given"] = out["given"].fillna(0).astype(int)
    out["trust_received_pct"] = percent_of_max(out["trust_received"])
    out["value_received_pct"] = percent_of_max(out["value_received"])
    return out[cols].reset_index(drop=True)


def organisation_matrix(ratings: pd.DataFrame, measure: str = "trust", order: Iterable[str] = ()) -> pd.DataFrame:
    """A rater x rated matrix of mean trust or value (1-4).

    Parameters
    ----------
    ratings : pandas.DataFrame
        Ratings of one round at organisation level (:func:`to_organisations`).
    measure : {"trust", "value", "himmelman_level"}
    order : iterable of str, optional
        Actors in the order of rows and columns (default: sorted ids of raters and
        rated); actors without ratings get empty rows/columns.

    Returns
    -------
    pandas.DataFrame
        Square; index = rater_id, columns = rated_id; cell = mean of ``measure`` over
        the pair's ratings that have it, NaN where none (or on the diagonal).

    Raises
    ------
    ValueError
        For another ``measure``.
    """
    if measure not in ("trust", "value", "himmelman_level"):
        raise ValueError(f"unknown measure {measure!r}: use trust, value or himmelman_level")
    actors = list(dict.fromkeys(str(a) for a in order))
    if len(ratings):
        extra = sorted(set(map(str, ratings["rater_id"])) | set(map(str, ratings["rated_id"])))
        actors += [a for a in extra if a not in actors]
    pairs = pair_scores(ratings)
    M = pd.DataFrame(np.nan, index=pd.Index(actors, name="rater_id"), columns=pd.Index(actors, name="rated_id"))
    for r in pairs.itertuples(index=False):
        if str(r.rater_id) != str(r.rated_id):
            M.loc[str(r.rater_id), str(r.rated_id)] = getattr(r, measure)
    return M


def himmelman_distribution(ratings: pd.DataFrame) -> pd.DataFrame:
    """How many ratings give each Himmelman level, per round.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Ratings of one or more rounds.

    Returns
    -------
    pandas.DataFrame
        Columns round_id, level (0-4), label (Dutch, ``graph_schema.HIMMELMAN_LEVELS``),
        count, share (count / ratings of that round with a level; 0 if none). Every
        level appears for every round, zeros included; rows by round, then level.
        Ratings without a level are left out of counts and shares.
    """
    rows = []
    if len(ratings):
        levels = _numeric(ratings, "himmelman_level")
        for round_id in sorted(set(map(str, ratings["round_id"]))):
            lv = levels[ratings["round_id"].astype(str) == round_id].dropna().astype(int)
            total = len(lv)
            for level, label in gs.HIMMELMAN_LEVELS.items():
                n = int((lv == level).sum())
                rows.append({"round_id": round_id, "level": level, "label": label, "count": n,
                             "share": n / total if total else 0.0})
    return pd.DataFrame(rows, columns=["round_id", "level", "label", "count", "share"])


def _nan_none(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

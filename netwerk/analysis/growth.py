"""Growth: the network summary per calendar period (Europe/Amsterdam)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Literal

import pandas as pd

from netwerk.analysis.snapshot import social_pairs
from netwerk.analysis.summary import SUMMARY_KEYS, summary_from_codes, summary_from_edges
from netwerk.analysis.ties import tie_edges
from netwerk.domain import AMSTERDAM, Snapshot

__all__ = ["GROWTH_COLUMNS", "local_date", "period_bounds", "period_label", "period_snapshot", "periods", "summary_per_period",
           "two_mode_counts"]

Freq = Literal["month", "quarter", "year"]

GROWTH_COLUMNS: tuple[str, ...] = ("period", "period_start", "period_end", *SUMMARY_KEYS)


def local_date(value) -> dt.date | None:
    """The Europe/Amsterdam calendar date of a datetime (naive = Amsterdam wall-clock
    time) or date; None for a missing value (None, NaN, NaT).

    Raises
    ------
    TypeError
        For a value that is neither a date nor missing.
    """
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.date()
        return value.astimezone(AMSTERDAM).date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {value!r}")


def period_bounds(day: dt.date, freq: Freq) -> tuple[dt.date, dt.date]:
    """First and last calendar day (inclusive) of the ``freq`` period containing ``day``.

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    """
    if freq == "month":
        start = day.replace(day=1)
        nxt = (start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1))
    elif freq == "quarter":
        start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        nxt = dt.date(start.year + 1, 1, 1) if start.month == 10 else dt.date(start.year, start.month + 3, 1)
    elif freq == "year":
        start = dt.date(day.year, 1, 1)
        nxt = dt.date(day.year + 1, 1, 1)
    else:
        raise ValueError(f"unknown period {freq!r}: use month, quarter or year")
    return start, nxt - dt.timedelta(days=1)


def period_label(day: dt.date, freq: Freq) -> str:
    """The label of the period containing ``day``: ``2025-03`` (month), ``2025-K1``
    (quarter, Dutch *kwartaal*) or ``2025`` (year).

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    """
    if freq == "month":
        return f"{day.year}-{day.month:02d}"
    if freq == "quarter":
        return f"{day.year}-K{(day.month - 1) // 3 + 1}"
    if freq == "year":
        return str(day.year)
    raise ValueError(f"unknown period {freq!r}: use month, quarter or year")


def periods(first: dt.date, last: dt.date, freq: Freq) -> list[tuple[str, dt.date, dt.date]]:
    """Every period from the one containing ``first`` to the one containing ``last``:
    (label, start, end) tuples, consecutive, empty periods included (end inclusive).

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    """
    out = []
    start, end = period_bounds(first, freq)
    while start <= last:
        out.append((period_label(start, freq), start, end))
        start, end = period_bounds(end + dt.timedelta(days=1), freq)
    return out


def period_snapshot(snapshot: Snapshot, start: dt.date, end: dt.date) -> Snapshot:
    """The part of a snapshot that happened from ``start`` to ``end`` (inclusive,
    Amsterdam calendar days).

    Parameters
    ----------
    snapshot : Snapshot
    start, end : datetime.date

    Returns
    -------
    Snapshot
        Activities dated in the period with their participations and themes; KNOWS ties
        reported by the end of the period (``since`` on or before ``end``, or undated);
        the persons taking part in these (other tables filtered to those persons;
        organisations and themes kept).

    Notes
    -----
    The same selection as the store's period filter
    (:func:`netwerk.store.snapshot.build_snapshot` with ``SnapshotFilter(start, end)``),
    so a period on Groei and Overzicht shows the same figures as the dashboard filtered
    to that period and ``netwerk analyse --from --to``: a reported tie holds from the
    day it was reported on.
    """
    act_days = [local_date(d) for d in snapshot.activities["date"]] if len(snapshot.activities) else []
    knows_days = [local_date(d) for d in snapshot.knows["since"]] if len(snapshot.knows) else []
    return _period_part(snapshot, start, end, act_days, knows_days)


def _period_part(snapshot: Snapshot, start: dt.date, end: dt.date, act_days: list, knows_days: list) -> Snapshot:
    """:func:`period_snapshot` with the activities' and KNOWS ties' local dates given."""
    acts = snapshot.activities
    if len(acts):
        acts = acts[[d is not None and start <= d <= end for d in act_days]]
    parts = snapshot.participations
    parts = parts[parts["activity_id"].isin(acts["activity_id"])]
    knows = snapshot.knows
    if len(knows):
        # As the store's period filter (netwerk.store.snapshot.build_snapshot): a reported
        # tie holds from its ``since`` on; an undated one always.
        knows = knows[[s is None or s <= end for s in knows_days]]
    active = set(parts["person_id"]) | set(knows["from_id"]) | set(knows["to_id"])
    persons = snapshot.persons[snapshot.persons["person_id"].isin(active)]
    pid = persons["person_id"]

    def only(df: pd.DataFrame, col: str, keep) -> pd.DataFrame:
        return df[df[col].isin(keep)].reset_index(drop=True)

    return replace(
        snapshot,
        persons=persons.reset_index(drop=True),
        activities=acts.reset_index(drop=True),
        participations=only(parts, "person_id", pid),
        activity_themes=only(snapshot.activity_themes, "activity_id", acts["activity_id"]),
        works_for=only(snapshot.works_for, "person_id", pid),
        memberships=only(snapshot.memberships, "person_id", pid),
        knows=only(knows, "from_id", pid),
        ratings=snapshot.ratings.iloc[0:0],
    )


def summary_per_period(snapshot: Snapshot, freq: Freq = "quarter", working: bool = True) -> pd.DataFrame:
    """The network summary of each calendar period, for growth charts.

    Parameters
    ----------
    snapshot : Snapshot
    freq : {"month", "quarter", "year"}, default "quarter"
        Europe/Amsterdam calendar periods.
    working : bool, default True
        Count working ties, the product's "relatie" (:mod:`netwerk.analysis.ties`);
        False counts every ontmoeting and kent tie (the network of
        :func:`~netwerk.analysis.social_graph`).

    Returns
    -------
    pandas.DataFrame
        One row per period, from the period of the earliest activity to that of the
        latest, empty periods included (zeros). Columns: period (label ``2025-03``,
        ``2025-K1`` or ``2025``), period_start, period_end (inclusive dates) and the
        keys of :class:`~netwerk.analysis.NetworkSummary`. No activities: no rows.

    Raises
    ------
    ValueError
        For an unknown ``freq``.

    Notes
    -----
    Each row is the network of that period (:func:`period_snapshot`, the same selection
    as the store's period filter): the period's activities and the persons in them,
    plus the KNOWS ties reported by the period's end. Co-participation ties do not
    carry over to later periods; a reported tie holds from the day it was reported.
    Each row equals ``network_summary(person_network(part), bipartite_graph(part))`` of
    the period's part (``social_graph`` when not ``working``), computed from plain tie
    lists without building networkx graphs (several times faster on large networks).
    Activities set the range: KNOWS ties dated before the first activity add no
    periods, so they do not stretch a growth chart back over years without work.
    """
    if freq not in ("month", "quarter", "year"):
        raise ValueError(f"unknown period {freq!r}: use month, quarter or year")
    act_days = [local_date(d) for d in snapshot.activities["date"]] if len(snapshot.activities) else []
    knows_days = [local_date(d) for d in snapshot.knows["since"]] if len(snapshot.knows) else []
    days = [d for d in act_days if d is not None]
    rows = []
    if days:
        for label, start, end in periods(min(days), max(days), freq):
            part = _period_part(snapshot, start, end, act_days, knows_days)
            if working:
                persons, edges = tie_edges(part, working=True)
                summary = summary_from_edges(persons, edges, *two_mode_counts(part))
            else:
                summary = summary_from_codes(*social_pairs(part), *two_mode_counts(part))
            rows.append({"period": label, "period_start": start, "period_end": end, **summary.as_dict()})
    return pd.DataFrame(rows, columns=list(GROWTH_COLUMNS))


def two_mode_counts(snapshot: Snapshot) -> tuple[int, int]:
    """Activities and participations as :func:`bipartite_graph` counts them: distinct
    activity ids, and distinct (person, activity) pairs of persons and activities in the
    snapshot.

    Returns ``(activities, participations)``, both ``>= 0``; ``(0, 0)`` for a snapshot
    without activities. Raises ``KeyError`` if the snapshot's frames lack the id columns."""
    acts = snapshot.activities
    if not len(acts):
        return 0, 0
    act_ids = set(acts["activity_id"].astype(str))
    parts = snapshot.participations
    if not len(parts):
        return len(act_ids), 0
    pids = set(snapshot.persons["person_id"].astype(str))
    pairs = pd.DataFrame({"a": parts["activity_id"].astype(str), "p": parts["person_id"].astype(str)})
    pairs = pairs[pairs["a"].isin(act_ids) & pairs["p"].isin(pids)].drop_duplicates()
    return len(act_ids), len(pairs)

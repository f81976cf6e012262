"""The bestuurders' report as data: collaboration growth, trust per round, the change
between two moments and commitments beside participation (:class:`BestuurdersReport`).

The report holds aggregates by organisation and sector only, whoever asks for it: it is
built from the services of :mod:`netwerk.services.trust` as a bestuurder sees them
(counts below 5 shown as ``"<5"``, no person's name). Its renderers (HTML, PDF, XLSX)
are in :mod:`netwerk.report`; downloading it is recorded with :func:`record_download`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from netwerk.access import Viewer, visible_snapshot
from netwerk.analysis.growth import local_date, period_bounds, period_label, period_snapshot, summary_per_period
from netwerk.analysis.ties import FIGURES
from netwerk.domain import InputError
from netwerk.services import growth_change as gc
from netwerk.services import trust
from netwerk.services.audit import log_event
from netwerk.store.base import Store
from netwerk.text import fmt_date

__all__ = ["GROWTH_COLUMNS", "BestuurdersReport", "build_report", "record_download"]

GROWTH_COLUMNS = {"period": "Periode", **{k: FIGURES[k].label for k in ("organisations", "persons", "activities",
                                                                        "ties", "organisation_ties", "cross_org_ties")}}
"""The growth table's columns and their Dutch names (the tie model's glossary)."""


@dataclass
class BestuurdersReport:
    """Everything in the report (see :func:`build_report`)."""

    title: str
    start: dt.date
    end: dt.date
    growth: pd.DataFrame
    rounds: list[trust.RoundView]
    round_diff: trust.MomentDiff | None
    period_diff: trust.MomentDiff | None
    commitments: pd.DataFrame
    narrative: list[str] = field(default_factory=list)
    organisation_ids: tuple[str, ...] = ()
    changes: list[gc.GrowthChange] = field(default_factory=list)


def build_report(viewer: Viewer, store: Store, start: dt.date | None = None, end: dt.date | None = None,
                 round_a: str | None = None, round_b: str | None = None) -> BestuurdersReport:
    """Gather the report's figures.

    Parameters
    ----------
    viewer : Viewer
        Any role; the content is the bestuurder's aggregate view for everyone.
    store : Store
    start, end : date, optional
        The period of activity data (inclusive); default the calendar year of the latest
        activity. The diff between periods compares its first and last quarter.
    round_a, round_b : str, optional
        The two rounds to compare (earlier, later); default the two most recent.

    Returns
    -------
    BestuurdersReport
        growth: per quarter in the period, columns period, organisations, persons,
        activities, ties, organisation_ties, cross_org_ties (working ties, see
        :mod:`netwerk.analysis.ties`; persons, activities below 5 as "<5");
        rounds: :class:`~netwerk.services.trust.RoundView` of each chosen round;
        round_diff/period_diff: :class:`~netwerk.services.trust.MomentDiff` (None when
        there is nothing to compare); commitments: per quarter in the period, see
        :func:`~netwerk.services.trust.commitments_vs_participation`; organisation_ids:
        every organisation of the store, sorted (the renderers colour organisations with
        :func:`netwerk.palette.organisation_colours` over them); narrative: Dutch
        sentences; changes: :class:`~netwerk.services.growth_change.GrowthChange` of the
        two rounds and of the first and last quarter (as round_diff and period_diff), each
        figure with its 95% interval and verdict, counts rounded as for a bestuurder.

    Raises
    ------
    InputError
        If ``end`` is before ``start``.
    NotFoundError
        For an unknown round.
    """
    agg = Viewer(viewer.user_id, "bestuurder")
    snap = visible_snapshot(agg, store)
    days = [d for d in (local_date(v) for v in snap.activities["date"]) if d is not None]
    latest = max(days) if days else dt.date.today()
    start = start or dt.date(latest.year, 1, 1)
    end = end or dt.date(latest.year, 12, 31)
    if end < start:
        raise InputError(f"De einddatum {fmt_date(end)} ligt voor de begindatum {fmt_date(start)}.")
    part = period_snapshot(snap, start, end)
    growth = summary_per_period(part, "quarter")
    growth = growth[[c for c in GROWTH_COLUMNS if c in growth.columns]]
    growth = trust.suppress(growth, [c for c in GROWTH_COLUMNS if c != "period"])  # every count, as on Groei

    # One snapshot for every part of the report (the trust helpers each read the store otherwise).
    b, a = trust.default_rounds_in(snap)
    round_a, round_b = round_a or b, round_b or a
    rounds = [trust.round_view_in(snap, agg, r) for r in (round_a, round_b) if r]
    round_diff = trust.bestuurder_diff(trust.compare_rounds_in(snap, round_a, round_b)) if round_a and round_b else None

    changes = []
    if round_a and round_b:
        r0, r1 = (gc.resolve_moment_in(snap, r) for r in (round_a, round_b))
        changes.append(gc.growth_change_in(snap, r0, r1, bestuurder=True))
    period_diff = None
    if days:
        first = max(start, min(days))
        last = min(end, max(days))
        q1, q2 = period_bounds(first, "quarter"), period_bounds(last, "quarter")
        if q1 != q2:
            period_diff = trust.compare_periods_in(snap, (max(q1[0], start), q1[1]), (q2[0], min(q2[1], end)))
            # Its counts and weights (pairs of people) rounded like every count in the report.
            period_diff = trust.bestuurder_diff(period_diff)
            m0, m1 = (gc.Moment("period", period_label(q[0], "quarter"), period_label(q[0], "quarter"), max(q[0], start),
                                min(q[1], end)) for q in (q1, q2))
            changes.append(gc.growth_change_in(snap, m0, m1, bestuurder=True))
    commitments = trust.commitments_vs_participation_in(snap, store.table("commitments"), "quarter", suppressed=True)
    if len(commitments):
        commitments = commitments[(commitments["period_end"] >= start) & (commitments["period_start"] <= end)]
    narrative: list[str] = []
    if len(growth):
        g0, g1 = growth.iloc[0], growth.iloc[-1]
        together = f"in {g1['period']} werkten {g1['organisations']} organisaties samen."
        if len(growth) == 1:
            narrative.append(f"In {g1['period']} waren {g1['organisation_ties']} paren organisaties verbonden door "
                             f"werkrelaties tussen hun mensen; {together}")
        else:
            t0, t1 = g0["organisation_ties"], g1["organisation_ties"]
            # Compared as shown (rounded; "<5" lies between 0 and 5), so the verb reveals nothing more.
            s0, s1 = (2.5 if isinstance(t, str) else t for t in (t0, t1))
            verb = "groeide" if s1 > s0 else "daalde" if s1 < s0 else "bleef"
            narrative.append(f"Van {g0['period']} tot {g1['period']} {verb} het aantal verbonden organisatieparen "
                             f"(paren organisaties met minstens één werkrelatie tussen hun mensen) "
                             f"{'gelijk op' if t1 == t0 else 'van'} {t0 if t1 == t0 else f'{t0} naar {t1}'}; {together}")
    if period_diff is not None:
        narrative += period_diff.narrative
    if round_diff is not None:
        narrative += round_diff.narrative
    return BestuurdersReport(
        title=f"Samenwerking in de buurtaanpak, {fmt_date(start)} t/m {fmt_date(end)}",
        start=start, end=end, growth=growth.reset_index(drop=True), rounds=rounds, round_diff=round_diff,
        period_diff=period_diff, commitments=commitments.reset_index(drop=True), narrative=narrative,
        organisation_ids=tuple(sorted(str(o) for o in snap.organisations["org_id"])), changes=changes,
    )


def record_download(viewer: Viewer, store: Store, fmt: str) -> None:
    """Write that ``viewer`` downloaded the bestuurders' report as ``fmt`` (``pdf`` or
    ``xlsx``) to the audit log (action ``export``, target ``bestuurdersrapport``). The
    dashboard calls this when the download button is pressed.

    Raises
    ------
    StoreError
        If the store cannot be written.
    """
    log_event(viewer, store, "export", target="bestuurdersrapport", detail=fmt)

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
from pathlib import Path

import pandas as pd

import graph_schema as gs
from netwerk.access import Viewer, visible_snapshot
from netwerk.analysis.growth import local_date, period_bounds, period_label, period_snapshot, summary_per_period
from netwerk.analysis.ties import FIGURES
from netwerk.domain import InputError
from netwerk.services import growth_change as gc
from netwerk.services import learning, results, survey, trust
from netwerk.services.audit import log_event
from netwerk.settings import Settings
from netwerk.store.base import Store
from netwerk.text import fmt_date, fmt_number

__all__ = [
    "GROWTH_COLUMNS",
    "LEARNING_COLUMNS",
    "LEARNING_COUNTS",
    "LOGO_MAX_BYTES",
    "SUMMARY_GROWTH",
    "BestuurdersReport",
    "FirstPage",
    "LearningSection",
    "SummarySection",
    "build_report",
    "first_page",
    "read_logo",
    "record_download",
]

GROWTH_COLUMNS = {"period": "Periode", **{k: FIGURES[k].label for k in ("organisations", "persons", "activities",
                                                                        "ties", "organisation_ties", "cross_org_ties")}}
"""The growth table's columns and their Dutch names (the tie model's glossary)."""


LEARNING_COUNTS: dict[str, str] = {"lessons": "Lessen", "decisions": "Besluiten", "plans": "Plannen",
                                   **{k: f"Plannen: {v}" for k, v in gs.PLAN_STATUSES.items()}}
"""The counts of the section "Wat we leerden en wat er loopt" (:data:`netwerk.services.learning.COUNT_KEYS`)
and their Dutch names."""

LEARNING_COLUMNS: dict[str, dict[str, str]] = {
    "lessons": {"text": "Les", "themes": "Thema's", "activity": "Activiteit", "date": "Datum"},
    "decisions": {"proposal": "Voorstel", "votes_for": "Voor", "votes_against": "Tegen", "votes_abstain": "Onthouding",
                  "minority_needs": "Wat de minderheid nodig heeft", "activity": "Bijeenkomst", "date": "Datum"},
    "plans": {"title": "Plan", "group": "Groep", "themes": "Thema's", "status": "Status", "start_date": "Start",
              "end_date": "Eind"},
}
"""The columns of the section's three tables (a :class:`LearningSection` attribute -> column -> Dutch header)."""


@dataclass(frozen=True)
class LearningSection:
    """The section "Wat we leerden en wat er loopt": ``counts`` (:data:`LEARNING_COUNTS` keys,
    as a bestuurder sees them: 1-4 as ``"<5"``, others rounded to a multiple of 5), and the
    period's ``lessons``, ``decisions`` and ``plans`` with the columns of
    :data:`LEARNING_COLUMNS` (themes joined with ", ", a plan's status in Dutch, vote counts
    rounded as every count; no person's name)."""

    counts: dict[str, int | str]
    lessons: pd.DataFrame
    decisions: pd.DataFrame
    plans: pd.DataFrame


def learning_section(viewer: Viewer, store: Store, start: dt.date, end: dt.date) -> LearningSection:
    """The report's section "Wat we leerden en wat er loopt" for ``start``..``end``
    (inclusive): lessons and decisions of activities in the period and plans running in
    it (:func:`netwerk.services.learning.learning_overview` as a bestuurder sees it,
    whoever asks). Any role."""
    view = learning.learning_overview(Viewer(viewer.user_id, "bestuurder"), store, start=start, end=end)
    lessons = view.lessons.assign(themes=[", ".join(t) for t in view.lessons["themes"]])
    plans = view.plans.assign(themes=[", ".join(t) for t in view.plans["themes"]],
                              status=[gs.PLAN_STATUSES.get(x, x) for x in view.plans["status"]])
    return LearningSection(
        counts=view.counts,
        lessons=lessons[list(LEARNING_COLUMNS["lessons"])].reset_index(drop=True),
        decisions=view.decisions[list(LEARNING_COLUMNS["decisions"])].reset_index(drop=True),
        plans=plans[list(LEARNING_COLUMNS["plans"])].reset_index(drop=True),
    )


@dataclass
class BestuurdersReport:
    """Everything in the report (see :func:`build_report`).

    ``summary`` is the first page (:class:`FirstPage`); ``gemeente``, ``programma`` and
    ``logo`` (PNG/JPEG bytes) come from the settings (``NETWERK_GEMEENTE``,
    ``NETWERK_PROGRAMMA``, ``NETWERK_RAPPORT_LOGO``); ``logo_note`` is the Dutch reason a
    logo that was set could not be used ("" otherwise). A new part of the report is a new
    field here and its own section function in each renderer.
    """

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
    summary: FirstPage | None = None
    gemeente: str = ""
    programma: str = ""
    logo: bytes | None = None
    logo_note: str = ""
    changes: list[gc.GrowthChange] = field(default_factory=list)
    learning: LearningSection | None = None
    response: list[str] = field(default_factory=list)
    response_warning: str | None = None


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
        sentences; summary: the first page (:func:`first_page`); gemeente, programma,
        logo, logo_note: from the settings (:func:`read_logo`); changes:
        :class:`~netwerk.services.growth_change.GrowthChange` of the
        two rounds and of the first and last quarter (as round_diff and period_diff), each
        figure with its 95% interval and verdict, counts rounded as for a bestuurder;
        learning: :class:`LearningSection` of the period (:func:`learning_section`).

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
    growth = summary_per_period(part, "quarter", memo=results.PERIOD_MEMO)
    growth = growth[[c for c in GROWTH_COLUMNS if c in growth.columns]]
    growth = trust.suppress(growth, [c for c in GROWTH_COLUMNS if c != "period"])  # every count, as on Groei

    # One snapshot for every part of the report (the trust helpers each read the store otherwise).
    b, a = trust.default_rounds_in(snap)
    round_a, round_b = round_a or b, round_b or a
    rounds = [trust.round_view_in(snap, agg, r) for r in (round_a, round_b) if r]
    # Each round's response beside its figures, and the warning when it is too low to compare (as on Vertrouwen).
    response, response_warning = survey.response_lines_in(survey.round_response_rates(agg, store),
                                                          [rv.round_id for rv in rounds],
                                                          {rv.round_id: rv.name for rv in rounds})
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
    settings = Settings()
    logo, logo_note = read_logo(settings.rapport_logo)
    growth, commitments = growth.reset_index(drop=True), commitments.reset_index(drop=True)
    return BestuurdersReport(
        title=f"Samenwerking in de buurtaanpak, {fmt_date(start)} t/m {fmt_date(end)}",
        start=start, end=end, growth=growth, rounds=rounds, round_diff=round_diff,
        period_diff=period_diff, commitments=commitments, narrative=narrative,
        organisation_ids=tuple(sorted(str(o) for o in snap.organisations["org_id"])),
        summary=first_page(growth, rounds, round_diff, period_diff, commitments, changes),
        gemeente=settings.gemeente, programma=settings.programma, logo=logo, logo_note=logo_note,
        changes=changes, learning=learning_section(agg, store, start, end),
        response=response, response_warning=response_warning,
    )


LOGO_MAX_BYTES = 5 * 1024 * 1024
"""A report logo larger than this is refused (with a Dutch note, never an error)."""


def read_logo(path: Path | None) -> tuple[bytes | None, str]:
    """The report's logo file (``NETWERK_RAPPORT_LOGO``) as bytes, or None and a Dutch
    note saying why not (no file, not a PNG or JPEG, too large, unreadable). Never raises:
    a bad logo must not stop the report.

    Returns
    -------
    (bytes or None, str)
        The file's bytes (PNG or JPEG, checked by their first bytes) and "" when it can
        be used; None and the note otherwise; (None, "") when no logo is set.
    """
    if path is None or not str(path).strip():
        return None, ""
    name = path.name or str(path)
    try:
        if not path.is_file():
            return None, f"Het logo '{name}' (NETWERK_RAPPORT_LOGO) is niet gevonden; het rapport is zonder logo gemaakt."
        if path.stat().st_size > LOGO_MAX_BYTES:
            return None, f"Het logo '{name}' is groter dan 5 MB; het rapport is zonder logo gemaakt."
        data = path.read_bytes()
    except OSError as e:
        return None, f"Het logo '{name}' kon niet worden gelezen ({e.strerror or e}); het rapport is zonder logo gemaakt."
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        return None, f"Het logo '{name}' is geen PNG- of JPEG-bestand; het rapport is zonder logo gemaakt."
    return data, ""


# --- the first page: the report in plain Dutch ----------------------------------------------


@dataclass
class SummarySection:
    """One comparison on the first page: its heading (naming the two moments compared),
    what grew and what did not (Dutch sentences, B1), and the figures they quote by key
    (``figures``; the values as the service gave them, so a test can hold the page to them)."""

    heading: str
    grew: list[str] = field(default_factory=list)
    not_grew: list[str] = field(default_factory=list)
    figures: dict[str, int | float | str | None] = field(default_factory=dict)
    verdict: str = ""
    """Whether the change is more than chance: the headline of the comparison's
    :class:`~netwerk.services.growth_change.GrowthChange` (with its 95% interval), or empty."""


@dataclass
class FirstPage:
    """The report's first page (see :func:`first_page`): the period comparison and the
    survey-round comparison as separate sections (None when there is nothing to compare),
    what it means and what to decide (Dutch sentences generated from the figures)."""

    periods: SummarySection | None
    rounds: SummarySection | None
    meaning: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)


SUMMARY_GROWTH = ("organisation_ties", "organisations", "cross_org_ties", "persons", "activities")
"""The growth figures the first page compares, first quarter against last (glossary keys)."""


def _level(v: int | float | str | None) -> float:
    """A figure as a number to compare: a withheld ``"<5"`` lies between 1 and 4 (2,5)."""
    if isinstance(v, str) or v is None:
        return 2.5
    return float(v)


def _shown(v: int | float | str | None) -> str:
    """A count as the first page prints it: "<5" as "minder dan 5", others Dutch."""
    if isinstance(v, str):
        return "minder dan 5" if v == trust.SUPPRESSED else v
    return fmt_number(v) if v is not None else "–"


def _period_section(growth: pd.DataFrame, diff: trust.MomentDiff | None) -> SummarySection | None:
    """Growth from the first to the last quarter of the period (the growth table, as a
    bestuurder sees it) and the change in ties between organisations (``diff``)."""
    if len(growth) < 2:
        return None
    g0, g1 = growth.iloc[0], growth.iloc[-1]
    p0, p1 = str(g0["period"]), str(g1["period"])
    sec = SummarySection(heading=f"Samenwerking: {p0} vergeleken met {p1}")
    for key in SUMMARY_GROWTH:
        if key not in growth.columns:
            continue
        a, b = g0[key], g1[key]
        sec.figures[f"{key}_before"], sec.figures[f"{key}_after"] = a, b
        f = FIGURES[key]
        what = f"{f.label} ({f.explanation[0].lower()}{f.explanation[1:].rstrip('.')})" if (
            key == "organisation_ties") else f.label
        if _level(b) > _level(a):
            sec.grew.append(f"{what}: van {_shown(a)} naar {_shown(b)}.")
        elif a == b == trust.SUPPRESSED:  # 1 to 4 both times: maybe 1 and 4, so not "gelijk"
            sec.not_grew.append(f"{what}: beide keren {_shown(b)}.")
        elif a == b:
            sec.not_grew.append(f"{what}: gelijk gebleven ({_shown(b)}).")
        else:
            sec.not_grew.append(f"{what}: van {_shown(a)} naar {_shown(b)}.")
    if diff is not None:
        c = diff.counts
        sec.figures.update({f"diff_{k}": c[k] for k in ("new", "lost", "stronger", "weaker")})
        if diff.newly_connected:
            sec.grew.append("Voor het eerst verbonden: " + ", ".join(diff.newly_connected) + ".")
        if _level(c["lost"]) > 0 or _level(c["weaker"]) > 0:
            sec.not_grew.append(f"{FIGURES['organisation_ties'].label}: {_shown(c['lost'])} verdwenen en "
                                f"{_shown(c['weaker'])} zwakker geworden (minder werkrelaties tussen hun mensen).")
    return sec


def _rounds_section(rounds: list[trust.RoundView], diff: trust.MomentDiff | None) -> SummarySection | None:
    """Trust and value between the two survey rounds (``diff``, as a bestuurder sees it)."""
    if diff is None or len(rounds) < 2:
        return None
    m, c = diff.means, diff.counts
    sec = SummarySection(heading=f"Vertrouwen volgens de enquête: {diff.before_label} vergeleken met {diff.after_label}")
    sec.figures.update({k: m.get(k) for k in ("trust_before", "trust_after", "value_before", "value_after")})
    sec.figures.update({"ties_before": c["ties_before"], "ties_after": c["ties_after"],
                        "trust_up": c["trust_up"], "trust_down": c["trust_down"]})
    for key, what in (("trust", "Gemiddeld vertrouwen"), ("value", "Ervaren waarde van de samenwerking")):
        a, b = m.get(f"{key}_before"), m.get(f"{key}_after")
        if a is None or b is None:
            sec.not_grew.append(f"{what}: niet te tonen (minder dan 5 beoordelingen).")
            continue
        line = f"{what}: van {fmt_number(a, 1)} naar {fmt_number(b, 1)} op een schaal van 1 tot 4."
        (sec.grew if round(b, 1) > round(a, 1) else sec.not_grew).append(line)
    tied = (f"Samenwerkingsrelaties volgens de enquête (organisaties die zeggen samen te werken): "
            f"van {_shown(c['ties_before'])} naar {_shown(c['ties_after'])}.")
    (sec.grew if _level(c["ties_after"]) > _level(c["ties_before"]) else sec.not_grew).append(tied)
    p = diff.pairs.dropna(subset=["trust_change"]) if len(diff.pairs) else diff.pairs
    falls = p[p["trust_change"] < -1e-9].sort_values("trust_change", kind="mergesort") if len(p) else p
    if len(falls):
        w = falls.iloc[0]
        sec.figures["largest_fall"] = float(w["trust_change"])
        sec.not_grew.append(f"Het vertrouwen daalde in {_shown(c['trust_down'])} relaties tussen organisaties, het "
                            f"meest van {w['rater']} in {w['rated']}: van {fmt_number(w['trust_before'], 1)} naar "
                            f"{fmt_number(w['trust_after'], 1)}.")
    return sec


def _meaning(periods: SummarySection | None, rounds: SummarySection | None,
             period_diff: trust.MomentDiff | None) -> list[str]:
    """What the figures mean, in a few plain sentences (rules on the two sections)."""
    out: list[str] = []
    more_work = periods is not None and _level(periods.figures.get("organisation_ties_after")) > _level(
        periods.figures.get("organisation_ties_before"))
    t0, t1 = (rounds.figures.get("trust_before"), rounds.figures.get("trust_after")) if rounds else (None, None)
    more_trust = None if t0 is None or t1 is None else round(float(t1), 1) > round(float(t0), 1)
    if more_work and more_trust:
        out.append("Organisaties werken vaker samen en vertrouwen elkaar meer. De aanpak doet wat hij moet doen.")
    elif more_work:
        out.append("Organisaties werken vaker samen, maar het vertrouwen groeit (nog) niet mee.")
    elif more_trust:
        out.append("Het vertrouwen groeit, maar organisaties werken niet vaker samen.")
    elif periods is not None:
        out.append("De samenwerking tussen organisaties groeit niet.")
    b = period_diff.brokerage if period_diff is not None else pd.DataFrame()
    if len(b) and float(b["betweenness_after"].max()) > 0:
        top = b.sort_values("betweenness_after", ascending=False, kind="mergesort").iloc[0]
        out.append(f"Bij {top['organisation']} lopen nu de meeste verbindingen tussen andere organisaties langs (zij "
                   "is de belangrijkste makelaar). Doet zij minder mee, dan kunnen anderen elkaar uit het oog verliezen.")
    return out


def _decisions(periods: SummarySection | None, rounds: SummarySection | None, rounds_diff: trust.MomentDiff | None,
               commitments: pd.DataFrame) -> list[str]:
    """What to decide: points for the council, generated from the figures."""
    out: list[str] = []
    if rounds_diff is not None and rounds is not None and "largest_fall" in rounds.figures:
        p = rounds_diff.pairs.dropna(subset=["trust_change"])
        w = p.sort_values("trust_change", kind="mergesort").iloc[0]
        out.append(f"Vraagt u {w['rater']} en {w['rated']} om samen te bespreken waarom hun vertrouwen daalde?")
    if periods is not None and (_level(periods.figures.get("diff_lost", 0)) > 0):
        out.append("Wilt u weten waarom verbindingen tussen organisaties verdwenen? Vraag de coördinator om uitleg.")
    if len(commitments):
        last = commitments[commitments["period"] == commitments["period"].iloc[-1]]
        low = [str(r.organisation) for r in last.itertuples(index=False)
               if _level(r.committed_hours_per_month) > 0 and _level(r.participations) < 5]
        if low:
            out.append(f"{', '.join(low)} {'zegde' if len(low) == 1 else 'zegden'} uren toe, maar "
                       f"{'deed' if len(low) == 1 else 'deden'} in {last['period'].iloc[0]} weinig mee (minder dan 5 "
                       "deelnames). Bespreekt u dit in het bestuurdersoverleg?")
    if not out:
        out.append("Er zijn geen punten die nu om een besluit vragen. U kunt de aanpak voortzetten zoals hij is.")
    return out


def first_page(growth: pd.DataFrame, rounds: list[trust.RoundView], round_diff: trust.MomentDiff | None,
               period_diff: trust.MomentDiff | None, commitments: pd.DataFrame,
               changes: list[gc.GrowthChange] | None = None) -> FirstPage:
    """The report's first page from the report's own figures (never retyped numbers).

    Parameters
    ----------
    growth : pandas.DataFrame
        The report's growth table (per quarter, as a bestuurder sees it).
    rounds, round_diff, period_diff, commitments
        As in :class:`BestuurdersReport`.

    Returns
    -------
    FirstPage
        ``periods``: first against last quarter; ``rounds``: the two survey rounds; each
        None when there is nothing to compare.
    """
    periods = _period_section(growth, period_diff)
    rounds_sec = _rounds_section(rounds, round_diff)
    for sec, kind in ((periods, "periods"), (rounds_sec, "rounds")):
        headline = next((ch.headline for ch in changes or [] if ch.kind == kind), "")
        if sec is not None and headline:
            sec.verdict = headline
    return FirstPage(periods=periods, rounds=rounds_sec, meaning=_meaning(periods, rounds_sec, period_diff),
                     decisions=_decisions(periods, rounds_sec, round_diff, commitments))


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

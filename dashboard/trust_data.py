"""Cached access to the trust services (:mod:`netwerk.services.trust` and
:mod:`netwerk.services.report`) for the Vertrouwen, Verschil, Inzet and Groei pages.

Keyed like :mod:`dashboard.data`: store URL, data version and the viewer, so a result
computed for one role is never served to another.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.data import cached_store, guard, key, shared, viewer_of
from dashboard.safe import md
from netwerk.report import report_pdf, report_xlsx
from netwerk.services import growth_change as gc
from netwerk.services import report, survey, trust

__all__ = [
    "COLUMNS",
    "busiest_organisations",
    "commitments_table",
    "commitments_vs_participation",
    "compare_periods",
    "compare_rounds",
    "dutch",
    "growth_change",
    "org_network_by_period",
    "period_choices",
    "report_files",
    "report_ready",
    "response_notes",
    "round_response_rates",
    "round_view",
    "survey_rounds",
]


@shared()
def _rounds(url: str, version: int, uid: str, role: str, pid: str) -> pd.DataFrame:
    return trust.survey_rounds(viewer_of(uid, role, pid), cached_store(url))


@shared("Ronde berekenen…")
def _round_view(url: str, version: int, uid: str, role: str, pid: str, round_id: str, level: str) -> trust.RoundView:
    return trust.round_view(viewer_of(uid, role, pid), cached_store(url), round_id, level)


@shared("Verschil berekenen…")
def _compare_rounds(url: str, version: int, uid: str, role: str, pid: str, a: str, b: str) -> trust.MomentDiff:
    return trust.compare_rounds(viewer_of(uid, role, pid), cached_store(url), a, b)


@shared("Verschil berekenen…")
def _compare_periods(url: str, version: int, uid: str, role: str, pid: str, a0: dt.date, a1: dt.date, b0: dt.date,
                     b1: dt.date) -> trust.MomentDiff:
    return trust.compare_periods(viewer_of(uid, role, pid), cached_store(url), (a0, a1), (b0, b1))


@shared()
def _periods(url: str, version: int, uid: str, role: str, pid: str, freq: str) -> list:
    return trust.period_choices(viewer_of(uid, role, pid), cached_store(url), freq)


@shared("Toezeggingen en deelname berekenen…")
def _cvp(url: str, version: int, uid: str, role: str, pid: str, freq: str) -> pd.DataFrame:
    return trust.commitments_vs_participation(viewer_of(uid, role, pid), cached_store(url), freq)


@shared()
def _commitments(url: str, version: int, uid: str, role: str, pid: str) -> pd.DataFrame:
    return trust.commitments_table(viewer_of(uid, role, pid), cached_store(url))


@shared("Organisatienetwerk per periode berekenen…")
def _org_network(url: str, version: int, uid: str, role: str, pid: str, freq: str) -> list:
    return trust.organisation_network_by_period(viewer_of(uid, role, pid), cached_store(url), freq)


@shared()
def _report_data(url: str, version: int, uid: str, role: str, pid: str, a: str | None, b: str | None) -> report.BestuurdersReport:
    return report.build_report(viewer_of(uid, role, pid), cached_store(url), round_a=a, round_b=b)


@shared()
def _report_pdf(url: str, version: int, uid: str, role: str, pid: str, a: str | None, b: str | None) -> bytes:
    return report_pdf(_report_data(url, version, uid, role, pid, a, b))


@shared()
def _report_xlsx(url: str, version: int, uid: str, role: str, pid: str, a: str | None, b: str | None) -> bytes:
    return report_xlsx(_report_data(url, version, uid, role, pid, a, b))


@shared("Verschil en intervallen berekenen…")
def _growth_change(url: str, version: int, uid: str, role: str, pid: str, a: str, b: str, level: str) -> gc.GrowthChange:
    return gc.growth_change(viewer_of(uid, role, pid), cached_store(url), a, b, level=level)


def growth_change(a: str, b: str, level: str = "organisation") -> gc.GrowthChange:
    """:func:`netwerk.services.growth_change.growth_change` for the signed-in viewer: ``a``
    and ``b`` are period labels (``2025-K1``) or round ids."""
    return guard(_growth_change, *key(), a, b, level)


@shared()
def _response_rates(url: str, version: int, uid: str, role: str, pid: str) -> pd.DataFrame:
    return survey.round_response_rates(viewer_of(uid, role, pid), cached_store(url))


def round_response_rates() -> pd.DataFrame:
    """The response of rounds sent from Buurtnetwerk (:func:`survey.round_response_rates`)."""
    return guard(_response_rates, *key())


def response_notes(round_ids: list[str], labels: dict[str, str] | None = None) -> tuple[list[str], str | None]:
    """Dutch Markdown lines (round names made inert) on the response of ``round_ids`` and a
    warning when any is too low to compare (:func:`netwerk.services.survey.response_lines_in`,
    the text the report shows too). ``labels``: round id -> name."""
    from netwerk.services.survey import response_lines_in

    return response_lines_in(round_response_rates(), round_ids, labels, inert=md)


def survey_rounds() -> pd.DataFrame:
    """Rounds, oldest first (:func:`trust.survey_rounds`)."""
    return guard(_rounds, *key())


def round_view(round_id: str, level: str = "organisation") -> trust.RoundView:
    """One round (:func:`trust.round_view`)."""
    return guard(_round_view, *key(), round_id, level)


def compare_rounds(a: str, b: str) -> trust.MomentDiff:
    """The change between two rounds (:func:`trust.compare_rounds`)."""
    return guard(_compare_rounds, *key(), a, b)


def compare_periods(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> trust.MomentDiff:
    """The change between two periods (:func:`trust.compare_periods`)."""
    return guard(_compare_periods, *key(), a[0], a[1], b[0], b[1])


def period_choices(freq: str = "quarter") -> list[tuple[str, dt.date, dt.date]]:
    """Periods with activity data (:func:`trust.period_choices`)."""
    return guard(_periods, *key(), freq)


def commitments_vs_participation(freq: str = "quarter") -> pd.DataFrame:
    """Commitments beside participation (:func:`trust.commitments_vs_participation`)."""
    return guard(_cvp, *key(), freq)


def commitments_table() -> pd.DataFrame:
    """All commitments (:func:`trust.commitments_table`)."""
    return guard(_commitments, *key())


def org_network_by_period(freq: str = "quarter") -> list:
    """The organisation network per period (:func:`trust.organisation_network_by_period`)."""
    return guard(_org_network, *key(), freq)


def report_ready(a: str | None, b: str | None) -> bool:
    """Whether the report for this pair of rounds is already made for the current data
    version (by anyone with the same role's view): then it is offered without a wait."""
    k = key()
    return _report_pdf.ready(*k, a, b) and _report_xlsx.ready(*k, a, b)  # type: ignore[attr-defined]


def report_files(a: str | None, b: str | None) -> tuple[bytes, bytes]:
    """The bestuurders' report as (PDF bytes, XLSX bytes) (:mod:`netwerk.services.report`),
    made when asked for, with its steps shown (``st.status``), and kept per data version."""
    k = key()
    if report_ready(a, b):
        return guard(_report_pdf, *k, a, b), guard(_report_xlsx, *k, a, b)
    with st.status("Rapport maken…", expanded=True) as status:
        st.write("Cijfers verzamelen…")
        guard(_report_data, *k, a, b)
        st.write("PDF opmaken…")
        pdf = guard(_report_pdf, *k, a, b)
        st.write("Excel-bestand maken…")
        xlsx = guard(_report_xlsx, *k, a, b)
        status.update(label="Rapport klaar", state="complete", expanded=False)
    return pdf, xlsx


COLUMNS: dict[str, str] = {
    "name": "Naam", "type": "Soort", "sector": "Sector", "received": "Ontvangen", "trust_received": "Vertrouwen ontvangen",
    "value_received": "Waarde ontvangen", "trust_received_pct": "Vertrouwen (% van max)",
    "value_received_pct": "Waarde (% van max)", "given": "Gegeven", "trust_given": "Vertrouwen gegeven",
    "value_given": "Waarde gegeven", "organisation_a": "Organisatie", "organisation_b": "Organisatie ",
    "weight_before": "Voor", "weight_after": "Na", "change": "Verandering", "organisation": "Organisatie",
    "betweenness_before": "Makelaarspositie voor", "betweenness_after": "Makelaarspositie na",
    "betweenness_change": "Makelaarspositie verschil", "constraint_before": "Beperking voor", "constraint_after": "Beperking na",
    "constraint_change": "Beperking verschil", "direction": "Richting", "rater": "Beoordelaar",
    "rated": "Beoordeelde", "trust_before": "Vertrouwen voor", "trust_after": "Vertrouwen na",
    "trust_change": "Vertrouwen verschil", "value_before": "Waarde voor", "value_after": "Waarde na",
    "value_change": "Waarde verschil", "himmelman_before": "Himmelman voor", "himmelman_after": "Himmelman na",
    "himmelman_change": "Himmelman verschil", "period": "Periode", "committed_hours_per_month": "Uren per maand toegezegd",
    "participations": "Deelnames", "persons": "Personen", "activities": "Activiteiten", "date": "Datum",
    "hours_per_month": "Uren per maand", "description": "Omschrijving",
}
"""Service column -> Dutch header for the trust pages."""


def dutch(frame: pd.DataFrame, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """``frame`` with Dutch headers (:data:`COLUMNS`), sector codes as Dutch labels and
    the columns in ``drop`` left out."""
    import graph_schema as gs

    out = frame.drop(columns=[c for c in drop if c in frame.columns])
    if "sector" in out.columns:
        out = out.assign(sector=[gs.SECTORS.get(s, s) for s in out["sector"]])
    return out.rename(columns=COLUMNS)


def busiest_organisations(table: pd.DataFrame, n: int = 6) -> list[str]:
    """The ``n`` organisations of a :func:`commitments_vs_participation` table that committed
    the most hours per month (their latest total: commitments add up over the periods), then
    whose professionals took part most often over all periods, then by name: the Inzet page's
    default choice. A suppressed count (``"<5"``) counts as 0, so the order reveals nothing the
    table does not show."""
    if table.empty:
        return []
    counts = pd.to_numeric(table["participations"].map(lambda v: None if isinstance(v, str) else v), errors="coerce")
    per_org = table.assign(_hours=pd.to_numeric(table["committed_hours_per_month"], errors="coerce").fillna(0),
                           _parts=counts.fillna(0)).groupby("organisation", sort=False).agg(
        hours=("_hours", "max"), parts=("_parts", "sum"))
    per_org["_name"] = [str(o).casefold() for o in per_org.index]
    ranked = per_org.sort_values(["hours", "parts", "_name"], ascending=[False, False, True], kind="mergesort")
    return [str(o) for o in ranked.index[:n]]

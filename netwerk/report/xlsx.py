"""The bestuurders' report as an XLSX workbook: the report's tables, one sheet each, with
Dutch headers (:data:`XLSX_SHEETS`). Every cell goes through
:func:`netwerk.spreadsheet.formula_safe`, so a name like ``=SUM(A1)`` stays text."""

from __future__ import annotations

import io

import pandas as pd

import graph_schema as gs
from netwerk.services import trust
from netwerk.services.report import GROWTH_COLUMNS, BestuurdersReport
from netwerk.spreadsheet import formula_safe

__all__ = ["XLSX_SHEETS", "render_xlsx"]

XLSX_SHEETS: tuple[str, ...] = (
    "Samenvatting", "Groei per kwartaal", "Vertrouwen per ronde", "Matrix vertrouwen", "Matrix waarde",
    "Verschil rondes", "Relaties rondes", "Verschil perioden", "Makelaars", "Toezeggingen", "Groei met intervallen",
)
"""The sheets of :func:`render_xlsx`, in order."""


def growth_change_sheet(report: BestuurdersReport) -> pd.DataFrame:
    """Every figure of ``report.changes`` with its 95% interval and verdict, one row per
    figure per comparison (Dutch headers)."""
    frames = []
    for ch in report.changes:
        t = ch.table().drop(columns=["key"])
        t.insert(0, "Vergelijking", f"{ch.before.label} → {ch.after.label}")
        t["Steekproeven"], t["Seed"] = ch.n_samples, ch.seed
        frames.append(t)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True).rename(columns={
        "label": "Cijfer", "before": "Eerst", "after": "Nu", "difference": "Verschil", "ci_low": "95%-interval van",
        "ci_high": "95%-interval tot", "p_value": "p-waarde", "verdict": "Oordeel"})


def render_xlsx(report: BestuurdersReport) -> bytes:
    """The report's tables as an XLSX workbook (sheets :data:`XLSX_SHEETS`, Dutch
    headers; scores on 1-4, counts below 5 as "<5")."""
    rounds = pd.DataFrame([{"Ronde": rv.name, "Datum": rv.date, "Beoordelingen": rv.summary["ratings"],
                            "Dichtheid": rv.summary["density"], "Wederkerigheid": rv.summary["reciprocity"],
                            "Vertrouwen": rv.summary["mean_trust"], "Vertrouwen (% van max)": rv.summary["mean_trust_pct"],
                            "Waarde": rv.summary["mean_value"], "Waarde (% van max)": rv.summary["mean_value_pct"],
                            "Himmelman (gem.)": rv.summary["mean_himmelman"],
                            "Zonder vertrouwensscore": rv.summary["incomplete_trust"],
                            "Zonder waardescore": rv.summary["incomplete_value"]} for rv in report.rounds])

    def matrices(attr: str) -> pd.DataFrame:
        frames = []
        for rv in report.rounds:
            M = getattr(rv, attr).copy()
            M.insert(0, "Beoordelaar", M.index)
            M.insert(0, "Ronde", rv.name)
            frames.append(M.reset_index(drop=True))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def diff_ties(d: trust.MomentDiff | None) -> pd.DataFrame:
        if d is None:
            return pd.DataFrame()
        return d.ties.rename(columns={"organisation_a": "Organisatie A", "organisation_b": "Organisatie B",
                                      "weight_before": "Voor", "weight_after": "Na", "change": "Verandering"})

    pairs = report.round_diff.pairs if report.round_diff is not None else pd.DataFrame()
    brokerage = report.period_diff.brokerage if report.period_diff is not None else pd.DataFrame()
    sheets = {
        "Samenvatting": pd.DataFrame({"Samenvatting": [report.title, *report.narrative]}),
        "Groei per kwartaal": report.growth.rename(columns=GROWTH_COLUMNS),
        "Vertrouwen per ronde": rounds,
        "Matrix vertrouwen": matrices("trust_matrix"),
        "Matrix waarde": matrices("value_matrix"),
        "Verschil rondes": pairs.rename(columns={"rater": "Beoordelaar", "rated": "Beoordeelde"}),
        "Relaties rondes": diff_ties(report.round_diff),
        "Verschil perioden": diff_ties(report.period_diff),
        "Makelaars": brokerage,
        "Toezeggingen": report.commitments.drop(columns=["org_id"], errors="ignore").rename(columns={
            "organisation": "Organisatie", "sector": "Sector", "period": "Periode", "period_start": "Begin",
            "period_end": "Eind", "committed_hours_per_month": "Uren per maand toegezegd", "participations": "Deelnames",
            "persons": "Personen", "activities": "Activiteiten"}),
        "Groei met intervallen": growth_change_sheet(report),
    }
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name in XLSX_SHEETS:
            frame = sheets[name]
            if "sector" in frame.columns:
                frame = frame.assign(sector=[gs.SECTORS.get(s, s) for s in frame["sector"]])
            formula_safe(frame).to_excel(xw, sheet_name=name, index=False)
            ws = xw.sheets[name]
            for col in ws.columns:
                width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
                ws.column_dimensions[col[0].column_letter].width = min(60, max(10, width + 2))
    return buf.getvalue()

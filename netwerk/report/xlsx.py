"""The bestuurders' report as an XLSX workbook: first the report's first page in plain
Dutch ("In het kort"), then its tables, one sheet each, with Dutch headers
(:data:`XLSX_SHEETS`, :data:`XLSX_COLUMNS`).

Numbers stay numbers: a count is a number cell with a Dutch number format (``#,##0``,
shown as ``1.234`` by a Dutch Excel or LibreOffice), a score or ratio ``#,##0.00``, hours
``#,##0.0`` and dates ``dd-mm-jjjj``; only a withheld cell holds the text ``"<5"`` or
``"afgeschermd"``. The header row is frozen and the columns are as wide as their text.
Every cell goes through :func:`netwerk.spreadsheet.formula_safe`, so a name like
``=SUM(A1)`` stays text."""

from __future__ import annotations

import datetime as dt
import io
import numbers

import pandas as pd

import graph_schema as gs
from netwerk.services import trust
from netwerk.services.report import GROWTH_COLUMNS, LEARNING_COLUMNS, LEARNING_COUNTS, BestuurdersReport
from netwerk.spreadsheet import formula_safe

__all__ = ["XLSX_COLUMNS", "XLSX_SHEETS", "render_xlsx"]

XLSX_SHEETS: tuple[str, ...] = (
    "In het kort", "Groei per kwartaal", "Vertrouwen per ronde", "Matrix vertrouwen", "Matrix waarde",
    "Verschil rondes", "Relaties rondes", "Verschil perioden", "Makelaars", "Toezeggingen", "Groei met intervallen",
    "Wat we leerden", "Lessen", "Besluiten", "Plannen",
)
"""The sheets of :func:`render_xlsx`, in order."""

XLSX_COLUMNS: dict[str, str] = {
    "organisation": "Organisatie", "sector": "Sector", "organisation_a": "Organisatie A",
    "organisation_b": "Organisatie B", "weight_before": "Voor", "weight_after": "Na", "change": "Verandering",
    "betweenness_before": "Makelaarspositie voor", "betweenness_after": "Makelaarspositie na",
    "betweenness_change": "Makelaarspositie verschil", "constraint_before": "Beperking voor",
    "constraint_after": "Beperking na", "constraint_change": "Beperking verschil",
    "direction": "Richting (makelaarspositie; bij gelijke stand de beperking)",
    "rater": "Beoordelaar", "rated": "Beoordeelde", "trust_before": "Vertrouwen voor", "trust_after": "Vertrouwen na",
    "trust_change": "Vertrouwen verschil", "value_before": "Waarde voor", "value_after": "Waarde na",
    "value_change": "Waarde verschil", "himmelman_before": "Samenwerkingsniveau voor",
    "himmelman_after": "Samenwerkingsniveau na", "himmelman_change": "Samenwerkingsniveau verschil",
    "period": "Periode", "period_start": "Begin", "period_end": "Eind",
    "committed_hours_per_month": "Uren per maand toegezegd", "participations": "Deelnames", "persons": "Personen",
    "activities": "Activiteiten",
}
"""Service column -> Dutch header, for the sheets built from the services' tables."""

HOURS = ("Uren per maand toegezegd",)
"""Columns of hours: one decimal."""


def growth_change_sheet(report: BestuurdersReport) -> pd.DataFrame:
    """Every figure of ``report.changes`` with its 95% interval and verdict, one row per
    figure per comparison (Dutch headers)."""
    frames = []
    for ch in report.changes:
        t = ch.table().drop(columns=["key"])
        t.insert(0, "Vergelijking", f"{ch.before.label} → {ch.after.label}")
        t["Steekproeven"], t["Seed"] = ch.n_samples, str(ch.seed)  # the seed is a label, not a count
        frames.append(t)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True).rename(columns={
        "label": "Cijfer", "before": "Eerst", "after": "Nu", "difference": "Verschil", "ci_low": "95%-interval van",
        "ci_high": "95%-interval tot", "p_value": "p-waarde", "verdict": "Oordeel"})


FORMATS = {"count": "#,##0", "decimal": "#,##0.00", "hours": "#,##0.0", "date": "DD-MM-YYYY"}
"""Excel number formats (the codes are locale-free: a Dutch Excel shows 1.234,56)."""


def _first_page(report: BestuurdersReport) -> pd.DataFrame:
    """The PDF's first page as one column of lines: the title block, each comparison's
    heading with what grew and what did not, what it means, what to decide, then the
    report's narrative."""
    rounds = " en ".join(f"{rv.name} ({rv.date:%d-%m-%Y})" for rv in report.rounds) or "geen enquêterondes"
    lines: list[str] = ["Bestuurdersrapport", " — ".join(x for x in (report.gemeente, report.programma) if x),
                        f"Periode: {report.start:%d-%m-%Y} t/m {report.end:%d-%m-%Y}", f"Rondes: {rounds}", ""]
    s = report.summary
    if s is not None:
        for sec in (s.periods, s.rounds):
            if sec is None:
                continue
            lines.append(sec.heading)
            for title, items in (("Wat groeide", sec.grew), ("Wat niet groeide", sec.not_grew)):
                if items:
                    lines += [title, *(f"• {x}" for x in items)]
            if sec.verdict:
                lines += ["Meer dan toeval?", f"• {sec.verdict}"]
            lines.append("")
        lines += ["Wat betekent dit?", *(f"• {x}" for x in s.meaning), "", "Wat kunt u besluiten?",
                  *(f"• {x}" for x in s.decisions), ""]
    lines += ["Alle zinnen bij de cijfers", *(f"• {x}" for x in report.narrative)]
    return pd.DataFrame({"In het kort": lines})


def _rounds(report: BestuurdersReport) -> pd.DataFrame:
    return pd.DataFrame([{"Ronde": rv.name, "Datum": rv.date, "Beoordelingen": rv.summary["ratings"],
                          "Dichtheid": rv.summary["density"], "Wederkerigheid": rv.summary["reciprocity"],
                          "Vertrouwen": rv.summary["mean_trust"], "Vertrouwen (% van max)": rv.summary["mean_trust_pct"],
                          "Waarde": rv.summary["mean_value"], "Waarde (% van max)": rv.summary["mean_value_pct"],
                          "Samenwerkingsniveau (Himmelman, gem.)": rv.summary["mean_himmelman"],
                          "Zonder vertrouwensscore": rv.summary["incomplete_trust"],
                          "Zonder waardescore": rv.summary["incomplete_value"],
                          "Respons": line} for rv, line in zip(report.rounds, report.response or [""] * len(report.rounds),
                                                                strict=True)])


def _matrices(report: BestuurdersReport, attr: str) -> pd.DataFrame:
    frames = []
    for rv in report.rounds:
        M = getattr(rv, attr).copy()
        M.insert(0, "Beoordelaar", M.index)
        M.insert(0, "Ronde", rv.name)
        frames.append(M.reset_index(drop=True))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


WEIGHTS = {"periods": "Werkrelaties", "rounds": "Samenwerkingsniveau"}
"""What a changed tie's weight is: per period the working ties between the two
organisations' people, per round the mean Himmelman level of their ratings."""


def _diff_ties(d: trust.MomentDiff | None) -> pd.DataFrame:
    if d is None:
        return pd.DataFrame()
    w = WEIGHTS[d.kind]
    return d.ties.rename(columns={**XLSX_COLUMNS, "weight_before": f"{w} voor", "weight_after": f"{w} na"})


def _learning_sheets(report: BestuurdersReport) -> dict[str, pd.DataFrame]:
    """The section "Wat we leerden en wat er loopt": its counts (1-4 as "<5"), then one sheet
    each for the lessons, decisions and plans (Dutch headers)."""
    sec = report.learning
    if sec is None:
        return {name: pd.DataFrame() for name in ("Wat we leerden", "Lessen", "Besluiten", "Plannen")}
    return {
        "Wat we leerden": pd.DataFrame({"Wat": list(LEARNING_COUNTS.values()),
                                        "Aantal": pd.Series([sec.counts[k] for k in LEARNING_COUNTS], dtype=object)}),
        "Lessen": sec.lessons.rename(columns=LEARNING_COLUMNS["lessons"]),
        "Besluiten": sec.decisions.rename(columns=LEARNING_COLUMNS["decisions"]),
        "Plannen": sec.plans.rename(columns=LEARNING_COLUMNS["plans"]),
    }


def _sheets(report: BestuurdersReport) -> dict[str, pd.DataFrame]:
    pairs = report.round_diff.pairs if report.round_diff is not None else pd.DataFrame()
    brokerage = report.period_diff.brokerage if report.period_diff is not None else pd.DataFrame()
    return {
        "In het kort": _first_page(report),
        "Groei per kwartaal": report.growth.rename(columns=GROWTH_COLUMNS),
        "Vertrouwen per ronde": _rounds(report),
        "Matrix vertrouwen": _matrices(report, "trust_matrix"),
        "Matrix waarde": _matrices(report, "value_matrix"),
        "Verschil rondes": pairs.rename(columns=XLSX_COLUMNS),
        "Relaties rondes": _diff_ties(report.round_diff),
        "Verschil perioden": _diff_ties(report.period_diff),
        "Makelaars": brokerage.rename(columns=XLSX_COLUMNS),
        "Toezeggingen": report.commitments.drop(columns=["org_id"], errors="ignore").rename(columns=XLSX_COLUMNS),
        "Groei met intervallen": growth_change_sheet(report),
        **_learning_sheets(report),
    }


def _number_format(value: object, header: object) -> str | None:
    """The Excel number format of a cell (None: text, left as it is)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.date):
        return FORMATS["date"]
    if isinstance(value, numbers.Integral):
        return FORMATS["count"]
    if isinstance(value, numbers.Real):
        return FORMATS["hours"] if header in HOURS else FORMATS["decimal"]
    return None


def _format_sheet(ws, wide_first: bool = False) -> None:
    """Freeze the header row, give number cells their Dutch format, size the columns."""
    from openpyxl.styles import Alignment, Font

    ws.freeze_panes = "A2"
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            fmt = _number_format(cell.value, headers[cell.column - 1] if cell.column <= len(headers) else None)
            if fmt:
                cell.number_format = fmt
    for col in ws.columns:
        width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
        ws.column_dimensions[col[0].column_letter].width = min(60, max(10, width + 2))
    if wide_first:  # the summary: one wide column of wrapped sentences, headings in bold
        ws.column_dimensions["A"].width = 110
        for (cell,) in ws.iter_rows(min_row=2, max_col=1):
            text = str(cell.value or "")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if text and not text.startswith("•"):
                cell.font = Font(bold=True)


def render_xlsx(report: BestuurdersReport) -> bytes:
    """The report as an XLSX workbook: sheets :data:`XLSX_SHEETS` (the first page in plain
    Dutch first), Dutch headers (:data:`XLSX_COLUMNS`), frozen header rows, Dutch number
    formats (:data:`FORMATS`); scores on 1-4, withheld counts as "<5" text in their own
    cell only."""
    sheets = _sheets(report)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name in XLSX_SHEETS:
            frame = sheets[name]
            if "Sector" in frame.columns:
                frame = frame.assign(Sector=[gs.SECTORS.get(s, s) for s in frame["Sector"]])
            formula_safe(frame).to_excel(xw, sheet_name=name, index=False)
            _format_sheet(xw.sheets[name], wide_first=name == XLSX_SHEETS[0])
    return buf.getvalue()

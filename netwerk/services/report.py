"""The bestuurders' report: collaboration growth, trust per round, the change between two
moments and commitments beside participation, as a self-contained HTML page (printable
on A4) and as an XLSX workbook with the underlying tables.

The report holds aggregates by organisation and sector only, whoever asks for it: it is
built from the services of :mod:`netwerk.services.trust` as a bestuurder sees them
(counts below 5 shown as ``"<5"``, no person's name). All text from the data is escaped
with :func:`html.escape`; the HTML loads nothing from elsewhere (inline CSS and SVG, no
scripts).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
from dataclasses import dataclass, field

import pandas as pd

import graph_schema as gs
from netwerk.access import Viewer, visible_snapshot
from netwerk.analysis.growth import local_date, period_bounds, period_snapshot, summary_per_period
from netwerk.analysis.ties import FIGURES
from netwerk.domain import InputError
from netwerk.services import trust
from netwerk.spreadsheet import formula_safe
from netwerk.store.base import Store

__all__ = ["XLSX_SHEETS", "BestuurdersReport", "build_report", "report_html", "report_pdf", "report_xlsx"]

XLSX_SHEETS: tuple[str, ...] = (
    "Samenvatting", "Groei per kwartaal", "Vertrouwen per ronde", "Matrix vertrouwen", "Matrix waarde",
    "Verschil rondes", "Relaties rondes", "Verschil perioden", "Makelaars", "Toezeggingen",
)
"""The sheets of :func:`report_xlsx`, in order."""

_GROWTH = {"period": "Periode", **{k: FIGURES[k].label for k in ("organisations", "persons", "activities", "ties",
                                                                  "organisation_ties", "cross_org_ties")}}
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
        :func:`~netwerk.services.trust.commitments_vs_participation`; narrative: Dutch
        sentences.

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
        raise InputError(f"De einddatum {end:%d-%m-%Y} ligt voor de begindatum {start:%d-%m-%Y}.")
    part = period_snapshot(snap, start, end)
    growth = summary_per_period(part, "quarter")
    growth = growth[[c for c in _GROWTH if c in growth.columns]]
    growth = trust.suppress(growth, [c for c in _GROWTH if c != "period"])  # every count, as on Groei

    # One snapshot for every part of the report (the trust helpers each read the store otherwise).
    b, a = trust._default_rounds(snap)
    round_a, round_b = round_a or b, round_b or a
    rounds = [trust._round_view(agg, snap, r) for r in (round_a, round_b) if r]
    round_diff = trust.bestuurder_diff(trust._compare_rounds(snap, round_a, round_b)) if round_a and round_b else None

    period_diff = None
    if days:
        first = max(start, min(days))
        last = min(end, max(days))
        q1, q2 = period_bounds(first, "quarter"), period_bounds(last, "quarter")
        if q1 != q2:
            period_diff = trust._compare_periods(snap, (max(q1[0], start), q1[1]), (q2[0], min(q2[1], end)))
            # Its counts and weights (pairs of people) rounded like every count in the report.
            period_diff = trust.bestuurder_diff(period_diff)
    commitments = trust.commitments_vs_participation(agg, store, "quarter")
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
        title=f"Samenwerking in de buurtaanpak, {start:%d-%m-%Y} t/m {end:%d-%m-%Y}",
        start=start, end=end, growth=growth.reset_index(drop=True), rounds=rounds, round_diff=round_diff,
        period_diff=period_diff, commitments=commitments.reset_index(drop=True), narrative=narrative,
    )


# --- HTML ---------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #222; max-width: 180mm; margin: auto; }
h1 { font-size: 17pt; margin-bottom: 2pt; } h2 { font-size: 13pt; margin-top: 16pt; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; } table { border-collapse: collapse; margin: 6pt 0; font-size: 9pt; page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; } td.n { text-align: right; }
th { background: #eee; } .note { color: #555; font-size: 9pt; } section { page-break-inside: avoid; }
svg { max-width: 100%; } table.matrix { table-layout: fixed; width: 100%; font-size: 6.5pt; }
.matrix td { text-align: center; } .matrix th { overflow-wrap: anywhere; hyphens: auto; font-weight: normal; }
"""


def _e(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, float):
        return html.escape(trust.fmt_nl(v, 2))
    if isinstance(v, dt.date):
        return f"{v:%d-%m-%Y}"
    return html.escape(str(v))


def _table(frame: pd.DataFrame, headers: dict[str, str]) -> str:
    cols = [c for c in headers if c in frame.columns]
    head = "".join(f"<th>{html.escape(headers[c])}</th>" for c in cols)
    body = []
    for r in frame[cols].itertuples(index=False):
        cells = "".join(f'<td class="n">{_e(v)}</td>' if isinstance(v, int | float) and not isinstance(v, bool)
                        else f"<td>{_e(v)}</td>" for v in r)
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _colour(v: float) -> str:
    # 1 (red) .. 4 (green), light enough for black text when printed.
    t = min(1.0, max(0.0, (v - 1) / 3))
    r, g = int(245 - 110 * t), int(170 + 60 * t)
    return f"rgb({r},{g},150)"


def _matrix(M: pd.DataFrame) -> str:
    if not len(M):
        return '<p class="note">Geen beoordelingen.</p>'
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in M.columns)
    rows = []
    for name, r in M.iterrows():
        cells = "".join(f'<td style="background:{_colour(v)}">{_e(float(v))}</td>' if not pd.isna(v) else "<td></td>"
                        for v in r)
        rows.append(f"<tr><th>{html.escape(str(name))}</th>{cells}</tr>")
    return (f'<table class="matrix"><thead><tr><th>beoordelaar \\ beoordeelde</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _bars(labels: list[str], series: dict[str, list[float | str | None]], title: str, unit: str = "") -> str:
    """A grouped bar chart as inline SVG (no scripts); text ("<5", "afgeschermd") is no bar."""
    colours = ("#4E79A7", "#F28E2B", "#59A14F", "#E15759")
    bars: dict[str, list[float | None]] = {name: [None if isinstance(v, str) else v for v in vs]
                                           for name, vs in series.items()}
    values = [v for vs in bars.values() for v in vs if v is not None and not math.isnan(v)]
    top = max(values, default=0) or 1
    w, h, left, bottom = 640, 220, 40, 40
    n, k = max(len(labels), 1), max(len(bars), 1)
    slot = (w - left - 10) / n
    bar = slot * 0.8 / k
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h + 30}" role="img">',
             f'<text x="{left}" y="14" font-size="12" font-weight="bold">{html.escape(title)}</text>',
             f'<line x1="{left}" y1="{h - bottom + 20}" x2="{w - 10}" y2="{h - bottom + 20}" stroke="#444"/>']
    plot_h = h - bottom - 10
    for j, (name, vs) in enumerate(bars.items()):
        for i, v in enumerate(vs):
            if v is None or math.isnan(v):
                continue
            bh = plot_h * v / top
            x = left + i * slot + slot * 0.1 + j * bar
            y = h - bottom + 20 - bh
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{bh:.1f}" fill="{colours[j % 4]}">'
                         f"<title>{html.escape(name)}: {_e(float(v))}{html.escape(unit)}</title></rect>")
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 2:.1f}" font-size="8" text-anchor="middle">'
                         f"{_e(float(v)) if not float(v).is_integer() else int(v)}</text>")
    for i, label in enumerate(labels):
        x = left + i * slot + slot / 2
        parts.append(f'<text x="{x:.1f}" y="{h - bottom + 34}" font-size="9" text-anchor="middle">{html.escape(label)}</text>')
    for j, name in enumerate(bars):
        parts.append(f'<rect x="{left + j * 160}" y="{h + 12}" width="10" height="10" fill="{colours[j % 4]}"/>'
                     f'<text x="{left + j * 160 + 14}" y="{h + 21}" font-size="9">{html.escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _num(v) -> float | None:
    return None if isinstance(v, str) or v is None else float(v)


def report_html(report: BestuurdersReport) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG charts, no scripts;
    every text from the data escaped; ``@page`` A4 for printing).

    Sections: Samenvatting (the narrative), Samenwerking per kwartaal (chart and table),
    Vertrouwen en waarde per ronde (figures, matrices, Himmelman distribution), Verschil
    tussen de rondes, Verschil tussen perioden, Toezeggingen en deelname.
    """
    out = ["<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">',
           f"<title>{html.escape(report.title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{html.escape(report.title)}</h1>",
           '<p class="note">Rapport voor bestuurders: alleen cijfers per organisatie en sector; aantallen onder de 5 '
           'staan als &lt;5, andere aantallen zijn afgerond op vijftallen en verhoudingen berekend uit de afgeronde '
           'aantallen (zoals het CBS doet); wat uit een aantal onder de 5 volgt, is afgeschermd. '
           'Vertrouwen en waarde volgens de PARTNER-methode (schaal 1-4).</p>',
           "<section><h2>Samenvatting</h2><ul>", *[f"<li>{html.escape(s)}</li>" for s in report.narrative], "</ul></section>"]
    g = report.growth
    out.append("<section><h2>Samenwerking per kwartaal</h2>")
    if len(g):
        label = FIGURES["organisation_ties"].label
        out.append(_bars(list(map(str, g["period"])), {label: [_num(v) for v in g["organisation_ties"]]},
                         f"{label}, per kwartaal"))
        out.append(_table(g, _GROWTH))
    else:
        out.append('<p class="note">Geen activiteiten in deze periode.</p>')
    out.append("</section>")
    if report.rounds:
        out.append("<section><h2>Vertrouwen en waarde per ronde</h2>")
        out.append(_bars([rv.name for rv in report.rounds],
                         {"Vertrouwen": [rv.summary["mean_trust"] for rv in report.rounds],
                          "Waarde": [rv.summary["mean_value"] for rv in report.rounds]},
                         "Gemiddeld vertrouwen en waarde (1-4)"))
        figures = pd.DataFrame([{"ronde": rv.name, "datum": rv.date, "beoordelingen": rv.summary["ratings"],
                                 "dichtheid": rv.summary["density"], "wederkerigheid": rv.summary["reciprocity"],
                                 "vertrouwen": rv.summary["mean_trust"], "waarde": rv.summary["mean_value"],
                                 "himmelman": rv.summary["mean_himmelman"]} for rv in report.rounds])
        out.append(_table(figures, {c: c.capitalize() for c in figures.columns}))
        for rv in report.rounds:
            out.append(f"<h3>{html.escape(rv.name)}: vertrouwen tussen organisaties</h3>{_matrix(rv.trust_matrix)}")
            if rv.incomplete_note:
                out.append(f'<p class="note">{html.escape(rv.incomplete_note)}</p>')
        hm = pd.concat([rv.himmelman.assign(ronde=rv.name) for rv in report.rounds], ignore_index=True)
        out.append("<h3>Niveau van samenwerking (Himmelman)</h3>")
        out.append(_table(hm, {"ronde": "Ronde", "level": "Niveau", "label": "Omschrijving", "count": "Aantal",
                               "share": "Aandeel"}))
        out.append("</section>")
    for title, d in (("Verschil tussen de rondes", report.round_diff), ("Verschil tussen perioden", report.period_diff)):
        if d is None:
            continue
        out.append(f"<section><h2>{html.escape(title)}: {html.escape(d.before_label)} → {html.escape(d.after_label)}</h2>")
        out.append("<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in d.narrative) + "</ul>")
        changed = d.ties[d.ties["change"] != "gelijk"]
        out.append(_table(changed, {"organisation_a": "Organisatie", "organisation_b": "Organisatie",
                                    "weight_before": "Voor", "weight_after": "Na", "change": "Verandering"}))
        if len(d.pairs):
            out.append("<h3>Vertrouwen per paar organisaties</h3>")
            out.append(_table(d.pairs.dropna(subset=["trust_change"]),
                              {"rater": "Beoordelaar", "rated": "Beoordeelde", "trust_before": "Voor",
                               "trust_after": "Na", "trust_change": "Verschil"}))
        out.append("</section>")
    c = report.commitments
    out.append("<section><h2>Toezeggingen en deelname</h2>")
    out.append('<p class="note">Toegezegde uren per maand naast hoe vaak professionals van de organisatie meededen '
               "(activiteiten hebben geen duur, dus er wordt geteld).</p>")
    if len(c):
        out.append(_table(c, {"period": "Periode", "organisation": "Organisatie", "committed_hours_per_month":
                              "Uren per maand toegezegd", "participations": "Deelnames", "persons": "Personen",
                              "activities": "Activiteiten"}))
    out.append("</section></body></html>")
    return "\n".join(out)


# --- PDF ----------------------------------------------------------------------------------


def report_pdf(report: BestuurdersReport) -> bytes:
    """The report as an A4 PDF for print: title block with period and rounds, narrative,
    charts, the matrices per round and their change (landscape pages), both diffs and
    commitments beside participation. See :func:`netwerk.services.report_pdf.render_pdf`
    (ReportLab; every text from the data XML-escaped for its paragraph markup)."""
    from netwerk.services.report_pdf import render_pdf  # ReportLab is loaded only when a PDF is asked for

    return render_pdf(report)


# --- XLSX ---------------------------------------------------------------------------------


def report_xlsx(report: BestuurdersReport) -> bytes:
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
        "Groei per kwartaal": report.growth.rename(columns=_GROWTH),
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
